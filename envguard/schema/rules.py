"""Cross-variable rules: ``[[rules]]`` tables of a schema file -> :class:`Rule`.

The loader keeps rules as raw tables (each with a ``_source`` key naming its file) and
calls :func:`parse_rules` while composing, so a bad rule fails at load time with its file,
its position and the field at fault. The checks in :mod:`envguard.checks.crossvars` parse
again when they run; parsing is a few dict look-ups per rule, so no cache is needed and
nothing heavy is imported here (``envguard.load()`` pays for it at startup).

One mechanism serves every stack: a rule names variables and a ``kind``; providers carry
the rules that hold wherever they are used (Stripe's key pair), stacks add their own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from envguard.errors import SchemaError

#: kind -> the finding rule id it reports under.
KINDS: dict[str, str] = {
    "same_mode": "mode-mismatch",
    "equal": "values-differ",
    "distinct": "same-value",
    "same_target": "target-mismatch",
    "requires": "missing-partner",
    "one_of": "missing-one-of",
    "ordered": "out-of-order",
}
#: Kinds that compare two or more present values (fewer than two keys is meaningless).
PAIRWISE = frozenset({"same_mode", "equal", "distinct", "same_target", "ordered"})
TARGET_PARTS = ("user", "host", "port", "database")
SEVERITIES = ("error", "warning", "info")
_COMMON = {"kind", "keys", "name", "description", "hint", "severity", "environments"}
FIELDS: dict[str, frozenset[str]] = {
    "same_mode": frozenset(_COMMON),
    "equal": frozenset(_COMMON),
    "distinct": frozenset(_COMMON),
    "same_target": frozenset(_COMMON | {"compare", "ignore"}),
    "requires": frozenset(_COMMON | {"if_set"}),
    "one_of": frozenset(_COMMON | {"if_set"}),
    "ordered": frozenset(_COMMON | {"strict"}),
}


@dataclass(frozen=True)
class Rule:
    """One validated rule. ``environments`` empty means every environment."""

    kind: str
    keys: tuple[str, ...]
    name: str
    source: str = ""
    index: int = 0
    if_set: tuple[str, ...] = ()
    environments: tuple[str, ...] = ()
    severity: str = "error"
    description: str = ""
    hint: str = ""
    compare: tuple[str, ...] = ("user", "host", "database")
    ignore: tuple[str, ...] = ()
    strict: bool = False

    @property
    def finding_rule(self) -> str:
        return KINDS[self.kind]

    @property
    def where(self) -> str:
        return f"{self.source}: [[rules]] #{self.index} ({self.name})"

    def applies_in(self, environment: str | None) -> bool:
        return not self.environments or environment in self.environments

    def mentions(self, key: str) -> bool:
        return key in self.keys or key in self.if_set


def parse_rules(raw_rules: Iterable[Mapping[str, Any]]) -> tuple[Rule, ...]:
    """Every raw ``[[rules]]`` table, validated; the first bad one raises :class:`SchemaError`."""
    counts: dict[str, int] = {}
    out = []
    for raw in raw_rules:
        source = str(raw.get("_source", "<schema>"))
        counts[source] = counts.get(source, 0) + 1
        out.append(parse_rule(raw, source, counts[source]))
    return tuple(out)


def validate_rules(raw_rules: Iterable[Mapping[str, Any]], declared: Iterable[str]) -> None:
    """Parse every rule and require that each variable it names is declared: a typo in a
    rule would otherwise make it silently check nothing."""
    known = set(declared)
    for rule in parse_rules(raw_rules):
        for key in (*rule.keys, *rule.if_set):
            if key not in known:
                raise SchemaError(f"{rule.where}: names {key!r}, which no [vars] table "
                                  "of the schema or its includes declares")


def parse_rule(raw: Mapping[str, Any], source: str, index: int) -> Rule:
    table = {k: v for k, v in raw.items() if k != "_source"}
    name = table.get("name")
    label = name if isinstance(name, str) and name else f"{Path(source).stem}-{index}"
    where = f"{source}: [[rules]] #{index} ({label})"
    kind = table.get("kind")
    if kind not in KINDS:
        shown = "missing" if kind is None else repr(kind)
        raise SchemaError(f"{where}: field 'kind' is {shown}; known kinds: {', '.join(KINDS)}")
    unknown = sorted(set(table) - FIELDS[kind])
    if unknown:
        raise SchemaError(f"{where}: unknown field(s) {', '.join(unknown)} for kind {kind!r}; "
                          f"allowed: {', '.join(sorted(FIELDS[kind]))}")
    if not isinstance(name, (str, type(None))):
        raise SchemaError(f"{where}: field 'name' must be a string")
    keys = _names(table, "keys", where, required=True)
    if kind in PAIRWISE and len(keys) < 2:
        raise SchemaError(f"{where}: field 'keys' needs at least two variables for {kind!r}")
    if_set = _names(table, "if_set", where, required=kind == "requires")
    severity = _text(table, "severity", where) or "error"
    if severity not in SEVERITIES:
        raise SchemaError(f"{where}: field 'severity' must be one of {', '.join(SEVERITIES)}")
    compare = _names(table, "compare", where, required=False, names=False) or (
        "user", "host", "database")
    bad = [p for p in compare if p not in TARGET_PARTS]
    if bad:
        raise SchemaError(f"{where}: field 'compare' has {', '.join(bad)}; "
                          f"allowed parts: {', '.join(TARGET_PARTS)}")
    strict = table.get("strict", False)
    if not isinstance(strict, bool):
        raise SchemaError(f"{where}: field 'strict' must be true or false")
    return Rule(
        kind=kind, keys=keys, name=label, source=source, index=index, if_set=if_set,
        environments=_names(table, "environments", where, required=False, names=False),
        severity=severity, description=_text(table, "description", where),
        hint=_text(table, "hint", where), compare=compare,
        ignore=_names(table, "ignore", where, required=False, names=False), strict=strict,
    )


def scope_rule(raw: Mapping[str, Any], keep: Callable[[str], bool]) -> dict[str, Any] | None:
    """The rule restricted to the variables ``keep`` accepts (one service's), or None if
    nothing of it is left to check there. Used by ``--service``: a pair split across two
    services cannot be compared inside one service's file.
    """
    kind = raw.get("kind")
    keys = [k for k in _as_list(raw.get("keys")) if keep(k)]
    if_set = [k for k in _as_list(raw.get("if_set")) if keep(k)]
    if kind in PAIRWISE and len(keys) < 2:
        return None
    if not keys or ("if_set" in raw and not if_set):
        return None
    scoped = {**raw, "keys": keys}
    if "if_set" in raw:
        scoped["if_set"] = if_set
    return scoped


def _as_list(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _names(table: Mapping[str, Any], field: str, where: str, *, required: bool,
           names: bool = True) -> tuple[str, ...]:
    if field not in table:
        if required:
            raise SchemaError(f"{where}: missing field {field!r}")
        return ()
    value = table[field]
    items: Sequence[Any] = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not items or not all(
        isinstance(v, str) and v for v in items
    ):
        raise SchemaError(f"{where}: field {field!r} must be a non-empty string or list of strings")
    if names:
        bad = [v for v in items if not v.replace("_", "a").isalnum()]
        if bad:
            raise SchemaError(f"{where}: field {field!r}: {bad[0]!r} is not a variable name")
    return tuple(items)


def _text(table: Mapping[str, Any], field: str, where: str) -> str:
    value = table.get(field, "")
    if not isinstance(value, str):
        raise SchemaError(f"{where}: field {field!r} must be a string")
    return value

"""Cross-variable rules: ``[[rules]]`` tables of a schema file -> :class:`Rule`.

The loader calls :func:`parse_rules` once per file, so a bad rule fails at load time
with its file, its line, its position and the field at fault, and a loaded schema
carries typed rules: the checks in :mod:`envguard.checks.crossvars` and ``--service``
only read them. Nothing heavy is imported here (``envguard.load()`` pays for it at
startup).

One mechanism serves every stack: a rule names variables and a ``kind``; providers carry
the rules that hold wherever they are used (Stripe's key pair), stacks add their own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, NoReturn

from envguard.tables import Document, reject_unknown, short_word

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
#: Kinds that ask for a variable to be set: a template (``.env.example``) leaves values
#: empty on purpose, so they say nothing there.
PRESENCE = frozenset({"requires", "one_of"})
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
    def label(self) -> str:
        """``[[rules]] #2 (stripe-mode)``: the rule as errors name it (``index`` is 1-based)."""
        return f"[[rules]] #{self.index} ({self.name})"

    @property
    def path(self) -> tuple[str | int, ...]:
        """The rule's key path in its file, for :meth:`~envguard.tables.Document.where`."""
        return ("rules", self.index - 1)

    def applies_in(self, environment: str | None) -> bool:
        return not self.environments or environment in self.environments

    def mentions(self, key: str) -> bool:
        return key in self.keys or key in self.if_set


def parse_rules(doc: Document, raw: Any, source: str) -> tuple[Rule, ...]:
    """Every ``[[rules]]`` table of the file ``source``, validated; the first bad one
    raises the ``doc``'s error (:class:`~envguard.errors.SchemaError` for schemas)."""
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(r, Mapping) for r in raw):
        doc.fail(("rules",), "'rules' must be an array of tables ([[rules]])")
    return tuple(parse_rule(doc, table, source, n) for n, table in enumerate(raw, start=1))


def check_rule_keys(rules: Iterable[Rule], declared: Iterable[str],
                    doc_of: Callable[[str], Document]) -> None:
    """Require that each variable a rule names is declared: a typo in a rule would
    otherwise make it silently check nothing. ``doc_of`` gives a rule's file."""
    known = set(declared)
    for rule in rules:
        for field, names in (("keys", rule.keys), ("if_set", rule.if_set)):
            for key in names:
                if key not in known:
                    doc_of(rule.source).fail(
                        (*rule.path, field),
                        f"{rule.label} field {field!r} names {key!r}, which no [vars] table "
                        "of the schema or its includes declares")


class _Where:
    """Points errors at one rule: its line, its position and label, the field."""

    def __init__(self, doc: Document, index: int, label: str) -> None:
        self.doc = doc
        self.path: tuple[str | int, ...] = ("rules", index - 1)
        self.label = f"[[rules]] #{index} ({label})"

    def fail(self, field: str | None, message: str, *, joined: bool = False) -> NoReturn:
        """``[[rules]] #2 (x) field 'keys': message`` at the field's line; ``joined`` reads
        ``field 'kind' is missing`` rather than ``field 'kind': is missing``."""
        what = self.label + (f" field {field!r}" if field else "")
        text = f"{what} {message}" if joined else f"{what}: {message}"
        self.doc.fail((*self.path, *((field,) if field else ())), text)


def parse_rule(doc: Document, table: Mapping[str, Any], source: str, index: int) -> Rule:
    name = table.get("name")
    label = name if isinstance(name, str) and name else f"{Path(source).stem}-{index}"
    where = _Where(doc, index, label)
    kind = table.get("kind")
    if kind not in KINDS:
        shown = "missing" if kind is None else (
            short_word(kind) if isinstance(kind, str) else "not a string")
        where.fail("kind", f"is {shown}; known kinds: {', '.join(KINDS)}", joined=True)
    reject_unknown(doc, table, FIELDS[kind], where.path, noun="field",
                   section=f"{where.label}, kind {kind!r}")
    if not isinstance(name, (str, type(None))):
        where.fail("name", "must be a string")
    keys = _names(table, "keys", where, required=True)
    if kind in PAIRWISE and len(keys) < 2:
        where.fail("keys", f"needs at least two variables for {kind!r}")
    if_set = _names(table, "if_set", where, required=kind == "requires")
    severity = _text(table, "severity", where) or "error"
    if severity not in SEVERITIES:
        where.fail("severity", f"must be one of {', '.join(SEVERITIES)}")
    compare = _names(table, "compare", where, required=False, names=False) or (
        "user", "host", "database")
    bad = [p for p in compare if p not in TARGET_PARTS]
    if bad:
        where.fail("compare", f"has {', '.join(short_word(b) for b in bad)}; "
                              f"allowed parts: {', '.join(TARGET_PARTS)}")
    strict = table.get("strict", False)
    if not isinstance(strict, bool):
        where.fail("strict", "must be true or false")
    return Rule(
        kind=kind, keys=keys, name=label, source=source, index=index, if_set=if_set,
        environments=_names(table, "environments", where, required=False, names=False),
        severity=severity, description=_text(table, "description", where),
        hint=_text(table, "hint", where), compare=compare,
        ignore=_names(table, "ignore", where, required=False, names=False), strict=strict,
    )


def scope_rule(rule: Rule, keep: Callable[[str], bool]) -> Rule | None:
    """The rule restricted to the variables ``keep`` accepts (one service's), or None if
    nothing of it is left to check there. Used by ``--service``: a pair split across two
    services cannot be compared inside one service's file.
    """
    keys = tuple(k for k in rule.keys if keep(k))
    if_set = tuple(k for k in rule.if_set if keep(k))
    if rule.kind in PAIRWISE and len(keys) < 2:
        return None
    if not keys or (rule.if_set and not if_set):
        return None
    return replace(rule, keys=keys, if_set=if_set)


def _names(table: Mapping[str, Any], field: str, where: _Where, *, required: bool,
           names: bool = True) -> tuple[str, ...]:
    if field not in table:
        if required:
            where.fail(None, f"missing field {field!r}")
        return ()
    value = table[field]
    items: Sequence[Any] = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not items or not all(
        isinstance(v, str) and v for v in items
    ):
        where.fail(field, "must be a non-empty string or list of strings")
    if names:
        bad = [v for v in items if not v.replace("_", "a").isalnum()]
        if bad:
            where.fail(field, f"{short_word(bad[0])} is not a variable name")
    return tuple(items)


def _text(table: Mapping[str, Any], field: str, where: _Where) -> str:
    value = table.get(field, "")
    if not isinstance(value, str):
        where.fail(field, "must be a string")
    return value

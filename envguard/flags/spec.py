"""Flag declarations: ``[flags.NAME]`` tables of a schema -> :class:`FlagSpec`.

The schema loader passes ``[flags.*]`` through untouched (each table with a ``_source``
key naming its file), so every field is validated here, and every error names the file,
the table and, where the text allows, the line. A declaration exists because the same
string means different things under different code idioms: the spec says which idiom
(``semantics``) the code uses, so the matrix can show what the code will actually see.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from envguard.errors import SchemaError
from envguard.findings import Severity
from envguard.flags.lines import toml_line
from envguard.flags.rules import RULES

TYPES = ("bool", "percent", "int", "float", "enum", "string", "json")
SEMANTICS = ("strict", "default-on", "default-off", "truthy")
KINDS = ("release", "experiment", "operational", "kill-switch", "permission")
#: Expected lifetime by kind (Unleash's convention); None: permanent.
LIFETIME_DAYS: dict[str, int | None] = {
    "release": 40, "experiment": 40, "operational": 7, "kill-switch": None, "permission": None,
}
FIELDS = frozenset({
    "type", "semantics", "default", "values", "min", "max", "kind", "owner", "description",
    "expires", "created", "allowed_in", "dev_only", "severity",
})
#: Severity names accepted in overrides; ``off`` disables the rule.
LEVELS = ("error", "warning", "info", "off")


@dataclass(frozen=True)
class FlagSpec:
    """What is known about one flag, declared or inferred from its name and values.

    ``default`` is the typed value code sees when the variable is unset (None: undefined).
    ``severity`` maps rule ids to a Severity, or None where the declaration turns it off.
    """

    name: str
    type: str = "bool"
    semantics: str = "strict"
    default: Any = None
    values: tuple[str, ...] = ()
    min: float | None = None
    max: float | None = None
    kind: str | None = None
    owner: str | None = None
    description: str = ""
    expires: dt.date | None = None
    created: dt.date | None = None
    allowed_in: tuple[str, ...] | None = None
    dev_only: bool | None = None
    severity: Mapping[str, Severity | None] = field(default_factory=dict)
    declared: bool = False
    source: str | None = None
    line: int | None = None
    lines: Mapping[str, int] = field(default_factory=dict)

    @property
    def has_default(self) -> bool:
        return self.default is not None

    def semantics_note(self) -> str:
        """How the code reads the variable, in words (for messages and the README)."""
        return {
            "strict": "strict: true/false spellings, unset is "
                      + ("the declared default" if self.has_default else "undefined"),
            "default-on": "on unless exactly 'false'",
            "default-off": "off unless exactly 'true'",
            "truthy": "on when non-empty",
        }[self.semantics]


def parse_specs(flags: Mapping[str, Mapping[str, Any]]) -> dict[str, FlagSpec]:
    """Every ``[flags.NAME]`` table of a schema, validated. Raises :class:`SchemaError`."""
    return {name: parse_spec(name, raw) for name, raw in flags.items()}


def parse_spec(name: str, raw: Mapping[str, Any]) -> FlagSpec:
    if not isinstance(raw, Mapping):
        raise SchemaError(f"[flags.{name}] must be a table")
    source = str(raw.get("_source", "")) or None
    where = _Where(name, source)
    table = {k: v for k, v in raw.items() if k != "_source"}
    unknown = sorted(set(table) - FIELDS)
    if unknown:
        raise where.error(unknown[0], f"unknown field(s) {', '.join(unknown)}; "
                                      f"allowed: {', '.join(sorted(FIELDS))}")
    type_ = _choice(table, "type", TYPES, "bool", where)
    semantics = _choice(table, "semantics", SEMANTICS, "strict", where)
    if semantics != "strict" and type_ != "bool":
        raise where.error("semantics", f"applies to type 'bool' only (this flag is {type_!r})")
    values = _strings(table, "values", where) or ()
    if type_ == "enum" and not values:
        raise where.error("type", "an enum needs 'values' (its variants)")
    if values and type_ != "enum":
        raise where.error("values", "applies to type 'enum' only")
    bounds = {k: _number(table, k, where) for k in ("min", "max")}
    if any(b is not None for b in bounds.values()) and type_ not in ("int", "float", "percent"):
        raise where.error("min", "min/max apply to int, float and percent flags only")
    spec = FlagSpec(
        name=name, type=type_, semantics=semantics, values=values,
        min=bounds["min"], max=bounds["max"],
        kind=_choice(table, "kind", KINDS, None, where),
        owner=_string(table, "owner", where),
        description=_string(table, "description", where) or "",
        expires=_date(table, "expires", where), created=_date(table, "created", where),
        allowed_in=_strings(table, "allowed_in", where),
        dev_only=_bool(table, "dev_only", where),
        severity=_severities(table, where), declared=True, source=source,
        line=where.line(None),
        lines={k: n for k in ("expires", "created") if k in table and (n := where.line(k))},
    )
    return _with_default(spec, table, where)


def _with_default(spec: FlagSpec, table: Mapping[str, Any], where: _Where) -> FlagSpec:
    """The typed default: implied by a boolean idiom, else declared, else undefined."""
    from envguard.flags.values import typed_value  # values builds on FlagSpec: import late

    implied = {"default-on": True, "default-off": False, "truthy": False}.get(spec.semantics)
    if "default" not in table:
        return replace(spec, default=implied)
    raw = table["default"]
    if isinstance(raw, (dt.date, dt.time)):
        raise where.error("default", "must be a value of the flag's type, not a date")
    if spec.type == "json":
        return replace(spec, default=raw)
    text = _as_text(raw)
    value, problem = typed_value(spec, text)
    if problem:
        raise where.error("default", f"{problem}")
    if implied is not None and value != implied:
        raise where.error("default", f"contradicts semantics {spec.semantics!r} "
                                     f"(which reads unset as {'on' if implied else 'off'})")
    return replace(spec, default=value)


def _as_text(raw: Any) -> str:
    if isinstance(raw, bool):
        return "true" if raw else "false"
    if isinstance(raw, (int, float, str)):
        return str(raw)
    return json.dumps(raw, separators=(",", ":"), default=str)


class _Where:
    """Builds error messages that name the file, the table, the field and the line."""

    def __init__(self, name: str, source: str | None) -> None:
        self.name = name
        self.source = source

    def line(self, key: str | None) -> int | None:
        if not self.source:
            return None
        return toml_line(Path(self.source), ("flags", self.name), key)

    def error(self, key: str | None, message: str) -> SchemaError:
        line = self.line(key)
        place = f"{self.source or '<schema>'}{f':{line}' if line else ''}"
        what = f"[flags.{self.name}]" + (f" field {key!r}" if key else "")
        return SchemaError(f"{place}: {what}: {message}")


def _choice(table: Mapping[str, Any], key: str, allowed: tuple[str, ...], default: str | None,
            where: _Where) -> Any:
    if key not in table:
        return default
    value = table[key]
    if value not in allowed:
        raise where.error(key, f"{value!r} is not one of {', '.join(allowed)}")
    return value


def _string(table: Mapping[str, Any], key: str, where: _Where) -> str | None:
    value = table.get(key)
    if value is not None and not isinstance(value, str):
        raise where.error(key, "must be a string")
    return value


def _strings(table: Mapping[str, Any], key: str, where: _Where) -> tuple[str, ...] | None:
    if key not in table:
        return None
    value = table[key]
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise where.error(key, "must be a string or a list of strings")
    return tuple(value)


def _bool(table: Mapping[str, Any], key: str, where: _Where) -> bool | None:
    value = table.get(key)
    if value is not None and not isinstance(value, bool):
        raise where.error(key, "must be true or false")
    return value


def _number(table: Mapping[str, Any], key: str, where: _Where) -> float | None:
    value = table.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or math.isnan(value):
        raise where.error(key, "must be a number")
    return float(value)


def _date(table: Mapping[str, Any], key: str, where: _Where) -> dt.date | None:
    """A TOML date (``2027-01-31``) or the same as a string; a datetime keeps its date."""
    value = table.get(key)
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    shown = repr(value) if isinstance(value, (str, int, float)) else type(value).__name__
    raise where.error(key, f"{shown} is not a date; write it as YYYY-MM-DD (e.g. 2027-01-31)")


def _severities(table: Mapping[str, Any], where: _Where) -> dict[str, Severity | None]:
    raw = table.get("severity", {})
    if not isinstance(raw, Mapping):
        raise where.error("severity", "must be a table of rule = 'error'|'warning'|'info'|'off'")
    return {rule: parse_level(rule, level, RULES, lambda m: where.error("severity", m))
            for rule, level in raw.items()}


def parse_level(rule: str, level: Any, rules: Mapping[str, Any],
                fail: Any) -> Severity | None:
    """``error``/``warning``/``info`` -> Severity, ``off`` -> None.

    ``fail(message)`` builds the exception to raise, so each caller names its own place.
    """
    if rule not in rules:
        raise fail(f"unknown rule {rule!r}; known: {', '.join(sorted(rules))}")
    if not isinstance(level, str) or level.strip().lower() not in LEVELS:
        raise fail(f"{rule}: level must be one of {', '.join(LEVELS)}")
    word = level.strip().lower()
    return None if word == "off" else Severity.parse(word)

"""``[flags.NAME]`` tables of a schema file -> :class:`~envguard.schema.flagspec.FlagSpec`.

Called by the loader for each file, so a bad declaration fails when the schema loads
(``envguard check``, ``envguard.load()``), not only under ``envguard flags``. Every error
names the file, the line, the table and the field; a value is quoted only when it is a
short word the user typed (an enum choice), never text that could be a secret.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Mapping
from dataclasses import replace
from typing import Any, NoReturn

from envguard.findings import Severity
from envguard.schema.flagspec import (
    FIELDS,
    KINDS,
    SEMANTICS,
    TYPES,
    FlagSpec,
    parse_level,
    typed_value,
)
from envguard.tables import Document, reject_unknown, short_word


class _Table:
    """One declaration's raw table and how to point at its fields."""

    def __init__(self, doc: Document, name: str, raw: Mapping[str, Any]) -> None:
        self.doc = doc
        self.name = name
        self.raw = raw

    def fail(self, key: str | None, message: str) -> NoReturn:
        what = f"[flags.{self.name}]" + (f" field {key!r}" if key else "")
        self.doc.fail(("flags", self.name, *((key,) if key else ())), f"{what}: {message}")

    def choice(self, key: str, allowed: tuple[str, ...], default: str | None) -> Any:
        if key not in self.raw:
            return default
        value = self.raw[key]
        if value not in allowed:
            shown = short_word(value) if isinstance(value, str) else "the value given"
            self.fail(key, f"{shown} is not one of {', '.join(allowed)}")
        return value

    def string(self, key: str) -> str | None:
        value = self.raw.get(key)
        if value is not None and not isinstance(value, str):
            self.fail(key, "must be a string")
        return value

    def strings(self, key: str) -> tuple[str, ...] | None:
        if key not in self.raw:
            return None
        value = self.raw[key]
        if isinstance(value, str):
            return (value,)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.fail(key, "must be a string or a list of strings")
        return tuple(value)

    def boolean(self, key: str) -> bool | None:
        value = self.raw.get(key)
        if value is not None and not isinstance(value, bool):
            self.fail(key, "must be true or false")
        return value

    def number(self, key: str) -> float | None:
        value = self.raw.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)) or math.isnan(value):
            self.fail(key, "must be a number")
        return float(value)

    def date(self, key: str) -> dt.date | None:
        """A TOML date (``2027-01-31``) or the same as a string; a datetime keeps its date."""
        value = self.raw.get(key)
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
        shown = short_word(value) if isinstance(value, str) else f"a {type(value).__name__}"
        self.fail(key, f"{shown} is not a date; write it as YYYY-MM-DD (e.g. 2027-01-31)")

    def severities(self) -> dict[str, Severity | None]:
        raw = self.raw.get("severity", {})
        if not isinstance(raw, Mapping):
            self.fail("severity", "must be a table of rule = 'error'|'warning'|'info'|'off'")
        from envguard.registry import FLAG_RULES  # only a schema with severities needs it

        return {rule: parse_level(rule, level, FLAG_RULES, _Raiser(self, "severity"))
                for rule, level in raw.items()}


class _Raiser:
    """``parse_level``'s ``fail``: raises at the field's line instead of building."""

    def __init__(self, table: _Table, key: str) -> None:
        self.table = table
        self.key = key

    def __call__(self, message: str) -> NoReturn:
        self.table.fail(self.key, message)


def parse_flags(doc: Document, raw: Any, source: str) -> dict[str, FlagSpec]:
    """Every ``[flags.NAME]`` table of the file ``source``, validated; the first bad one
    raises :class:`~envguard.errors.SchemaError` (the ``doc``'s error)."""
    if not isinstance(raw, Mapping):
        doc.fail(("flags",), "[flags] must be a table of [flags.NAME] tables")
    return {str(name): parse_flag(doc, str(name), table, source) for name, table in raw.items()}


def parse_flag(doc: Document, name: str, raw: Any, source: str | None = None) -> FlagSpec:
    table = _Table(doc, name, raw)
    if not isinstance(raw, Mapping):
        doc.fail(("flags", name), f"[flags.{name}] must be a table")
    reject_unknown(doc, raw, FIELDS, ("flags", name), noun="field", section=f"[flags.{name}]")
    type_ = table.choice("type", TYPES, "bool")
    semantics = table.choice("semantics", SEMANTICS, "strict")
    if semantics != "strict" and type_ != "bool":
        table.fail("semantics", f"applies to type 'bool' only (this flag is {type_!r})")
    values = table.strings("values") or ()
    if type_ == "enum" and not values:
        table.fail("type", "an enum needs 'values' (its variants)")
    if values and type_ != "enum":
        table.fail("values", "applies to type 'enum' only")
    bounds = {k: table.number(k) for k in ("min", "max")}
    if any(b is not None for b in bounds.values()) and type_ not in ("int", "float", "percent"):
        table.fail("min", "min/max apply to int, float and percent flags only")
    spec = FlagSpec(
        name=name, type=type_, semantics=semantics, values=values,
        min=bounds["min"], max=bounds["max"],
        kind=table.choice("kind", KINDS, None),
        owner=table.string("owner"),
        description=table.string("description") or "",
        expires=table.date("expires"), created=table.date("created"),
        allowed_in=table.strings("allowed_in"),
        dev_only=table.boolean("dev_only"),
        severity=table.severities(), declared=True, source=source,
    )
    return _with_default(spec, table)


def _with_default(spec: FlagSpec, table: _Table) -> FlagSpec:
    """The typed default: implied by a boolean idiom, else declared, else undefined."""
    implied = {"default-on": True, "default-off": False, "truthy": False}.get(spec.semantics)
    if "default" not in table.raw:
        return replace(spec, default=implied)
    raw = table.raw["default"]
    if isinstance(raw, (dt.date, dt.time)):
        table.fail("default", "must be a value of the flag's type, not a date")
    if spec.type == "json":
        return replace(spec, default=raw)
    value, problem = typed_value(spec, _as_text(raw))
    if problem:
        table.fail("default", problem)
    if implied is not None and value != implied:
        table.fail("default", f"contradicts semantics {spec.semantics!r} "
                              f"(which reads unset as {'on' if implied else 'off'})")
    return replace(spec, default=value)


def _as_text(raw: Any) -> str:
    if isinstance(raw, bool):
        return "true" if raw else "false"
    if isinstance(raw, (int, float, str)):
        return str(raw)
    return json.dumps(raw, separators=(",", ":"), default=str)

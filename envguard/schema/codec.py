"""JSON for the parsed-schema cache: TOML dates and the typed schema pieces.

JSON has no dates, tuples or dataclasses. A dataclass is written as the fields that
differ from their defaults, beside a ``__dataclass__`` tag (a smaller file is a faster
start), and read back through its constructor, with lists turned back into tuples where
the field is declared a tuple and severities back into :class:`Severity`.
Only the types registered here are written: anything else is a bug, not silently a dict.
A cache file that does not fit (another version's fields, a hand edit) raises on reading,
and the cache then parses the files again.
"""

from __future__ import annotations

import datetime as dt
import importlib
from dataclasses import MISSING, fields, is_dataclass
from functools import cache
from typing import Any

from envguard.findings import Severity

#: The registered dataclasses and their modules, imported when a file holds one: a scan
#: reads only provider pieces and never needs the flag declarations' module.
_HOMES = {"Piece": "envguard.schema.piece", "Provider": "envguard.schema.model",
          "Schema": "envguard.schema.model", "VarSpec": "envguard.schema.model",
          "CredentialFormat": "envguard.schema.model",
          "Rule": "envguard.schema.rules", "FlagSpec": "envguard.schema.flagspec"}
_DATES: dict[str, Any] = {"date": dt.date, "datetime": dt.datetime, "time": dt.time}


def encode(value: object) -> object:
    """``json.dumps(default=encode)``: tagged dates and registered dataclasses."""
    if isinstance(value, (dt.date, dt.time)):  # datetime is a date too
        return {"__toml_date__": value.isoformat(), "kind": type(value).__name__}
    name = type(value).__name__
    if is_dataclass(value) and name in _HOMES and _registered(name) is type(value):
        out: dict[str, Any] = {"__dataclass__": name}
        for f in fields(value):
            current = getattr(value, f.name)
            default = f.default_factory() if f.default_factory is not MISSING else f.default
            if default is MISSING or current != default:
                out[f.name] = current
        return out
    raise TypeError(f"cannot cache {name}")


def decode(obj: dict[str, Any]) -> Any:
    """``json.loads(object_hook=decode)``; raises ValueError/TypeError/KeyError on a shape
    that no version of :func:`encode` wrote."""
    if "__toml_date__" in obj:
        return _DATES[obj["kind"]].fromisoformat(obj["__toml_date__"])
    if "__dataclass__" in obj:
        return _plan(obj.pop("__dataclass__")).build(obj)
    return obj


@cache
def _registered(name: str) -> type[Any]:
    found: type[Any] = getattr(importlib.import_module(_HOMES[name]), name)
    return found


class _Plan:
    """How to rebuild one registered dataclass from its JSON fields, worked out once per
    class: this runs for every cached object on every start. Building fills the instance
    directly instead of calling the constructor (these classes have no ``__post_init__``),
    which halves the cost of reading the cache."""

    def __init__(self, cls: type[Any]) -> None:
        self.cls = cls
        self.names = frozenset(f.name for f in fields(cls))
        self.defaults = {f.name: f.default for f in fields(cls) if f.default is not MISSING}
        self.factories = [(f.name, f.default_factory) for f in fields(cls)
                          if f.default_factory is not MISSING]
        self.required = self.names - set(self.defaults) - {n for n, _ in self.factories}
        self.restore = [(f.name, _restorer(str(f.type))) for f in fields(cls)
                        if "tuple" in str(f.type) or "Severity" in str(f.type)]

    def build(self, values: dict[str, Any]) -> Any:
        if not self.required <= values.keys() or not values.keys() <= self.names:
            raise TypeError(f"fields of {self.cls.__name__} do not match")
        for name, restore in self.restore:
            if name in values:
                values[name] = restore(values[name])
        state = {**self.defaults, **{n: f() for n, f in self.factories if n not in values},
                 **values}
        obj = object.__new__(self.cls)
        obj.__dict__.update(state)
        return obj


def _plan(name: str) -> _Plan:
    plan = _PLANS.get(name)
    if plan is None:
        plan = _PLANS[name] = _Plan(_registered(name))  # KeyError: never written
    return plan


def _restorer(annotation: str) -> Any:
    if annotation.startswith("Mapping[str, tuple"):
        return lambda value: {k: tuple(v) for k, v in value.items()} \
            if isinstance(value, dict) else value
    if "tuple" in annotation:
        return lambda value: tuple(value) if isinstance(value, list) else value
    return lambda value: {k: None if v is None else Severity(v) for k, v in value.items()} \
        if isinstance(value, dict) else value


_PLANS: dict[str, _Plan] = {}

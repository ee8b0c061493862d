"""JSON for the parsed-schema cache: TOML dates and the typed schema pieces.

JSON has no dates, tuples or dataclasses. A dataclass is written as its fields under a
``__dataclass__`` tag, and read back through its constructor, with lists turned back into
tuples where the field is declared a tuple and severities back into :class:`Severity`.
Only the types registered here are written: anything else is a bug, not silently a dict.
A cache file that does not fit (another version's fields, a hand edit) raises on reading,
and the cache then parses the files again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import fields, is_dataclass
from typing import Any

from envguard.findings import Severity
from envguard.schema.flagspec import FlagSpec
from envguard.schema.model import Provider
from envguard.schema.piece import Piece
from envguard.schema.rules import Rule

_TYPES: dict[str, type[Any]] = {cls.__name__: cls for cls in (Piece, Provider, Rule, FlagSpec)}
_DATES: dict[str, Any] = {"date": dt.date, "datetime": dt.datetime, "time": dt.time}


def encode(value: object) -> object:
    """``json.dumps(default=encode)``: tagged dates and registered dataclasses."""
    if isinstance(value, (dt.date, dt.time)):  # datetime is a date too
        return {"__toml_date__": value.isoformat(), "kind": type(value).__name__}
    name = type(value).__name__
    if is_dataclass(value) and _TYPES.get(name) is type(value):
        return {"__dataclass__": name,
                "fields": {f.name: getattr(value, f.name) for f in fields(value)}}
    raise TypeError(f"cannot cache {name}")


def decode(obj: dict[str, Any]) -> Any:
    """``json.loads(object_hook=decode)``; raises ValueError/TypeError/KeyError on a shape
    that no version of :func:`encode` wrote."""
    if "__toml_date__" in obj:
        return _DATES[obj["kind"]].fromisoformat(obj["__toml_date__"])
    if "__dataclass__" in obj:
        cls = _TYPES[obj["__dataclass__"]]
        values = obj["fields"]
        if not isinstance(values, dict):
            raise TypeError("dataclass fields must be an object")
        return cls(**{f.name: _restore(str(f.type), values[f.name])
                      for f in fields(cls) if f.name in values})
    return obj


def _restore(annotation: str, value: Any) -> Any:
    """A field's JSON value as the type its annotation declares."""
    if annotation.startswith("tuple") and isinstance(value, list):
        return tuple(value)
    if "Severity" in annotation and isinstance(value, dict):
        return {k: None if v is None else Severity(v) for k, v in value.items()}
    return value

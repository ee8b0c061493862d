"""Just enough TOML writing for generated schema files (strings, numbers, booleans, lists
of those). The standard library reads TOML but does not write it, and a dependency for a
few dozen lines would be a poor trade.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def toml_key(key: str) -> str:
    return key if _BARE_KEY.fullmatch(key) else toml_value(key)


def toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        # JSON string escapes are valid TOML basic-string escapes; DEL must be escaped too
        return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007F")
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} as TOML")


def toml_table(header: str, fields: Mapping[str, Any]) -> list[str]:
    """``[header]`` and one ``key = value`` line per field, in order."""
    return [f"[{header}]", *(f"{toml_key(k)} = {toml_value(v)}" for k, v in fields.items())]

"""TOML reading: ``tomllib`` where Python has it, ``tomli`` on 3.10."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10 only
    import tomli as tomllib

TOMLDecodeError = tomllib.TOMLDecodeError

__all__ = ["TOMLDecodeError", "load_toml", "loads_toml", "tomllib"]


def load_toml(path: Path) -> dict[str, Any]:
    """Parse a file; OSError and TOMLDecodeError propagate for the caller to word."""
    with path.open("rb") as fh:
        data: dict[str, Any] = tomllib.load(fh)
    return data


def loads_toml(text: str) -> dict[str, Any]:
    data: dict[str, Any] = tomllib.loads(text)
    return data

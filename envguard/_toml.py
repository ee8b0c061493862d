"""TOML reading: ``tomllib`` where Python has it, ``tomli`` on 3.10.

The parser is imported on first use: with the parsed-schema cache warm, a hook run in a
repository without a pyproject.toml needs no TOML at all.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

# Imports inside functions are deliberate: the TOML parser loads on first use (a warm schema cache
# needs none).

__all__ = ["TOMLDecodeError", "load_toml", "loads_toml"]


class TOMLDecodeError(ValueError):
    """Invalid TOML; the message carries the parser's line and column."""


def loads_toml(text: str) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10 only
        import tomli as tomllib
    try:
        data: dict[str, Any] = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise TOMLDecodeError(str(exc)) from None
    except RecursionError:  # arrays or inline tables nested thousands deep
        raise TOMLDecodeError("nested too deeply to read") from None
    return data


def load_toml(path: Path) -> dict[str, Any]:
    """Parse a file; OSError, UnicodeDecodeError and TOMLDecodeError propagate for the
    caller to word."""
    return loads_toml(path.read_bytes().decode("utf-8"))

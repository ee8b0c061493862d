"""Sources turn files, exports and the process environment into EnvVars. They never validate.

``read_source`` is the one entry point commands use; it picks the reader for a path
(``-`` is standard input).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from envguard.sources.base import SourceRead

__all__ = ["SourceRead", "read_source"]


def read_source(
    path: str | Path,
    fmt: str = "auto",
    *,
    context: Mapping[str, str | None] | None = None,
) -> SourceRead:
    """Read one env source; unusable input raises :class:`envguard.errors.InputError`."""
    from envguard.sources.dotenv import read_dotenv

    return read_dotenv(path, context=context)

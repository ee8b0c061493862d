"""Sources turn files, exports and the process environment into EnvVars. They never validate.

``read_source`` is the one entry point commands use; it picks the reader for a path
(``-`` is standard input): ``fmt`` is ``auto`` (detected from content and name, see
:mod:`envguard.sources.detect`), a format name from
:data:`envguard.sources.platforms.FORMATS`, or a family such as ``railway``.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from envguard.errors import InputError
from envguard.model import EnvSet
from envguard.sources.base import SourceRead

__all__ = ["STDIN", "SourceRead", "read_layers", "read_source"]

#: How standard input is named in findings and messages.
STDIN = "<stdin>"


def read_source(
    path: str | Path,
    fmt: str = "auto",
    *,
    context: Mapping[str, str | None] | None = None,
) -> SourceRead:
    """Read one env source; unusable input raises :class:`envguard.errors.InputError`."""
    from envguard.sources.detect import resolve_format
    from envguard.sources.dotenv import parse_dotenv_bytes
    from envguard.sources.platforms import FORMATS
    from envguard.sources.platforms.common import decode

    name, data = _read_bytes(path)
    text, findings = decode(data, name)
    chosen = resolve_format(fmt, text, name)
    if chosen == "dotenv":
        read = parse_dotenv_bytes(data, name, context=context)
    else:
        read = FORMATS[chosen].reader()(text, name)
        read.findings[:0] = findings
    read.format = chosen
    return read


def read_layers(
    paths: Sequence[str | Path], fmt: str = "auto"
) -> tuple[EnvSet, list[SourceRead]]:
    """Sources in order, later overriding earlier (as Next.js and most loaders do)."""
    if sum(1 for p in paths if str(p) == "-") > 1:
        raise InputError("standard input (-) can be read only once")
    envset = EnvSet()
    reads = []
    for path in paths:
        read = read_source(path, fmt, context=envset.values())
        envset.extend(read.vars)
        reads.append(read)
    return envset, reads


def _read_bytes(path: str | Path) -> tuple[str, bytes]:
    from envguard.sources.dotenv import MAX_BYTES

    if str(path) == "-":
        if sys.stdin is None or sys.stdin.isatty():
            raise InputError("-: standard input is a terminal; pipe an export in, e.g. "
                             "`railway variables --json | envguard check - ...`")
        data = sys.stdin.buffer.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            raise InputError(f"{STDIN}: over the {MAX_BYTES} byte limit")
        return STDIN, data
    path = Path(path)
    shown = str(path)
    try:
        if path.is_dir():
            raise InputError(f"{shown}: is a directory, not an env file")
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InputError(f"{shown}: {size} bytes is over the {MAX_BYTES} byte limit")
        return shown, path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{shown}: no such file") from None
    except OSError as exc:
        raise InputError(f"{shown}: cannot read: {exc.strerror or exc}") from None

"""Sources turn files, exports and the process environment into EnvVars. They never validate.

``read_source`` is the one entry point commands use; it picks the reader for a path
(``-`` is standard input): ``fmt`` is ``auto`` (detected from content and name, see
:mod:`envguard.sources.detect`), a format name from
:data:`envguard.sources.platforms.FORMATS`, or a family such as ``railway``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from envguard.errors import InputError
from envguard.model import EnvSet
from envguard.sources.base import STDIN, SourceRead, decode, read_input

# Imports inside functions are deliberate: format detection and each reader load only when a
# source needs them.

__all__ = ["STDIN", "SourceRead", "read_layers", "read_source"]

#: How standard input is named in findings and messages.


def read_source(
    path: str | Path,
    fmt: str = "auto",
    *,
    context: Mapping[str, str | None] | None = None,
) -> SourceRead:
    """Read one env source; unusable input raises :class:`envguard.errors.InputError`."""
    from envguard.sources.detect import resolve_format
    from envguard.sources.dotenv import parse_dotenv_text
    from envguard.sources.platforms import FORMATS

    name, data = read_input(path)
    text, findings = decode(data, name)
    chosen = resolve_format(fmt, text, name)
    if chosen == "dotenv":
        read = parse_dotenv_text(text, name, context=context, findings=findings)
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

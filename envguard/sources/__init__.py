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
from envguard.findings import Finding, Severity
from envguard.model import EnvSet, Origin
from envguard.sources.base import STDIN, SourceRead, decode, read_input

# Imports inside functions are deliberate: format detection and each reader load only when a
# source needs them.

__all__ = ["STDIN", "SourceRead", "read_bytes", "read_layers", "read_source", "read_text"]


def read_source(
    path: str | Path,
    fmt: str = "auto",
    *,
    context: Mapping[str, str | None] | None = None,
) -> SourceRead:
    """Read one env source (``-`` is standard input); unusable input raises
    :class:`envguard.errors.InputError`."""
    name, data = read_input(path)
    return read_bytes(data, name, fmt, context=context)


def read_text(text: str, source: str = "<text>", fmt: str = "auto") -> SourceRead:
    """Read an export or env file held in memory; ``source`` names it in findings."""
    return read_bytes(text.encode("utf-8", "surrogatepass"), source, fmt)


def read_bytes(
    data: bytes,
    name: str,
    fmt: str = "auto",
    *,
    context: Mapping[str, str | None] | None = None,
) -> SourceRead:
    """Decode, pick the reader (``auto``: by content, then name) and read."""
    from envguard.sources.detect import resolve_format
    from envguard.sources.dotenv import parse_dotenv_text
    from envguard.sources.platforms import FORMATS

    text, findings = decode(data, name)
    chosen = resolve_format(fmt, text, name)
    if chosen == "dotenv":
        findings += _encoding_findings(data, name)
        read = parse_dotenv_text(text, name, context=context, findings=findings)
    else:
        read = FORMATS[chosen].reader()(text, name)
        read.findings[:0] = findings
    read.format = chosen
    return read


def _encoding_findings(data: bytes, source: str) -> list[Finding]:
    """envguard decodes a UTF-16/32 file by its byte order mark; the loaders do not."""
    if not data.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")):
        return []
    return [Finding("not-utf8-dotenv", Severity.ERROR,
                    "this .env file is UTF-16 or UTF-32 (PowerShell's `>` writes it): "
                    "python-dotenv fails on it, node dotenv and docker compose misread it",
                    origin=Origin(source, 1), hint="re-save it as UTF-8")]


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

"""Raw ``KEY=value`` lines with no quoting at all, as several CLIs print them.

``railway variables --kv``, ``netlify env:list --plain`` and ``printenv`` write the value
verbatim, so a multi-line value (a PEM key) spills onto the following lines and a ``#``
or a quote is part of the value. A line that is not ``KEY=...`` continues the previous
value. Where the CLI sorts its keys (Railway), a ``KEY=`` line that would break the order
is also a continuation; a long mixed-case "key" is base64 key material, not a name.
Every spilled value is reported, since the reading is a best guess by construction.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from envguard.findings import Severity
from envguard.sources.base import SourceRead
from envguard.sources.platforms.common import Collector

_ASSIGN = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)=(.*)", re.DOTALL)


def split_lines(text: str) -> list[str]:
    """Physical lines; CRLF only when every line ends so (a value may hold a lone CR)."""
    if "\r\n" in text and text.count("\r\n") == text.count("\n"):
        text = text.replace("\r\n", "\n")
    return text.rstrip("\n").split("\n") if text.strip() else []


def looks_like_key_material(name: str) -> bool:
    return (len(name) >= 24 and any(ch.islower() for ch in name)
            and any(ch.isupper() for ch in name) and any(ch.isdigit() for ch in name))


def read_raw_lines(
    text: str,
    c: Collector,
    *,
    sorted_keys: bool = False,
    skip: Collection[str] = (),
    skip_prefixes: tuple[str, ...] = (),
) -> SourceRead:
    current: tuple[str, int] | None = None
    parts: list[str] = []

    def flush() -> None:
        if current is None:
            return
        key, line = current
        if len(parts) > 1:
            c.note("raw-multiline", Severity.WARNING,
                   f"{key}'s value continues over {len(parts) - 1} more line(s) of a raw "
                   "KEY=value export; a continuation line that looks like KEY=value "
                   "cannot be told apart from a new variable",
                   line=line, key=key,
                   hint="prefer the JSON export of the same command, which keeps values exact")
        if key not in skip and not key.startswith(skip_prefixes):
            c.add(key, "\n".join(parts), line)

    for n, line in enumerate(split_lines(text), start=1):
        m = _ASSIGN.fullmatch(line)
        starts = m is not None and (
            current is None
            or not (looks_like_key_material(m.group(1))
                    or (sorted_keys and m.group(1) <= current[0]))
        )
        if m is not None and starts:
            flush()
            current, parts = (m.group(1), n), [m.group(2)]
        elif current is not None:
            parts.append(line)
        elif line.strip():
            c.note("parse-error", Severity.ERROR,
                   "not a KEY=value line, and no variable before it to continue",
                   line=n, hint="check that this is the output of the export command")
    flush()
    return c.finish()


def read_raw(text: str, source: str) -> SourceRead:
    return read_raw_lines(text, Collector(source, "raw", "the export"))

"""Heroku: ``heroku config --json``, ``heroku config -s`` and the plain ``heroku config`` table.

``-s`` quotes with ``quote()`` (src/lib/config/quote.ts): a value holding whitespace or a
shell-special character is single-quoted with ``'`` and ``\\`` backslash-escaped, unless it
also holds ``'`` or a newline; then it is double-quoted with ``" \\ $ ` !`` backslash-escaped
and newlines written as ``\\n``. python-dotenv would keep the backslash of ``\\$``, ``\\!``
and ``\\``` (it knows fewer escapes), hence this reader. The table is
``=== ⬢ app Config Vars`` then ``KEY:   value`` lines.
"""

from __future__ import annotations

import re

from envguard.findings import Severity
from envguard.sources.base import SourceRead
from envguard.sources.platforms.common import Collector
from envguard.sources.platforms.jsondoc import parse_json
from envguard.sources.platforms.plain import read_flat_object
from envguard.sources.platforms.rawlines import split_lines

_SHELL_LINE = re.compile(r"([^=\s]+)=(.*)")
_TABLE_LINE = re.compile(r"([A-Za-z_][A-Za-z0-9_.-]*):(?:[ \t]+(.*)|)")
_ESCAPED = re.compile(r"\\(.)", re.DOTALL)
_SINGLE_ESCAPED = re.compile(r"\\([\\'])")


def read_heroku_json(text: str, source: str) -> SourceRead:
    return read_flat_object(parse_json(text, source), Collector(source, "heroku-json", "Heroku"),
                            "`heroku config --json` output")


def read_heroku_shell(text: str, source: str) -> SourceRead:
    c = Collector(source, "heroku-shell", "Heroku")
    for n, line in enumerate(split_lines(text), start=1):
        if not line.strip():
            continue
        m = _SHELL_LINE.fullmatch(line)
        if m is None:
            c.note("parse-error", Severity.ERROR, "not a KEY=value line of `heroku config -s`",
                   line=n)
            continue
        key, rest = m.groups()
        quote = rest[:1]
        if quote in ("'", '"'):
            if len(rest) < 2 or not rest.endswith(quote):
                c.note("unterminated-quote", Severity.ERROR,
                       f"the {quote} quote opened here is never closed", line=n, key=key)
                continue
            rest = rest[1:-1]
            if quote == '"':
                rest = _ESCAPED.sub(lambda e: "\n" if e.group(1) == "n" else e.group(1), rest)
            else:
                rest = _SINGLE_ESCAPED.sub(r"\1", rest)
        c.add(key, rest, n)
    return c.finish("`heroku config -s` output")


def read_heroku_table(text: str, source: str) -> SourceRead:
    c = Collector(source, "heroku-table", "Heroku")
    current: tuple[str, int] | None = None
    parts: list[str] = []

    def flush() -> None:
        while len(parts) > 1 and not parts[-1].strip():
            parts.pop()
        if current is not None:
            c.add(current[0], "\n".join(parts), current[1])

    for n, line in enumerate(split_lines(text), start=1):
        if line.startswith("=== "):
            continue
        m = _TABLE_LINE.fullmatch(line)
        if m is not None:
            flush()
            current, parts = (m.group(1), n), [m.group(2) or ""]
        elif current is not None:
            parts.append(line)
        elif line.strip():
            c.note("parse-error", Severity.ERROR, "not a `KEY: value` line of `heroku config`",
                   line=n)
    flush()
    return c.finish("`heroku config` output")

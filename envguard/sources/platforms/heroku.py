"""Heroku: ``heroku config --json``, ``heroku config -s`` and the plain ``heroku config`` table.

``-s`` prints ``KEY=`` + ``quote(value)`` (heroku/cli src/lib/config/quote.ts @c5fbf4b4,
CLI 11.9): a value holding whitespace or a shell-special character is single-quoted
*verbatim* (no escapes: literal, as in a POSIX shell; CLIs before 11.9 backslash-escaped
``\\`` and ``'`` there), unless it also holds ``'`` or a newline; then it is double-quoted
with ``" \\ $ ` !`` backslash-escaped and newlines written as ``\\n``. python-dotenv would
halve ``\\\\`` in single quotes and keep the backslash of ``\\$``, hence this reader.
The table is ``=== ⬢ app Config Vars``, a blank line, then ``hux.styledObject``
(heroku/heroku-cli-util src/ux/styled-object.ts @e20be687): every value starts in one
column, two past the longest name; an empty value is printed as ``''``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from envguard.findings import Severity
from envguard.sources.base import SourceRead
from envguard.sources.platforms.common import Collector
from envguard.sources.platforms.jsondoc import parse_json
from envguard.sources.platforms.plain import read_flat_object
from envguard.sources.platforms.rawlines import pem_continuations, split_lines

_SHELL_LINE = re.compile(r"([^=\s]+)=(.*)")
_TABLE_LINE = re.compile(r"([A-Za-z_][A-Za-z0-9_.-]*):( +)\S")
_ESCAPED = re.compile(r"\\(.)", re.DOTALL)
_SPECIAL = re.compile(r"[\"\s#!$&'()*,:;<=>?@\[\\\]^`{|}]")
_DOUBLE_ESCAPE = re.compile(r"([\"\\$`!])")


def quote(value: str) -> str:
    """heroku/cli's ``quote()``, ported: what ``heroku config -s`` prints for a value."""
    if _SPECIAL.search(value):
        if "'" in value or "\n" in value:
            return '"' + _DOUBLE_ESCAPE.sub(r"\\\1", value).replace("\n", "\\n") + '"'
        return "'" + value + "'"
    return value


def unquote(text: str) -> str | None:
    """The value ``quote()`` printed as ``text``; None when it is not closed."""
    mark = text[:1]
    if mark not in ("'", '"'):
        return text
    if len(text) < 2 or not text.endswith(mark):
        return None
    body = text[1:-1]
    if mark == "'":
        return body
    return _ESCAPED.sub(lambda e: "\n" if e.group(1) == "n" else e.group(1), body)


def is_shell_output(lines: Sequence[str], *, need_quoted: bool = True) -> bool:
    """Every line is exactly what ``quote()`` prints for its value (and one is quoted,
    unless a Heroku variable already says whose output this is)."""
    quoted = False
    for line in lines:
        m = _SHELL_LINE.fullmatch(line)
        if m is None:
            return False
        value = unquote(m.group(2))
        if value is None or quote(value) != m.group(2):
            return False
        quoted = quoted or m.group(2) != value
    return quoted or not need_quoted


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
        value = unquote(rest)
        if value is None:
            c.note("unterminated-quote", Severity.ERROR,
                   f"the {rest[0]} quote opened here is never closed", line=n, key=key)
            continue
        c.add(key, value, n)
    return c.finish("`heroku config -s` output")


def _value_column(lines: Sequence[str], inside: Sequence[bool]) -> int | None:
    """The column every value starts in: among ``len(name) + 2`` of the ``NAME:  value``
    lines, the one most lines agree with (the widest on a tie). A line agrees with a column
    when only blanks lie between its colon and it; a continuation line shaped like
    ``name: text`` rarely does."""
    spans = []
    for n, line in enumerate(lines):
        m = _TABLE_LINE.match(line)
        if m is not None and not inside[n]:
            spans.append((len(m.group(1)) + 2, len(m.group(1)) + 1 + len(m.group(2))))
    best: tuple[int, int] | None = None
    for col in sorted({low for low, _ in spans}):
        agree = sum(1 for low, high in spans if low <= col <= high)
        if best is None or agree >= best[0]:
            best = (agree, col)
    return best[1] if best else None


def read_heroku_table(text: str, source: str) -> SourceRead:
    c = Collector(source, "heroku-table", "Heroku")
    lines = split_lines(text)
    inside = pem_continuations(lines)
    col = _value_column(lines, inside)
    current: tuple[str, int] | None = None
    parts: list[str] = []

    def flush() -> None:
        while len(parts) > 1 and not parts[-1].strip():
            parts.pop()
        if current is not None:
            value = "\n".join(parts)
            c.add(current[0], "" if value == "''" else value, current[1])

    for n, line in enumerate(lines, start=1):
        if line.startswith("=== ") and current is None:
            continue
        m = _TABLE_LINE.match(line)
        if (m is not None and col is not None and not inside[n - 1]
                and len(m.group(1)) + 2 <= col <= len(m.group(1)) + 1 + len(m.group(2))):
            flush()
            current, parts = (m.group(1), n), [line[col:]]
        elif current is not None:
            parts.append(line)
        elif line.strip():
            c.note("parse-error", Severity.ERROR, "not a `KEY: value` line of `heroku config`",
                   line=n)
    flush()
    return c.finish("`heroku config` output")

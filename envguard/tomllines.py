"""Where a key sits in a TOML file, so that errors can say ``envguard.toml:14``.

``tomllib`` gives values but no positions. Errors about a schema or a config need the
line a user must edit, so this module maps every key path in a document to the line that
defines it: table headers, arrays of tables (``[[rules]]`` items are indexed from 0),
dotted keys and keys inside inline tables. It is a locator, not a parser: the text has
already been parsed by ``tomllib`` when it is asked, so it only has to be right on valid
TOML. It runs only when there is an error to report, never on the happy path.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import lru_cache

KeyPath = tuple[str | int, ...]

_BARE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")


class _Scanner:
    """One pass over the text, line by line, with strings and brackets tracked across lines."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.line = 1
        self.lines: dict[KeyPath, int] = {}
        self.counters: dict[KeyPath, int] = {}

    # -- low-level -------------------------------------------------------------------
    def peek(self, n: int = 1) -> str:
        return self.text[self.pos : self.pos + n]

    def advance(self, n: int = 1) -> None:
        chunk = self.text[self.pos : self.pos + n]
        self.line += chunk.count("\n")
        self.pos += n

    def skip_blank(self, newlines: bool) -> None:
        while self.pos < len(self.text):
            ch = self.text[self.pos]
            if ch in " \t\r" or (newlines and ch == "\n"):
                self.advance()
            elif ch == "#":
                end = self.text.find("\n", self.pos)
                self.advance((len(self.text) if end < 0 else end) - self.pos)
            else:
                return

    def skip_string(self) -> str:
        """Skip a string starting at ``pos``; returns its text for a key (raw for values)."""
        for quote in ('"""', "'''"):
            if self.peek(3) == quote:
                end = self.text.find(quote, self.pos + 3)
                end = len(self.text) if end < 0 else end + 3
                while self.text[end : end + 1] == quote[0]:  # up to two quotes may close it
                    end += 1
                body = self.text[self.pos + 3 : end - 3]
                self.advance(end - self.pos)
                return body
        quote = self.peek()
        start = self.pos + 1
        i = start
        while i < len(self.text) and self.text[i] not in (quote, "\n"):
            i += 2 if quote == '"' and self.text[i] == "\\" else 1
        body = self.text[start:i]
        self.advance(min(i + 1, len(self.text)) - self.pos)
        return body

    def record(self, path: KeyPath) -> None:
        self.lines.setdefault(path, self.line)

    # -- grammar ---------------------------------------------------------------------
    def key(self) -> list[str]:
        parts: list[str] = []
        while True:
            self.skip_blank(newlines=False)
            ch = self.peek()
            if ch in ('"', "'"):
                parts.append(self.skip_string())
            else:
                start = self.pos
                while self.pos < len(self.text) and self.text[self.pos] in _BARE:
                    self.advance()
                if self.pos == start:
                    return parts
                parts.append(self.text[start : self.pos])
            self.skip_blank(newlines=False)
            if self.peek() != ".":
                return parts
            self.advance()

    def value(self, path: KeyPath) -> None:
        """Skip one value, recording keys of inline tables (and tables inside arrays)."""
        self.skip_blank(newlines=True)
        ch = self.peek()
        if ch in ('"', "'"):
            self.skip_string()
        elif ch == "{":
            self.advance()
            while self.pos < len(self.text):
                self.skip_blank(newlines=True)
                if self.peek() == "}":
                    self.advance()
                    return
                if self.peek() == ",":
                    self.advance()
                    continue
                self.key_value(path)
        elif ch == "[":
            self.advance()
            index = 0
            while self.pos < len(self.text):
                self.skip_blank(newlines=True)
                if self.peek() == "]":
                    self.advance()
                    return
                if self.peek() == ",":
                    self.advance()
                    index += 1
                    continue
                self.record((*path, index))
                before = self.pos
                self.value((*path, index))
                if self.pos == before:
                    self.advance()
        else:
            while self.pos < len(self.text) and self.text[self.pos] not in ",]}\n#":
                self.advance()

    def key_value(self, table: KeyPath) -> None:
        start = self.pos
        parts = self.key()
        path = (*table, *parts)
        if parts:
            for n in range(len(table) + 1, len(path) + 1):
                self.record(path[:n])
        self.skip_blank(newlines=False)
        if self.peek() == "=":
            self.advance()
            self.value(path)
        elif self.pos == start:
            self.advance()

    def header(self) -> KeyPath:
        array = self.peek(2) == "[["
        self.advance(2 if array else 1)
        parts = tuple(self.key())
        self.skip_blank(newlines=False)
        self.advance(2 if array else 1)
        path: KeyPath = parts
        if array:
            index = self.counters.get(parts, 0)
            self.counters[parts] = index + 1
            self.record(parts)
            path = (*parts, index)
        for n in range(1, len(path) + 1):
            self.record(path[:n])
        return path

    def document(self) -> dict[KeyPath, int]:
        table: KeyPath = ()
        while True:
            self.skip_blank(newlines=True)
            if self.pos >= len(self.text):
                return self.lines
            if self.peek() == "[":
                table = self.header()
            else:
                self.key_value(table)


def key_lines(text: str) -> dict[KeyPath, int]:
    """Every key path defined in ``text`` mapped to its 1-based line."""
    return _Scanner(text).document()


def line_of(text: str, path: Sequence[str | int]) -> int | None:
    """The line defining ``path``, or of its nearest defined ancestor; None if neither is."""
    lines = key_lines(text)
    full = tuple(path)
    for n in range(len(full), 0, -1):
        if full[:n] in lines:
            return lines[full[:n]]
    return None


def file_line(path: str, key_path: Sequence[str | int]) -> int | None:
    """:func:`line_of` for a file on disk; None when it cannot be read. The index is kept
    per file version, so asking for many keys of one file scans it once."""
    try:
        mtime = os.stat(path).st_mtime_ns
    except OSError:
        return None
    lines = _file_index(path, mtime)
    full = tuple(key_path)
    for n in range(len(full), 0, -1):
        if full[:n] in lines:
            return lines[full[:n]]
    return None


@lru_cache(maxsize=16)
def _file_index(path: str, mtime: int) -> dict[KeyPath, int]:
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            return key_lines(fh.read())
    except OSError:
        return {}

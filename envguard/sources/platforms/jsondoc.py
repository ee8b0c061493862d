"""JSON with line numbers and duplicate keys kept.

``json.loads`` validates (its error messages name line and column and never quote the
document); a small second pass then rebuilds the document as :class:`LocatedDict` and
:class:`LocatedList` so that findings can point at the line of a key, and so that
``{"A": 1, "A": 2}`` is reported instead of silently collapsing.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Callable
from typing import Any

from envguard.errors import InputError
from envguard.sources.platforms.common import LocatedDict, LocatedList, line_starts

_WS = re.compile(r"[ \t\n\r]*")
_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?")
_CONSTANTS = {"true": True, "false": False, "null": None,
              "NaN": "NaN", "Infinity": "Infinity", "-Infinity": "-Infinity"}


#: The C-accelerated string scanner json itself uses (missing from typeshed's stubs).
_scanstring: Callable[[str, int, bool], tuple[str, int]] = json.decoder.scanstring  # type: ignore[attr-defined]


class JSONNumber(str):
    """A number kept as written (``1.50`` stays ``1.50``), since env values are text."""


def parse_json(text: str, source: str) -> Any:
    """The document, or :class:`InputError` naming the line (and saying if it was cut off)."""
    try:
        json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(describe_error(exc, text, source)) from None
    except RecursionError:
        raise InputError(f"{source}: JSON nested too deeply to read") from None
    try:
        return _Parser(text).document()
    except RecursionError:
        raise InputError(f"{source}: JSON nested too deeply to read") from None


def describe_error(exc: json.JSONDecodeError, text: str, source: str) -> str:
    """json's own message (it never quotes content) plus whether the output was truncated."""
    end = len(text.rstrip())
    truncated = exc.pos >= end or exc.msg.startswith("Unterminated string")
    if truncated:
        return (f"{source}:{exc.lineno}: the JSON ends early ({exc.msg.lower()}): the export "
                "looks truncated; re-run the command and save its whole output")
    if exc.msg == "Extra data":
        return (f"{source}:{exc.lineno}: more than one JSON document (extra data at column "
                f"{exc.colno}); save one command's output per file")
    return f"{source}:{exc.lineno}: not valid JSON: {exc.msg.lower()} at column {exc.colno}"


class _Parser:
    """Recursive descent over text already known to be valid JSON."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = line_starts(text)

    def line(self, pos: int) -> int:
        return bisect.bisect_right(self.starts, pos)

    def skip(self, pos: int) -> int:
        m = _WS.match(self.text, pos)
        assert m is not None
        return m.end()

    def document(self) -> Any:
        value, _ = self.value(self.skip(0))
        return value

    def value(self, pos: int) -> tuple[Any, int]:
        ch = self.text[pos]
        if ch == "{":
            return self.obj(pos)
        if ch == "[":
            return self.array(pos)
        if ch == '"':
            return _scanstring(self.text, pos + 1, True)
        for word, constant in _CONSTANTS.items():
            if self.text.startswith(word, pos):
                return constant, pos + len(word)
        m = _NUMBER.match(self.text, pos)
        assert m is not None
        return JSONNumber(m.group()), m.end()

    def obj(self, pos: int) -> tuple[LocatedDict, int]:
        out = LocatedDict(self.line(pos))
        pos = self.skip(pos + 1)
        if self.text[pos] == "}":
            return out, pos + 1
        while True:
            key_line = self.line(pos)
            key, pos = _scanstring(self.text, pos + 1, True)
            pos = self.skip(self.skip(pos) + 1)  # past ':'
            value, pos = self.value(pos)
            out.put(key, key_line, value)
            pos = self.skip(pos)
            if self.text[pos] == "}":
                return out, pos + 1
            pos = self.skip(pos + 1)  # past ','

    def array(self, pos: int) -> tuple[LocatedList, int]:
        out = LocatedList(self.line(pos))
        pos = self.skip(pos + 1)
        if self.text[pos] == "]":
            return out, pos + 1
        while True:
            item_line = self.line(pos)
            value, pos = self.value(pos)
            out.push(item_line, value)
            pos = self.skip(pos)
            if self.text[pos] == "]":
                return out, pos + 1
            pos = self.skip(pos + 1)

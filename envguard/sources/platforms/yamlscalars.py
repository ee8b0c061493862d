"""YAML scalars and flow collections: quoting, escapes and line folding.

Split from :mod:`yamldoc` (which handles the block structure): these scanners work on a
string that may span several lines and report problems without line numbers; the
document reader adds the line.
"""

from __future__ import annotations

import re
from typing import Any

from envguard.sources.platforms.common import LocatedDict, LocatedList

_ESCAPES = {"0": "\0", "a": "\a", "b": "\b", "t": "\t", "\t": "\t", "n": "\n", "v": "\v",
            "f": "\f", "r": "\r", "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\",
            "N": "\x85", "_": "\xa0", "L": "\u2028", "P": "\u2029"}
_HEX_ESCAPES = {"x": 2, "u": 4, "U": 8}
_FLOW_PLAIN = re.compile(r"(?:[^,\[\]{}:#]|:(?![\s,\]}]|$)|(?<!\s)#)*")
NULLS = {"", "~", "null", "Null", "NULL"}
WS = " \t"  # YAML's white space; str.strip() would also eat NBSP and friends


class Problem(Exception):
    """A YAML problem found inside a scanner that does not know the line number."""


class Unterminated(Problem):
    pass


def plain_value(text: str) -> str | None:
    return None if text in NULLS else text


def fold(body: list[str]) -> str:
    """Folded style: single line breaks become spaces, except around more-indented lines."""
    out, last, empties = "", None, 0
    for line in body:
        if not line.strip(WS):
            empties += 1
            continue
        if last is None:
            out = "\n" * empties + line
        elif last.startswith((" ", "\t")) or line.startswith((" ", "\t")):
            out += "\n" + "\n" * empties + line
        else:
            out += "\n" * empties + line if empties else " " + line
        last, empties = line, 0
    return out


def fold_lines(text: str) -> str:
    """A plain scalar over several lines: line breaks fold to spaces, blank lines to newlines."""
    out, breaks = "", 0
    for piece in (line.strip(WS) for line in text.split("\n")):
        if not piece:
            breaks += 1
            continue
        out += (("\n" * breaks if breaks else " ") if out else "") + piece
        breaks = 0
    return out


def scan_quoted(text: str, k: int, quote: str) -> tuple[str, int]:
    """A quoted scalar starting after its opening quote; line breaks fold as YAML says."""
    out: list[str] = []
    n = len(text)
    while k < n:
        c = text[k]
        if c == quote:
            if quote == "'" and text.startswith("''", k):
                out.append("'")
                k += 2
                continue
            return "".join(out), k + 1
        if c == "\\" and quote == '"':
            if k + 1 < n and text[k + 1] == "\n":
                k += 2
                while k < n and text[k] in " \t":
                    k += 1
                continue
            piece, k = _escape(text, k + 1)
            out.append(piece)
            continue
        if c == "\n":
            while out and out[-1] in (" ", "\t"):
                out.pop()
            breaks, k = 0, k + 1
            while True:
                while k < n and text[k] in " \t":
                    k += 1
                if k < n and text[k] == "\n":
                    breaks, k = breaks + 1, k + 1
                    continue
                break
            out.append("\n" * breaks if breaks else " ")
            continue
        out.append(c)
        k += 1
    raise Unterminated(f"the {quote} quote is never closed")


def _escape(text: str, k: int) -> tuple[str, int]:
    c = text[k:k + 1]
    if c in _ESCAPES:
        return _ESCAPES[c], k + 1
    if c in _HEX_ESCAPES:
        digits = text[k + 1:k + 1 + _HEX_ESCAPES[c]]
        if len(digits) == _HEX_ESCAPES[c] and re.fullmatch(r"[0-9A-Fa-f]+", digits):
            return chr(int(digits, 16)), k + 1 + len(digits)
    if not c:
        raise Unterminated("the \" quote is never closed")
    raise Problem(f"unknown escape \\{c} in a double-quoted string")


class Flow:
    """``{a: b, c: [d]}`` on one or more lines; raises Unterminated to ask for more."""

    def __init__(self, text: str, line: int) -> None:
        self.text = text
        self.line = line

    def skip(self, k: int) -> int:
        while k < len(self.text):
            if self.text[k] in " \t\n\r":
                k += 1
            elif self.text[k] == "#" and (k == 0 or self.text[k - 1] in " \t\n"):
                nl = self.text.find("\n", k)
                if nl < 0:
                    return len(self.text)
                k = nl
            else:
                break
        return k

    def node(self, k: int) -> tuple[Any, int]:
        k = self.skip(k)
        if k >= len(self.text):
            raise Unterminated("unterminated flow collection")
        c = self.text[k]
        if c == "{":
            return self.collection(k, "}")
        if c == "[":
            return self.collection(k, "]")
        if c in "\"'":
            return scan_quoted(self.text, k + 1, c)
        if c in "&*!":
            raise Problem("anchors, aliases and tags are not supported")
        m = _FLOW_PLAIN.match(self.text, k)
        assert m is not None
        return plain_value(fold_lines(m.group())), m.end()

    def collection(self, k: int, close: str) -> tuple[Any, int]:
        out: LocatedDict | LocatedList = LocatedDict(self.line) if close == "}" \
            else LocatedList(self.line)
        k = self.skip(k + 1)
        while True:
            if k >= len(self.text):
                raise Unterminated("unterminated flow collection")
            if self.text[k] == close:
                return out, k + 1
            item, k = self.node(k)
            k = self.skip(k)
            if isinstance(out, LocatedDict):
                value = None
                if self.text[k:k + 1] == ":":
                    value, k = self.node(k + 1)
                    k = self.skip(k)
                out.put("" if item is None else str(item), self.line, value)
            else:
                out.push(self.line, item)
            if k >= len(self.text):
                raise Unterminated("unterminated flow collection")
            if self.text[k] == ",":
                k = self.skip(k + 1)
            elif self.text[k] != close:
                raise Problem(f"unexpected {self.text[k]!r} in a flow collection")

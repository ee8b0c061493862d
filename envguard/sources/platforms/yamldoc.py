"""The YAML that ``kubectl``, Doppler and Infisical write, read without a YAML library.

Supported: block mappings and sequences (including ``- key: value`` items and sequences
at their key's indentation), plain, single- and double-quoted scalars (with escapes and
line folding), literal and folded block scalars (``|``, ``>``, chomping and indentation
indicators), simple flow collections (``{name: app}``, ``[]``), comments and ``---``
document separators. Scalars stay text (``null``/``~``/empty are None), which is what
an environment value is. Anchors, aliases, tags and merge keys are refused with a line
number rather than guessed at: ``kubectl get -o json`` is the exact alternative.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, NoReturn

from envguard.errors import InputError
from envguard.sources.platforms.common import LocatedDict, LocatedList
from envguard.sources.platforms.yamlscalars import (
    WS,
    Flow,
    Problem,
    Unterminated,
    fold,
    plain_value,
    scan_quoted,
)

_KEY = re.compile(
    r"""(?P<key>"(?:[^"\\\n]|\\.)*"|'(?:[^'\n]|'')*'|(?:[^\s\-?:,\[\]{}#&*!|>'"%@`]|[-?:]\S)[^#\n]*?)"""
    r"""[ \t]*:(?:[ \t]+|$)"""
)
_BLOCK_HEADER = re.compile(r"([|>])([+-]?)([1-9]?)([+-]?)[ \t]*(?:#.*)?")
_MAPPING_VALUE = re.compile(r":(?:[ \t]|$)")


def parse_yaml_documents(text: str, source: str) -> list[Any]:
    """Every document in ``text`` (``---`` separated); empty documents are skipped."""
    docs: list[Any] = []
    current: list[tuple[int, str]] = []
    for n, raw in enumerate(text.split("\n"), start=1):
        line = raw.rstrip("\r")
        if line.startswith("---") and line[3:4] in ("", " ", "\t"):
            rest = line[3:].strip(WS)
            if rest and not rest.startswith("#"):
                raise InputError(f"{source}:{n}: YAML content after '---' is not supported; "
                                 "start the document on the next line")
            docs.extend(_Document(current, source).parse_all())
            current = []
        elif line.rstrip(WS) == "...":
            docs.extend(_Document(current, source).parse_all())
            current = []
        elif line.startswith("%") and not any(t.strip(WS) for _, t in current):
            continue  # a directive such as %YAML 1.2
        else:
            current.append((n, line))
    docs.extend(_Document(current, source).parse_all())
    return docs


def _is_item(content: str) -> bool:
    return content == "-" or content.startswith(("- ", "-\t"))


def _strip_comment(text: str) -> str:
    m = re.search(r"[ \t]#", text)
    return (text[: m.start()] if m else text).rstrip(WS)


class _Document:
    def __init__(self, lines: list[tuple[int, str]], source: str) -> None:
        self.lines = lines
        self.source = source
        self.i = 0

    def fail(self, line: int, message: str) -> NoReturn:
        raise InputError(f"{self.source}:{line}: YAML: {message}")

    def parse_all(self) -> list[Any]:
        start = self.peek()
        if start is None:
            return []
        value = self.block(self.indent(start))
        left = self.peek()
        if left is not None:
            self.fail(self.lines[left][0], "unexpected text here (check the indentation)")
        return [value]

    def peek(self) -> int | None:
        """Index of the next line with content, skipping blank and comment lines."""
        while self.i < len(self.lines):
            content = self.lines[self.i][1].strip(WS)
            if content and not content.startswith("#"):
                return self.i
            self.i += 1
        return None

    def indent(self, idx: int) -> int:
        line_no, text = self.lines[idx]
        width = len(text) - len(text.lstrip(" "))
        if text[width:width + 1] == "\t":
            self.fail(line_no, "a tab in the indentation (YAML allows spaces only)")
        return width

    def block(self, indent: int) -> Any:
        idx = self.peek()
        assert idx is not None
        line_no, text = self.lines[idx]
        content = text[indent:]
        if _is_item(content):
            return self.sequence(indent)
        if _KEY.match(content):
            return self.mapping(indent)
        self.i = idx + 1
        return self.value_after(content, indent - 1, line_no, compact=False)

    def mapping(self, indent: int) -> LocatedDict:
        out = LocatedDict(self.lines[self.i][0])
        while (idx := self.peek()) is not None:
            line_no, text = self.lines[idx]
            width = self.indent(idx)
            if width < indent:
                break
            content = text[indent:]
            if width > indent:
                self.fail(line_no, "unexpected indentation")
            m = _KEY.match(content)
            if not m:
                if _is_item(content):
                    self.fail(line_no, "a list item where a 'key: value' line is expected")
                self.fail(line_no, "expected 'key: value'")
            key = self.key_text(m.group("key"), line_no)
            if key == "<<":
                self.fail(line_no, "merge keys (<<) are not supported")
            self.i = idx + 1
            out.put(key, line_no, self.value_after(content[m.end():], indent, line_no,
                                                   compact=True))
        return out

    def sequence(self, indent: int) -> LocatedList:
        out = LocatedList(self.lines[self.i][0])
        while (idx := self.peek()) is not None:
            line_no, text = self.lines[idx]
            width = self.indent(idx)
            if width != indent or not _is_item(text[indent:]):
                if width > indent:
                    self.fail(line_no, "unexpected indentation")
                break
            rest = text[indent + 1:]
            item = rest.lstrip(WS)
            column = indent + 1 + len(rest) - len(item)
            if item and not item.startswith("#") and (_KEY.match(item) or _is_item(item)):
                self.lines[idx] = (line_no, " " * column + item)
                self.i = idx
                out.push(line_no, self.block(column))
            else:
                self.i = idx + 1
                out.push(line_no, self.value_after(item, indent, line_no, compact=False))
        return out

    def key_text(self, raw: str, line_no: int) -> str:
        if raw[0] in "\"'":
            try:
                return scan_quoted(raw, 1, raw[0])[0]
            except Problem as exc:
                self.fail(line_no, str(exc))
        return raw.rstrip(WS)

    def value_after(self, rest: str, parent: int, line_no: int, *, compact: bool) -> Any:
        """The value after ``key:`` or ``-``: inline, or the block on the following lines."""
        head = rest.strip(WS)
        if not head or head.startswith("#"):
            idx = self.peek()
            if idx is None:
                return None
            width = self.indent(idx)
            if width > parent:
                return self.block(width)
            if compact and width == parent and _is_item(self.lines[idx][1][width:]):
                return self.sequence(width)
            return None
        if head[0] in "&*!":
            self.fail(line_no, "anchors, aliases and tags are not supported "
                               "(use `kubectl get -o json` for exact output)")
        if head[0] in "|>":
            return self.block_scalar(head, parent, line_no)
        if head[0] in "\"'":
            return self.quoted(head, line_no)
        if head[0] in "[{":
            return self.flow(head, line_no)
        return plain_value(self.plain(self.plain_line(_strip_comment(head), line_no), parent))

    def plain(self, first: str, parent: int) -> str:
        """A plain scalar, folded over continuation lines indented deeper than its key."""
        value, breaks = first, 0
        while self.i < len(self.lines):
            text = self.lines[self.i][1]
            content = text.strip(WS)
            if not content:
                breaks += 1
                self.i += 1
                continue
            if content.startswith("#") or len(text) - len(text.lstrip(" ")) <= parent:
                break
            piece = self.plain_line(_strip_comment(content), self.lines[self.i][0])
            value += ("\n" * breaks if breaks else " ") + piece
            breaks = 0
            self.i += 1
        return value

    def plain_line(self, text: str, line_no: int) -> str:
        if _MAPPING_VALUE.search(text):
            self.fail(line_no, "a 'key: value' inside a value (check the indentation, "
                               "or quote the value)")
        return text

    def quoted(self, head: str, line_no: int) -> str:
        value: str = self._spanning(
            head, line_no, lambda text: scan_quoted(text, 1, head[0]),
            f"the {head[0]} quote opened here is never closed", "text after the closing quote")
        return value

    def flow(self, head: str, line_no: int) -> Any:
        return self._spanning(
            head, line_no, lambda text: Flow(text, line_no).node(0),
            f"the {head[0]} opened here is never closed", "text after the closing bracket")

    def _spanning(self, head: str, line_no: int, parse: Callable[[str], tuple[Any, int]],
                  unclosed: str, trailing_text: str) -> Any:
        """A quoted or flow node that may continue over the following lines."""
        text, used = head, 1
        while True:
            try:
                value, end = parse(text)
                break
            except Unterminated:
                if self.i + used - 1 >= len(self.lines):
                    self.fail(line_no, unclosed)
                text += "\n" + self.lines[self.i + used - 1][1]
                used += 1
            except Problem as exc:
                self.fail(line_no, str(exc))
        self.i += used - 1
        trailing = text[end:].strip(WS)
        if trailing and not trailing.startswith("#"):
            self.fail(line_no + used - 1, trailing_text)
        return value

    def block_scalar(self, header: str, parent: int, line_no: int) -> str:
        m = _BLOCK_HEADER.fullmatch(header)
        if not m or (m.group(2) and m.group(4)):
            self.fail(line_no, "a malformed block scalar header")
        chomp = m.group(2) or m.group(4)
        indent = parent + int(m.group(3)) if m.group(3) else None
        body: list[str] = []
        while self.i < len(self.lines):
            text = self.lines[self.i][1]
            if not text.strip(WS):
                body.append(text[indent:] if indent is not None else "")
                self.i += 1
                continue
            width = len(text) - len(text.lstrip(" "))
            if indent is None:
                if width <= parent:
                    break
                indent = width
            if width < indent:
                break
            body.append(text[indent:])
            self.i += 1
        trailing = 0
        while body and not body[-1].strip(WS):
            body.pop()
            trailing += 1
        value = "\n".join(body) if m.group(1) == "|" else fold(body)
        if not body or chomp == "-":
            return value
        return value + "\n" + ("\n" * trailing if chomp == "+" else "")

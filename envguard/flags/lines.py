"""Line numbers for keys of TOML and JSON files, which the standard parsers do not keep.

Errors and findings must point at a line where possible; ``tomllib`` and ``json`` give
values only. These indexes are a best-effort scan of the text (headers and ``key =``
lines for TOML, an object-key walk for JSON) mapping a key path to the line(s) it is on.
A path the scan cannot place simply has no line; nothing here ever raises on odd input.
"""

from __future__ import annotations

import json
import re

KeyPath = tuple[str, ...]

_HEADER = re.compile(r"^\s*\[(?!\[)\s*(?P<name>[^\]]+?)\s*\]\s*(?:#.*)?$")
_KEY = re.compile(r"""^\s*(?P<key>(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')"""
                  r"""(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*'))*)\s*=""")
_PART = re.compile(r"""[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|'[^']*'""")


def _parts(dotted: str) -> KeyPath:
    out = []
    for part in _PART.findall(dotted):
        if part[:1] == '"':
            try:
                part = json.loads(part)
            except ValueError:
                part = part[1:-1]
        elif part[:1] == "'":
            part = part[1:-1]
        out.append(part)
    return tuple(out)


def toml_index(text: str) -> dict[KeyPath, list[int]]:
    """``{key path: [lines]}`` for table headers and ``key = value`` lines."""
    out: dict[KeyPath, list[int]] = {}
    table: KeyPath = ()
    in_multiline: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        if in_multiline:
            if in_multiline in line:
                in_multiline = None
            continue
        header = _HEADER.match(line)
        if header:
            table = _parts(header["name"])
            out.setdefault(table, []).append(number)
            continue
        key = _KEY.match(line)
        if key:
            out.setdefault(table + _parts(key["key"]), []).append(number)
            rest = line[key.end():]
            for quote in ('"""', "'''"):
                if rest.count(quote) == 1:
                    in_multiline = quote
    return out


def json_index(text: str) -> dict[KeyPath, list[int]]:
    """``{key path: [lines]}`` for every object key (array levels are skipped)."""
    out: dict[KeyPath, list[int]] = {}
    stack: list[list[str | None]] = []  # [container kind, current key]
    line, i, n = 1, 0, len(text)
    while i < n:
        c = text[i]
        if c == "\n":
            line += 1
        elif c == '"':
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            k = j + 1
            while k < n and text[k] in " \t\r\n":
                k += 1
            if stack and stack[-1][0] == "{" and k < n and text[k] == ":":
                try:
                    key = str(json.loads(text[i : j + 1]))
                except ValueError:
                    key = text[i + 1 : j]
                stack[-1][1] = key
                path = tuple(str(e[1]) for e in stack if e[0] == "{" and e[1] is not None)
                out.setdefault(path, []).append(line)
            line += text[i : j + 1].count("\n")
            i = j
        elif c in "{[":
            stack.append([c, None])
        elif c in "}]" and stack:
            stack.pop()
        i += 1
    return out

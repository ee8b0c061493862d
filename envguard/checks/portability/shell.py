"""What ``set -a; . ./.env`` leaves in the environment of bash or dash, worked out from the
text without running it.

A small POSIX shell reader for what .env files contain: assignments, ``export``, quotes,
backslashes, ``${...}`` and ``$NAME`` expansion, comments, separators. A statement the
shell would run as a command (a space in an unquoted value, a quoted key) sets nothing; a
syntax error (an unclosed quote) ends the file there. A value that depends on running a
command (``$(...)``, backticks) or on the shell's own state is :data:`UNKNOWN`.
Checked against the real shells' readings in ``tests/fixtures/loaders``.
"""

from __future__ import annotations

import contextlib
import re
from typing import Final

from envguard.sources.base import PLAIN_LINE

UNKNOWN: Final = "\x00unknown"  # a value only running the file would tell
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_BLANK = " \t"
_OPERATORS = ";&|<>()"
_SPECIAL_BUILTINS = {"export", "readonly"}


class _SyntaxError(Exception):
    """The shell stops reading the file here."""


class _BadSubstitution(Exception):
    """dash stops reading the file; bash fails this command only and reads on."""


def _closing_brace(s: str, start: int) -> int:
    """The ``}`` closing a ``${`` whose body starts at ``start`` (nested ``${`` counted)."""
    depth, i = 1, start
    while i < len(s):
        if s.startswith("${", i):
            depth += 1
            i += 2
            continue
        if s[i] == "}":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return -1


class _Word:
    """One shell word: its expanded text, and whether its start is a plain ``NAME=``."""

    def __init__(self) -> None:
        # parts joined on demand: ``+=`` on an attribute copies the string every time, which
        # made a 5 MB value quadratic
        self._text: list[str] = []
        self._prefix: list[str] = []  # the unquoted literal text before any quote or expansion
        self.last = ""  # the last character of the text so far
        self.plain = True
        self.unknown = False

    @property
    def text(self) -> str:
        return "".join(self._text)

    @property
    def raw_prefix(self) -> str:
        return "".join(self._prefix)

    def literal(self, s: str, quoted: bool) -> None:
        if self.plain and not quoted:
            self._prefix.append(s)
        else:
            self.plain = False
        self._text.append(s)
        self.last = s[-1:] or self.last


def read_shell(text: str, *, bash: bool) -> dict[str, str]:
    """The exported variables after sourcing ``text`` in an empty environment."""
    env: dict[str, str] = {}
    reader = _Reader(text, env, bash)
    with contextlib.suppress(_SyntaxError):
        reader.run()
    return env


class _Reader:
    def __init__(self, text: str, env: dict[str, str], bash: bool) -> None:
        self.s = text
        self.i = 0
        self.env = env
        self.bash = bash

    def run(self) -> None:
        s, env = self.s, self.env
        while self.i < len(s):
            plain = None if self._in_pipeline else PLAIN_LINE.match(s, self.i)
            if plain is not None and (self.i == 0 or s[self.i - 1] == "\n"):
                env[plain[1]] = plain[2]  # no shell expands, splits or globs it: most of a big file
                self.i = plain.end()
                continue
            try:
                words, end = self.command()
            except _BadSubstitution:
                if not self.bash:
                    raise _SyntaxError from None
                while self.i < len(self.s) and self.s[self.i] != "\n":
                    self.i += 1
                continue
            self.apply(words, end)

    # -- lexing --------------------------------------------------------------------------
    def command(self) -> tuple[list[_Word], str]:
        """The words of one simple command and the operator that ends it."""
        words: list[_Word] = []
        s = self.s
        while self.i < len(s):
            c = s[self.i]
            if c in _BLANK:
                self.i += 1
            elif c == "\\" and s[self.i + 1: self.i + 2] == "\n":
                self.i += 2
            elif c == "#":
                while self.i < len(s) and s[self.i] != "\n":
                    self.i += 1
            elif c == "\n":
                self.i += 1
                return words, "\n"
            elif c in ";&|":
                op = c
                self.i += 1
                if s[self.i: self.i + 1] == c:
                    op += c
                    self.i += 1
                elif c == ";" and not words:
                    raise _SyntaxError
                return words, op
            elif c in "<>":
                reads_file = c == "<" and s[self.i + 1: self.i + 2] not in ("<", ">", "&")
                self.i += 1
                while s[self.i: self.i + 1] in ("<", ">", "&"):
                    self.i += 1
                while s[self.i: self.i + 1] in (" ", "\t"):
                    self.i += 1
                if self.i >= len(s) or s[self.i] in "\n;&|<>()":
                    raise _SyntaxError
                self.word()  # the redirection's target
                # dash drops the assignments when the file to read is missing (bash keeps
                # them): whether it exists is only known where the file is sourced
                words.append(_INPUT if reads_file and not self.bash else _REDIRECT)
            elif c in "()":
                if self.bash and c == "(" and words and words[-1].last == "=" \
                        and self._last_was_adjacent:
                    self._array()
                    words[-1].unknown = True
                    words[-1].plain = False
                    continue
                raise _SyntaxError
            else:
                words.append(self.word())
                self._last_was_adjacent = True
                continue
            self._last_was_adjacent = False
        return words, ""

    _last_was_adjacent = False

    def _array(self) -> None:
        depth = 0
        while self.i < len(self.s):
            c = self.s[self.i]
            self.i += 1
            if c == "(":
                depth += 1
            elif c == ")":
                depth -= 1
                if depth == 0:
                    return
        raise _SyntaxError

    def word(self) -> _Word:
        w = _Word()
        s = self.s
        while self.i < len(s):
            c = s[self.i]
            if c in _BLANK or c == "\n" or c in _OPERATORS:
                break
            if c == "\\":
                nxt = s[self.i + 1: self.i + 2]
                self.i += 2
                if nxt == "\n":
                    continue
                w.literal(nxt, quoted=True)
            elif c == "'":
                end = s.find("'", self.i + 1)
                if end < 0:
                    raise _SyntaxError
                w.literal(s[self.i + 1: end], quoted=True)
                self.i = end + 1
            elif c == "$" and self.bash and s[self.i + 1: self.i + 2] == "'":
                self.i += 2
                w.literal(self._ansi_c(), quoted=True)
            elif c == '"':
                self.i += 1
                self._double(w)
            elif c == "$":
                self._dollar(w, quoted=False)
            elif c == "`":
                end = s.find("`", self.i + 1)
                if end < 0:
                    raise _SyntaxError
                self.i = end + 1
                w.unknown = True
                w.plain = False
            elif c == "~" and self.bash and w.plain and w.last in ("=", ":"):
                w.unknown = True
                w.literal(c, quoted=True)
                self.i += 1
            else:
                w.literal(c, quoted=False)
                self.i += 1
        return w

    def _ansi_c(self) -> str:
        out = ""
        s = self.s
        escapes = {"n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "f": "\f",
                   "v": "\v", "\\": "\\", "'": "'", '"': '"', "e": "\x1b", "E": "\x1b"}
        while self.i < len(s):
            c = s[self.i]
            if c == "'":
                self.i += 1
                return out
            if c == "\\" and self.i + 1 < len(s):
                n = s[self.i + 1]
                out += escapes.get(n, "\\" + n)
                self.i += 2
                continue
            out += c
            self.i += 1
        raise _SyntaxError

    def _double(self, w: _Word) -> None:
        s = self.s
        w.plain = False
        while self.i < len(s):
            c = s[self.i]
            if c == '"':
                self.i += 1
                return
            if c == "\\" and s[self.i + 1: self.i + 2] in ("$", "`", '"', "\\", "\n"):
                if s[self.i + 1] != "\n":
                    w.literal(s[self.i + 1], quoted=True)
                self.i += 2
            elif c == "$":
                self._dollar(w, quoted=True)
            elif c == "`":
                end = s.find("`", self.i + 1)
                if end < 0:
                    raise _SyntaxError
                self.i = end + 1
                w.unknown = True
            else:
                w.literal(c, quoted=True)
                self.i += 1
        raise _SyntaxError

    def _dollar(self, w: _Word, *, quoted: bool) -> None:
        s = self.s
        nxt = s[self.i + 1: self.i + 2]
        if nxt == "{":
            end = _closing_brace(s, self.i + 2)
            if end < 0:
                raise _SyntaxError
            body, self.i = s[self.i + 2: end], end + 1
            w.literal(self._param(body, w), quoted=True)
        elif nxt == "(":
            depth, j = 0, self.i + 1
            while j < len(s):
                if s[j] == "(":
                    depth += 1
                elif s[j] == ")":
                    depth -= 1
                    if depth == 0:
                        break
                j += 1
            if j >= len(s):
                raise _SyntaxError
            self.i = j + 1
            w.unknown = True
            w.plain = False
        elif (m := _NAME.match(s, self.i + 1)):
            w.literal(self.env.get(m[0], ""), quoted=True)
            self.i = m.end()
        elif nxt and nxt in "0123456789":
            w.literal("", quoted=True)  # no positional parameters; $0 names the shell
            w.unknown = w.unknown or nxt == "0"
            self.i += 2
        elif nxt and nxt in "$!-?#@*":
            w.unknown = True
            w.plain = False
            self.i += 2
        else:
            w.literal("$", quoted=quoted)
            self.i += 1

    def _param(self, body: str, w: _Word) -> str:
        m = re.fullmatch(r"([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+=?])(.*))?", body, re.DOTALL)
        if m is None:
            if re.fullmatch(r"#?[A-Za-z_][A-Za-z0-9_]*(?:[%#]{1,2}.*)?", body, re.DOTALL):
                w.unknown = True  # ${#A}, ${A%x}: real expansions this reader leaves alone
                return ""
            raise _BadSubstitution
        name, op, arg = m[1], m[2], m[3] or ""
        value = self.env.get(name)
        if op is None:
            return value or ""
        empty_counts = op.startswith(":")
        is_set = value is not None and (value != "" or not empty_counts)
        kind = op[-1]
        arg = self._expand_arg(arg, w)
        if kind == "-":
            return value if is_set and value is not None else arg
        if kind == "+":
            return arg if is_set else ""
        if kind == "=":
            if not is_set:
                self.env[name] = arg
                return arg
            return value or ""
        w.unknown = True
        return value or ""

    def _expand_arg(self, arg: str, w: _Word) -> str:
        """The word of ``${NAME-word}``: its ``$NAME`` and ``${NAME}`` expanded."""
        if "`" in arg or "$(" in arg:
            w.unknown = True
        return re.sub(r"\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))",
                      lambda m: self.env.get(m[1] or m[2], ""), arg)

    # -- running -------------------------------------------------------------------------
    def apply(self, words: list[_Word], end: str) -> None:
        in_pipeline, self._in_pipeline = self._in_pipeline, end == "|"
        if end in ("&", "|") or in_pipeline:
            return  # a background job or a pipeline runs in a subshell
        assignments: list[_Word] = []
        rest: list[_Word] = []
        unknown = any(w is _INPUT for w in words)
        for w in words:
            if w is _REDIRECT or w is _INPUT:
                continue
            if unknown:
                w.unknown = True
            if not rest and _assignment(w):
                assignments.append(w)
            else:
                rest.append(w)
        if not rest:
            for w in assignments:
                self._assign(w)
            return
        head = rest[0]
        if head.plain and head.text in _SPECIAL_BUILTINS:
            for w in assignments:
                self._assign(w)
            for w in rest[1:]:
                if _assignment(w) or ("=" in w.text and _NAME.fullmatch(w.text.split("=")[0])):
                    self._assign(w)
            return
        # any other command: the prefix assignments last for that command only

    _in_pipeline = False

    def _assign(self, w: _Word) -> None:
        name, value = w.text.split("=", 1)
        self.env[name] = UNKNOWN if w.unknown else value


_REDIRECT = _Word()  # markers in a command's words: a redirection, an input one
_INPUT = _Word()


def _assignment(w: _Word) -> bool:
    """``NAME=`` with NAME unquoted: the shell assigns rather than runs."""
    prefix = w.raw_prefix if not w.plain else w.text
    if "=" not in prefix:
        return False
    return _NAME.fullmatch(prefix.split("=", 1)[0]) is not None

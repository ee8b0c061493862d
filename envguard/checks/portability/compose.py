"""What docker compose reads from a .env file: a port of compose-go's ``dotenv`` parser
(``dotenv/parser.go``) and of the interpolation it applies (``template.Substitute``).

compose stops at the first error (a bad key character, an unclosed quote, an invalid
``${``), keeping what it read before. Interpolation forms this port does not follow
(nested ``${...}`` in a default) give :data:`UNKNOWN`. Checked against the real parser's
readings in ``tests/fixtures/loaders``.
"""

from __future__ import annotations

import re
import unicodedata

from envguard.checks.portability.shell import UNKNOWN

_GO_SPACE = "\t\v\f\r \x85\xa0"  # compose-go's isSpace
_ESCAPE = re.compile(r"\\(?:[abcfnrtv$\"\\]|0\d{0,3})")
_SIMPLE_ESCAPES = {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t",
                   "v": "\v", '"': '"', "\\": "\\"}
_NAMED = re.compile(r"[_a-z][_a-z0-9]*", re.IGNORECASE)


class _Stop(Exception):
    """compose returns an error here; what was read before it is kept."""


def read_compose(text: str) -> dict[str, str]:
    out: dict[str, str] = {}
    src = text.removeprefix("\ufeff")
    try:
        while True:
            src = _statement_start(src)
            if not src:
                break
            key, src, inherited = _key(src)
            if " " in key:
                raise _Stop
            if inherited:
                continue  # looked up in an empty environment: not set
            out[key], src = _value(src, out)
    except _Stop:
        pass
    return out


def _is_unicode_space(c: str) -> bool:
    return (c.isspace() and c not in "\x1c\x1d\x1e\x1f") or c in "\x85\xa0"


def _statement_start(src: str) -> str:
    while True:
        i = next((n for n, c in enumerate(src) if not _is_unicode_space(c)), -1)
        if i < 0:
            return ""
        src = src[i:]
        if src[0] != "#":
            return src
        nl = src.find("\n")
        if nl < 0:
            return ""
        src = src[nl:]


def _key(src: str) -> tuple[str, str, bool]:
    if re.match(r"export\s", src):
        src = src.removeprefix("export").lstrip(_GO_SPACE)
    key, offset, inherited = "", 0, False
    for i, c in enumerate(src):
        if c in _GO_SPACE:
            continue
        if c in "=:\n":
            key, offset, inherited = src[:i], i + 1, c == "\n"
            break
        if c in "_.-[]" or unicodedata.category(c)[0] in "LN":
            continue
        raise _Stop
    else:
        # no '=', ':' or newline: an empty key, and the whole text is its value
        key, offset = "", 0
    return key.rstrip(), src[offset:].lstrip(_GO_SPACE), inherited


def _value(src: str, env: dict[str, str]) -> tuple[str, str]:
    quote = src[:1]
    if quote not in ("'", '"'):
        value, _, rest = src.partition("\n")
        value = value.split(" #", 1)[0].rstrip()
        return _substitute(value, env), rest
    chars: list[str] = []
    escaped = False
    for i in range(1, len(src)):
        c = src[i]
        if c != quote:
            if not escaped and c == "\\":
                escaped = True
                continue
            if escaped:
                escaped = False
                chars.append("\\")
            chars.append(c)
            continue
        if escaped:
            escaped = False
            chars.append(c)
            continue
        value = "".join(chars)
        if quote == '"':
            value = _substitute(_expand_escapes(value), env)
        return value, src[i + 1:]
    raise _Stop  # unterminated quoted value


def _expand_escapes(value: str) -> str:
    def one(m: re.Match[str]) -> str:
        s = m[0]
        if s == "\\$":
            return "$$"
        if s.startswith("\\0"):
            digits = s[2:]
            if len(digits) == 3 and all(d in "01234567" for d in digits):
                return chr(int(digits, 8))
            return s
        return _SIMPLE_ESCAPES.get(s[1], s)

    return _ESCAPE.sub(one, value)


def _substitute(value: str, env: dict[str, str]) -> str:
    """``template.Substitute``: ``$$``, ``$NAME``, ``${NAME}`` and its ``:-``, ``-``,
    ``:+``, ``+``, ``:?``, ``?`` forms; a ``${`` that is none of them is an error."""
    out: list[str] = []
    i = 0
    while True:
        j = value.find("$", i)
        if j < 0:
            out.append(value[i:])
            return "".join(out)
        out.append(value[i:j])
        rest = value[j + 1:]
        if rest.startswith("$"):
            out.append("$")
            i = j + 2
        elif (m := _NAMED.match(rest)):
            out.append(env.get(m[0], ""))
            i = j + 1 + m.end()
        elif rest.startswith("{"):
            end = rest.find("}")
            if end < 0:
                raise _Stop
            body = rest[1:end]
            if "{" in body or "$" in body:
                return UNKNOWN
            out.append(_braced(body, env))
            i = j + 1 + end + 1
        else:  # a '$' the pattern does not match stays as written
            out.append("$")
            i = j + 1


def _braced(body: str, env: dict[str, str]) -> str:
    m = re.fullmatch(r"([_a-z][_a-z0-9]*)(?:(:?[-+?])(.*))?", body, re.IGNORECASE | re.DOTALL)
    if m is None:
        raise _Stop
    name, op, arg = m[1], m[2], m[3] or ""
    value = env.get(name)
    if op is None:
        return value or ""
    empty_counts = op.startswith(":")
    present = value is not None and not (empty_counts and value == "")
    kind = op[-1]
    if kind == "-":
        return value if present and value is not None else arg
    if kind == "+":
        return arg if present else ""
    if not present:
        raise _Stop  # ${NAME:?message}: a required variable
    return value or ""

"""What node's ``dotenv.parse()`` and ``dotenv-expand``'s ``expand()`` read from a .env text.

Ports of their code (dotenv 18's ``LINE`` regex parser, the default; dotenv-expand 1000's
``${...}``/``$NAME`` expansion, ``$(...)`` command substitution and ``\\$`` unescaping),
with JavaScript's regex classes spelled out: JS ``\\s`` also matches a BOM, and ``.``
and a multi-line ``$`` stop at U+2028/U+2029 too. Checked against the real packages'
readings in ``tests/fixtures/loaders``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from envguard.checks.portability.shell import UNKNOWN

_S = r"[\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]"
_LT = r"\n\r\u2028\u2029"  # JavaScript's line terminators
_BOL = rf"(?:(?<=[{_LT}])|\A)"
_EOL = rf"(?=[{_LT}]|\Z)"
_LINE = re.compile(
    rf"{_BOL}{_S}*(?:export{_S}+)?([A-Za-z0-9_.-]+)(?:{_S}*={_S}*?|:{_S}+?)"
    rf"({_S}*'(?:\\'|[^'])*'|{_S}*\"(?:\\\"|[^\"])*\"|{_S}*`(?:\\`|[^`])*`|[^#\r\n]+)?"
    rf"{_S}*(?:#[^{_LT}]*)?{_EOL}"
)
_UNQUOTE = re.compile(rf"{_BOL}(['\"`])([\s\S]*)\1{_EOL}")
_JS_TRIM = re.compile(rf"^{_S}+|{_S}+$")


def read_node_dotenv(text: str) -> dict[str, str]:
    """``dotenv.parse(text)``: the last definition of each key wins."""
    text = re.sub(r"\r\n?", "\n", text)
    out: dict[str, str] = {}
    for m in _LINE.finditer(text):
        value = _JS_TRIM.sub("", m[2] or "")
        quote = value[:1]
        value = _UNQUOTE.sub(r"\2", value)
        if quote == '"':
            value = value.replace("\\n", "\n").replace("\\r", "\r")
        out[m[1]] = value
    return out


_REF = re.compile(r"(?<!\\)\$\{([^{}]+)\}|(?<!\\)\$([A-Za-z_][A-Za-z0-9_]*)")
_OP = re.compile(r":\+|\+|:-|-")
_COMMAND = re.compile(r"\$\([^)]*\)")


def read_dotenv_expand(text: str) -> dict[str, str]:
    """``expand({parsed: dotenv.parse(text), processEnv: {}}).parsed``."""
    done: dict[str, str] = {}
    for key, value in read_node_dotenv(text).items():
        expanded = _expand(value, done)
        if expanded != UNKNOWN and _COMMAND.search(expanded):
            expanded = UNKNOWN  # dotenv-expand runs $(...) as a command
        done[key] = expanded if expanded == UNKNOWN else expanded.replace("\\$", "$")
    return done


def _expand(value: str, known: Mapping[str, str]) -> str:
    for _ in range(100):
        m = _REF.search(value)
        if m is None:
            return value
        body = m[1] or m[2]
        op_match = _OP.search(body)
        op = op_match[0] if op_match else None
        parts = body.split(op) if op else [body]
        name, arg = parts[0], (op or "").join(parts[1:])
        current = known.get(name)
        if current == UNKNOWN:
            return UNKNOWN
        if op == ":-":
            got = current or arg
        elif op == "-":
            got = current if current is not None else arg
        elif op == ":+":
            got = arg if current else ""
        elif op == "+":
            got = arg if current is not None else ""
        else:
            got = current or ""
        value = value[:m.start()] + _js_replacement(got, value, m) + value[m.end():]
        if value == current:
            return value
    return UNKNOWN


def _js_replacement(replacement: str, subject: str, m: re.Match[str]) -> str:
    """``String.prototype.replace``'s ``$`` patterns in a replacement string."""
    if "$" not in replacement:
        return replacement
    table = {"$": "$", "&": m[0], "`": subject[:m.start()], "'": subject[m.end():]}
    return re.sub(r"\$([$&`'])", lambda p: table[p[1]], replacement)

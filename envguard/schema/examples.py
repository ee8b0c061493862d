"""Example templates of credential formats: shapes that expand to fresh fake values.

A format's ``examples`` and ``not_examples`` are committed as templates, never as key-like
strings (those would trip every secret scanner, envguard's own scan of its repository
included). The test suite expands each template with random material and checks that
validation and the scanner agree with the format. Syntax (documented in
``schemas/README.md``): literal text, and placeholders

- ``{CLASS:N}``: N random characters of a class (:data:`CLASSES`), e.g. ``{base62:36}``;
- ``{crc32}``: the 6-character base62 CRC32 of the text the previous placeholder made
  (GitHub and npm token checksums);
- ``{base64:T}``, ``{base64url:T}``, ``{base64pad:T}``: template ``T`` expanded, then
  encoded (unpadded standard, unpadded URL-safe, padded standard base64); ``T`` may
  contain JSON, whose braces are literal text (``{base64url:{"role":"anon"}}``).

A ``{`` that does not start ``{name:`` or ``{name}`` is literal text.
"""

from __future__ import annotations

import base64
import random
import re
import string
import zlib
from collections.abc import Callable

_B62 = string.digits + string.ascii_uppercase + string.ascii_lowercase

#: Character classes of ``{CLASS:N}``.
CLASSES: dict[str, str] = {
    "base62": string.ascii_letters + string.digits,
    "alnum": string.ascii_letters + string.digits,
    "hex": "0123456789abcdef",
    "HEX": "0123456789ABCDEF",
    "digits": string.digits,
    "alpha": string.ascii_letters,
    "lower": string.ascii_lowercase,
    "upper": string.ascii_uppercase,
    "lower_digits": string.ascii_lowercase + string.digits,
    "upper_digits": string.ascii_uppercase + string.digits,
    "base32": string.ascii_uppercase + "234567",
    "b64": string.ascii_letters + string.digits + "+/",
    "b64url": string.ascii_letters + string.digits + "-_",
}

_ENCODINGS: dict[str, Callable[[bytes], str]] = {
    "base64": lambda b: base64.b64encode(b).decode().rstrip("="),
    "base64url": lambda b: base64.urlsafe_b64encode(b).decode().rstrip("="),
    "base64pad": lambda b: base64.b64encode(b).decode(),
}
_OPEN = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)([:}])")
_MAX_COUNT = 4096


class TemplateError(ValueError):
    """A template that does not parse; the message never quotes the template."""


def _closing(text: str, start: int) -> int:
    """Index of the ``}`` closing the placeholder whose argument starts at ``start``."""
    depth = 1
    for i in range(start, len(text)):
        if text[i] == "{":
            depth += 1
        elif text[i] == "}":
            depth -= 1
            if depth == 0:
                return i
    raise TemplateError("unclosed placeholder")


def expand(template: str, rng: random.Random | None = None) -> str:
    """The template with every placeholder replaced; raises :class:`TemplateError`."""
    r = rng or random.Random()
    out: list[str] = []
    last = ""  # what the previous placeholder produced, for {crc32}
    pos = 0
    while pos < len(template):
        m = _OPEN.search(template, pos)
        if m is None:
            out.append(template[pos:])
            break
        out.append(template[pos:m.start()])
        name = m.group(1)
        if m.group(2) == "}":
            if name != "crc32":
                raise TemplateError(f"unknown placeholder {{{name}}}")
            n = zlib.crc32(last.encode())
            chk = ""
            while n:
                n, rem = divmod(n, 62)
                chk = _B62[rem] + chk
            last = chk.rjust(6, "0")
            pos = m.end()
        else:
            end = _closing(template, m.end())
            arg = template[m.end():end]
            pos = end + 1
            if name in _ENCODINGS:
                last = _ENCODINGS[name](expand(arg, r).encode())
            elif name in CLASSES:
                if not (arg.isascii() and arg.isdigit()) or not 0 < int(arg) <= _MAX_COUNT:
                    raise TemplateError(f"{{{name}:N}} needs a count from 1 to {_MAX_COUNT}")
                last = "".join(r.choice(CLASSES[name]) for _ in range(int(arg)))
            else:
                known = ", ".join([*CLASSES, *_ENCODINGS, "crc32"])
                raise TemplateError(f"unknown placeholder {{{name}:...}}; known: {known}")
        out.append(last)
    return "".join(out)


def check(template: str) -> str | None:
    """The problem with a template, or None when it expands."""
    try:
        expand(template, random.Random(0))
    except TemplateError as exc:
        return str(exc)
    return None

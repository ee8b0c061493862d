"""The number grammar every check shares: what an integer and a decimal number look like.

A value is read by many loaders (Python's ``int()``/``float()``, JavaScript's
``Number()``, zod's coercion), so envguard accepts only the common core: ASCII digits, an
optional sign, a decimal point and an exponent. ``1_000``, ``٣`` (an Arabic-Indic digit),
``0x1F``, ``inf`` and ``nan`` are not numbers here, though Python alone would take some.
Validation, type inference, comparison and flag values all ask this module, so that a
value one of them calls a number the others call one too.
"""

from __future__ import annotations

import re

_INTEGER = re.compile(r"[+-]?[0-9]+")
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def is_integer(text: str) -> bool:
    """``42``, ``-7``, ``+0``; no surrounding blanks (callers strip where loaders do)."""
    return _INTEGER.fullmatch(text) is not None


def is_number(text: str) -> bool:
    """An integer or a decimal: ``3.14``, ``.5``, ``1e-3``, ``2.``."""
    return _NUMBER.fullmatch(text) is not None

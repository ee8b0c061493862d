"""Hypothesis strategies shared by the property tests: keys, text, key material, trees."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy


def env_keys(max_size: int = 15, first: str = "A-Z") -> SearchStrategy[str]:
    """Conventional variable names: ``[first][A-Z0-9_]{0,max_size}``."""
    return st.from_regex(rf"[{first}][A-Z0-9_]{{0,{max_size}}}", fullmatch=True)


def unicode_text(max_size: int, exclude: str = "") -> SearchStrategy[str]:
    """Any text that can be encoded (no lone surrogates), without the ``exclude`` chars."""
    return st.text(alphabet=st.characters(exclude_categories=("Cs",),  # type: ignore[arg-type]
                                          exclude_characters=exclude), max_size=max_size)


def is_key_material(s: str) -> bool:
    """Like real key material: upper, lower and digits, so it cannot be an English word,
    a rule id or a hex fingerprint that a report legitimately contains."""
    return any(c.isupper() for c in s) and any(c.islower() for c in s) and any(
        c.isdigit() for c in s
    )


def key_material(alphabet: str, min_size: int = 12, max_size: int = 60) -> SearchStrategy[str]:
    """Secret-looking values from ``alphabet`` that pass :func:`is_key_material`."""
    return st.text(alphabet=alphabet, min_size=min_size, max_size=max_size).filter(
        is_key_material)


def trees(leaves: SearchStrategy[Any], keys: SearchStrategy[str],
          max_leaves: int) -> SearchStrategy[Any]:
    """JSON/YAML-like documents: ``leaves`` nested in lists and ``keys``-keyed dicts."""
    return st.recursive(
        leaves,
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=4),
        max_leaves=max_leaves,
    )

"""Which variables are flags when no schema says so: recognised by name.

Without declarations, the common naming conventions are the only signal. Browser-exposure
prefixes (``NEXT_PUBLIC_``, ``VITE_``...) are looked through, so ``VITE_ENABLE_X`` is a flag
like ``ENABLE_X``. Anything not recognised is never read into the matrix, so a secret that
shares a file with flags is never shown.
"""

from __future__ import annotations

from collections.abc import Iterable
from fnmatch import fnmatchcase

from envguard.schema.model import BROWSER_PREFIXES
from envguard.sources.platforms.system import platform_of

#: The conventions issue 5 names; ``[tool.envguard.flags] patterns`` adds more.
NAME_PATTERNS = ("ENABLE_*", "FEATURE_*", "FF_*", "*_ENABLED", "NEXT_PUBLIC_FEATURE_*", "DEBUG*")
_DEBUG_TOKENS = frozenset({"DEBUG", "DEVTOOLS"})


def _bare(name: str) -> str:
    upper = name.upper()
    for prefix in BROWSER_PREFIXES:
        if upper.startswith(prefix) and len(upper) > len(prefix):
            return upper[len(prefix):]
    return upper


def is_flag_name(name: str, extra_patterns: Iterable[str] = ()) -> bool:
    """True for ``ENABLE_*``, ``FEATURE_*``, ``FF_*``, ``*_ENABLED``, ``DEBUG*`` and friends;
    never for a variable the platform sets itself (``TURBO_*``, ``VERCEL_*``...: the user
    does not choose those values, so there is no flag to promote)."""
    if platform_of(name.upper()) is not None:
        return False
    patterns = (*NAME_PATTERNS, *extra_patterns)
    upper, bare = name.upper(), _bare(name)
    return any(fnmatchcase(upper, p.upper()) or fnmatchcase(bare, p.upper()) for p in patterns)


def is_debug_name(name: str) -> bool:
    """A name that says "for developers": a DEBUG or DEVTOOLS word, or ``DEV_ONLY``."""
    bare = _bare(name)
    return (bool(_DEBUG_TOKENS & set(bare.split("_"))) or bare.startswith("DEBUG")
            or "DEV_ONLY" in bare)

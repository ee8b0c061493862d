"""Strings from a regular expression: fresh values for the peer rules that build their
samples from a pattern (gitleaks' ``secrets.NewSecret(regex)``).

The samples gitleaks generates are not stored in its repository (they are drawn anew on
every test run), so the extractor draws its own from the same pattern. The pattern is
read with CPython's own regex parser; Go's RE2 syntax differs only in a few spellings,
rewritten first. Unbounded repeats are capped (``*`` and ``+`` at a few characters), as
lucasjones/reggen (gitleaks' generator) does.
"""

from __future__ import annotations

import random
import re
import string

try:  # CPython 3.11+
    import re._constants as C  # noqa: N812
    import re._parser as P  # noqa: N812
except ImportError:  # pragma: no cover - older CPython
    import sre_constants as C  # type: ignore[no-redef]  # noqa: N812
    import sre_parse as P  # type: ignore[no-redef]  # noqa: N812

_POSIX = {
    "[:alnum:]": "a-zA-Z0-9", "[:alpha:]": "a-zA-Z", "[:digit:]": "0-9", "[:xdigit:]": "0-9a-fA-F",
    "[:lower:]": "a-z", "[:upper:]": "A-Z", "[:space:]": r" \t", "[:punct:]": r"!-/:-@\[-`{-~",
}
_PRINTABLE = [c for c in string.ascii_letters + string.digits + "_-.+/="]
_CATEGORY = {
    C.CATEGORY_DIGIT: string.digits,
    C.CATEGORY_WORD: string.ascii_letters + string.digits + "_",
    C.CATEGORY_SPACE: " ",
    C.CATEGORY_NOT_DIGIT: string.ascii_letters,
    C.CATEGORY_NOT_WORD: "-.:/ ",
    C.CATEGORY_NOT_SPACE: string.ascii_letters + string.digits,
}
_UNBOUNDED_EXTRA = 8


def go_to_python(pattern: str) -> str:
    """RE2 spellings CPython does not read: POSIX classes, ``\\z``, ``(?i:`` is fine."""
    for k, v in _POSIX.items():
        pattern = pattern.replace(k, v)
    pattern = pattern.replace(r"\z", r"\Z")
    if "(?i)" in pattern[1:]:  # RE2 allows a flag mid-pattern; CPython only at the start
        pattern = "(?i)" + pattern.replace("(?i)", "")
    return pattern


def generate(pattern: str, rng: random.Random) -> str:
    """One string the pattern matches (case as written: ``(?i)`` does not flip letters)."""
    tree = P.parse(go_to_python(pattern))
    out: list[str] = []
    _emit(list(tree), rng, out)
    return "".join(out)


def _class_chars(items: list[tuple[object, object]]) -> list[str]:
    chars: list[str] = []
    negate = False
    for op, av in items:
        if op is C.NEGATE:
            negate = True
        elif op is C.LITERAL:
            chars.append(chr(av))  # type: ignore[arg-type]
        elif op is C.RANGE:
            lo, hi = av  # type: ignore[misc]
            chars.extend(chr(c) for c in range(lo, hi + 1))
        elif op is C.CATEGORY:
            chars.extend(_CATEGORY.get(av, string.ascii_letters))  # type: ignore[call-overload]
    if negate:
        banned = set(chars)
        return [c for c in _PRINTABLE if c not in banned] or ["x"]
    return chars or ["x"]


def _emit(items: list[tuple[object, object]], rng: random.Random, out: list[str]) -> None:
    for op, av in items:
        if op is C.LITERAL:
            out.append(chr(av))  # type: ignore[arg-type]
        elif op is C.NOT_LITERAL:
            out.append(rng.choice([c for c in _PRINTABLE if c != chr(av)]))  # type: ignore[arg-type]
        elif op is C.ANY:
            out.append(rng.choice(_PRINTABLE))
        elif op is C.IN:
            out.append(rng.choice(_class_chars(av)))  # type: ignore[arg-type]
        elif op is C.CATEGORY:
            out.append(rng.choice(_CATEGORY.get(av, "x")))  # type: ignore[call-overload]
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", None)):
            lo, hi, sub = av  # type: ignore[misc]
            if hi is C.MAXREPEAT:
                hi = lo + _UNBOUNDED_EXTRA
            for _ in range(rng.randint(lo, hi)):
                _emit(list(sub), rng, out)
        elif op is C.SUBPATTERN:
            _emit(list(av[-1]), rng, out)  # type: ignore[index]
        elif op is C.BRANCH:
            _emit(list(rng.choice(av[1])), rng, out)  # type: ignore[index]
        elif op in (C.AT, C.ASSERT, C.ASSERT_NOT, C.GROUPREF):
            continue  # anchors and lookarounds produce nothing
        else:
            raise ValueError(f"unsupported regex element {op}")


def selfcheck(pattern: str, value: str) -> bool:
    """Whether the generated value really matches its pattern (whole string)."""
    return re.fullmatch(go_to_python(pattern), value) is not None

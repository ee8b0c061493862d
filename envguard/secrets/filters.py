"""False-positive control: values and lines that look like secrets and are not.

Each filter is a small pure function so a detection can say which one dropped it and a
test can pin each one down. Provider rules (known prefixes) only pass through the value
filters; the generic heuristics also pass through the "is this random at all" ones,
because a generic heuristic has nothing but the value and its name to go on.
"""

from __future__ import annotations

import fnmatch
import hashlib
import math
import re
from collections import Counter
from collections.abc import Iterable

from envguard.checks.hygiene import is_placeholder

#: sha256 of credentials printed in vendors' docs and tool defaults (Stripe's docs keys,
#: AWS's ``…EXAMPLE`` pair, the Supabase CLI's local keys and default JWT secret). Stored
#: as hashes so this file does not itself trip a scanner.
DOCUMENTED_EXAMPLES = frozenset({
    "2cafc0970149a84f3b9e62eaf169f36f59907a3b3e31f7b82e68c69cd27f7326",  # Stripe docs sk_test
    "b1471f544ceeea31333bde7e1ecbaad6eac0d4a749412ad29bd66ef895b81c6b",  # Stripe docs pk_test
    "f2d6ca16515033e5dce14eba840b979d27b5cbae24bb3e5bf484339667f86397",  # Stripe docs sk_test
    "1a5d44a2dca19669d72edf4c4f1c27c4c1ca4b4408fbb17f6ce4ad452d78ddb3",  # AWS docs key id
    "78314b11be2e581549ac1c4f616563fad3fdf0c3b71678f6e2299182080e0598",  # AWS docs secret
    "9705102db0d5f99ee08daa19a73e510d9877a2a9add9369da247cbbe6c2a0140",  # Supabase local
    "c85debb55f2f204d868cc1552c42faa143b4c675f61363ab040dd50b5b5304cd",  # Supabase local
    "a064b502e61d27e94b8717290e5e1b32e36720e9fbdf952ec81a84c07128cb37",  # Supabase JWT secret
    "bf1725a8f98bea37e88618702e725ba84bd8acdb2647c5e0ed638bfd685791cf",  # Supabase local anon
})  # fmt: skip

# Words that mark a value as a stand-in: docs, templates, tests.
_STAND_IN = re.compile(
    r"(?i)example|sample|dummy|placeholder|change.?me|replace.?me|redacted|fake|your[_-]"
    r"|xxxx|\*\*\*|\.\.\.|…|<[a-z_ -]+>|\[[a-z_ -]+\]|\$\{|\{\{|%\(|\$\(|0000000|1234567|abcdefg"
)
_ALLOW = ("envguard: allow", "pragma: allowlist secret", "envguard:allow")
_ALLOW_NEXT = ("envguard: allow-next-line", "pragma: allowlist nextline secret")
_MINIFIED_NAME = re.compile(r"(?i)(?:\.min\.(?:js|css|mjs)|\.bundle\.js|\.chunk\.js|\.map)$")
_LOW_TRUST_DIR = re.compile(
    r"(?i)(?:^|/)(?:tests?|spec|specs|__tests__|__mocks__|mocks?|fixtures?|testdata|examples?|"
    r"docs?|samples?)/|(?:^|/)(?:test_[^/]*|[^/]*_test\.[a-z]+|[^/]*\.(?:test|spec)\.[a-z]+|"
    r"[^/]*(?:example|sample|fixture|mock|dummy)[^/]*)$"
)


def shannon(value: str) -> float:
    """Bits per character; random base62 is ~5.9 at length, English words are ~3."""
    n = len(value)
    if n == 0:
        return 0.0
    return -sum(c / n * math.log2(c / n) for c in Counter(value).values())


def is_documented_example(value: str) -> bool:
    return hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest() in (
        DOCUMENTED_EXAMPLES
    )


def is_stand_in(value: str) -> bool:
    """A template value, a docs example or a test fake rather than a credential."""
    return (
        is_placeholder(value)
        or bool(_STAND_IN.search(value))
        or is_documented_example(value)
        or len(set(value)) <= 3
    )


def is_data_uri_line(text: str) -> bool:
    """An inlined image or font: long base64 that is content, not a credential."""
    return ";base64," in text and "data:" in text


def is_minified(text: str, path: str) -> bool:
    """A bundle's line: name-based, or a long line with almost no whitespace."""
    if _MINIFIED_NAME.search(path):
        return True
    if len(text) < 1000:
        return False
    return text.count(" ") + text.count("\t") < len(text) // 50


def has_allow_marker(text: str) -> bool:
    return any(marker in text for marker in _ALLOW) and not any(
        marker in text for marker in _ALLOW_NEXT
    )


def has_allow_next_marker(text: str) -> bool:
    return any(marker in text for marker in _ALLOW_NEXT)


def is_low_trust_path(path: str) -> bool:
    """Tests, fixtures, examples and docs: generic guesses there are reported softer."""
    return bool(_LOW_TRUST_DIR.search(path))


def path_excluded(path: str, patterns: Iterable[str]) -> bool:
    """Globs (``fnmatch``): ``dist/`` matches a folder anywhere, ``*.lock`` a file name
    anywhere, ``src/gen/*`` the path from the top."""
    parts = path.split("/")
    name, folders = parts[-1], parts[:-1]
    for pattern in patterns:
        if pattern.endswith("/"):
            core = pattern.rstrip("/")
            if any(fnmatch.fnmatchcase("/".join(parts[: i + 1]), core)
                   or fnmatch.fnmatchcase(folder, core) for i, folder in enumerate(folders)):
                return True
        elif fnmatch.fnmatchcase(path, pattern) or (
            "/" not in pattern and fnmatch.fnmatchcase(name, pattern)
        ):
            return True
    return False

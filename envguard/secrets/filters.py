"""False-positive control: values and lines that look like secrets and are not.

Each filter is a small pure function so a detection can say which one dropped it and a
test can pin each one down. Provider rules (known prefixes) only pass through the value
filters; the generic heuristics also pass through the "is this random at all" ones,
because a generic heuristic has nothing but the value and its name to go on.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable

_ALLOW = ("envguard: allow", "pragma: allowlist secret", "envguard:allow")
_ALLOW_NEXT = ("envguard: allow-next-line", "pragma: allowlist nextline secret")
_MINIFIED_NAME = re.compile(r"(?i)(?:\.min\.(?:js|css|mjs)|\.bundle\.js|\.chunk\.js|\.map)$")
_BUNDLE_SOURCE = re.compile(r"(?i)\.(?:js|mjs|cjs|css)$")
_LOW_TRUST_DIR = re.compile(
    r"(?i)(?:^|/)(?:tests?|spec|specs|__tests__|__mocks__|mocks?|fixtures?|testdata|examples?|"
    r"docs?|samples?)/|(?:^|/)(?:test_[^/]*|[^/]*_test\.[a-z]+|[^/]*\.(?:test|spec)\.[a-z]+|"
    r"[^/]*(?:example|sample|fixture|mock|dummy)[^/]*)$"
)


def is_data_uri_line(text: str) -> bool:
    """An inlined image or font: long base64 that is content, not a credential."""
    return ";base64," in text and "data:" in text


def is_minified(text: str, path: str) -> bool:
    """A bundle's line: by name (``.min.js``, ``.bundle.js``...), or a long line with
    almost no whitespace in a JavaScript or CSS file. A one-line JSON, YAML, TOML or env
    file is configuration, and is scanned like any other."""
    if _MINIFIED_NAME.search(path):
        return True
    if len(text) < 1000 or not _BUNDLE_SOURCE.search(path):
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

"""Regular expressions compiled on first use.

``import envguard`` and ``envguard.load()`` run at every application start; compiling
the dozens of patterns of the vocabulary modules there would be paid by every process,
though most never redact or judge a placeholder. A :class:`LazyPattern` is declared at
module level like a compiled pattern and compiles itself the first time it is used.
"""

from __future__ import annotations

import re
from functools import cached_property
from typing import Any


class LazyPattern:
    """The subset of :class:`re.Pattern` envguard uses, compiled on first call."""

    def __init__(self, source: str, flags: int = 0) -> None:
        self.source = source
        self.flags = flags

    @cached_property
    def compiled(self) -> re.Pattern[str]:
        return re.compile(self.source, self.flags)

    def search(self, text: str) -> re.Match[str] | None:
        return self.compiled.search(text)

    def match(self, text: str) -> re.Match[str] | None:
        return self.compiled.match(text)

    def fullmatch(self, text: str) -> re.Match[str] | None:
        return self.compiled.fullmatch(text)

    def findall(self, text: str) -> list[Any]:
        return self.compiled.findall(text)

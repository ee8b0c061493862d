"""What every platform reader shares: decoding, located containers, and a collector.

The collector is where the house rules for exports live, so that each reader only knows
its format: duplicate keys become findings (both definitions are kept, the later wins,
as in a .env file), withheld values are counted, and an export with no variables at all
is unusable input rather than a silently clean result.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from envguard.errors import InputError
from envguard.findings import Finding, Severity
from envguard.model import EnvVar, Origin
from envguard.secrecy import is_encryption_public_key, redact_key, sealed_kind
from envguard.sources.base import Sealed, SourceRead, sealed_finding

VALID_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")



class LocatedDict(dict[str, Any]):
    """A mapping decoded from JSON or YAML that remembers where each key was written.

    ``pairs`` keeps every ``(key, line, value)`` in document order, duplicates included:
    a plain dict would silently keep only the last of two equal keys.
    """

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line
        self.pairs: list[tuple[str, int, Any]] = []

    def put(self, key: str, line: int, value: Any) -> None:
        self.pairs.append((key, line, value))
        self[key] = value

    def line_of(self, key: str) -> int:
        found: int = self.line
        for name, line, _ in self.pairs:
            if name == key:
                found = line
        return found


class LocatedList(list[Any]):
    """A sequence decoded from JSON or YAML with the line of each item."""

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line
        self.lines: list[int] = []

    def push(self, line: int, value: Any) -> None:
        self.lines.append(line)
        self.append(value)

    def located(self) -> Iterator[tuple[int, Any]]:
        """``(line, item)`` pairs."""
        return zip(self.lines, self, strict=True)


def scalar_text(value: Any) -> str | None:
    """A JSON/YAML scalar as an environment value: ``true`` not ``True``, null is unset."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (str, int, float)):
        return str(value)
    raise TypeError(type(value).__name__)


def field_text(item: LocatedDict, field: str, name: str, source: str) -> str | None:
    """``item[field]`` when it is text, None when it is missing or null; anything else is
    unusable input at that field's line, naming the variable (redacted if key material)."""
    value = item.get(field)
    if value is None or isinstance(value, str):
        return value
    raise InputError(f'{source}:{item.line_of(field)}: {redact_key(name)}: "{field}" is '
                     f"{kind_of(value)}, not text")


def optional_list(holder: LocatedDict, key: str, source: str, what: str) -> LocatedList | None:
    """``holder[key]`` when it is an array, None when it is missing or null; anything else
    is unusable input at its line (``what`` names it in the message)."""
    value = holder.get(key)
    if value is None or isinstance(value, LocatedList):
        return value
    raise InputError(f"{source}:{holder.line_of(key)}: {what} is {kind_of(value)}, "
                     "not an array")


def named_entries(items: LocatedList, field: str, source: str, entry: str, context: str = ""
                  ) -> Iterator[tuple[int, LocatedDict, str]]:
    """Each entry of ``items`` with its ``field`` (the variable's name) and the line that
    names it; an entry that is not an object, or has no text there, is unusable input
    (``{entry} without a "{field}"{context}``)."""
    for line, item in items.located():
        name = item.get(field) if isinstance(item, LocatedDict) else None
        if not isinstance(name, str):
            raise InputError(f'{source}:{line}: {entry} without a "{field}"{context}')
        yield item.line_of(field), item, name


def kind_of(value: Any) -> str:
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    return "null" if value is None else "a scalar"


class Collector:
    """Builds one SourceRead; every reader adds its variables through :meth:`add`."""

    def __init__(self, source: str, fmt: str, platform: str | None = None) -> None:
        self.read = SourceRead(source, format=fmt)
        self.platform = platform or fmt
        self._seen: dict[str, int | None] = {}
        self._withheld: list[str] = []
        self._sealed: list[Sealed] = []

    @property
    def source(self) -> str:
        return self.read.source

    def origin(self, line: int | None) -> Origin:
        return Origin(self.read.source, line)

    def note(self, rule: str, severity: Severity, message: str, *, line: int | None = None,
             key: str | None = None, hint: str | None = None) -> None:
        self.read.findings.append(Finding(rule, severity, message, key=key and redact_key(key),
                                          origin=self.origin(line), hint=hint))

    def add(self, key: str, value: str | None, line: int | None, *,
            withheld: bool = False, duplicate_ok: bool = False, sealed: str | None = None) -> None:
        """One definition. A withheld value is stored as ``""`` so presence still counts.

        A value that is ciphertext or a secret reference (``sealed``: its kind, found from
        the value when not given) is withheld too, but counted under ``encrypted-value``:
        the platform gave it, it is just not the value the application reads."""
        key = redact_key(key)  # a key that is key material is never kept, nor shown
        if not key:
            self.note("parse-error", Severity.ERROR, "a variable with an empty name is skipped",
                      line=line)
            return
        if key in self._seen and not duplicate_ok:
            earlier = self._seen[key]
            where = f"on line {earlier}" if earlier is not None else "earlier"
            self.note("duplicate-key", Severity.WARNING,
                      f"{key} is also defined {where}; this later definition wins",
                      line=line, key=key, hint="keep one definition")
        elif key not in self._seen and not VALID_KEY.fullmatch(key):
            self.note("invalid-key", Severity.WARNING,
                      f"{key!r} is not a portable variable name (letters, digits, underscores; "
                      "no leading digit); a shell rejects it", line=line, key=key)
        self._seen[key] = line
        if sealed is None and not withheld and value is not None:
            sealed = sealed_kind(value)
        if sealed is not None:
            self._sealed.append((key, sealed))
            withheld, value = True, ""
        elif withheld:
            self._withheld.append(key)
            value = ""
        public = False if is_encryption_public_key(key) else None
        self.read.vars.append(EnvVar(key, value, self.origin(line), public, withheld=withheld))

    def finish(self, what: str = "export") -> SourceRead:
        """The SourceRead; no variables at all is an error, since a check would pass vacuously."""
        if not self.read.vars:
            raise InputError(
                f"{self.source}: empty {what}: no variables to read "
                "(did the export command fail, or is it linked to the wrong project or "
                "environment?)"
            )
        if self._withheld:
            names = sorted(set(self._withheld))
            shown = ", ".join(names[:8]) + (f" and {len(names) - 8} more" if len(names) > 8 else "")
            self.note("values-withheld", Severity.INFO,
                      f"{len(names)} value(s) withheld by {self.platform} ({shown}): "
                      "presence is checked, the values are not",
                      hint="to judge values, export them with a command that includes values")
        sealed = sealed_finding(self.source, self._sealed)
        if sealed is not None:
            self.read.findings.append(sealed)
        return self.read


def line_starts(text: str) -> list[int]:
    """Offsets where each line begins, for offset -> line lookups."""
    return [0] + [m.end() for m in re.finditer("\n", text)]

"""The env model: every definition of every variable, with where it came from.

Sources produce :class:`EnvVar` objects; nothing downstream sees a raw secret unless it
asks for ``.value`` explicitly. ``str``/``repr``/f-strings of a variable show only its
redacted form, so a check or reporter that formats a variable cannot leak it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from envguard.secrecy import looks_secret_by_name, looks_secret_by_value, redact, shown_path


@dataclass(frozen=True, order=True)
class Origin:
    """Where a definition came from: a file and line, or a description such as the process.

    ``column`` is 1-based, in characters (as editors and SARIF count), where it is known.
    It is left out of equality, hashing and ordering: one variable's definition is one
    place whichever reader located it, and whether a column was known for it. (Reports
    order findings within a line by :attr:`column` themselves.)
    """

    source: str
    line: int | None = None
    column: int | None = field(default=None, compare=False)

    @property
    def file(self) -> str | None:
        """The file as findings show it: a component that is key material is redacted."""
        return None if self.source.startswith("<") else shown_path(self.source)

    def __str__(self) -> str:
        return self.shown()

    def shown(self, column: bool = True) -> str:
        """``file:line:col`` (``column=False``, or no column known: ``file:line``; no line:
        just the file or description)."""
        shown = shown_path(self.source)
        if self.line is None:
            return shown
        if column and self.column is not None:
            return f"{shown}:{self.line}:{self.column}"
        return f"{shown}:{self.line}"


PROCESS_ENV = Origin("<process environment>")


@dataclass(frozen=True)
class EnvVar:
    """One definition of one variable. ``value`` is None for ``KEY`` without ``=``.

    ``withheld`` marks a value the platform would not give us (Vercel's ``[SENSITIVE]``,
    names-only listings): presence counts, the value is not judged.

    ``secret`` is the schema's verdict, or None where no schema spoke; then the name
    decides. A value that looks like key material is hidden whatever the verdict.
    """

    key: str
    value: str | None = field(repr=False)
    origin: Origin
    secret: bool | None = None
    withheld: bool = False

    @property
    def display(self) -> str:
        """The value as it may be shown to anyone."""
        if self.withheld:
            return "[withheld]"
        if self.value is None:
            return "<no value>"
        by_name = self.secret is None and looks_secret_by_name(self.key)
        if self.secret or by_name or looks_secret_by_value(self.value):
            return redact(self.value)
        return _truncate(self.value)

    def with_secret(self, secret: bool | None) -> EnvVar:
        return EnvVar(self.key, self.value, self.origin, secret, self.withheld)

    def __repr__(self) -> str:
        return f"EnvVar({self.key}={self.display!r} @ {self.origin})"

    __str__ = __repr__


def _truncate(value: str, limit: int = 60) -> str:
    value = value.replace("\n", "\\n").replace("\r", "\\r")
    return value if len(value) <= limit else value[: limit - 1] + "…"


class EnvSet:
    """Every definition of every key, in precedence order (last wins).

    Keeping the shadowed definitions lets checks report duplicates and overrides, and
    lets a finding point at the line that actually took effect.
    """

    def __init__(self, variables: Iterable[EnvVar] = ()) -> None:
        self._defs: dict[str, list[EnvVar]] = {}
        for var in variables:
            self.add(var)

    def add(self, var: EnvVar) -> None:
        self._defs.setdefault(var.key, []).append(var)

    def extend(self, variables: Iterable[EnvVar]) -> None:
        for var in variables:
            self.add(var)

    def __contains__(self, key: object) -> bool:
        return key in self._defs

    def __iter__(self) -> Iterator[EnvVar]:
        """The winning definition of each key, in first-seen order."""
        for defs in self._defs.values():
            yield defs[-1]

    def __len__(self) -> int:
        return len(self._defs)

    def __repr__(self) -> str:
        return f"EnvSet({len(self)} keys)"

    def keys(self) -> list[str]:
        return list(self._defs)

    def get(self, key: str) -> EnvVar | None:
        defs = self._defs.get(key)
        return defs[-1] if defs else None

    def definitions(self, key: str) -> list[EnvVar]:
        return list(self._defs.get(key, ()))

    def all_definitions(self) -> Iterator[EnvVar]:
        for defs in self._defs.values():
            yield from defs

    def values(self) -> dict[str, str | None]:
        """Plain ``{key: value}`` of the winners; the caller takes responsibility for secrets."""
        return {key: defs[-1].value for key, defs in self._defs.items()}

    def mark_secrets(self, is_secret: Mapping[str, bool]) -> EnvSet:
        """A copy in which the schema's verdict on secrecy is attached to every definition."""
        return EnvSet(
            v.with_secret(is_secret.get(v.key, v.secret)) for v in self.all_definitions()
        )

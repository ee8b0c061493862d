"""Declarative checking of parsed TOML tables, with ``file:line`` errors and near misses.

Configuration and schemas are TOML that people type by hand, so a wrong key or shape must
be reported where it is (``pyproject.toml:14``), with what is allowed and the likely
intended spelling, and never silently ignored or half-applied. Each table is declared as
a mapping of key -> converter; a converter turns a raw TOML value into the typed value or
raises :class:`Invalid` with a message that never quotes the value (it may be a secret).
Plain functions rather than pydantic: this runs at application startup.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, NoReturn

from envguard.errors import InputError
from envguard.tomllines import KeyPath, line_of

Convert = Callable[[Any], Any]


class Invalid(ValueError):
    """A value of the wrong shape; the message says what is allowed. ``path`` locates it
    inside the value (an entry of a table of names)."""

    def __init__(self, message: str, path: KeyPath = ()) -> None:
        super().__init__(message)
        self.path = path


def near_miss(word: str, choices: Iterable[str]) -> str:
    """`` (did you mean 'warning'?)`` when one choice is close, else empty."""
    import difflib  # only when there is an error to word: it is slow to import

    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def display_path(path: Path | str) -> str:
    """A path as a user would type it: relative to the working directory when inside it."""
    text = str(path)
    try:
        rel = os.path.relpath(text)
    except ValueError:  # another drive on Windows
        return text
    return text if rel.startswith("..") else rel


class Document:
    """A parsed TOML file, able to say on which line a key path is defined.

    ``text`` is the file's text; when a caller did not keep it (a table served from a
    cache), ``reread`` fetches it, and only once an error needs a line. ``error`` is the
    exception :meth:`fail` raises: configuration and schemas word their own kind. (A plain
    class, not a dataclass: one is built for every schema file at startup.)
    """

    __slots__ = ("_lines", "error", "prefix", "reread", "source", "text")

    def __init__(self, source: str, text: str | None = None, prefix: KeyPath = (), *,
                 error: type[InputError] = InputError,
                 reread: Callable[[], str | None] | None = None) -> None:
        self.source = source
        self.text = text
        self.prefix = prefix
        self.error = error
        self.reread = reread
        self._lines: dict[KeyPath, int | None] = {}

    def __repr__(self) -> str:
        return f"Document({self.source!r})"

    def line(self, path: KeyPath) -> int | None:
        """The 1-based line defining the key path (or its nearest ancestor), if known."""
        full = (*self.prefix, *path)
        if full not in self._lines:
            text = self.text if self.text is not None or self.reread is None else self.reread()
            self._lines[full] = line_of(text, full) if text is not None else None
        return self._lines[full]

    def where(self, path: KeyPath) -> str:
        """``pyproject.toml:14`` for the key path (relative to ``prefix``)."""
        line = self.line(path)
        return f"{self.source}:{line}" if line else self.source

    def section(self, path: KeyPath) -> str:
        """``[tool.envguard.hooks]``: the table as the user wrote its header."""
        names = [str(p) for p in (*self.prefix, *path) if isinstance(p, str)]
        return f"[{'.'.join(names)}]" if names else "the top level"

    def fail(self, path: KeyPath, message: str) -> NoReturn:
        raise self.error(f"{self.where(path)}: {message}")


def reject_unknown(doc: Document, raw: Mapping[str, Any], allowed: Iterable[str],
                   path: KeyPath = (), noun: str = "key", section: str | None = None) -> None:
    """Fail on the first key of ``raw`` not in ``allowed``, at its line, with the near miss.

    ``section`` names the table when its header is not what :meth:`Document.section`
    would build (an item of an array of tables).
    """
    known = sorted(allowed)
    for key in raw:
        if key not in known:
            doc.fail((*path, key), f"{section or doc.section(path)}: unknown {noun} {key!r}"
                     f"{near_miss(key, known)}; allowed: {', '.join(known)}")


def check_table(doc: Document, raw: Any, fields: Mapping[str, Convert],
                path: KeyPath = ()) -> dict[str, Any]:
    """The converted values of ``raw``; unknown keys and wrong shapes are input errors."""
    if not isinstance(raw, Mapping):
        doc.fail(path, f"{doc.section(path)} must be a table")
    reject_unknown(doc, raw, fields, path)
    out: dict[str, Any] = {}
    for key, value in raw.items():
        try:
            out[key] = fields[key](value)
        except Invalid as exc:
            if exc.path:  # an entry of a table: name the table and the entry
                doc.fail((*path, key, *exc.path),
                         f"{doc.section((*path, key))}: {exc.path[-1]} {exc}")
            doc.fail((*path, key), f"{doc.section(path)}: {key} {exc}")
    return out


# -- converters --------------------------------------------------------------------------
def string(value: Any) -> str:
    if not isinstance(value, str):
        raise Invalid(f"must be a string, not {_kind(value)}")
    return value


def strings(value: Any) -> tuple[str, ...]:
    """A list of strings; a single string is a list of one (never split into characters)."""
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise Invalid(f"must be a list of strings, not {_kind(value)}")
    return tuple(value)


def boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise Invalid(f"must be true or false, not {_kind(value)}")
    return value


def one_of(*choices: str, fold_case: bool = False) -> Convert:
    """A string among ``choices``, with the near miss suggested; ``fold_case`` accepts
    ``OFF`` for ``off`` (and returns the choice as declared)."""

    def convert(value: Any) -> str:
        text = string(value).lower() if fold_case else string(value)
        if text not in choices:
            raise Invalid(f"must be one of {', '.join(choices)}, not {short_word(text)}"
                          f"{near_miss(text, choices)}")
        return text

    return convert


def mapping_of(convert: Convert) -> Convert:
    """A table whose keys are free (names) and whose values all convert the same way."""

    def convert_table(value: Any) -> dict[str, Any]:
        if not isinstance(value, Mapping):
            raise Invalid(f"must be a table, not {_kind(value)}")
        out: dict[str, Any] = {}
        for key, item in value.items():
            try:
                out[str(key)] = convert(item)
            except Invalid as exc:
                raise Invalid(str(exc), (str(key), *exc.path)) from None
        return out

    return convert_table


def _kind(value: Any) -> str:
    names = {bool: "a boolean", int: "an integer", float: "a number", str: "a string",
             list: "a list", dict: "a table"}
    return names.get(type(value), type(value).__name__)


def short_word(text: str) -> str:
    """A short word the user typed, shown so they can find it; long text is not shown."""
    return repr(text) if len(text) <= 40 and text.isprintable() else "the value given"

"""Shared helpers of the text reports: colour, escaping, wrapping, width, shown paths.

Every text reporter (findings, compare, flags, scan history) uses these, so colour codes,
the handling of control characters taken from input and the wrapping rules are defined
once. Input reaches a report through messages (keys, file names, redacted displays); a
raw escape sequence in it could rewrite the reader's terminal, so :func:`clean` shows
control characters as escapes before anything is coloured.
"""

from __future__ import annotations

import os
import re
import shutil
import textwrap
from pathlib import Path

from envguard.findings import Result, Severity

#: SGR codes by severity; the flag grid and the HTML legend use the same meanings.
SEVERITY_COLORS = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.INFO: "36"}
BOLD, DIM, GREEN, RED, YELLOW = "1", "2", "32", "31", "33"

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_CONTROL_BUT_BREAKS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def paint(text: str, code: str, color: bool) -> str:
    """``text`` in SGR ``code`` when ``color`` (and ``code``) is set."""
    return f"\033[{code}m{text}\033[0m" if color and code else text


def clean(text: str, *, breaks: bool = False) -> str:
    """``text`` with control characters (ESC, CR, BEL, C1...) shown as ``\\x1b`` and
    line breaks as spaces: a value or file name cannot move the cursor or inject colour.
    With ``breaks``, CR and LF stay (a format that encodes them, as annotations do)."""
    if breaks:
        return _CONTROL_BUT_BREAKS.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
    text = text.replace("\n", " ").replace("\t", " ")
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def width(explicit: int | None = None) -> int:
    """The width to lay text out in: ``explicit``, else ``COLUMNS``, else the terminal's,
    else 100 (a pipe or a CI log); never below 40."""
    if explicit:
        return max(explicit, 40)
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return max(int(columns), 40)
    return max(shutil.get_terminal_size((100, 24)).columns, 40)


def wrap(text: str, columns: int, indent: str, first: str | None = None) -> list[str]:
    """``text`` broken into lines of at most ``columns``; the first line starts with
    ``first`` (default: ``indent``), the others with ``indent``. Long words (URLs) are
    kept whole rather than cut."""
    lines = textwrap.wrap(text, max(columns, len(indent) + 20),
                          initial_indent=indent if first is None else first,
                          subsequent_indent=indent, break_long_words=False,
                          break_on_hyphens=False)
    return lines or [(indent if first is None else first).rstrip()]


def shown_path(path: str, base: str | None = None) -> str:
    """``path`` relative to the working directory when it is inside it (a relative path
    is relative to ``base``, default the working directory); pseudo-sources as given."""
    if not path or path.startswith("<") or path == "-":
        return path
    full = Path(path) if Path(path).is_absolute() else Path(base or ".") / path
    try:
        return clean(os.path.relpath(os.path.abspath(full))) \
            if not os.path.relpath(os.path.abspath(full)).startswith("..") else clean(path)
    except ValueError:  # another drive on Windows
        return clean(path)


def plural(count: int, word: str, many: str | None = None) -> str:
    return f"{count} {word if count == 1 else many or word + 's'}"


def counts(result: Result) -> str:
    """``2 error(s), 1 warning(s), 0 info``: the totals every report ends with."""
    return (f"{result.count(Severity.ERROR)} error(s), {result.count(Severity.WARNING)} "
            f"warning(s), {result.count(Severity.INFO)} info")

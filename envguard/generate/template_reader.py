"""Reading an env template for ``envguard init``: its variables and what the comments
around them say (a description, "optional").

The values come from the same reader ``envguard check`` uses, so the inferred schema is
judged against exactly what the check will see; the comments come from the raw lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from envguard.checks.dotenv_lint import lint_reads
from envguard.errors import InputError
from envguard.findings import Finding
from envguard.model import EnvSet
from envguard.secrecy import scrub
from envguard.sources import read_source

_ASSIGN = re.compile(r"\s*(?:export\s+)?[A-Za-z_][A-Za-z0-9_.-]*\s*=")
_COMMENTED_ASSIGN = re.compile(r"#+\s*(?:export\s+)?[A-Za-z_][A-Za-z0-9_]*\s*=")
_OPTIONAL = re.compile(r"\boptional\b", re.IGNORECASE)
_REQUIRED = re.compile(r"\brequired\b", re.IGNORECASE)


@dataclass(frozen=True)
class TemplateEntry:
    """One variable of the template with what its comments say about it."""

    key: str
    value: str
    line: int | None
    comment: str = ""
    optional: bool = False


def read_template(path: str | Path) -> tuple[list[TemplateEntry], EnvSet, list[Finding]]:
    """The template's variables with their comments; no variables at all is an error."""
    try:
        text = Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        text = ""  # the reader below reports an unreadable file properly
    if text and not any(_ASSIGN.match(line) for line in text.splitlines()):
        raise _no_variables(path)
    read = read_source(path)
    envset = EnvSet(read.vars)
    if not len(envset):
        raise _no_variables(path)
    comments = _comments(text) if read.format == "dotenv" else {}
    # a comment becomes the schema's description, which `example`, `explain` and hints
    # print: no part of any value of the template, nor a key-shaped word, goes with it
    values = [v.value for v in envset.all_definitions() if v.value]
    entries = []
    for var in envset:
        comment, optional = comments.get(var.origin.line or -1, ("", False))
        entries.append(TemplateEntry(var.key, var.value or "", var.origin.line,
                                     scrub(comment, values) if comment else "", optional))
    return entries, envset, [*read.findings, *lint_reads([read])]


def _comments(text: str) -> dict[int, tuple[str, bool]]:
    """line -> (the comment block right above it, whether it or its section says optional).

    Every comment block starts a section that lasts until the next one, so "# Optional"
    above a group of variables covers the whole group.
    """
    out: dict[int, tuple[str, bool]] = {}
    block: list[str] = []
    section = ""
    previous_comment = False
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if line.startswith("#") and not _COMMENTED_ASSIGN.match(line):
            words = line.lstrip("#").strip().strip("=-*# ").strip()
            block = [*block, words] if previous_comment else [words]
            section = " ".join(block)
            previous_comment = True
            continue
        previous_comment = False
        if _ASSIGN.match(raw):
            inline = raw.split(" #", 1)[1] if " #" in raw else ""
            said = f"{section} {inline}"
            optional = bool(_OPTIONAL.search(said)) and not _REQUIRED.search(inline)
            kept = [w for w in block if w]  # decorative ruler lines strip to nothing
            header = len(kept) == 1 and len(kept[0].split()) <= 3  # "# Database"
            out[number] = ("" if header else " ".join(kept)[:300], optional)
        block = []
    return out


def _no_variables(path: str | Path) -> InputError:
    return InputError(f"{path}: no variables found (expected KEY=value lines; values may be "
                      "empty): nothing to infer a schema from")

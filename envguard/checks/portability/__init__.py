"""The ``portability`` lint: variables of a .env file that other loaders read differently.

envguard reads a .env file as python-dotenv does. The same file is also read by node's
``dotenv`` (and ``dotenv-expand``), by docker compose, and by shells (``set -a; . ./.env``
in bash or dash). Each of those readers is worked out here from the file's text (ports of
their parsers, checked against the real loaders' readings in ``tests/fixtures/loaders``);
a variable whose value or presence differs gets one warning naming exactly the loaders
that differ and what each of them does with it. Values are never quoted in the message:
only how they differ (cut short, quotes kept, not set...).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial

from envguard.checks.portability.compose import read_compose
from envguard.checks.portability.node import read_dotenv_expand, read_node_dotenv
from envguard.checks.portability.shell import UNKNOWN, read_shell
from envguard.findings import Finding, Severity
from envguard.model import Origin
from envguard.secrecy import is_key_material, is_redacted_key
from envguard.sources.base import SourceRead

# (name in messages, reader); the order is the order of the message
LOADERS: tuple[tuple[str, Callable[[str], dict[str, str]]], ...] = (
    ("node dotenv", read_node_dotenv),
    ("dotenv-expand", read_dotenv_expand),
    ("docker compose", read_compose),
    ("bash", partial(read_shell, bash=True)),
    ("dash", partial(read_shell, bash=False)),
)
_ABSENT = object()


def portability(read: SourceRead) -> list[Finding]:
    """One warning per variable that some loader reads differently from python-dotenv."""
    if read.format != "dotenv" or read.text is None:
        return []
    text = read.text
    reference: dict[str, str | None] = {}
    origins: dict[str, Origin] = {}
    for var in read.vars:
        reference[var.key] = var.value
        origins[var.key] = var.origin
    readings = [(label, {k.lstrip("\ufeff"): v for k, v in reader(text).items()})
                for label, reader in LOADERS]
    keys = list(reference)
    for _, reading in readings:
        keys += [k for k in reading if k not in reference and k not in keys]
    out = []
    unjudged = read.metadata_keys | {v.key for v in read.vars if v.withheld}
    for key in keys:
        if is_redacted_key(key) or is_key_material(key):
            continue  # a PEM body line read as a key: the unquoted-multiline error says it
        if key in unjudged:
            continue  # ciphertext, or sops' metadata: the tool that wrote it reads it back
        ours = reference.get(key, _ABSENT)
        differing: dict[str, list[str]] = {}
        for label, reading in readings:
            theirs = reading.get(key, _ABSENT)
            if theirs != ours:
                differing.setdefault(_describe(ours, theirs), []).append(label)
        if not differing:
            continue
        origin = origins.get(key) or _locate(key, text, read.source)
        if origin is None:
            continue
        notes = [f"{', '.join(labels)}: {what}" for what, labels in differing.items()]
        out.append(Finding(
            "portability", Severity.WARNING,
            "read differently by other loaders: " + "; ".join(notes),
            key=key, origin=origin,
            hint="quote the value in double quotes and avoid loader-specific syntax "
                 "(${...}, backslashes, # and spaces in unquoted values)",
        ))
    return out


def _describe(ours: object, theirs: object) -> str:
    """How a loader's reading differs from python-dotenv's, without showing either value."""
    if theirs is _ABSENT:
        return "not set" if ours is not None else "not set (python-dotenv unsets it)"
    if ours is _ABSENT:
        return "set, though python-dotenv skips it"
    if ours is None:
        return "set, though python-dotenv unsets it"
    assert isinstance(ours, str) and isinstance(theirs, str)
    if theirs == UNKNOWN:
        return "runs a command for the value"
    if theirs == ours + "\r" or ("\r" in theirs and theirs.replace("\r", "") == ours):
        return "keeps the carriage return (CRLF line ends)"
    if any(theirs == q + ours + q for q in ("'", '"', "`")) or theirs.strip("'\"`") == ours:
        return "keeps the quotes"
    if not theirs:
        return "an empty value"
    if ours.startswith(theirs):
        return "cuts the value short"
    if theirs.startswith(ours):
        return "reads more than python-dotenv does"
    if theirs.replace("\\", "") == ours.replace("\\", ""):
        return "reads the backslashes differently"
    if "$" in ours or "$" in theirs:
        return "reads $ references differently (expanded or kept)"
    if theirs.replace("\n", "\\n") == ours or ours.replace("\n", "\\n") == theirs:
        return "reads \\n differently"
    return "a different value"


def _locate(key: str, text: str, source: str) -> Origin | None:
    """The line defining a key python-dotenv does not read (the last one, as loaders keep),
    and the key's column in it (as the reader counts: after blanks and ``export ``)."""
    found = None
    pattern = re.compile(r"([\s\ufeff]*(?:export\s+)?)['\"]?" + re.escape(key) + r"['\"]?\s*[=:]")
    inline = re.compile(r"(?:^|[;&|\s])(" + re.escape(key) + ")=")  # K=v;N=x: a shell's N
    lines = re.split(r"\r\n|\r|\n", text)
    for n, line in enumerate(lines, start=1):
        if m := pattern.match(line):
            found = n, len(m.group(1).replace("\ufeff", "")) + 1
    if found is None:
        found = next(((n, m.start(1) + 1) for n, line in enumerate(lines, start=1)
                      if (m := inline.search(line))), None)
    return Origin(source, *found) if found else None

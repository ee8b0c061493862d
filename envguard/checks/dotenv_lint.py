"""Lint rules for .env statements: names and ``=`` placement; portability across loaders
is :mod:`envguard.checks.portability`.

The reader (:mod:`envguard.sources.dotenv`) reads exactly what python-dotenv reads and
keeps each statement's text; these rules judge that text: a key without ``=``, a name a
shell rejects, spaces around ``=``, and lines that node dotenv, docker compose or a shell
read differently. They need no schema, so ``envguard check FILE`` without a stack, the
pre-commit hook and every command reading a .env file report the same lint.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from envguard.checks.portability import portability
from envguard.findings import Finding, Severity
from envguard.model import Origin
from envguard.sources.base import SourceRead, Statement

_VALID_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def lint_reads(reads: Iterable[SourceRead]) -> list[Finding]:
    """Every lint finding of ``reads``. A platform's dotenv-shaped export (Doppler's) was
    written by its CLI, so only its names are judged; a .env file is judged in full,
    including what other loaders read from it (:mod:`envguard.checks.portability`)."""
    out: list[Finding] = []
    for read in reads:
        out += [f for statement in read.statements
                for f in lint(statement, names_only=read.format != "dotenv")]
        out += portability(read)
    return out


def lint(statement: Statement, *, names_only: bool = False) -> list[Finding]:
    """Per-line hygiene and portability, from the statement's own text."""
    found = _lint_binding(statement.key, statement.value, statement.text, statement.origin)
    return [f for f in found if f.rule == "invalid-key"] if names_only else found


def _lint_binding(key: str, value: str | None, statement: str, origin: Origin) -> list[Finding]:
    """Per-line hygiene and portability, from the statement's own text."""
    out: list[Finding] = []

    def add(rule: str, severity: Severity, message: str, hint: str | None = None) -> None:
        out.append(Finding(rule, severity, message, key=key, origin=origin, hint=hint))

    body = statement.removeprefix("export ").lstrip() if statement.startswith("export ") \
        else statement
    if value is None:
        if statement.startswith("export "):
            add("key-without-value", Severity.WARNING,
                f"'export {key}' without '=': python-dotenv reads it as unset, "
                "dropping any earlier value (node dotenv, compose and a shell keep it)",
                "write export KEY=value, or delete the line")
        else:
            add("key-without-value", Severity.WARNING,
                f"{key} has no '='; python-dotenv reads it as unset and other loaders skip it",
                f"write {key}= for an empty value")
        return out
    if not _VALID_KEY.fullmatch(key):
        add("invalid-key", Severity.WARNING,
            f"{key!r} is not a portable variable name (letters, digits, underscores; "
            "no leading digit); a shell rejects it",
            "use UPPER_SNAKE_CASE")
    elif key != key.upper():
        add("lowercase-key", Severity.WARNING,
            f"{key} is not upper case; most tools and platforms expect UPPER_SNAKE_CASE")
    rest = body[len(key):] if body.startswith(key) else body.split("=", 1)[0]
    assignment = rest.split("=", 1)[0] if "=" in rest else ""
    if assignment.strip() == "" and assignment != "":
        add("spaces-around-equals", Severity.WARNING,
            "spaces around '=': a shell sourcing this file fails on this line",
            f"write {key}=value")
    raw_value = body.split("=", 1)[1].lstrip(" \t") if "=" in body else ""
    raw_value = raw_value.split("\n", 1)[0].rstrip("\r") if raw_value[:1] not in "'\"" \
        else raw_value
    if raw_value.startswith("-----BEGIN") and "-----END" not in raw_value:
        add("unquoted-multiline", Severity.ERROR,
            f"multi-line value of {key} not quoted; python-dotenv reads each following line "
            "as a key and the value is only the BEGIN line",
            f'quote the whole value: {key}="-----BEGIN ...\\n...\\n-----END ..."')
        return out
    return out

"""Lint rules for .env statements: names, ``=`` placement, and portability across loaders.

The reader (:mod:`envguard.sources.dotenv`) reads exactly what python-dotenv reads and
keeps each statement's text; these rules judge that text: a key without ``=``, a name a
shell rejects, spaces around ``=``, and lines that node dotenv, docker compose or a shell
read differently. They need no schema, so ``envguard check FILE`` without a stack, the
pre-commit hook and every command reading a .env file report the same lint.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from envguard.findings import Finding, Severity
from envguard.model import Origin
from envguard.sources.base import SourceRead, Statement

_VALID_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_UNQUOTED_SHELL_META = re.compile(r"[&;|<>()`]")


def lint_reads(reads: Iterable[SourceRead]) -> list[Finding]:
    """Every lint finding of ``reads``. A platform's dotenv-shaped export (Doppler's) was
    written by its CLI, so only its names are judged; a .env file is judged in full."""
    return [f for read in reads for statement in read.statements
            for f in lint(statement, names_only=read.format != "dotenv")]


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
    out.extend(_portability(key, raw_value, origin))
    return out


def _portability(key: str, raw: str, origin: Origin) -> list[Finding]:
    """Lines that node dotenv, docker compose or a shell read differently from python-dotenv."""
    notes: list[str] = []
    quote = raw[:1] if raw[:1] in ("'", '"', "`") else ""
    if quote == "`":
        notes.append("node dotenv strips the backticks and a shell runs the text as a command")
    elif quote == "'":
        if "${" in raw:
            notes.append("python-dotenv expands ${...} inside single quotes; "
                         "docker compose and a shell keep it literal")
        if "\\'" in raw:
            notes.append("node dotenv keeps the backslash before \\' and a shell fails to parse it")
    elif quote == '"':
        if '\\"' in raw:
            notes.append('node dotenv keeps the backslashes of \\"')
        if "\\$" in raw:
            notes.append("\\$ keeps its backslash in python-dotenv but not in compose or a shell")
        if re.search(r"\$[A-Za-z_]", raw):
            notes.append("bare $VAR is expanded by compose and a shell, not by python-dotenv")
    else:
        value = re.split(r"\s#", raw, maxsplit=1)[0].rstrip()
        if "\t#" in raw:
            notes.append("docker compose keeps a tab-separated '# comment' as part of the value")
        if re.match(r"#", raw):
            notes.append("docker compose reads the '# comment' as the value")
        if "#" in value:
            notes.append("node dotenv cuts the value at '#'")
        if re.search(r"\$[A-Za-z_]", value):
            notes.append("bare $VAR is expanded by compose, a shell and dotenv-expand, "
                         "not by python-dotenv")
        if "$(" in value:
            notes.append("a shell (and dotenvx) runs $(...) as a command")
        if re.search(r"\s", value):
            notes.append("a shell splits the unquoted value at the space")
        elif _UNQUOTED_SHELL_META.search(value):
            notes.append("a shell interprets the unquoted &, ;, |, <, > or ( )")
        if value.endswith("\\"):
            notes.append("a trailing backslash continues the line in a shell but not in dotenv")
    if not notes:
        return []
    return [Finding(
        "portability", Severity.WARNING,
        "read differently by other loaders: " + "; ".join(notes),
        key=key, origin=origin,
        hint="quote the value in double quotes and avoid loader-specific syntax",
    )]

"""Read .env files with python-dotenv's own parser, keeping every line number.

envguard's reading must equal python-dotenv's (the corpus test pins it), but where
python-dotenv silently drops or bends a statement, envguard says so: parse errors,
duplicates, keys without ``=``, undefined ``${VAR}`` references, and lines that other
loaders (node dotenv, docker compose, a shell) read differently.
"""

from __future__ import annotations

import io
import os
import re
from collections import ChainMap
from collections.abc import Mapping
from pathlib import Path

from dotenv.parser import parse_stream
from dotenv.variables import Variable, parse_variables

from envguard.errors import InputError
from envguard.findings import Finding, Severity
from envguard.model import EnvVar, Origin
from envguard.sources.base import SourceRead, decode, read_input

_VALID_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_UNQUOTED_SHELL_META = re.compile(r"[&;|<>()`]")


def read_dotenv(
    path: str | Path,
    *,
    interpolate: bool = True,
    context: Mapping[str, str | None] | None = None,
) -> SourceRead:
    """Read one file. Unusable input (missing, binary, too large) raises :class:`InputError`."""
    name, data = read_input(path)
    return parse_dotenv_bytes(data, name, interpolate=interpolate, context=context)


def parse_dotenv_bytes(
    data: bytes,
    source: str,
    *,
    interpolate: bool = True,
    context: Mapping[str, str | None] | None = None,
) -> SourceRead:
    text, findings = decode(data, source)
    return parse_dotenv_text(text, source, interpolate=interpolate, context=context,
                             findings=findings)


def parse_dotenv_text(
    text: str,
    source: str,
    *,
    interpolate: bool = True,
    context: Mapping[str, str | None] | None = None,
    findings: list[Finding] | None = None,
) -> SourceRead:
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise InputError(
            f"{source}:{line}: NUL byte: this looks like a binary file, not a .env file"
        )
    result = SourceRead(source, findings=list(findings or []))
    seen: dict[str, int] = {}
    resolved: dict[str, str | None] = {}
    known = ChainMap(resolved, dict(context or {}))  # this file's values win over earlier files
    for binding in parse_stream(io.StringIO(text)):
        original = binding.original.string
        stripped = original.lstrip()
        line = binding.original.line + original[: len(original) - len(stripped)].count("\n")
        origin = Origin(source, line)
        if binding.error:
            result.findings.append(_parse_error(stripped, origin))
            continue
        if binding.key is None:
            continue
        key = binding.key
        result.findings.extend(_lint_binding(key, binding.value, stripped, origin))
        if key in seen:
            result.findings.append(Finding(
                "duplicate-key", Severity.WARNING,
                f"{key} is also defined on line {seen[key]}; this later line wins",
                key=key, origin=origin,
                hint="keep one definition",
            ))
        seen[key] = line
        value = binding.value
        if value is not None and interpolate:
            value = _interpolate(key, value, known, origin, result)
        resolved[key] = value
        result.vars.append(EnvVar(key, value, origin))
    return result


def _interpolate(
    key: str,
    value: str,
    known: Mapping[str, str | None],
    origin: Origin,
    result: SourceRead,
) -> str:
    """python-dotenv's ``dotenv_values`` semantics: file values win over ``os.environ``."""
    if "${" not in value:
        return value
    out = []
    for atom in parse_variables(value):
        if isinstance(atom, Variable):
            name = atom.name
            current = known.get(name, os.environ.get(name))
            if current is None and atom.default is None:
                result.findings.append(Finding(
                    "undefined-reference", Severity.WARNING,
                    f"${{{name}}} is not defined above this line; it expands to an empty string",
                    key=key, origin=origin,
                    hint="define it earlier in the file, or give a default: ${VAR:-default}",
                ))
        out.append(atom.resolve(ChainMap(dict(known), dict(os.environ))))
    return "".join(out)


def _parse_error(statement: str, origin: Origin) -> Finding:
    head = statement.split("\n", 1)[0]
    key = head.split("=", 1)[0].strip().removeprefix("export ").strip() or None
    if key and not _VALID_KEY.fullmatch(key):
        key = None
    value = head.split("=", 1)[1].lstrip() if "=" in head else ""
    if value[:1] in ("'", '"') and value.count(value[0]) - value.count("\\" + value[0]) < 2 \
            and statement.count(value[0]) < 2:
        return Finding(
            "unterminated-quote", Severity.ERROR,
            f"the {value[0]} quote opened here is never closed; python-dotenv skips the statement",
            key=key, origin=origin,
            hint="close the quote, or remove it",
        )
    return Finding(
        "parse-error", Severity.ERROR,
        "python-dotenv cannot parse this statement and silently skips it"
        + (" (text after the closing quote)" if value[:1] in ("'", '"') else ""),
        key=key, origin=origin,
        hint="quote the whole value once: KEY=\"...\"",
    )


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

"""Read .env files with python-dotenv's own parser, keeping every line number.

envguard's reading must equal python-dotenv's (the corpus test pins it), but where
python-dotenv silently drops or bends a statement, the reader says so: parse errors,
unterminated quotes, duplicates and undefined ``${VAR}`` references. Each statement's own
text is kept (:class:`~envguard.sources.base.Statement`) for the lint rules in
:mod:`envguard.checks.dotenv_lint`, which judge style and portability; reading never does.
"""

from __future__ import annotations

import codecs
import io
import os
import re
from bisect import bisect_left
from collections import ChainMap
from collections.abc import Callable, Iterator, Mapping
from dataclasses import replace
from pathlib import Path

from dotenv.parser import Binding, Original, Reader, parse_binding
from dotenv.variables import Variable, parse_variables

from envguard.errors import InputError
from envguard.findings import Finding, Severity
from envguard.model import EnvVar, Origin
from envguard.secrecy import (
    is_encryption_public_key,
    is_sops_dotenv_key,
    redact_key,
    sealed_kind,
)
from envguard.sources.base import (
    PLAIN_LINE,
    Sealed,
    SourceRead,
    Statement,
    decode,
    read_input,
    sealed_finding,
)

_VALID_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def read_dotenv(
    path: str | Path,
    *,
    interpolate: bool = True,
    context: Mapping[str, str | None] | None = None,
) -> SourceRead:
    """Read one file. Unusable input (missing, binary, too large) raises :class:`InputError`."""
    name, data = read_input(path)
    return parse_dotenv_bytes(data, name, interpolate=interpolate, context=context)


def plain_values(path: str | Path) -> list[str] | None:
    """For a file encrypted with dotenvx or sops (or holding 1Password references): what
    in it is still plain text, by key (or ``line N`` for a statement that does not parse);
    ``[]`` when nothing is, so the file may be committed. None for a file with no
    encrypted value at all, or one that cannot be read: an ordinary env file.

    dotenvx's ``DOTENV_PUBLIC_KEY*`` and sops' metadata are not plain values: they are how
    the file is decrypted, and neither is a secret. An empty value counts as plain: the
    tools encrypt empty values too, so an empty one was added by hand.
    """
    try:
        read = read_dotenv(path, interpolate=False)
    except InputError:
        return None
    sealed = [v for v in read.vars if v.withheld]
    if not sealed:
        return None
    plain = [v.key for v in read.vars if not v.withheld and not is_encryption_public_key(v.key)]
    unparsed = [f"line {f.line}" for f in read.findings
                if f.severity >= Severity.ERROR and f.line is not None]
    return plain + unparsed


def parse_dotenv_bytes(
    data: bytes,
    source: str,
    *,
    interpolate: bool = True,
    context: Mapping[str, str | None] | None = None,
) -> SourceRead:
    text, findings = decode(data, source)
    read = parse_dotenv_text(text, source, interpolate=interpolate, context=context,
                             findings=findings)
    if data.startswith(codecs.BOM_UTF8):
        read.text = "\ufeff" + text  # other loaders see the BOM: keep it for portability
    return read


def parse_dotenv_text(
    text: str,
    source: str,
    *,
    interpolate: bool = True,
    context: Mapping[str, str | None] | None = None,
    findings: list[Finding] | None = None,
    universal_newlines: bool = True,
) -> SourceRead:
    """Read .env text. ``universal_newlines`` reads it as python-dotenv reads a file (opened
    in text mode: CRLF and a lone CR are newlines); an export piped in keeps a lone CR
    inside a value. Either way lines are counted as an editor shows them."""
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise InputError(
            f"{source}:{line}: NUL byte: this looks like a binary file, not a .env file"
        )
    result = SourceRead(source, findings=list(findings or []), text=text)
    seen: dict[str, int] = {}
    resolved: dict[str, str | None] = {}
    known = ChainMap(resolved, dict(context or {}))  # this file's values win over earlier files
    in_block = False  # inside an unquoted PEM block, whose lines python-dotenv reads as keys
    sealed: list[Sealed] = []
    text, line_at = _newlines(text, universal_newlines)
    offset = 0
    for binding in _bindings(text):
        original = binding.original.string
        stripped = original.lstrip()
        start = offset + len(original) - len(stripped)
        offset += len(original)
        line = line_at(start)
        origin = Origin(source, line, _key_column(text, start, original, stripped, line, line_at))
        if binding.error:
            if in_block and _PEM_END.match(stripped):
                in_block = False
                continue  # the unquoted-multiline finding on the BEGIN line says it all
            result.findings.append(_parse_error(stripped, origin, line_at, start))
            continue
        if binding.key is None:
            continue
        # text in the key position may be key material (a PEM body line): never keep it
        key = redact_key(binding.key, force=in_block)
        if in_block:
            in_block = not _PEM_END.match(stripped)
        else:
            result.statements.append(Statement(key, binding.value, stripped, origin))
            in_block = _opens_pem_block(binding.value, stripped)
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
        kind = sealed_kind(binding.value) if binding.value is not None else None
        if kind is not None:  # ciphertext or a reference: present, not judged
            sealed.append((key, kind))
            result.vars.append(EnvVar(key, "", origin, withheld=True))
        else:
            public = False if is_encryption_public_key(key) else None
            result.vars.append(EnvVar(key, value, origin, public))
    if _SOPS_MARKS & set(seen):
        _drop_sops_metadata(result)
        sealed = [s for s in sealed if not is_sops_dotenv_key(s[0])]
    finding = sealed_finding(source, sealed)
    if finding is not None:
        result.findings.append(finding)
    return result


def _bindings(text: str) -> Iterator[Binding]:
    """python-dotenv's ``parse_stream``, with plain lines read by :data:`PLAIN_LINE`
    (each starts where the parser would start a binding, so nothing else changes)."""
    reader = Reader(io.StringIO(text))
    string, position = reader.string, reader.position
    while position.chars < len(string):
        m = PLAIN_LINE.match(string, position.chars)
        if m is None:
            yield parse_binding(reader)
            continue
        yield Binding(m[1], m[2], Original(m[0], position.line), False)
        position.chars = m.end()
        position.line += 1


#: The keys by which sops marks a dotenv file it encrypted (it writes them last).
_SOPS_MARKS = frozenset({"sops_mac", "sops_version", "sops_lastmodified"})


def _drop_sops_metadata(result: SourceRead) -> None:
    """A sops-encrypted dotenv file: its ``sops_*`` lines say how to decrypt it (key
    groups, MAC, version); they are not variables, so neither checks nor lints see them."""
    def ours(key: str | None) -> bool:
        return key is not None and is_sops_dotenv_key(key)

    result.metadata_keys = frozenset(v.key for v in result.vars if ours(v.key))
    result.vars = [v for v in result.vars if not ours(v.key)]
    result.statements = [s for s in result.statements if not ours(s.key)]
    result.findings = [f for f in result.findings if not ours(f.key)]


_PEM_END = re.compile(r"-----END[ A-Z0-9]*-----")
_EXPORT = re.compile(r"export[ \t]+")  # python-dotenv's ``export`` prefix


def _key_column(text: str, start: int, original: str, stripped: str, line: int,
                line_at: Callable[[int], int]) -> int:
    """The 1-based column of a statement's key (after leading blanks and ``export ``) in
    its editor line. A binding starts where python-dotenv's previous one ended a line, so
    the search stays inside it, unless that break (a lone CR, see :func:`_newlines`) is
    not an editor line."""
    first = start - (len(original) - len(stripped))
    begin = max(text.rfind("\n", first, start), text.rfind("\r", first, start), first - 1)
    while begin >= 0 and line_at(begin) == line:
        begin = max(text.rfind("\n", 0, begin), text.rfind("\r", 0, begin))
    export = _EXPORT.match(stripped) if stripped.startswith("export") else None
    return start - begin + (export.end() if export else 0)


def _newlines(text: str, universal: bool) -> tuple[str, Callable[[int], int]]:
    """The text to parse, and the editor line of each of its offsets.

    Lines are ``\n``-terminated (CRLF included); a lone CR ends a line only in a file that
    has no ``\n`` at all (classic Mac). python-dotenv counts every CR as a line, which made
    each CRLF file's lines drift after a skipped statement and a CR inside a value shift
    every later line. Universal reading turns every CR into ``\n`` (as ``open()`` does for
    python-dotenv and node's dotenv does), remembering which of them were not editor lines.
    """
    cr_only = "\n" not in text
    if universal:
        text = text.replace("\r\n", "\n")
        not_lines = [] if cr_only else [m.start() for m in re.finditer("\r", text)]
        text = text.replace("\r", "\n")
    else:  # an export: CRLF only when every line ends so, like the raw export readers
        not_lines = []
        if text.count("\r\n") == text.count("\n"):
            text = text.replace("\r\n", "\n")
    breaks = [m.start() for m in re.finditer("\r" if cr_only and not universal else "\n", text)]

    def line_at(offset: int) -> int:
        return bisect_left(breaks, offset) - bisect_left(not_lines, offset) + 1

    return text, line_at


def _opens_pem_block(value: str | None, statement: str) -> bool:
    """An unquoted value that is a PEM BEGIN line: the following lines are its body."""
    if value is None or not value.startswith("-----BEGIN") or "-----END" in value:
        return False
    raw = statement.split("=", 1)[1].lstrip() if "=" in statement else ""
    return raw[:1] not in ("'", '"')


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


def _parse_error(statement: str, origin: Origin, line_at: Callable[[int], int],
                 start: int) -> Finding:
    head = statement.split("\n", 1)[0]
    key = head.split("=", 1)[0].strip().removeprefix("export ").strip() or None
    if key and not _VALID_KEY.fullmatch(key):
        key = None
    value = head.split("=", 1)[1].lstrip() if "=" in head else ""
    opening = len(head) - len(value)
    quoted = value[:1] in ("'", '"')
    if quoted and origin.column is not None:  # point at the quote, or what follows it
        export = _EXPORT.match(statement)
        at = origin.column - (export.end() if export else 0)  # the statement's column
        closed = re.compile(r"(?:\\.|[^\\" + value[0] + "])*" + value[0]).match(head, opening + 1)
        after = len(head) - len(head[closed.end():].lstrip()) if closed else opening
        origin = replace(origin, column=at + (after if after < len(head) else opening))
    swallowed = _swallowed(statement, head, value)
    if swallowed is not None:
        closing, names = swallowed
        closed_at = line_at(start + closing)
        named = (": it swallows " + ", ".join(redact_key(n) for n in names)) if names else ""
        return Finding(
            "unterminated-quote", Severity.ERROR,
            f"the {value[0]} quote opened here is not closed on its line; python-dotenv reads "
            f"on to the {value[0]} on line {closed_at} and then skips the whole statement" + named,
            key=key, origin=origin,
            hint="close the quote on the line it opens",
        )
    if quoted and value.count(value[0]) - value.count("\\" + value[0]) < 2 \
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
        + (" (text after the closing quote)" if quoted else ""),
        key=key, origin=origin,
        hint="quote the whole value once: KEY=\"...\"",
    )


_SWALLOWED_KEY = re.compile(r"[ \t]*(?:export[ \t]+)?([^=#\s'\"]+)[ \t]*=")  # dotenv's key


def _swallowed(statement: str, head: str, value: str) -> tuple[int, list[str]] | None:
    """A quote left open on its line that python-dotenv closed on a later line: the offset
    of that closing quote in ``statement`` and the names of the statements in between."""
    quote = value[:1]
    if quote not in ("'", '"') or "\n" not in statement:
        return None
    opening = len(head) - len(value)
    m = re.compile(r"(?:\\.|[^\\" + quote + "])*" + quote, re.DOTALL).match(statement, opening + 1)
    if m is None or m.end() <= len(head):  # never closed, or closed on its own line
        return None
    closing = m.end() - 1
    names = [k.group(1) for ln in statement[len(head) + 1: closing].split("\n")
             if (k := _SWALLOWED_KEY.match(ln))]
    return closing, names

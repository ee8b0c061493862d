"""Doppler and Infisical: secret managers whose CLIs print plaintext on request.

Doppler (pkg/cmd/secrets.go): ``secrets download --no-file`` prints ``json`` (a flat,
sorted object that always holds ``DOPPLER_CONFIG``/``DOPPLER_ENVIRONMENT``/
``DOPPLER_PROJECT``), ``env`` (``KEY="value"``) or ``yaml``; ``doppler secrets --json``
nests ``{"KEY": {"computed": ...}}`` with ``computed: null`` for restricted values.
Without ``--no-file`` the file is encrypted and cannot be read at all.
Infisical (packages/cmd/export.go): ``export`` writes ``KEY='value'`` with an embedded
``'`` *not* escaped and raw newlines inside the quotes (``dotenv-eval`` escapes as
``'\\''``); ``--format json`` is an array of ``{key, value, type}`` where a ``personal``
secret overrides the ``shared`` one; ``csv`` has a ``Key,Value`` header.
"""

from __future__ import annotations

import csv
import io
import re

from envguard.errors import InputError
from envguard.findings import Severity
from envguard.secrecy import redact_key
from envguard.sources.base import SourceRead
from envguard.sources.platforms.common import Collector, LocatedDict, LocatedList, scalar_text
from envguard.sources.platforms.jsondoc import parse_json
from envguard.sources.platforms.plain import read_flat_object, single_yaml_document
from envguard.sources.platforms.rawlines import split_lines

# Imports inside functions are deliberate: the .env reader loads only for Doppler's env download.

_KEEP_DOTENV_RULES = {"parse-error", "unterminated-quote", "duplicate-key"}
_INFISICAL_LINE = re.compile(r"(?:export[ \t]+)?([^=\s]+)='(.*)", re.DOTALL)


def read_doppler_json(text: str, source: str) -> SourceRead:
    return read_flat_object(parse_json(text, source), Collector(source, "doppler-json", "Doppler"),
                            "`doppler secrets download --no-file` output")


def read_doppler_yaml(text: str, source: str) -> SourceRead:
    return read_flat_object(single_yaml_document(text, source),
                            Collector(source, "doppler-yaml", "Doppler"),
                            "`doppler secrets download --format yaml` output")


def read_doppler_env(text: str, source: str) -> SourceRead:
    """``KEY="value"`` lines: dotenv double-quote rules, without interpolation."""
    from envguard.sources.dotenv import parse_dotenv_text

    read = parse_dotenv_text(text, source, interpolate=False,
                             universal_newlines=False)
    read.format = "doppler-env"
    read.findings = [f for f in read.findings if f.rule in _KEEP_DOTENV_RULES]
    if not read.vars:
        raise InputError(f"{source}: empty export: no variables to read")
    return read


def read_doppler_secrets(text: str, source: str) -> SourceRead:
    """``doppler secrets --json``: the ``computed`` value of each secret."""
    doc = parse_json(text, source)
    if not isinstance(doc, LocatedDict):
        raise InputError(f"{source}: expected `doppler secrets --json` output: an object")
    c = Collector(source, "doppler-secrets", "Doppler")
    for key, line, item in doc.pairs:
        if not isinstance(item, LocatedDict) or "computed" not in item:
            raise InputError(f'{source}:{line}: {key}: expected an object with a "computed" value')
        value = item["computed"]
        if value is None:
            c.add(key, None, line, withheld=True)
        elif isinstance(value, (dict, list)):
            raise InputError(f'{source}:{line}: {key}: "computed" is not a text value')
        else:
            c.add(key, scalar_text(value), line)
    return c.finish()


def read_infisical_dotenv(text: str, source: str) -> SourceRead:
    c = Collector(source, "infisical-dotenv", "Infisical")
    lines = split_lines(text)

    def boundary(j: int) -> bool:
        k = j + 1
        while k < len(lines) and not lines[k].strip():
            k += 1
        return k >= len(lines) or _INFISICAL_LINE.fullmatch(lines[k]) is not None

    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.strip() or line.lstrip().startswith("#"):
            i += 1
            continue
        m = _INFISICAL_LINE.fullmatch(line)
        if m is None:
            c.note("parse-error", Severity.ERROR, "not a KEY='value' line of `infisical export`",
                   line=i + 1)
            i += 1
            continue
        key, rest = m.groups()
        body, j = [rest], i
        while not (body[-1].endswith("'") and boundary(j)):
            j += 1
            if j >= len(lines):
                break
            body.append(lines[j])
        if j >= len(lines):
            c.note("unterminated-quote", Severity.ERROR,
                   "the ' quote opened here is never closed", line=i + 1, key=key)
            break
        value = "\n".join(body)[:-1]
        if line.startswith("export"):
            value = value.replace("'\\''", "'")
        c.add(key, value, i + 1)
        i = j + 1
    return c.finish("`infisical export` output")


def read_infisical_json(text: str, source: str) -> SourceRead:
    doc = parse_json(text, source)
    if not isinstance(doc, LocatedList):
        raise InputError(f"{source}: expected `infisical export --format json` output: "
                         "an array of {\"key\", \"value\"} objects")
    c = Collector(source, "infisical-json", "Infisical")
    entries = []
    for line, item in doc.located():
        if not isinstance(item, LocatedDict) or not isinstance(item.get("key"), str):
            raise InputError(f'{source}:{line}: an entry without a "key" name')
        value = item.get("value")
        if isinstance(value, (dict, list)):
            raise InputError(f'{source}:{line}: {redact_key(item["key"])}: "value" is not text')
        entries.append((item.get("type") == "personal", line, item["key"], scalar_text(value)))
    for is_personal, line, key, value in sorted(entries, key=lambda e: e[0]):
        c.add(key, value, line, duplicate_ok=is_personal)
    return c.finish()


def read_infisical_csv(text: str, source: str) -> SourceRead:
    reader = csv.reader(io.StringIO(text, newline=""))
    rows: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for row in reader:
            if not rows and [cell.strip().lower() for cell in row[:2]] != ["key", "value"]:
                break  # judged on the first row, before a hostile rest is read
            rows.append((start, row))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise InputError(f"{source}:{reader.line_num}: not valid CSV: {exc}") from None
    if not rows:
        raise InputError(f"{source}:1: expected a Key,Value header row")
    c = Collector(source, "infisical-csv", "Infisical")
    for line, row in rows[1:]:
        if not row:
            continue
        if len(row) != 2:
            c.note("parse-error", Severity.ERROR, f"expected 2 columns, found {len(row)}",
                   line=line)
            continue
        c.add(row[0], row[1], line)
    return c.finish("`infisical export --format csv` output")

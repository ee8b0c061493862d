"""Vercel: the file ``vercel env pull`` / ``vercel pull`` writes, and ``vercel env ls --json``.

The pull writer (packages/cli/src/commands/env/pull.ts) puts ``# Created by Vercel CLI``
first and writes every variable as ``KEY="value"`` with only ``\\n`` and ``\\r`` escaped:
an embedded ``"`` or ``\\`` is written raw, so a value runs to the *last* quote of its line
(a strict dotenv parser misreads such lines). Sensitive variables, whose values Vercel
never returns, arrive as ``"[SENSITIVE]"``; older CLIs wrote ``""``, which we read as
withheld for secret-looking names (Vercel's own system variables are legitimately empty
locally), but only in a file with no ``[SENSITIVE]`` at all: a CLI that marks withheld
values writes ``""`` only for a value that is empty. Values are the platform's values:
no ``${...}`` interpolation.
"""

from __future__ import annotations

import re
from typing import Any

from envguard.errors import InputError
from envguard.findings import Severity
from envguard.secrecy import looks_secret_by_name
from envguard.sources.base import SourceRead
from envguard.sources.platforms.common import Collector, LocatedDict, LocatedList
from envguard.sources.platforms.jsondoc import parse_json
from envguard.sources.platforms.rawlines import split_lines
from envguard.sources.platforms.system import platform_of

SENSITIVE = "[SENSITIVE]"
_LINE = re.compile(r"([^=\s#]+)=(.*)")
_ESCAPE = re.compile(r"\\([nr])")
_WITHHELD_TYPES = {"encrypted", "sensitive", "secret"}


def _unescape(value: str) -> str:
    return _ESCAPE.sub(lambda m: "\n" if m.group(1) == "n" else "\r", value)


def read_vercel_pull(text: str, source: str) -> SourceRead:
    c = Collector(source, "vercel", "Vercel")
    marks_withheld = f'="{SENSITIVE}"' in text
    for n, line in enumerate(split_lines(text), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        m = _LINE.fullmatch(line)
        if m is None:
            c.note("parse-error", Severity.ERROR, 'not a KEY="value" line of a Vercel env file',
                   line=n, hint="re-run `vercel env pull` instead of editing the file")
            continue
        key, rest = m.groups()
        if rest.startswith('"'):
            if len(rest) < 2 or not rest.endswith('"'):
                c.note("unterminated-quote", Severity.ERROR,
                       "the value's closing quote is missing", line=n, key=key)
                continue
            value = _unescape(rest[1:-1])
        else:
            value = rest
        older_cli_sensitive = (value == "" and not marks_withheld and looks_secret_by_name(key)
                               and not platform_of(key))
        if value == SENSITIVE or older_cli_sensitive:
            c.add(key, None, n, withheld=True)
        else:
            c.add(key, value, n)
    return c.finish("Vercel env file")


def read_vercel_ls(text: str, source: str) -> SourceRead:
    """``vercel env ls --format json``: values only for ``plain`` variables."""
    doc = parse_json(text, source)
    envs = doc.get("envs") if isinstance(doc, LocatedDict) else None
    if not isinstance(envs, LocatedList):
        raise InputError(f"{source}: expected `vercel env ls --format json` output: "
                         'an object with an "envs" array')
    c = Collector(source, "vercel-ls", "Vercel")
    targets: dict[str, list[tuple[str, int]]] = {}
    for line, item in envs.located():
        if not isinstance(item, LocatedDict) or not isinstance(item.get("key"), str):
            raise InputError(f'{source}:{line}: an "envs" entry without a "key" name')
        key = item["key"]
        value = item.get("value")
        readable = isinstance(value, str) and (
            item.get("type") not in _WITHHELD_TYPES or item.get("decrypted") is True)
        c.add(key, value if readable else None, line, withheld=not readable,
              duplicate_ok=key in targets)
        targets.setdefault(key, []).append((_target_text(item.get("target")), line))
    for key, seen in targets.items():
        if len(seen) > 1:
            c.note("multiple-targets", Severity.INFO,
                   f"{key} has {len(seen)} definitions (for {'; '.join(t for t, _ in seen)}); "
                   "the last one listed is used", line=seen[-1][1], key=key,
                   hint="read one environment: vercel env ls production --format json")
    return c.finish("Vercel env list")


def _target_text(target: Any) -> str:
    if isinstance(target, list):
        return ", ".join(str(t) for t in target) or "no target"
    return str(target) if target else "no target"

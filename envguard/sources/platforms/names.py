"""Listings that name variables without their values, and gh's variable listing.

``fly secrets list --json`` (names and a digest; capitalised ``Name``/``Digest`` before
2025), ``gh secret list --json name,updatedAt`` (no value field exists),
``wrangler secret list`` (``type: secret_text``), ``wrangler pages secret list`` (a
title, then ``  - NAME: Value Encrypted``) and ``supabase secrets list -o json``
(its ``value`` is a digest), ``az keyvault secret list`` and ``gcloud secrets list
--format=json``. Every variable is present with a withheld value: presence is checked,
values produce no findings. ``gh variable list --json name,value`` has real values
(Actions variables are not secret), and so has ``az webapp config appsettings list``.

Key Vault secret names allow ``-`` but not ``_``, so an application's ``DB_PASSWORD`` is
stored as ``DB-PASSWORD`` (App Service Key Vault references and .NET's configuration
provider map it back; ``--`` is .NET's ``:``, ``__`` in an environment variable). Key Vault
names are case-insensitive, so the listing is read under the environment names, upper
case with ``_`` for ``-``, and one ``renamed-key`` finding names the originals. Secret
Manager names allow ``_``: gcloud's are kept as written, the last segment of
``projects/P/secrets/NAME``.
"""

from __future__ import annotations

import re

from envguard.errors import InputError
from envguard.findings import Severity
from envguard.secrecy import redact_key
from envguard.sources.base import SourceRead
from envguard.sources.platforms.common import (
    Collector,
    LocatedDict,
    LocatedList,
    field_text,
    kind_of,
)
from envguard.sources.platforms.jsondoc import parse_json


def _entries(text: str, source: str, what: str) -> list[tuple[int, LocatedDict, str]]:
    doc = parse_json(text, source)
    if not isinstance(doc, LocatedList):
        raise InputError(f"{source}: expected {what}: a JSON array of objects with a name, "
                         f"but the document is {kind_of(doc)}")
    out = []
    for line, item in doc.located():
        name = item.get("name", item.get("Name")) if isinstance(item, LocatedDict) else None
        if not isinstance(name, str):
            raise InputError(f'{source}:{line}: an entry without a "name" in {what}')
        # the line that names the variable, not the entry's opening brace
        out.append((item.line_of("name" if "name" in item else "Name"), item, name))
    return out


def _names_only(text: str, source: str, fmt: str, platform: str, what: str) -> SourceRead:
    c = Collector(source, fmt, platform)
    for line, _, name in _entries(text, source, what):
        c.add(name, None, line, withheld=True)
    return c.finish(what)


def read_fly(text: str, source: str) -> SourceRead:
    return _names_only(text, source, "fly", "Fly.io", "`fly secrets list --json` output")


def read_gh_secrets(text: str, source: str) -> SourceRead:
    return _names_only(text, source, "gh-secrets", "GitHub", "`gh secret list --json` output")


def read_wrangler_secrets(text: str, source: str) -> SourceRead:
    return _names_only(text, source, "wrangler-secrets", "Cloudflare",
                       "`wrangler secret list` output")


def read_supabase_secrets(text: str, source: str) -> SourceRead:
    return _names_only(text, source, "supabase-secrets", "Supabase",
                       "`supabase secrets list -o json` output")


def read_az_keyvault(text: str, source: str) -> SourceRead:
    what = "`az keyvault secret list` output"
    c = Collector(source, "az-keyvault", "Azure Key Vault")
    renamed: list[tuple[str, str, int]] = []
    for line, _, raw in _entries(text, source, what):
        # Key Vault names are case-insensitive and cannot hold '_': as environment
        # variables they are the upper-case names with '_' for '-' ('--' is .NET's ':')
        name = redact_key(raw)
        key = name if name != raw else raw.replace("-", "_").upper()
        if key != name:
            renamed.append((name, key, line))
        c.add(key, None, line, withheld=True)
    if renamed:
        shown = ", ".join(f"{a} as {b}" for a, b, _ in renamed[:5])
        more = f" and {len(renamed) - 5} more" if len(renamed) > 5 else ""
        c.note("renamed-key", Severity.INFO,
               f"{len(renamed)} Key Vault name(s) read in upper case with '_' for '-' "
               f"({shown}{more}): Key Vault names cannot hold '_'", line=renamed[0][2],
               hint="name the variables in the schema as the application reads them")
    return c.finish(what)


def read_gcloud_secrets(text: str, source: str) -> SourceRead:
    what = "`gcloud secrets list --format=json` output"
    c = Collector(source, "gcloud-secrets", "Google Secret Manager")
    for line, _, name in _entries(text, source, what):
        parts = name.split("/")
        if len(parts) != 4 or parts[0] != "projects" or parts[2] != "secrets" or not parts[3]:
            raise InputError(f'{source}:{line}: "name" is not projects/PROJECT/secrets/NAME '
                             f"in {what}")
        c.add(parts[3], None, line, withheld=True)
    return c.finish(what)


_KEY_VAULT_REFERENCE = re.compile(r"@Microsoft\.KeyVault\(.*\)\s*", re.I | re.S)


def read_az_appsettings(text: str, source: str) -> SourceRead:
    """Each setting's ``value``; null where the caller may not read it (withheld). A Key
    Vault reference (``@Microsoft.KeyVault(...)``) is resolved by App Service at run time:
    present, not judged."""
    what = "`az webapp config appsettings list` output"
    c = Collector(source, "az-appsettings", "Azure App Service")
    for line, item, name in _entries(text, source, what):
        value = field_text(item, "value", name, source)
        if value is None:
            c.add(name, None, line, withheld=True)
        elif _KEY_VAULT_REFERENCE.fullmatch(value):
            c.add(name, None, line, sealed="Key Vault reference")
        else:
            c.add(name, value, line)
    return c.finish(what)


def read_gh_variables(text: str, source: str) -> SourceRead:
    what = "`gh variable list --json name,value` output"
    c = Collector(source, "gh-variables", "GitHub")
    for line, item, name in _entries(text, source, what):
        value = field_text(item, "value", name, source)
        c.add(name, value, line, withheld=value is None)
    return c.finish(what)


_PAGES_TITLE = re.compile(r'The "[^"\n]*" environment of your Pages project "[^"\n]*" has access '
                          r"to the following secrets:")
_PAGES_ENTRY = re.compile(r"  - ([^\s:]+): Value Encrypted")
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def is_pages_listing(first_line: str) -> bool:
    """``wrangler pages secret list`` begins with this title (cloudflare/workers-sdk
    packages/wrangler/src/pages/secret/index.ts); a terminal's colours are ignored."""
    return _PAGES_TITLE.fullmatch(_ANSI.sub("", first_line).strip()) is not None


def read_wrangler_pages_secrets(text: str, source: str) -> SourceRead:
    """The title line, then ``  - NAME: Value Encrypted`` per secret (names only)."""
    what = "`wrangler pages secret list` output"
    lines = _ANSI.sub("", text).split("\n")
    if not lines or not is_pages_listing(lines[0]):
        raise InputError(f"{source}:1: expected the title line of {what}")
    c = Collector(source, "wrangler-pages-secrets", "Cloudflare Pages")
    for n, line in enumerate(lines[1:], start=2):
        m = _PAGES_ENTRY.fullmatch(line.rstrip("\r"))
        if m:
            c.add(m.group(1), None, n, withheld=True)
        elif line.strip():
            c.note("parse-error", Severity.ERROR,
                   "not a `  - NAME: Value Encrypted` line of the listing", line=n)
    return c.finish(what)

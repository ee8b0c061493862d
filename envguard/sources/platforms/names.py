"""Listings that name variables without their values, and gh's variable listing.

``fly secrets list --json`` (names and a digest; capitalised ``Name``/``Digest`` before
2025), ``gh secret list --json name,updatedAt`` (no value field exists),
``wrangler secret list`` (``type: secret_text``) and ``supabase secrets list -o json``
(its ``value`` is a digest). Every variable is present with a withheld value: presence
is checked, values produce no findings. ``gh variable list --json name,value`` has
real values (Actions variables are not secret).
"""

from __future__ import annotations

from envguard.errors import InputError
from envguard.sources.base import SourceRead
from envguard.sources.platforms.common import Collector, LocatedDict, LocatedList, kind_of
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
        out.append((line, item, name))
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


def read_gh_variables(text: str, source: str) -> SourceRead:
    what = "`gh variable list --json name,value` output"
    c = Collector(source, "gh-variables", "GitHub")
    for line, item, name in _entries(text, source, what):
        value = item.get("value")
        if value is None:
            c.add(name, None, line, withheld=True)
        elif isinstance(value, str):
            c.add(name, value, line)
        else:
            raise InputError(f'{source}:{line}: {name}: "value" is not text')
    return c.finish(what)

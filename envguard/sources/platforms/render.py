"""Render: the body of the API's ``GET /v1/services/{serviceId}/env-vars``.

No ``render`` CLI command prints a service's variables, so the export is the API's
response saved as it comes (``curl -H "Authorization: Bearer $RENDER_API_KEY" ... >
env.json``): an array of ``{"envVar": {"key", "value"}, "cursor"}``, every value given.
The API pages its lists (``limit``, ``cursor``): save all pages into one array.
"""

from __future__ import annotations

from envguard.errors import InputError
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

WHAT = "Render's `GET /v1/services/{id}/env-vars` response"


def read_render(text: str, source: str) -> SourceRead:
    doc = parse_json(text, source)
    if not isinstance(doc, LocatedList):
        raise InputError(f'{source}: expected {WHAT}: a JSON array of {{"envVar": {{"key", '
                         f'"value"}}, "cursor"}}, but the document is {kind_of(doc)}')
    c = Collector(source, "render", "Render")
    for line, item in doc.located():
        var = item.get("envVar") if isinstance(item, LocatedDict) else None
        key = var.get("key") if isinstance(var, LocatedDict) else None
        if not isinstance(var, LocatedDict) or not isinstance(key, str):
            raise InputError(f'{source}:{line}: an entry without an "envVar" with a "key" '
                             f"in {WHAT}")
        line = var.line_of("key")
        value = field_text(var, "value", key, source)
        if value is None:
            raise InputError(f'{source}:{line}: {redact_key(key)}: "value" is null, not text')
        c.add(key, value, line)
    return c.finish("Render env-var listing")

"""Netlify: ``netlify env:list --json`` and ``--plain`` (src/commands/env/env-list.ts).

``--json`` is ``JSON.stringify`` of a flat object; ``--plain`` is ``key=value`` joined by
newlines with no quoting. Netlify drops its own built-in variables from both. Note the
command's default context is ``dev``: pass ``--context production`` for production.
"""

from __future__ import annotations

from envguard.sources.base import SourceRead
from envguard.sources.platforms.common import Collector
from envguard.sources.platforms.jsondoc import parse_json
from envguard.sources.platforms.plain import read_flat_object
from envguard.sources.platforms.rawlines import read_raw_lines


def read_netlify_json(text: str, source: str) -> SourceRead:
    return read_flat_object(parse_json(text, source), Collector(source, "netlify-json", "Netlify"),
                            "`netlify env:list --json` output")


def read_netlify_plain(text: str, source: str) -> SourceRead:
    return read_raw_lines(text, Collector(source, "netlify-plain", "Netlify"))

"""Railway: ``railway variables --json`` and ``--kv`` (src/commands/variable.rs).

Both come from a ``BTreeMap``, so keys are sorted. ``--json`` is exact; ``--kv`` prints
``{key}={value}`` with no quoting, so a PEM key spills over lines: the sort order tells a
spilled line from the next variable. ``RAILWAY_*`` variables are Railway's own.
"""

from __future__ import annotations

from envguard.sources.base import SourceRead
from envguard.sources.platforms.common import Collector
from envguard.sources.platforms.jsondoc import parse_json
from envguard.sources.platforms.plain import read_flat_object
from envguard.sources.platforms.rawlines import read_raw_lines


def read_railway_json(text: str, source: str) -> SourceRead:
    return read_flat_object(parse_json(text, source), Collector(source, "railway-json", "Railway"),
                            "`railway variables --json` output")


def read_railway_kv(text: str, source: str) -> SourceRead:
    return read_raw_lines(text, Collector(source, "railway-kv", "Railway"), sorted_keys=True)

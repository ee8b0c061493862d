"""``--list-rules``: the rules a command can report, as an aligned table or JSON.

The table is for people choosing ids for ``[tool.envguard] severity``; JSON (a list of
``{id, severity, summary, help, security, kind}``) is for tools that build dashboards or
documentation from the registry.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from envguard.registry import Rule


def render(rules: Sequence[Rule], fmt: str = "text") -> str:
    if fmt == "json":
        return json.dumps([r.to_dict() for r in rules], indent=2, ensure_ascii=False)
    header = ("RULE", "SEVERITY", "KIND", "SECURITY", "SUMMARY")
    rows = [header] + [(r.id, str(r.default_severity), r.kind, "yes" if r.security else "",
                        r.summary) for r in rules]
    widths = [max(len(row[i]) for row in rows) for i in range(len(header) - 1)]
    return "\n".join(
        "  ".join(cell.ljust(w) for cell, w in zip(row[:-1], widths, strict=True)) + "  " + row[-1]
        for row in rows
    )

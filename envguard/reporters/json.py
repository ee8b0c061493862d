"""The machine-readable report: ``{"findings": [...], "summary": {...}}``."""

from __future__ import annotations

import json

from envguard.findings import Result


def render(result: Result, color: bool = False) -> str:
    doc = {
        "findings": [f.to_dict() for f in result.sorted()],
        "summary": result.summary(),
    }
    return json.dumps(doc, indent=2, ensure_ascii=False)

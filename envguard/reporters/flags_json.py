"""The flag report as JSON: ``{"matrix": {FLAG: {ENV: value}}, "findings": [...]}``.

Values are the effective typed values (``true``/``false`` for booleans, numbers, strings,
parsed JSON; ``null`` where unset with no default, unreadable or withheld). ``defaulted``
says which cells got their value from a default. Findings have ``envguard check``'s shape.
"""

from __future__ import annotations

import json

from envguard.flags.report import FlagReport


def render(report: FlagReport, color: bool = False) -> str:
    matrix = report.matrix
    doc = {
        "matrix": report.json_matrix(),
        "findings": [f.to_dict() for f in report.findings],
        "environments": matrix.environments,
        "defaulted": matrix.defaulted(),
        "flags": {
            name: {"type": spec.type, "semantics": spec.semantics, "declared": spec.declared,
                   **({"kind": spec.kind} if spec.kind else {}),
                   **({"owner": spec.owner} if spec.owner else {}),
                   **({"expires": spec.expires.isoformat()} if spec.expires else {})}
            for name, spec in matrix.specs.items()
        },
        "summary": report.result.summary(),
    }
    return json.dumps(doc, indent=2, ensure_ascii=False, default=str)

"""Reading the grouped text report in tests: a file's header, then its ``line  severity``
rows (``envguard.reporters.text``), instead of the old ``file:line`` on every row."""

from __future__ import annotations

import re


def reported_at(output: str, path: str, line: int) -> bool:
    """True when ``output`` has a finding at ``path`` line ``line``."""
    for block in re.split(r"\n\s*\n", output):
        rows = block.splitlines()
        for i, row in enumerate(rows):
            if row == path or row.startswith(f"{path}  ("):
                return any(re.match(rf"\s+{line}  (error|warning|info) ", r) for r in rows[i + 1:])
    return False

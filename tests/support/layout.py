"""Reading the grouped text report in tests: a file's header, then its ``line  severity``
rows (``envguard.reporters.text``), instead of the old ``file:line`` on every row."""

from __future__ import annotations

import re


def reported_at(output: str, path: str, line: int) -> bool:
    """True when ``output`` has a finding at ``path`` line ``line`` (a row ``line:col`` or,
    where no column is known, ``line``)."""
    for block in re.split(r"\n\s*\n", output):
        rows = block.splitlines()
        for i, row in enumerate(rows):
            if row == path or row.startswith(f"{path}  ("):
                row_at = re.compile(rf"\s+{line}(?::\d+)?\s+(error|warning|info) ")
                return any(row_at.match(r) for r in rows[i + 1:])
    return False

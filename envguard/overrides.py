"""Project severity overrides: ``[tool.envguard] severity = {rule-id = LEVEL}``.

One implementation for every command (check, compare, flags, scan and the hooks), so a
rule turned off in the project is off everywhere. The ids are checked against every rule
when a command starts (:func:`envguard.catalog.parse_overrides`): a misspelt id would
otherwise silently override nothing. Applying them is a pure filter on findings.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace

from envguard.findings import Finding, Severity

#: A parsed override; ``None`` means "off": the finding is dropped.
Level = Severity | None


def apply_overrides(findings: Iterable[Finding], overrides: Mapping[str, Level]) -> list[Finding]:
    """The findings at their overridden severity; an "off" rule's findings are dropped."""
    out: list[Finding] = []
    for finding in findings:
        if finding.rule not in overrides:
            out.append(finding)
            continue
        level = overrides[finding.rule]
        if level is not None:
            out.append(finding if finding.severity == level else replace(finding, severity=level))
    return out

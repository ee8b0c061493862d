"""Project severity overrides: ``[tool.envguard] severity = {rule-id = LEVEL}``.

One implementation for every command (check, compare, flags, scan and the hooks), so a
rule turned off in the project is off everywhere. Ids are checked against the rule
registry when a command starts: a misspelt id would otherwise silently override nothing,
which is the worst failure for a setting people add to silence or escalate a rule.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace

from envguard.errors import InputError
from envguard.findings import Finding, Severity
from envguard.tables import near_miss

#: A parsed override; ``None`` means "off": the finding is dropped.
Level = Severity | None


def parse_overrides(table: Mapping[str, str],
                    where: Callable[[str], str] = lambda rule: "configuration",
                    ) -> dict[str, Level]:
    """``{rule-id: level}`` as written -> ``{rule-id: Severity or None}``.

    An id that names no registered rule is an input error naming the file and line
    (``where(rule)``, e.g. ``pyproject.toml:14``) and the near miss. Provider-derived scan
    ids are only looked up (loading the provider schemas) when an id is not a fixed rule.
    """
    if not table:
        return {}
    from envguard import registry

    unknown = [rule for rule in table if rule not in registry.RULES]
    if unknown:
        known = registry.all_rules()
        for rule in unknown:
            if rule in known:
                continue
            hint = near_miss(rule, known) or "; `envguard check --list-rules` lists the ids"
            raise InputError(f"{where(rule)}: severity: unknown rule {rule!r}{hint}")
    out: dict[str, Level] = {}
    for rule, level in table.items():
        text = level.strip().lower()
        if text == "off":
            out[rule] = None
            continue
        try:
            out[rule] = Severity.parse(text)
        except ValueError:
            raise InputError(f"{where(rule)}: severity: {rule} must be one of off, info, "
                             "warning, error") from None
    return out


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

"""The flag rules' ids and default severities, as the checks and overrides look them up.

The rules themselves (ids, severities, summaries, help) are defined once, in
:mod:`envguard.registry`; this is the ``flags`` slice of it, so the checks, the severity
overrides (``[tool.envguard.flags.severity]``, a declaration's ``severity``,
``--severity``) and the documentation agree on the ids. Promotion order and
debug-in-production are errors by default: they are the mistakes that ship a half-tested
or diagnostic feature to customers. The rest are warnings.
"""

from __future__ import annotations

from typing import Any

from envguard.findings import Finding, Severity
from envguard.model import Origin
from envguard.registry import FLAG_RULES

RULES: dict[str, tuple[Severity, str]] = {
    rule.id: (rule.default_severity, rule.summary) for rule in FLAG_RULES.values()
}


def default_severity(rule: str) -> Severity:
    return RULES[rule][0]


def finding(rule: str, flag: str, message: str, origin: Origin | None, hint: str | None = None,
            env: str | None = None, **extra: Any) -> Finding:
    """A flag finding at its rule's default severity; ``extra`` names the flag and environment."""
    data = {"flag": flag, **({"environment": env} if env else {}), **extra}
    return Finding(rule, default_severity(rule), message, key=flag, origin=origin, hint=hint,
                   extra=data)

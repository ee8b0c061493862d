"""The flag rules: stable ids, default severities, and the findings reported under them.

The table itself lives in :mod:`envguard.schema.flagrules`, so the checks, the severity
overrides (``[tool.envguard.flags.severity]``, a declaration's ``severity``,
``--severity``) and the documentation agree on the ids; a schema declaring a flag is
checked against the same table at load time.
"""

from __future__ import annotations

from typing import Any

from envguard.findings import Finding, Severity
from envguard.model import Origin
from envguard.schema.flagrules import RULES

__all__ = ["RULES", "default_severity", "finding"]


def default_severity(rule: str) -> Severity:
    return RULES[rule][0]


def finding(rule: str, flag: str, message: str, origin: Origin | None, hint: str | None = None,
            env: str | None = None, **extra: Any) -> Finding:
    """A flag finding at its rule's default severity; ``extra`` names the flag and environment."""
    data = {"flag": flag, **({"environment": env} if env else {}), **extra}
    return Finding(rule, default_severity(rule), message, key=flag, origin=origin, hint=hint,
                   extra=data)

"""The settings the checks judge by: promotion order, production environments, severities.

Resolved once from (highest first) the command line, ``[tool.envguard.flags]``, the
schema and the defaults, so the checks stay pure functions of (matrix, policy).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from envguard.config import FlagsConfig
from envguard.environments import DEFAULT_ENVIRONMENTS, LIVE_ENVIRONMENTS
from envguard.errors import InputError
from envguard.findings import Severity
from envguard.flags.rules import RULES, default_severity
from envguard.schema.flagspec import FlagSpec, parse_level

DEFAULT_ORDER = DEFAULT_ENVIRONMENTS
DEFAULT_PRODUCTION = LIVE_ENVIRONMENTS


@dataclass(frozen=True)
class Policy:
    """``severity`` holds project-wide overrides; None turns a rule off."""

    order: tuple[str, ...] = DEFAULT_ORDER
    production: tuple[str, ...] = DEFAULT_PRODUCTION
    severity: Mapping[str, Severity | None] = field(default_factory=dict)
    today: dt.date = field(default_factory=dt.date.today)
    declared_any: bool = False
    patterns: tuple[str, ...] = ()

    def severity_for(self, rule: str, spec: FlagSpec) -> Severity | None:
        """A declaration's own override wins over the project's, which wins over the default."""
        if rule in spec.severity:
            return spec.severity[rule]
        if rule in self.severity:
            return self.severity[rule]
        return default_severity(rule)


def parse_severities(pairs: Mapping[str, Any], where: str) -> dict[str, Severity | None]:
    """``{rule: level}`` from config or ``--severity RULE=LEVEL``; errors name ``where``."""
    return {rule: parse_level(rule, level, RULES, lambda m: InputError(f"{where}: {m}"))
            for rule, level in pairs.items()}


def build_policy(
    *,
    cli_order: Sequence[str] | None = None,
    cli_severity: Sequence[str] = (),
    section: FlagsConfig | None = None,
    config_where: str = "configuration",
    config_environments: Sequence[str] = (),
    schema_environments: Sequence[str] | None = None,
    schema_production: Sequence[str] | None = None,
    today: dt.date | None = None,
    declared_any: bool = False,
    base_severity: Mapping[str, Severity | None] | None = None,
) -> Policy:
    """``base_severity``: the project-wide ``[tool.envguard] severity`` entries for flag
    rules, the lowest override layer (the flags table, ``--severity`` and a declaration's
    own ``severity`` are more specific, so they win)."""
    section = section or FlagsConfig()
    order = (tuple(cli_order or ()) or section.order or tuple(config_environments)
             or tuple(schema_environments or ()) or DEFAULT_ORDER)
    if len(set(order)) != len(order):
        raise InputError(f"environment order {', '.join(order)} names an environment twice")
    production = section.production or tuple(schema_production or ()) or DEFAULT_PRODUCTION
    severity = dict(base_severity or {})
    severity.update(parse_severities(section.severity,
                                     f"{config_where}: [tool.envguard.flags.severity]"))
    cli: dict[str, str] = {}
    for item in cli_severity:
        rule, sep, level = item.partition("=")
        if not sep:
            raise InputError(f"--severity {item!r}: write RULE=LEVEL (e.g. flag-stale=error)")
        cli[rule.strip()] = level
    severity.update(parse_severities(cli, "--severity"))
    return Policy(order=order, production=production, severity=severity,
                  today=today or dt.date.today(), declared_any=declared_any,
                  patterns=section.patterns)

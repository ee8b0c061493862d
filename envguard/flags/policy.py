"""The settings the checks judge by: promotion order, production environments, severities.

Resolved once from (highest first) the command line, ``[tool.envguard.flags]``, the
schema and the defaults, so the checks stay pure functions of (matrix, policy).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from envguard.errors import InputError
from envguard.findings import Severity
from envguard.flags.rules import RULES, default_severity
from envguard.flags.spec import FlagSpec, parse_level

DEFAULT_ORDER = ("development", "staging", "production")
DEFAULT_PRODUCTION = ("production", "prod", "live")
#: Keys ``[tool.envguard.flags]`` may hold.
CONFIG_KEYS = frozenset({"order", "production", "severity", "patterns", "code"})


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


def check_config(section: Mapping[str, Any], source: str | None) -> None:
    """Refuse unknown keys and wrong shapes in ``[tool.envguard.flags]``, naming the file."""
    where = f"{source or 'configuration'}: [tool.envguard.flags]"
    unknown = sorted(set(section) - CONFIG_KEYS)
    if unknown:
        raise InputError(f"{where}: unknown key(s) {', '.join(unknown)}; "
                         f"allowed: {', '.join(sorted(CONFIG_KEYS))}")
    for key in ("order", "production", "patterns", "code"):
        value = section.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise InputError(f"{where}: {key} must be a list of strings")
    if not isinstance(section.get("severity", {}), Mapping):
        raise InputError(f"{where}: severity must be a table of rule = level")


def parse_severities(pairs: Mapping[str, Any], where: str) -> dict[str, Severity | None]:
    """``{rule: level}`` from config or ``--severity RULE=LEVEL``; errors name ``where``."""
    return {rule: parse_level(rule, level, RULES, lambda m: InputError(f"{where}: {m}"))
            for rule, level in pairs.items()}


def build_policy(
    *,
    cli_order: Sequence[str] | None = None,
    cli_severity: Sequence[str] = (),
    section: Mapping[str, Any] | None = None,
    config_source: str | None = None,
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
    section = section or {}
    check_config(section, config_source)
    order = (tuple(cli_order or ()) or tuple(section.get("order", ())) or tuple(config_environments)
             or tuple(schema_environments or ()) or DEFAULT_ORDER)
    if len(set(order)) != len(order):
        raise InputError(f"environment order {', '.join(order)} names an environment twice")
    production = tuple(section.get("production", ())) or tuple(schema_production or ()) \
        or DEFAULT_PRODUCTION
    where = f"{config_source or 'configuration'}: [tool.envguard.flags.severity]"
    severity = dict(base_severity or {})
    severity.update(parse_severities(dict(section.get("severity", {})), where))
    cli: dict[str, str] = {}
    for item in cli_severity:
        rule, sep, level = item.partition("=")
        if not sep:
            raise InputError(f"--severity {item!r}: write RULE=LEVEL (e.g. flag-stale=error)")
        cli[rule.strip()] = level
    severity.update(parse_severities(cli, "--severity"))
    return Policy(order=order, production=production, severity=severity,
                  today=today or dt.date.today(), declared_any=declared_any,
                  patterns=tuple(section.get("patterns", ())))

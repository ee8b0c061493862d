"""Each flag check: a case that trips it and one that does not, table-driven."""

from __future__ import annotations

from typing import Any

import pytest

from envguard.config import FlagsConfig
from envguard.errors import InputError
from envguard.findings import Severity
from envguard.flags import EnvInput, analyse, build_policy
from envguard.model import EnvVar, Origin
from tests.support.flags import TODAY, report, rules, specs

OFF_BY_DEFAULT = {"semantics": "default-off"}
ON_BY_DEFAULT = {"semantics": "default-on"}


def three(dev: str | None, staging: str | None, prod: str | None,
          name: str = "ENABLE_X") -> dict[str, dict[str, str | None]]:
    """One flag across development < staging < production (None: not in that file)."""
    return {env: ({name: value} if value is not None else {})
            for env, value in (("development", dev), ("staging", staging), ("production", prod))}


# (id, table, declarations, policy, flag, rule, trips)
CASES: list[tuple[str, dict[str, Any], dict[str, Any], dict[str, Any], str, str, bool]] = [
    # promotion order
    ("on-in-prod-off-in-staging", three("true", "false", "true"), {}, {}, "ENABLE_X",
     "flag-promotion-order", True),
    ("seed-gradual-rollout", three("true", "true", "false"), {}, {}, "ENABLE_X",
     "flag-promotion-order", False),
    ("percent-higher-in-prod", three("10", "5", "50", "ROLLOUT"),
     {"ROLLOUT": {"type": "percent"}}, {}, "ROLLOUT", "flag-promotion-order", True),
    ("percent-ascending", three("100", "50", "10", "ROLLOUT"),
     {"ROLLOUT": {"type": "percent"}}, {}, "ROLLOUT", "flag-promotion-order", False),
    ("variant-only-in-prod", three(None, None, "algolia", "SEARCH"),
     {"SEARCH": {"type": "enum", "values": ["pg", "algolia"], "default": "pg"}}, {},
     "SEARCH", "flag-promotion-order", True),
    ("custom-order-reverses-it", three("true", "true", "false"), {},
     {"cli_order": ["production", "staging", "development"]}, "ENABLE_X",
     "flag-promotion-order", True),
    # debug / dev-only in production
    ("debug-by-name-in-prod", three("true", "false", "true", "DEBUG_MODE"), {}, {},
     "DEBUG_MODE", "flag-debug-in-production", True),
    ("debug-only-in-dev", three("true", "false", "false", "DEBUG_MODE"), {}, {},
     "DEBUG_MODE", "flag-debug-in-production", False),
    ("allowed-in-excludes-prod", three("true", "true", "true"),
     {"ENABLE_X": {"allowed_in": ["development", "staging"]}}, {}, "ENABLE_X",
     "flag-debug-in-production", True),
    ("dev-only-false-for-a-prod-debug-flag", three("true", "true", "true", "DEBUG_SAMPLING"),
     {"DEBUG_SAMPLING": {"dev_only": False}}, {}, "DEBUG_SAMPLING",
     "flag-debug-in-production", False),
    ("production-named-by-the-schema", {"dev": {"DEBUG": "1"}, "live": {"DEBUG": "1"}}, {},
     {"cli_order": ["dev", "live"], "schema_production": ["live"]}, "DEBUG",
     "flag-debug-in-production", True),
    # allowed_in outside production
    ("on-in-staging-not-allowed", three("true", "true", "false"),
     {"ENABLE_X": {"allowed_in": ["development"]}}, {}, "ENABLE_X", "flag-not-allowed", True),
    ("on-only-where-allowed", three("true", "false", "false"),
     {"ENABLE_X": {"allowed_in": ["development"]}}, {}, "ENABLE_X", "flag-not-allowed", False),
    # missing
    ("missing-in-prod", three("true", "true", None), {}, {}, "ENABLE_X", "flag-missing", True),
    ("set-everywhere", three("true", "true", "false"), {}, {}, "ENABLE_X", "flag-missing", False),
    # spellings
    ("true-here-1-there", three("true", "true", "1"), {}, {}, "ENABLE_X",
     "flag-inconsistent-spelling", True),
    ("true-and-false-are-one-spelling", three("true", "true", "false"), {}, {}, "ENABLE_X",
     "flag-inconsistent-spelling", False),
    ("False-under-default-on", three("false", "False", "false"), {"ENABLE_X": ON_BY_DEFAULT},
     {}, "ENABLE_X", "flag-ambiguous-spelling", True),
    ("exact-false-under-default-on", three("false", "false", "false"),
     {"ENABLE_X": ON_BY_DEFAULT}, {}, "ENABLE_X", "flag-ambiguous-spelling", False),
    ("TRUE-under-default-off", three("TRUE", "false", "false"), {"ENABLE_X": OFF_BY_DEFAULT},
     {}, "ENABLE_X", "flag-ambiguous-spelling", True),
    ("yes-for-an-undeclared-flag", three("yes", "true", "false"), {}, {}, "ENABLE_X",
     "flag-ambiguous-spelling", True),
    # values outside the declared type
    ("not-a-boolean", three("true", "ture", "false"), {}, {}, "ENABLE_X",
     "flag-invalid-value", True),  # ENABLE_* can only be a boolean
    ("debug-namespaces-are-strings", three("express:*", "", "", "DEBUG"), {}, {}, "DEBUG",
     "flag-invalid-value", False),
    ("not-a-boolean-declared", three("true", "maybe", "false"), {"ENABLE_X": {}}, {},
     "ENABLE_X", "flag-invalid-value", True),
    ("percent-over-100", three("10", "50", "150", "ROLLOUT"),
     {"ROLLOUT": {"type": "percent"}}, {}, "ROLLOUT", "flag-invalid-value", True),
    ("percent-in-range", three("10", "50%", "100", "ROLLOUT"),
     {"ROLLOUT": {"type": "percent"}}, {}, "ROLLOUT", "flag-invalid-value", False),
    ("enum-variant-unknown", three("pg", "pg", "elastic", "SEARCH"),
     {"SEARCH": {"type": "enum", "values": ["pg", "algolia"]}}, {}, "SEARCH",
     "flag-invalid-value", True),
    # expiry
    ("past-expiry", three("true", "false", "false"), {"ENABLE_X": {"expires": "2026-01-01"}},
     {}, "ENABLE_X", "flag-expired", True),
    ("future-expiry", three("true", "false", "false"), {"ENABLE_X": {"expires": "2027-01-01"}},
     {}, "ENABLE_X", "flag-expired", False),
    ("release-past-its-lifetime", three("true", "false", "false"),
     {"ENABLE_X": {"created": "2026-01-01", "kind": "release"}}, {}, "ENABLE_X",
     "flag-expired", True),
    ("permission-flags-live-forever", three("true", "false", "false"),
     {"ENABLE_X": {"created": "2020-01-01", "kind": "permission"}}, {}, "ENABLE_X",
     "flag-expired", False),
    # stale / dead
    ("on-everywhere", three("true", "true", "true"), {}, {}, "ENABLE_X", "flag-stale", True),
    ("on-everywhere-by-default", three(None, None, None), {"ENABLE_X": ON_BY_DEFAULT}, {},
     "ENABLE_X", "flag-stale", True),
    ("kill-switch-on-everywhere", three("true", "true", "true"),
     {"ENABLE_X": {"kind": "kill-switch"}}, {}, "ENABLE_X", "flag-stale", False),
    ("off-somewhere", three("true", "true", "false"), {}, {}, "ENABLE_X", "flag-stale", False),
    ("100-percent-everywhere", three("100", "100%", "100", "ROLLOUT"),
     {"ROLLOUT": {"type": "percent"}}, {}, "ROLLOUT", "flag-stale", True),
    ("off-everywhere", three("false", "false", "0"), {}, {}, "ENABLE_X", "flag-dead", True),
    ("kill-switch-armed", three("false", "false", "false"),
     {"ENABLE_X": {"kind": "kill-switch"}}, {}, "ENABLE_X", "flag-dead", False),
    ("on-somewhere", three("true", "false", "false"), {}, {}, "ENABLE_X", "flag-dead", False),
    ("one-environment-is-not-everywhere", {"production": {"ENABLE_X": "true"}}, {}, {},
     "ENABLE_X", "flag-stale", False),
    # undeclared
    ("misspelled-declared-flag", three("true", "true", "false", "ENABLE_NEW_CHEKOUT"),
     {"ENABLE_NEW_CHECKOUT": ON_BY_DEFAULT}, {}, "ENABLE_NEW_CHEKOUT", "flag-undeclared", True),
    ("no-declarations-no-undeclared", three("true", "true", "false"), {}, {}, "ENABLE_X",
     "flag-undeclared", False),
]


@pytest.mark.parametrize(("table", "declared", "policy", "flag", "rule", "trips"),
                         [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_check(table: dict[str, Any], declared: dict[str, Any], policy: dict[str, Any],
               flag: str, rule: str, trips: bool) -> None:
    rep = report(table, specs(**declared) if declared else None, **policy)
    assert (rule in rules(rep, flag)) is trips, [f.message for f in rep.result.findings]


def test_default_severities_and_exit_codes() -> None:
    rep = report(three("false", "false", "true"))
    [promo] = [f for f in rep.result.findings if f.rule == "flag-promotion-order"]
    assert promo.severity == Severity.ERROR and rep.result.exit_code == 1
    assert promo.origin == Origin(".env.production", 1)
    assert promo.extra == {"flag": "ENABLE_X", "environment": "production",
                           "earlier": "staging"}
    assert "ENABLE_X is on in production but off in staging" in promo.message
    warned = report(three("true", "true", None))
    assert {f.severity for f in warned.result.findings} == {Severity.WARNING}
    assert warned.result.exit_code == 0


def test_missing_says_what_unset_reads_as() -> None:
    rep = report(three("false", None, "false"), specs(ENABLE_X=ON_BY_DEFAULT))
    [missing] = [f for f in rep.result.findings if f.rule == "flag-missing"]
    assert "not set in staging" in missing.message
    assert "reads as on (on unless exactly 'false')" in missing.message
    assert rep.matrix.cell("ENABLE_X", "staging").defaulted
    assert rep.matrix.defaulted() == {"ENABLE_X": ["staging"]}
    undefined = report(three("true", None, "true"))
    assert "undefined (no default)" in rules_messages(undefined, "flag-missing")[0]


def rules_messages(rep: Any, rule: str) -> list[str]:
    return [f.message for f in rep.result.findings if f.rule == rule]


def test_flags_read_in_code_that_no_environment_defines() -> None:
    code = {"ENABLE_BETA": [Origin("src/app.ts", 3)], "DATABASE_URL": [Origin("src/db.ts", 1)],
            "ENABLE_X": [Origin("src/x.py", 9)]}
    rep = report(three("true", "true", "false"), code=code)
    [read] = [f for f in rep.result.findings if f.rule == "flag-read-undefined"]
    assert read.key == "ENABLE_BETA" and read.origin == Origin("src/app.ts", 3)
    assert "DATABASE_URL" not in rep.matrix.flags  # not a flag: never in the matrix
    assert rep.matrix.values()["ENABLE_BETA"] == dict.fromkeys(
        ("development", "staging", "production"))
    with_default = report(three("true", "true", "false"), specs(ENABLE_BETA=ON_BY_DEFAULT),
                          code=code)
    assert "flag-read-undefined" not in rules(with_default)


def test_withheld_values_count_as_present_but_unknown() -> None:
    envs = [EnvInput("development", ".env.development",
                     [EnvVar("ENABLE_X", "true", Origin(".env.development", 1))]),
            EnvInput("production", "vercel", [EnvVar("ENABLE_X", None, Origin("vercel", 4),
                                                      withheld=True)])]
    rep = analyse(envs, {}, build_policy(today=TODAY))
    assert rep.matrix.cell("ENABLE_X", "production").withheld
    assert rules(rep) == []


def test_severity_overrides() -> None:
    table = three("true", "true", "true")
    assert rules(report(table)) == ["flag-stale"]
    assert rules(report(table, specs(ENABLE_X={"severity": {"flag-stale": "off"}}))) == []
    project = report(table, section=FlagsConfig(severity={"flag-stale": "error"}))
    assert project.result.findings[0].severity == Severity.ERROR
    assert project.result.exit_code == 1
    cli = report(table, section=FlagsConfig(severity={"flag-stale": "error"}),
                 cli_severity=["flag-stale=info"])
    assert cli.result.findings[0].severity == Severity.INFO
    own = report(table, specs(ENABLE_X={"severity": {"flag-stale": "warning"}}),
                 cli_severity=["flag-stale=error"])
    assert [f.severity for f in own.result.findings if f.rule == "flag-stale"] == [
        Severity.WARNING]


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"cli_severity": ["flag-stale"]}, "write RULE=LEVEL"),
    ({"cli_severity": ["flag-nope=error"]}, "unknown rule 'flag-nope'"),
    ({"section": FlagsConfig(severity={"flag-stale": "loud"})}, "level must be one of"),
    ({"section": FlagsConfig(severity={"flag-nope": "off"})}, "unknown rule 'flag-nope'"),
    ({"cli_order": ["a", "b", "a"]}, "names an environment twice"),
])
def test_bad_policy_settings(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(InputError, match=message):
        build_policy(**kwargs)


def test_reading_findings_about_flags_are_kept_and_others_dropped() -> None:
    from envguard.findings import Finding

    envs = [EnvInput("development", ".env.development",
                     [EnvVar("ENABLE_X", "true", Origin(".env.development", 2))],
                     [Finding("duplicate-key", Severity.WARNING, "dup", key="ENABLE_X"),
                      Finding("duplicate-key", Severity.WARNING, "dup", key="API_SECRET")])]
    rep = analyse(envs, {}, build_policy(today=TODAY))
    assert [f.key for f in rep.result.findings if f.rule == "duplicate-key"] == ["ENABLE_X"]

"""The validation pipeline: sources -> EnvSet -> checks -> findings.

``validate`` is pure; ``check_files`` adds the reading of layered .env files.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from envguard.checks.crossvars import check_rules
from envguard.checks.hygiene import check_exposure, check_localhost, check_placeholders
from envguard.checks.schema import check_schema
from envguard.findings import Finding, Result, Severity
from envguard.model import EnvSet, EnvVar, Origin
from envguard.schema.model import Schema
from envguard.sources import read_source


def secrecy(schema: Schema) -> dict[str, bool]:
    """Which declared keys are secret: declared so, or carrying a secret credential."""
    return {
        key: spec.secret or any(schema.credentials[c].secret for c in spec.credential)
        for key, spec in schema.vars.items()
    }


def validate(
    envset: EnvSet,
    schema: Schema,
    environment: str | None,
    *,
    report_unknown: bool = True,
    catalog: Schema | None = None,
    missing_origin: Origin | None = None,
) -> list[Finding]:
    """Every finding for one environment's variables. Never raises on bad values."""
    marked = envset.mark_secrets(secrecy(schema))
    findings: list[Finding] = []
    findings += check_schema(marked, schema, environment, report_unknown=report_unknown,
                             missing_origin=missing_origin)
    findings += check_placeholders(marked, schema, environment)
    findings += check_exposure(marked, schema, catalog)
    findings += check_localhost(marked, schema, environment)
    findings += check_rules(marked, schema, environment)
    return findings


def layer_files(paths: Sequence[str | Path], fmt: str = "auto") -> tuple[EnvSet, list[Finding]]:
    """Read sources in order, later overriding earlier (as Next.js and most loaders do)."""
    envset = EnvSet()
    findings: list[Finding] = []
    for path in paths:
        read = read_source(path, fmt, context=envset.values())
        envset.extend(read.vars)
        findings += read.findings
    return envset, findings


def check_env(
    variables: Iterable[EnvVar],
    schema: Schema,
    environment: str | None,
    *,
    reading_findings: Sequence[Finding] = (),
    catalog: Schema | None = None,
    missing_origin: Origin | None = None,
    fail_on: Severity = Severity.ERROR,
) -> Result:
    envset = EnvSet(variables)
    result = Result(fail_on=fail_on, checked={"environment": environment, "schema": schema.name,
                                              "variables": len(envset)})
    result.extend(reading_findings)
    result.extend(validate(envset, schema, environment, catalog=catalog,
                           missing_origin=missing_origin))
    return result


def check_files(
    paths: Sequence[str | Path],
    schema: Schema,
    environment: str | None,
    *,
    catalog: Schema | None = None,
    fail_on: Severity = Severity.ERROR,
) -> Result:
    """Validate layered .env files; unusable input raises :class:`InputError`."""
    envset, reading = layer_files(paths)
    last = Origin(str(paths[-1])) if paths else None
    result = check_env(envset.all_definitions(), schema, environment, reading_findings=reading,
                       catalog=catalog, missing_origin=last, fail_on=fail_on)
    result.checked["files"] = [str(p) for p in paths]
    return result

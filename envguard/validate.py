"""The validation pipeline: sources -> EnvSet -> checks -> findings.

``validate`` is pure; ``check_files`` adds the reading of layered .env files.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from envguard.checks.crossvars import check_rules
from envguard.checks.hygiene import (
    check_exposure,
    check_localhost,
    check_placeholders,
    secret_format_of,
)
from envguard.checks.schema import check_schema
from envguard.envfiles import all_templates
from envguard.findings import Finding, Result, Severity
from envguard.model import EnvSet, EnvVar, Origin
from envguard.schema.credentials import declared_secrets, merged
from envguard.schema.model import Schema, is_browser_exposed
from envguard.secrecy import looks_secret_by_name, shown_path
from envguard.sources import SourceRead, read_layers


def validate(
    envset: EnvSet,
    schema: Schema,
    environment: str | None,
    *,
    report_unknown: bool = True,
    catalog: Schema | None = None,
    missing_origin: Origin | None = None,
    template: bool = False,
) -> list[Finding]:
    """Every finding for one environment's variables. Never raises on bad values.

    ``template`` marks a ``.env.example``: empty values and placeholders are what it is
    for, so neither is reported, nor a partner left empty; unlisted required variables are
    warnings.
    """
    marked = _mark_secret_values(envset.mark_secrets(declared_secrets(schema)), schema, catalog)
    findings: list[Finding] = list(_secret_in_plain_variable(envset, marked, schema))
    findings += check_schema(marked, schema, environment, report_unknown=report_unknown,
                             missing_origin=missing_origin, template=template)
    if not template:
        findings += check_placeholders(marked, schema, environment)
    findings += check_exposure(marked, schema, catalog)
    findings += check_localhost(marked, schema, environment)
    findings += check_rules(marked, schema, environment, template)
    return findings


def validate_with_model(
    envset: EnvSet,
    model: type[Any],
    environment: str | None,
    *,
    catalog: Schema,
    schema: Schema | None = None,
    missing_origin: Origin | None = None,
) -> tuple[Any | None, list[Finding]]:
    """The model's own verdict plus envguard's checks on the variables it reads: a field's
    named credential format, a built-in variable's declaration (a test key in production,
    a malformed key, localhost in production), and with ``schema`` the whole schema. The
    model speaks first on each variable; a schema finding it already made is dropped."""
    from envguard.checks.pydantic_model import (
        model_schema,
        model_vars,
        secret_env_names,
        validate_model,
    )

    instance, findings = validate_model(model, envset, missing_origin=missing_origin)
    derived = model_schema(model, catalog, schema)
    checked = envset if schema is not None else model_vars(model, envset)
    secret = secret_env_names(model)  # known secret: no format hunt on their values
    checked = checked.mark_secrets({v.key: True for v in checked if v.key.upper() in secret})
    said = {(f.key or "").upper(): f.rule for f in findings}
    for finding in validate(checked, derived, environment, report_unknown=False,
                            catalog=catalog, missing_origin=missing_origin):
        key = (finding.key or "").upper()
        if key in said and (said[key] == finding.rule or finding.rule in (
                "invalid-value", "missing-required")):
            continue
        findings.append(finding)
    return (instance if not any(f.severity >= Severity.ERROR for f in findings) else None,
            findings)


def _mark_secret_values(envset: EnvSet, schema: Schema, catalog: Schema | None) -> EnvSet:
    """A value shaped like a secret credential is hidden even where the schema calls the
    variable public (a secret pasted into a publishable-key variable is the mistake)."""
    credentials = merged(catalog.credentials if catalog else {}, schema.credentials)
    found = {v.key: True for v in envset.all_definitions()
             if not v.secret and v.value and secret_format_of(v.value, credentials, v.key)}
    return envset.mark_secrets(found) if found else envset


def _secret_in_plain_variable(before: EnvSet, after: EnvSet, schema: Schema) -> list[Finding]:
    """A secret credential in a variable declared (or named) non-secret: its value is
    hidden anyway, and the declaration is probably wrong or the value pasted in the wrong
    place. Browser variables are left to ``secret-exposed``."""
    out = []
    declared = declared_secrets(schema)
    for var in after:
        plain = before.get(var.key)
        if plain is None or not var.secret or declared.get(var.key) or var.value is None:
            continue
        if is_browser_exposed(var.key) or looks_secret_by_name(var.key):
            continue
        out.append(Finding(
            "secret-in-plain-variable", Severity.WARNING,
            f"{var.key} is not declared secret but holds a secret credential ({var.display})",
            key=var.key, origin=var.origin,
            hint="declare it secret = true in the schema, or move the secret to its own "
                 "variable",
        ))
    return out


def layer_files(paths: Sequence[str | Path], fmt: str = "auto") -> tuple[EnvSet, list[Finding]]:
    """Read sources in order, later overriding earlier (as Next.js and most loaders do)."""
    envset, reads = read_layers(paths, fmt)
    return envset, reading_findings(reads)


def reading_findings(reads: Iterable[SourceRead]) -> list[Finding]:
    """What reading found (parse errors, withheld values...) and what the lint rules say
    about the .env statements read: no schema needed for either."""
    from envguard.checks.dotenv_lint import lint_reads  # the loader ports: only with files

    reads = list(reads)
    return [f for read in reads for f in read.findings] + lint_reads(reads)


def check_env(
    variables: Iterable[EnvVar],
    schema: Schema,
    environment: str | None,
    *,
    reading_findings: Sequence[Finding] = (),
    catalog: Schema | None = None,
    missing_origin: Origin | None = None,
    fail_on: Severity = Severity.ERROR,
    template: bool = False,
) -> Result:
    envset = EnvSet(variables)
    result = Result(fail_on=fail_on, checked={"environment": environment, "schema": schema.name,
                                              "variables": len(envset)})
    result.extend(reading_findings)
    result.extend(validate(envset, schema, environment, catalog=catalog,
                           missing_origin=missing_origin, template=template))
    return result


def check_files(
    paths: Sequence[str | Path],
    schema: Schema,
    environment: str | None,
    *,
    catalog: Schema | None = None,
    fail_on: Severity = Severity.ERROR,
    fmt: str = "auto",
) -> Result:
    """Validate layered env files or exports; unusable input raises :class:`InputError`.

    Files that are all templates by name (``.env.example``) are checked as templates.
    """
    envset, reads = read_layers(paths, fmt)
    last = Origin(reads[-1].source) if reads else None
    template = all_templates([str(p) for p in paths])
    result = check_env(envset.all_definitions(), schema, environment,
                       reading_findings=reading_findings(reads),
                       catalog=catalog, missing_origin=last, fail_on=fail_on,
                       template=template)
    result.checked["files"] = [shown_path(str(p)) for p in paths]
    result.checked["formats"] = {read.source: read.format for read in reads}
    return result


def lint_files(paths: Sequence[str | Path], *, fail_on: Severity = Severity.WARNING,
               fmt: str = "auto", catalog: Schema | None = None) -> Result:
    """Every rule that needs no schema, for each file on its own: reading problems (parse
    errors, duplicates, unterminated quotes...), the ``.env`` lint rules (portability,
    names, ``=``) and a secret in a browser-exposed variable (``catalog`` supplies the
    built-in credential formats). Files are not layered: each is judged as written."""
    result = Result(fail_on=fail_on, checked={"files": [shown_path(str(p)) for p in paths],
                                              "formats": {}})
    for path in paths:
        envset, reads = read_layers([path], fmt)
        result.extend(reading_findings(reads))
        result.extend(check_exposure(envset, None, catalog))
        result.checked["formats"].update({read.source: read.format for read in reads})
    return result

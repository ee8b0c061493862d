"""Validate an EnvSet against a Schema: required keys, value types, credential modes, unknowns."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from envguard.checks.values import value_problems
from envguard.findings import Finding, Severity
from envguard.model import EnvSet, EnvVar, Origin
from envguard.schema.credentials import declared_format
from envguard.schema.model import Schema, VarSpec
from envguard.secrecy import is_encryption_public_key, is_placeholder


def check_schema(
    envset: EnvSet,
    schema: Schema,
    environment: str | None,
    *,
    report_unknown: bool = True,
    missing_origin: Origin | None = None,
    template: bool = False,
) -> Iterator[Finding]:
    """``template``: the envset is a ``.env.example``; empty values are expected there, and
    a variable the environment (or, with none given, any environment) requires should at
    least be listed."""
    for key in schema.vars:
        spec = schema.spec_for(key, environment)
        assert spec is not None
        var = envset.get(key)
        if var is None or var.value is None or (var.value == "" and not var.withheld):
            if template:
                needed = spec.is_required(environment) if environment else bool(spec.required)
                if var is None and needed and not spec.platform:
                    yield _unlisted(spec, missing_origin)
            elif spec.is_required(environment) and not spec.platform and spec.default is None:
                yield _missing(spec, var, environment, missing_origin)
            continue
        if var.withheld or is_placeholder(var.value):
            continue  # the placeholder check reports it once, with the right severity
        yield from _check_value(spec, var, schema, environment)
    if report_unknown and schema.vars:
        yield from _unknown_keys(envset, schema)


def _missing(
    spec: VarSpec, var: EnvVar | None, environment: str | None, fallback: Origin | None
) -> Finding:
    where = f" in {environment}" if environment else ""
    state = "is empty" if var is not None else "is missing"
    hint = spec.description.rstrip(".") or None
    if spec.example:
        hint = f"{hint + '; ' if hint else ''}e.g. {spec.key}={spec.example}"
    return Finding(
        "missing-required", Severity.ERROR, f"{spec.key} {state} but required{where}",
        key=spec.key, origin=var.origin if var else fallback, hint=hint,
        extra={"environment": environment},
    )


def _unlisted(spec: VarSpec, origin: Origin | None) -> Finding:
    envs = spec.required if isinstance(spec.required, tuple) else ()
    where = f" (required in {', '.join(envs)})" if envs else ""
    return Finding(
        "missing-in-template", Severity.WARNING,
        f"{spec.key} is required{where} but the template does not list it",
        key=spec.key, origin=origin, hint=spec.description.rstrip(".") or None,
    )


def _check_value(
    spec: VarSpec, var: EnvVar, schema: Schema, environment: str | None
) -> Iterator[Finding]:
    assert var.value is not None
    problems = value_problems(spec, var.value, schema.credentials)
    if problems:
        yield Finding(
            "invalid-value", Severity.ERROR,
            f"{spec.key} {'; '.join(problems)}",
            key=spec.key, origin=var.origin,
            hint=_value_hint(spec),
            extra={"expected": spec.type},
        )
        return
    expected_mode = schema.mode_for(environment)
    fmt = declared_format(spec, var.value, schema.credentials) if spec.credential else None
    mode = fmt.mode_of(var.value) if fmt else None
    if fmt and mode and expected_mode and mode != expected_mode:
        yield Finding(
            "wrong-mode", Severity.ERROR,
            f"{spec.key} is a {mode} {fmt.name} ({var.display}) but {environment} "
            f"expects {expected_mode} credentials",
            key=spec.key, origin=var.origin,
            hint=f"use the {expected_mode}-mode key from the provider's dashboard",
            extra={"provider": fmt.provider, "mode": mode, "expected_mode": expected_mode,
                   "environment": environment},
        )


def _value_hint(spec: VarSpec) -> str | None:
    parts = [spec.description.rstrip(".")] if spec.description else []
    if spec.example:
        parts.append(f"e.g. {spec.example}")
    if spec.docs:
        parts.append(f"see {spec.docs}")
    return "; ".join(parts) or None


MAX_SUGGESTIONS = 200


def _unknown_keys(envset: EnvSet, schema: Schema) -> Iterator[Finding]:
    by_length: dict[int, list[str]] = {}
    for key in schema.vars:
        by_length.setdefault(len(key), []).append(key)
    suggestions_left = MAX_SUGGESTIONS
    for var in envset:
        if var.key in schema.vars or var.key in schema.flags or schema.is_platform(var.key):
            continue
        if is_encryption_public_key(var.key):
            continue  # dotenvx's, written next to the values it encrypted
        close: list[str] = []
        if suggestions_left > 0:  # a file of thousands of unknown keys needs no more hints
            suggestions_left -= 1
            # a near miss is within two characters of the length: compare only those
            n = len(var.key)
            candidates = [k for size in range(n - 2, n + 3) for k in by_length.get(size, ())]
            close = difflib.get_close_matches(var.key, candidates, n=1, cutoff=0.75)
        yield Finding(
            "unknown-key", Severity.WARNING,
            f"{var.key} is not declared in the {schema.name} schema",
            key=var.key, origin=var.origin,
            hint=f"did you mean {close[0]}?" if close else "declare it in the schema, or remove it",
        )

"""Is one value acceptable for one declared variable? Shared by validation and ``load()``.

Returns problem descriptions phrased as expectations, so they are safe to show.
"""

from __future__ import annotations

from collections.abc import Mapping

from envguard.schema.credentials import declared_format
from envguard.schema.model import CredentialFormat, VarSpec
from envguard.schema.structure import run_check
from envguard.schema.types import (
    SIMPLE_CHECKS,
    convert,
    decoded_length,
    split_list,
    url_problem,
)


def value_problems(
    spec: VarSpec, value: str, credentials: Mapping[str, CredentialFormat]
) -> list[str]:
    """Everything wrong with ``value`` for ``spec``; an empty list means acceptable."""
    problems: list[str] = []
    type_problem = _type_problem(spec, value)
    if type_problem:
        return [type_problem]
    if spec.type in ("int", "float", "port") and (spec.min is not None or spec.max is not None):
        number = float(convert(spec.type, value))
        if spec.min is not None and number < spec.min:
            problems.append(f"must be at least {_num(spec.min)}")
        if spec.max is not None and number > spec.max:
            problems.append(f"must be at most {_num(spec.max)}")
    if spec.values and spec.type != "enum":
        allowed = {convert(spec.type, v, spec.items, spec.separator) for v in spec.values}
        if convert(spec.type, value, spec.items, spec.separator) not in allowed:
            problems.append(f"must be {' or '.join(spec.values)}")
    if spec.min_length is not None and len(value) < spec.min_length:
        problems.append(f"must be at least {spec.min_length} characters (has {len(value)})")
    if spec.max_length is not None and len(value) > spec.max_length:
        problems.append(f"must be at most {spec.max_length} characters (has {len(value)})")
    if spec.prefix and not value.startswith(spec.prefix):
        problems.append(f"must start with {' or '.join(spec.prefix)}")
    if spec.pattern_re is not None and not spec.pattern_re.fullmatch(value):
        problems.append(f"must match the pattern {spec.pattern}")
    if spec.credential:
        problem = credential_problem(spec, value, credentials)
        if problem:
            problems.append(problem)
    return problems


def credential_problem(
    spec: VarSpec, value: str, credentials: Mapping[str, CredentialFormat]
) -> str | None:
    fmt = declared_format(spec, value, credentials)
    if fmt is None:
        names = " or ".join(credentials[c].name for c in spec.credential)
        return f"is not a valid {names}"
    for check in fmt.checks:
        problem = run_check(check, value)
        if problem:
            return f"{problem} (not a valid {fmt.name})"
    return None


def _type_problem(spec: VarSpec, value: str) -> str | None:
    kind = spec.type
    if kind in SIMPLE_CHECKS:
        if kind == "url" and spec.schemes:
            return url_problem(value, spec.schemes, "a URL")
        return SIMPLE_CHECKS[kind](value)
    if kind == "enum":
        return None if value in spec.values else f"must be one of: {', '.join(spec.values)}"
    if kind in ("hex", "base64", "hex_or_base64"):
        encodings = ("hex", "base64") if kind == "hex_or_base64" else (kind,)
        lengths = [decoded_length(value, e) for e in encodings]
        what = " or ".join(encodings)
        if all(n is None for n in lengths):
            return f"must be {what}"
        if spec.bytes is not None and spec.bytes not in lengths:
            return f"must be {what} of exactly {spec.bytes} bytes"
        return None
    if kind == "list":
        item_check = SIMPLE_CHECKS[spec.items or "string"]
        for n, item in enumerate(split_list(value, spec.separator), start=1):
            problem = item_check(item)
            if problem:
                return f"item {n} {problem}"
        return None
    raise AssertionError(f"unhandled type {kind}")  # the loader admits only known types


def _num(x: float) -> str:
    return str(int(x)) if x == int(x) else str(x)

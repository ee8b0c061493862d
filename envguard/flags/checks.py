"""The flag checks: pure functions of (matrix, policy) -> findings.

Each check yields :class:`Finding` objects at its rule's default severity; :func:`check_flags`
then applies the declaration's, the project's and the command line's overrides in one
place (and drops rules turned ``off``). Messages show flag values only through
:mod:`envguard.flags.values`, which hides anything secret-looking.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import replace
from typing import Any

from envguard.findings import Finding
from envguard.flags.lifecycle import (
    check_dead,
    check_expired,
    check_read_undefined,
    check_stale,
    check_undeclared,
    is_on,
)
from envguard.flags.matrix import Cell, Matrix
from envguard.flags.names import is_debug_name
from envguard.flags.policy import Policy
from envguard.flags.rules import finding
from envguard.flags.values import show, shown_raw, spelling_family
from envguard.model import Origin
from envguard.schema.flagspec import FlagSpec


def check_flags(
    matrix: Matrix,
    policy: Policy,
    code_reads: Mapping[str, Sequence[Origin]] | None = None,
) -> list[Finding]:
    """Every finding for the matrix, at its effective severity; the reading findings too."""
    out: list[Finding] = list(matrix.reading)
    for flag, spec in matrix.specs.items():
        row = matrix.row(flag)
        found: list[Finding] = []
        found += check_values(flag, row)
        found += check_spelling(flag, spec, row)
        found += check_missing(flag, spec, row, matrix)
        found += check_promotion(flag, spec, row, policy, matrix)
        found += check_production(flag, spec, row, policy, matrix)
        found += check_expired(flag, spec, policy.today)
        found += check_stale(flag, spec, row)
        found += check_dead(flag, spec, row)
        reads = (code_reads or {}).get(flag, ())
        found += check_read_undefined(flag, spec, row, reads)
        if policy.declared_any:
            found += check_undeclared(flag, spec, row, matrix.specs, reads)
        for item in found:
            severity = policy.severity_for(item.rule, spec)
            if severity is not None:
                out.append(replace(item, severity=severity))
    return out


def where(cell: Cell, matrix: Matrix, env: str) -> Origin:
    """The cell's line, or the environment's own place (file, or table in a flags file)."""
    return cell.origin or matrix.origins.get(env) or Origin(matrix.sources[env])


def check_values(flag: str, row: list[tuple[str, Cell]]) -> Iterator[Finding]:
    """Values outside the declared type; spellings a code idiom reads the other way."""
    for env, cell in row:
        if cell.problem and cell.raw is not None:
            yield finding("flag-invalid-value", flag,
                          f"{flag} in {env} is {shown_raw(flag, cell.raw)}, which {cell.problem}",
                          cell.origin, "fix the value, or correct the flag's declared type",
                          env)
        if cell.misread and cell.raw is not None:
            yield finding("flag-ambiguous-spelling", flag,
                          f"{flag} in {env} is spelled {shown_raw(flag, cell.raw)}: "
                          f"{cell.misread}", cell.origin,
                          "write exactly true or false, the spelling every idiom agrees on",
                          env)


def check_spelling(flag: str, spec: FlagSpec, row: list[tuple[str, Cell]]) -> Iterator[Finding]:
    """One boolean spelled two ways (``true`` here, ``1`` there)."""
    if spec.type != "bool":
        return
    families = {env: (cell, spelling_family(cell.raw)) for env, cell in row
                if cell.raw is not None and spelling_family(cell.raw)}
    counts = Counter(family for _, family in families.values())
    if len(counts) < 2:
        return
    # Point at the rarest spelling (the latest such environment): the odd one out.
    rarest = min(counts.values())
    env = [e for e, (_, fam) in families.items() if counts[fam] == rarest][-1]
    spellings = {e: c.raw for e, (c, _) in families.items()}
    listed = ", ".join(f"{shown_raw(flag, str(raw))} in {e}" for e, raw in spellings.items())
    yield finding("flag-inconsistent-spelling", flag,
                  f"{flag} is spelled {len(counts)} ways: {listed}",
                  families[env][0].origin,
                  "use one spelling everywhere (true/false): code that compares strings "
                  "treats the others differently", env, spellings=spellings)


def unset_reads_as(spec: FlagSpec) -> str:
    if not spec.has_default:
        return "undefined (no default), so code sees it unset"
    value = show(spec, spec.default)
    if spec.type == "bool" and spec.semantics != "strict":
        return f"{value} ({spec.semantics_note()})"
    return f"{value} (the declared default)"


def check_missing(flag: str, spec: FlagSpec, row: list[tuple[str, Cell]],
                  matrix: Matrix) -> Iterator[Finding]:
    """Set in some environments, not in others: say what the absence reads as."""
    present = [env for env, cell in row if cell.is_set]
    if not present or len(present) == len(row):
        return
    for env, cell in row:
        if cell.is_set:
            continue
        yield finding("flag-missing", flag,
                      f"{flag} is not set in {env} (set in {', '.join(present)}); unset, it "
                      f"reads as {unset_reads_as(spec)}",
                      where(cell, matrix, env),
                      f"set {flag} explicitly in {env}", env)


def _level(spec: FlagSpec, value: Any) -> float | None:
    """How far "on" a value is, for ordering stages: percent by amount, others on/off."""
    if value is None:
        return None
    if spec.type == "percent":
        return float(value)
    if spec.type == "bool":
        return 1.0 if value else 0.0
    if not spec.has_default:
        return None
    return 0.0 if value == spec.default else 1.0


def check_promotion(flag: str, spec: FlagSpec, row: list[tuple[str, Cell]], policy: Policy,
                    matrix: Matrix) -> Iterator[Finding]:
    """On (or further rolled out) in a later stage while off in an earlier one."""
    cells = dict(row)
    staged = [env for env in policy.order if env in cells]
    for j, later in enumerate(staged):
        high = _level(spec, cells[later].value)
        if high is None:
            continue
        lower = [e for e in staged[:j] if (lv := _level(spec, cells[e].value)) is not None
                 and lv < high]
        if not lower:
            continue
        earlier = lower[-1]
        now, before = show(spec, cells[later].value), show(spec, cells[earlier].value)
        hint = f"turn it on in {earlier} first, or off in {later}"
        if spec.type == "percent":
            hint = f"roll it out to {now} in {earlier} first, or lower it in {later}"
        elif spec.type != "bool":
            now, before = f"set to {now}", f"at its default {before}"
            hint = f"set it in {earlier} first, or back to the default in {later}"
        yield finding(
            "flag-promotion-order", flag,
            f"{flag} is {now} in {later} but {before} in {earlier} "
            f"(promotion order: {' < '.join(staged)})",
            where(cells[later], matrix, later),
            hint, later, earlier=earlier)


def dev_only_reason(flag: str, spec: FlagSpec, env: str) -> str | None:
    """Why the flag must not be on in ``env`` (a production environment), or None."""
    if spec.allowed_in is not None:
        return None if env in spec.allowed_in else \
            f"its declaration allows it only in {', '.join(spec.allowed_in) or 'no environment'}"
    if spec.dev_only is not None:
        return "it is declared dev_only" if spec.dev_only else None
    return "its name marks it as a debug flag" if is_debug_name(flag) else None


def check_production(flag: str, spec: FlagSpec, row: list[tuple[str, Cell]], policy: Policy,
                     matrix: Matrix) -> Iterator[Finding]:
    """Debug/dev-only flags on in production; any flag on outside its ``allowed_in``."""
    for env, cell in row:
        if not is_on(spec, cell.value):
            continue
        if env in policy.production:
            reason = dev_only_reason(flag, spec, env)
            if reason:
                yield finding("flag-debug-in-production", flag,
                              f"{flag} is {show(spec, cell.value)} in {env}, a production "
                              f"environment, but {reason}", where(cell, matrix, env),
                              f"turn {flag} off in {env}", env)
        elif spec.allowed_in is not None and env not in spec.allowed_in:
            yield finding("flag-not-allowed", flag,
                          f"{flag} is {show(spec, cell.value)} in {env}, but its declaration "
                          f"allows it only in {', '.join(spec.allowed_in) or 'no environment'}",
                          where(cell, matrix, env),
                          f"turn it off in {env}, or add {env} to allowed_in", env)

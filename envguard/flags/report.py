"""A flag report: the matrix and its findings, plus what every renderer shows per cell.

Renderers (text, markdown, json, html) share the cell vocabulary defined here, so a cell
reads the same in a terminal, a PR comment and a browser: ``on``/``off``, numbers, short
strings, ``*`` for a default applied, ``-`` for unset without default.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from envguard.findings import Finding, Result, Severity
from envguard.flags.checks import check_flags
from envguard.flags.matrix import Cell, Matrix, build_matrix
from envguard.flags.names import is_flag_name
from envguard.flags.policy import Policy
from envguard.flags.sources import EnvInput
from envguard.flags.values import json_value, show, shown
from envguard.model import Origin
from envguard.overrides import apply_overrides
from envguard.schema.flagspec import FlagSpec


@dataclass
class FlagReport:
    matrix: Matrix
    result: Result
    order: tuple[str, ...] = ()
    problems_only: bool = False
    _by_cell: dict[tuple[str, str | None], Severity] = field(default_factory=dict, repr=False)
    _by_flag: dict[str, Severity] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for f in self.result.findings:
            flag = f.extra.get("flag", f.key)
            if flag is None:
                continue
            place = (str(flag), f.extra.get("environment"))
            self._by_cell[place] = max(self._by_cell.get(place, f.severity), f.severity)
            self._by_flag[place[0]] = max(self._by_flag.get(place[0], f.severity), f.severity)

    @property
    def findings(self) -> list[Finding]:
        """Errors first, then by flag and environment: the order people fix things in."""
        envs = {e: i for i, e in enumerate(self.matrix.environments)}
        return sorted(self.result.findings, key=lambda f: (
            -f.severity, f.key or "", envs.get(f.extra.get("environment") or "", -1), f.rule))

    def flags(self) -> list[str]:
        """The rows to show: every flag, or only those with a finding."""
        if not self.problems_only:
            return self.matrix.flags
        return [f for f in self.matrix.flags if self.flag_severity(f) is not None]

    def flag_severity(self, flag: str) -> Severity | None:
        return self._by_flag.get(flag)

    def cell_severity(self, flag: str, env: str) -> Severity | None:
        return self._by_cell.get((flag, env))

    def json_matrix(self) -> dict[str, dict[str, Any]]:
        return {flag: {env: json_value(flag, value) for env, value in row.items()}
                for flag, row in self.matrix.values().items()}


def cell_text(spec: FlagSpec, cell: Cell, limit: int = 24) -> str:
    """The words in a cell: ``on``, ``off*`` (default), ``-`` (unset), ``!maybe`` (invalid)."""
    if cell.withheld:
        return "withheld"
    if cell.problem and cell.value is None and cell.raw is not None:
        return "!" + shown(spec.name, cell.raw, limit=max(limit - 1, 4))
    text = show(spec, cell.value, limit=limit)
    return text + "*" if cell.defaulted else text


def cell_class(cell: Cell) -> str:
    """One word for the cell's state, used for colour (terminal) and CSS classes (HTML)."""
    if cell.withheld:
        return "withheld"
    if cell.problem and cell.value is None:
        return "invalid"
    if cell.value is None:
        return "unset"
    if cell.value is True or (isinstance(cell.value, (int, float)) and not isinstance(
            cell.value, bool) and cell.value > 0):
        return "on"
    if cell.value is False or cell.value == 0:
        return "off"
    return "value"


def analyse(
    inputs: Sequence[EnvInput],
    specs: Mapping[str, FlagSpec],
    policy: Policy,
    code_reads: Mapping[str, Sequence[Origin]] | None = None,
    *,
    fail_on: Severity = Severity.ERROR,
    problems_only: bool = False,
    overrides: Mapping[str, Severity | None] | None = None,
) -> FlagReport:
    """inputs + declarations + policy -> the matrix and every finding on it.

    ``overrides`` (project severity overrides) apply before the report marks its cells, so
    a rule turned off leaves no mark in the matrix either.
    """
    code_reads = code_reads or {}
    also = [n for n in code_reads if n in specs or is_flag_name(n, policy.patterns)]
    matrix = build_matrix(inputs, specs, policy.order, patterns=policy.patterns, also=also)
    result = Result(fail_on=fail_on, checked={
        "flags": len(matrix.specs), "environments": list(matrix.environments)})
    result.extend(apply_overrides(check_flags(matrix, policy, code_reads), overrides or {}))
    return FlagReport(matrix, result, tuple(policy.order), problems_only)

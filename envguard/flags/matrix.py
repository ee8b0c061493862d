"""The flag matrix: flags down, environments across, each cell the value code will see.

Built once from the environments' definitions and the flags' specs; checks and reporters
only read it. A cell keeps the spelling as written (for spelling checks), the effective
typed value (default applied, and marked so), and where it came from.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from envguard.findings import Finding
from envguard.flags.names import is_flag_name
from envguard.flags.sources import EnvInput
from envguard.flags.values import infer_type, read_value
from envguard.model import EnvVar, Origin
from envguard.schema.flagspec import FlagSpec


@dataclass(frozen=True)
class Cell:
    """One flag in one environment.

    ``raw`` is the text as written (None: unset); ``value`` the effective typed value
    (None: undefined, unreadable or withheld); ``defaulted``: unset, so the default applies.
    """

    raw: str | None
    value: Any
    defaulted: bool = False
    origin: Origin | None = None
    problem: str | None = None
    misread: str | None = None
    withheld: bool = False

    @property
    def is_set(self) -> bool:
        return self.raw is not None or self.withheld

    @property
    def known(self) -> bool:
        """Whether the effective value is known (not withheld, readable, defined)."""
        return self.value is not None


@dataclass
class Matrix:
    environments: list[str]
    sources: dict[str, str]
    specs: dict[str, FlagSpec]
    cells: dict[str, dict[str, Cell]]
    reading: list[Finding] = field(default_factory=list)
    #: Where each environment is defined: its file, or its table's line in a flags file.
    origins: dict[str, Origin] = field(default_factory=dict)

    @property
    def flags(self) -> list[str]:
        return list(self.specs)

    def cell(self, flag: str, env: str) -> Cell:
        return self.cells[flag][env]

    def row(self, flag: str) -> list[tuple[str, Cell]]:
        return [(env, self.cells[flag][env]) for env in self.environments]

    def values(self) -> dict[str, dict[str, Any]]:
        """``{flag: {env: effective value}}`` (raw typed values: callers redact for output)."""
        return {f: {e: self.cells[f][e].value for e in self.environments} for f in self.specs}

    def defaulted(self) -> dict[str, list[str]]:
        """``{flag: [environments where the default was applied]}`` (flags with any)."""
        out = {f: [e for e in self.environments if self.cells[f][e].defaulted] for f in self.specs}
        return {f: envs for f, envs in out.items() if envs}


def order_environments(given: Sequence[str], order: Sequence[str]) -> list[str]:
    """The promotion order's environments first (in that order), then the rest as given."""
    ranked = [e for e in order if e in given]
    return ranked + [e for e in given if e not in ranked]


def build_matrix(
    inputs: Sequence[EnvInput],
    specs: Mapping[str, FlagSpec],
    order: Sequence[str] = (),
    *,
    patterns: Iterable[str] = (),
    also: Iterable[str] = (),
) -> Matrix:
    """Flags are the declared ones, the recognised names, and ``also`` (names read in code)."""
    patterns = tuple(patterns)
    environments = order_environments([i.name for i in inputs], order)
    by_env = {i.name: i for i in inputs}
    defs = {i.name: {v.key: v for v in i.vars} for i in inputs}
    names = set(specs) | set(also)
    for item in inputs:
        names |= {v.key for v in item.vars if item.all_flags or is_flag_name(v.key, patterns)}
    all_specs: dict[str, FlagSpec] = {}
    for name in sorted(names):
        spec = specs.get(name)
        if spec is None:
            raws = [d[name].value for d in defs.values() if name in d and d[name].value is not None]
            spec = FlagSpec(name, type=infer_type([r for r in raws if r is not None], name))
        all_specs[name] = spec
    cells = {
        name: {env: _cell(spec, defs[env].get(name)) for env in environments}
        for name, spec in all_specs.items()
    }
    reading = [f for i in inputs for f in i.findings if f.key is None or f.key in all_specs]
    return Matrix(environments, {e: by_env[e].source for e in environments}, all_specs, cells,
                  reading, {e: by_env[e].origin or Origin(by_env[e].source) for e in environments})


def _cell(spec: FlagSpec, var: EnvVar | None) -> Cell:
    if var is None or (var.value is None and not var.withheld):
        return Cell(None, spec.default, defaulted=spec.has_default,
                    origin=var.origin if var is not None else None)
    if var.withheld:
        return Cell(None, None, origin=var.origin, withheld=True)
    reading = read_value(spec, var.value)
    return Cell(var.value, reading.value, origin=var.origin, problem=reading.problem,
                misread=reading.misread)

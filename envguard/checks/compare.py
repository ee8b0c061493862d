"""Environments side by side: every key against every environment, and the drift between them.

Pure: environments (each an EnvSet with the reader format of each source) and an optional
Schema in, a :class:`Comparison` (a matrix of cells plus findings) out. The findings are
about *differences between environments*: a key missing where it is required or where
the others have it, a credential whose live/test mode does not fit its environment, a
value whose kind changes (a number here, text there), one secret value shared by several
environments (compared by hash, never shown) and a platform-provided key set by hand.
Validating each value in depth is ``envguard check``'s job; with a schema, a value that
breaks its declaration is reported here too because a type drift usually looks like that.
"""

from __future__ import annotations

import json
import re
import string
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from envguard.checks.values import value_problems
from envguard.environments import is_live
from envguard.errors import InputError
from envguard.findings import Finding, Result, Severity
from envguard.model import EnvSet, EnvVar, Origin
from envguard.numbers import is_integer, is_number
from envguard.schema.credentials import declared_secrets, identify
from envguard.schema.model import CredentialFormat, Schema
from envguard.secrecy import fingerprint, is_encryption_public_key, looks_secret_by_name
from envguard.secrecy import looks_secret_by_value as _secret_value
from envguard.sources.platforms.system import platform_of, set_by_hand

_DB_SCHEMES = {"postgres", "postgresql", "mysql", "mariadb", "mongodb", "mongodb+srv",
               "redis", "rediss"}
_READING_RULES = {"duplicate-key"}
_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")


@dataclass(frozen=True)
class Environment:
    """One environment's variables; ``formats`` maps each source to the reader used for it."""

    name: str
    envset: EnvSet
    sources: tuple[str, ...] = ()
    formats: Mapping[str, str] = field(default_factory=dict)
    findings: tuple[Finding, ...] = ()

    def format_of(self, var: EnvVar) -> str:
        return self.formats.get(var.origin.source, "dotenv")

    @property
    def origin(self) -> Origin:
        return Origin(self.sources[-1] if self.sources else self.name)


@dataclass
class Cell:
    """One key in one environment: ``set``, ``empty``, ``missing`` or ``withheld``."""

    state: str
    var: EnvVar | None = None
    mode: str | None = None
    kinds: frozenset[str] = frozenset()
    group: str | None = None
    shared_with: tuple[str, ...] = ()
    flagged: bool = False

    @property
    def present(self) -> bool:
        return self.state in ("set", "withheld")

    @property
    def kind(self) -> str | None:
        for name in ("boolean", "integer", "number", "URL", "JSON", "text"):
            if name in self.kinds:
                return name
        return None


@dataclass
class Row:
    """One key across every environment."""

    key: str
    declared: bool
    secret: bool
    platform: bool
    required: tuple[str, ...]
    cells: dict[str, Cell]


@dataclass
class Comparison:
    environments: list[Environment]
    rows: list[Row]
    result: Result
    schema: str | None = None

    @property
    def names(self) -> list[str]:
        return [env.name for env in self.environments]


def compare(
    environments: Sequence[Environment],
    schema: Schema | None = None,
    *,
    credentials: Mapping[str, CredentialFormat] | None = None,
    fail_on: Severity = Severity.ERROR,
) -> Comparison:
    """The matrix and its findings. Unknown environment names for the schema are InputError."""
    names = [env.name for env in environments]
    if schema is not None:
        unknown = [n for n in names if n not in schema.environments]
        if unknown:
            raise InputError(f"environment(s) {', '.join(unknown)} unknown to {schema.name}; "
                             f"its environments: {', '.join(schema.environments)}")
    known = {**(credentials or {}), **(schema.credentials if schema else {})}
    ctx = _Context(list(environments), schema, known)
    rows = [ctx.row(key) for key in ctx.row_keys()]
    result = Result(fail_on=fail_on, checked={
        "environments": names, "schema": schema.name if schema else None, "keys": len(rows)})
    for env in environments:
        result.extend(f for f in env.findings
                      if f.severity >= Severity.ERROR or f.rule in _READING_RULES)
    for row in rows:
        result.extend(ctx.findings(row))
    return Comparison(list(environments), rows, result, schema.name if schema else None)


def value_kinds(value: str) -> frozenset[str]:
    """Coarse kinds a value can be read as; two environments drift when they share none."""
    v = value.strip()
    if v.lower() in ("true", "false", "yes", "no", "on", "off"):
        return frozenset({"boolean"})
    if is_integer(v):
        return frozenset({"integer", "number"} | ({"boolean"} if v in ("0", "1") else set()))
    if is_number(v):
        return frozenset({"number"})
    if _URL.match(v):
        return frozenset({"URL"})
    if v[:1] in ("{", "["):
        try:
            json.loads(v)
            return frozenset({"JSON"})
        except ValueError:
            pass
    return frozenset({"text"})


class _Context:
    def __init__(self, envs: list[Environment], schema: Schema | None,
                 credentials: Mapping[str, CredentialFormat]) -> None:
        self.envs = envs
        self.schema = schema
        self.credentials = credentials
        self.secret_specs: dict[str, bool] = {}
        if schema is not None:
            self.secret_specs = declared_secrets(schema)

    def row_keys(self) -> list[str]:
        # dotenvx's DOTENV_PUBLIC_KEY[_ENV] is each file's own encryption metadata (.env has
        # DOTENV_PUBLIC_KEY, .env.production DOTENV_PUBLIC_KEY_PRODUCTION): never expected
        # in another environment, so never a row (unless the schema declares it)
        present = {var.key for env in self.envs for var in env.envset
                   if not is_encryption_public_key(var.key)
                   or (self.schema is not None and var.key in self.schema.vars)}
        if self.schema is not None:
            present |= {key for key, spec in self.schema.vars.items() if not spec.platform and
                        any(self.required_in(key, env.name) for env in self.envs)}
        return sorted(present, key=lambda k: (self.is_platform(k), k))

    def is_platform(self, key: str) -> bool:
        if self.schema is not None and self.schema.is_platform(key):
            return True
        return platform_of(key) is not None

    def required_in(self, key: str, env: str) -> bool:
        spec = self.schema.spec_for(key, env) if self.schema is not None else None
        return bool(spec and spec.is_required(env) and not spec.platform
                    and spec.default is None)

    def expected_mode(self, env: str) -> str:
        if self.schema is not None:
            return self.schema.mode_for(env) or "test"
        return "live" if is_live(env.lower()) else "test"

    def is_live(self, env: str) -> bool:
        return self.expected_mode(env) == "live"

    def row(self, key: str) -> Row:
        declared = self.schema is not None and key in self.schema.vars
        vars_ = {env.name: env.envset.get(key) for env in self.envs}
        # a secret-shaped value is hidden even where the schema calls the variable
        # non-secret: a key pasted into the wrong variable is the mistake to catch
        secret = (self.secret_specs[key] if declared else looks_secret_by_name(key)) or any(
            v is not None and v.value and not v.withheld
            and (_secret_value(v.value) or self._secret_credential(v.value))
            for v in vars_.values())
        cells = {name: self._cell(key, name, var, secret) for name, var in vars_.items()}
        row = Row(key, declared, secret, self.is_platform(key),
                  tuple(e.name for e in self.envs if self.required_in(key, e.name)), cells)
        if secret:
            _group_shared(row)
        return row

    def _secret_credential(self, value: str) -> bool:
        return identify(value, self.credentials, secret_only=True, distinctive=False) is not None

    def _cell(self, key: str, env: str, var: EnvVar | None, secret: bool) -> Cell:
        if var is None or var.value is None:
            return Cell("missing", var)
        value, var = var.value, var.with_secret(secret)
        if var.withheld:
            return Cell("withheld", var)
        if value == "":
            return Cell("empty", var)
        return Cell("set", var, self._mode(key, env, value), value_kinds(value))

    def _mode(self, key: str, env: str, value: str) -> str | None:
        spec = self.schema.spec_for(key, env) if self.schema is not None else None
        candidates = [self.credentials[c] for c in spec.credential if c in self.credentials] \
            if spec is not None and spec.credential else list(self.credentials.values())
        modes = (fmt.mode_of(value) for fmt in candidates if fmt.pattern.fullmatch(value))
        return next((mode for mode in modes if mode), None)

    def findings(self, row: Row) -> list[Finding]:
        return [*self._missing(row), *self._modes(row), *self._values(row),
                *self._shared(row), *self._databases(row), *self._platform(row)]

    def _missing(self, row: Row) -> Iterator[Finding]:
        """Required and missing: an error. Set in an earlier environment (in the order given,
        i.e. promotion order) and missing in a later one: lost on the way, a warning. Only in
        later environments and not declared: noted once."""
        order = [env.name for env in self.envs]
        present = [e for e in order if row.cells[e].present]
        introduced_later = []
        for index, env in enumerate(self.envs):
            cell = row.cells[env.name]
            if cell.present:
                continue
            state = "is empty" if cell.state == "empty" else "is missing"
            origin = cell.var.origin if cell.var is not None else env.origin
            extra = {"environment": env.name, "set_in": present}
            earlier = present[: sum(1 for e in present if order.index(e) < index)]
            if env.name in row.required:
                cell.flagged = True
                where = f" (set in {', '.join(present)})" if present else ""
                yield Finding("missing-required", Severity.ERROR,
                              f"{row.key} {state} in {env.name} but required there{where}",
                              key=row.key, origin=origin, extra=extra,
                              hint=self._describe(row.key))
            elif earlier and not row.platform:
                cell.flagged = True
                yield Finding("missing-in-environment", Severity.WARNING,
                              f"{row.key} {state} in {env.name} but set in "
                              f"{', '.join(earlier)} before it",
                              key=row.key, origin=origin, extra=extra,
                              hint=f"lost on the way to {env.name}? set it there too, or "
                                   "declare in the schema where it is needed")
            elif present and not row.platform and not row.declared:
                introduced_later.append(env.name)
        if introduced_later:
            first = row.cells[present[0]].var
            yield Finding("set-in-some-environments", Severity.INFO,
                          f"{row.key} is set only in {', '.join(present)} "
                          f"(not in {', '.join(introduced_later)})",
                          key=row.key, origin=first.origin if first is not None else None,
                          hint="declare it in the schema with the environments that need it",
                          extra={"environments": introduced_later, "set_in": present})

    def _describe(self, key: str) -> str | None:
        spec = self.schema.vars.get(key) if self.schema is not None else None
        return spec.description or None if spec is not None else None

    def _modes(self, row: Row) -> Iterator[Finding]:
        modes = {env: cell.mode for env, cell in row.cells.items() if cell.mode}
        for env, mode in modes.items():
            expected = self.expected_mode(env)
            if mode == expected:
                continue
            row.cells[env].flagged = True
            by_mode: dict[str, list[str]] = {}
            for other, other_mode in modes.items():
                if other != env:
                    by_mode.setdefault(other_mode, []).append(other)
            others = "; ".join(f"{m} in {', '.join(es)}" for m, es in by_mode.items())
            var = row.cells[env].var
            yield Finding(
                "wrong-mode", Severity.ERROR if self.schema is not None else Severity.WARNING,
                f"{row.key} holds a {mode} credential in {env}, which expects {expected} "
                f"credentials" + (f" ({others})" if others else ""),
                key=row.key, origin=var.origin if var is not None else None,
                hint=f"use the {expected}-mode key from the provider's dashboard in {env}",
                extra={"environment": env, "mode": mode, "expected_mode": expected})

    def _values(self, row: Row) -> Iterator[Finding]:
        cells = {e: c for e, c in row.cells.items() if c.state == "set" and c.var is not None}
        if row.declared and self.schema is not None:
            problems = {}
            for env, cell in cells.items():
                spec = self.schema.spec_for(row.key, env)
                assert spec is not None and cell.var is not None and cell.var.value is not None
                problems[env] = value_problems(spec, cell.var.value, self.schema.credentials)
            for env, found in problems.items():
                if not found:
                    continue
                cells[env].flagged = True
                valid = [e for e, p in problems.items() if not p]
                var = cells[env].var
                yield Finding(
                    "invalid-value", Severity.ERROR,
                    f"{row.key} in {env} {'; '.join(found)}"
                    + (f" (valid in {', '.join(valid)})" if valid else ""),
                    key=row.key, origin=var.origin if var is not None else None,
                    extra={"environment": env})
            return
        if len(cells) < 2 or frozenset.intersection(*(c.kinds for c in cells.values())):
            return
        by_kind: dict[str, list[str]] = {}
        for env, cell in cells.items():
            by_kind.setdefault(cell.kind or "text", []).append(env)
        usual = max(by_kind, key=lambda k: len(by_kind[k]))
        odd = [e for k, envs in by_kind.items() if k != usual for e in envs]
        for env in odd:
            cells[env].flagged = True
        first = cells[odd[0]].var
        yield Finding(
            "type-drift", Severity.WARNING,
            f"{row.key} changes kind between environments: "
            + "; ".join(f"{kind} in {', '.join(envs)}" for kind, envs in by_kind.items()),
            key=row.key, origin=first.origin if first is not None else None,
            hint="use the same kind of value everywhere, or declare the variable's type",
            extra={"environments": odd})

    def _shared(self, row: Row) -> Iterator[Finding]:
        groups: dict[str, list[str]] = {}
        for env, cell in row.cells.items():
            if cell.group:
                groups.setdefault(cell.group, []).append(env)
        for envs in groups.values():
            live = any(self.is_live(e) for e in envs)
            var = row.cells[envs[-1]].var
            yield Finding(
                "shared-secret", Severity.WARNING if live else Severity.INFO,
                f"{row.key} has the same secret value in {' and '.join(envs)}",
                key=row.key, origin=var.origin if var is not None else None,
                hint="give each environment its own secret, so that a leak of one does not "
                     "open the others" if live else "acceptable between non-live "
                     "environments; production must have its own",
                extra={"environments": envs})

    def _databases(self, row: Row) -> Iterator[Finding]:
        """A live environment's database URL pointing at another environment's database."""
        targets = {env: _database_of(cell.var.value) for env, cell in row.cells.items()
                   if cell.state == "set" and cell.var is not None and cell.var.value}
        for live, target in targets.items():
            if target is None or not self.is_live(live):
                continue
            var = row.cells[live].var
            for other, other_target in targets.items():
                other_var = row.cells[other].var
                if (other_target != target or self.is_live(other) or var is None
                        or other_var is None or other_var.value == var.value):
                    continue  # the same value is already a shared-secret finding
                row.cells[live].flagged = True
                yield Finding(
                    "shared-database", Severity.WARNING,
                    f"{row.key} in {live} points at the same database as in {other} ({target})",
                    key=row.key, origin=var.origin,
                    hint=f"{live} should have its own database; a test run against {other} "
                         f"would touch {live}'s data",
                    extra={"environment": live, "environments": [live, other]})

    def _platform(self, row: Row) -> Iterator[Finding]:
        if not row.platform:
            return
        owner = platform_of(row.key)
        for env in self.envs:
            cell = row.cells[env.name]
            if cell.var is None or cell.state == "missing":
                continue
            if set_by_hand(row.key, env.format_of(cell.var), owner):
                cell.flagged = True
                yield Finding(
                    "platform-key-set", Severity.WARNING,
                    f"{row.key} is provided by {owner.title() if owner else 'the platform'} "
                    f"but set by hand in {env.name} ({cell.var.origin.source})",
                    key=row.key, origin=cell.var.origin,
                    hint="remove it: the platform sets it at deploy time, and a hand-set "
                         "copy drifts from (or overrides) the real value",
                    extra={"environment": env.name})


def _database_of(value: str) -> str | None:
    """``host[:port]/path`` of a database URL, or None for anything else."""
    try:
        url = urlsplit(value)
        port = url.port
    except ValueError:
        return None
    if url.scheme.lower() not in _DB_SCHEMES or not url.hostname:
        return None
    return f"{url.hostname.lower()}{f':{port}' if port else ''}{url.path}"


def _group_shared(row: Row) -> None:
    """Cells holding one secret value get one letter and name each other."""
    by_hash: dict[str, list[str]] = {}
    for env, cell in row.cells.items():
        if cell.state == "set" and cell.var is not None and cell.var.value:
            by_hash.setdefault(fingerprint(cell.var.value), []).append(env)
    letters = iter(string.ascii_uppercase)
    for envs in by_hash.values():
        if len(envs) < 2:
            continue
        letter = next(letters, "?")
        for env in envs:
            row.cells[env].group = letter
            row.cells[env].shared_with = tuple(e for e in envs if e != env)

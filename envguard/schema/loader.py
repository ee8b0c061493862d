"""TOML schema files -> :class:`Schema`.

A stack file includes provider pieces; every file may declare variables and credential
formats. Two providers declaring one variable differently is an error naming both files;
a stack's own declaration of a provider variable refines it field by field (the stack
knows its deployment better than the generic provider piece does). Platform pieces
(``schemas/platforms/``: the platforms' own system variables) are part of every stack.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from envguard._toml import TOMLDecodeError, load_toml
from envguard.environments import DEFAULT_ENVIRONMENTS, LIVE_ENVIRONMENTS
from envguard.errors import SchemaError
from envguard.schema.model import (
    CREDENTIAL_FIELDS,
    VAR_FIELDS,
    CredentialFormat,
    Schema,
    VarSpec,
)
from envguard.schema.rules import validate_rules
from envguard.schema.structure import known_check
from envguard.schema.types import COMPOUND_TYPES, TYPES

_HEADER_FIELDS = {
    "stack": {"name", "description", "environments", "live_environments", "include", "services"},
    "provider": {"id", "name", "description", "docs", "include", "platform_prefixes"},
}
_TOP_LEVEL = {"stack", "provider", "vars", "credentials", "rules", "flags"}


@lru_cache(maxsize=1)
def schemas_dir() -> Path:
    """Built-in schemas: inside the wheel, or the top-level folder of a source checkout."""
    here = Path(__file__).resolve().parent.parent
    shipped = here / "_schemas"
    return shipped if shipped.is_dir() else here.parent / "schemas"


def builtin_stacks() -> dict[str, str]:
    """``{name: description}`` of every built-in stack."""
    out: dict[str, str] = {}
    for path in sorted((schemas_dir() / "stacks").glob("*.toml")):
        header = _read_toml(path).get("stack", {})
        out[path.stem] = str(header.get("description", ""))
    return out


def load_schema(ref: str | Path) -> Schema:
    """A built-in stack name or a path to a schema TOML file."""
    text = str(ref)
    if isinstance(ref, Path) or text.endswith(".toml") or "/" in text or "\\" in text:
        return load_schema_file(Path(ref))
    return load_stack(text)


def load_stack(name: str) -> Schema:
    path = schemas_dir() / "stacks" / f"{name}.toml"
    if not re.fullmatch(r"[A-Za-z0-9_-]+", name) or not path.is_file():
        known = ", ".join(builtin_stacks()) or "(none)"
        raise SchemaError(f"unknown stack {name!r}; known stacks: {known}")
    return load_schema_file(path)


def load_schema_file(path: Path) -> Schema:
    return _load_cached(str(Path(path).resolve()))


@lru_cache(maxsize=32)
def _load_cached(path: str) -> Schema:
    return _Composer().compose(Path(path))


def _builtin_pieces(folder: str) -> list[Path]:
    return sorted((schemas_dir() / folder).glob("*.toml"))


@lru_cache(maxsize=256)
def _is_builtin(path: Path) -> bool:
    return path.is_relative_to(schemas_dir())


def _read_toml(path: Path) -> dict[str, Any]:
    """A schema file's tables; the built-in ones come from the parsed cache."""
    root = schemas_dir()
    if _is_builtin(path) and path.is_file():
        from envguard.schema.cache import parsed_tree

        cached = parsed_tree(root, _parse_toml).get(str(path.relative_to(root)))
        if cached is not None:
            return dict(cached)
    return _parse_toml(path)


def _parse_toml(path: Path) -> dict[str, Any]:
    try:
        return load_toml(path)
    except FileNotFoundError:
        raise SchemaError(f"{path}: schema file not found") from None
    except TOMLDecodeError as exc:
        raise SchemaError(f"{path}: invalid TOML: {exc}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SchemaError(f"{path}: cannot read schema: {exc}") from None


class _Composer:
    """Walks includes depth-first, collecting raw declarations with their files."""

    def __init__(self) -> None:
        self.loading: list[Path] = []
        self.done: set[Path] = set()
        self.provider_vars: dict[str, tuple[dict[str, Any], Path, str]] = {}
        self.credentials: dict[str, CredentialFormat] = {}
        self.providers: dict[str, dict[str, Any]] = {}
        self.platform_prefixes: list[str] = []
        self.rules: list[dict[str, Any]] = []
        self.flags: dict[str, dict[str, Any]] = {}

    def compose(self, path: Path) -> Schema:
        data = _read_toml(path)
        header = data.get("stack") or {}
        if "provider" in data and "stack" not in data:
            header = {"name": data["provider"].get("id", path.stem)}
        self._visit(path, data, is_root=True)
        for implicit in self._implicit_providers():
            self._visit(implicit, _read_toml(implicit), is_root=False)
        own = {k: (v, path) for k, v in _table(data, "vars", path).items()}
        schema = Schema(
            name=str(header.get("name", path.stem)),
            description=str(header.get("description", "")),
            environments=_str_tuple(header, "environments", path, DEFAULT_ENVIRONMENTS),
            live_environments=_str_tuple(header, "live_environments", path, LIVE_ENVIRONMENTS),
            vars=self._merge_vars(own),
            credentials=dict(self.credentials),
            providers=dict(self.providers),
            platform_prefixes=tuple(self.platform_prefixes),
            services={
                str(k): _str_tuple(header.get("services", {}), k, path, ())
                for k in header.get("services", {})
            },
            rules=tuple(self.rules),
            flags=dict(self.flags),
            source=str(path),
        )
        validate_rules(schema.rules, schema.vars)  # a bad [[rules]] table fails at load time
        return schema

    def _implicit_providers(self) -> list[Path]:
        return [p.resolve() for p in _builtin_pieces("platforms") if p.resolve() not in self.done]

    def _visit(self, path: Path, data: dict[str, Any], is_root: bool) -> None:
        path = path.resolve()
        if path in self.loading:
            chain = " -> ".join(p.name for p in [*self.loading, path])
            raise SchemaError(f"{path}: circular include: {chain}")
        if path in self.done:
            return
        self.loading.append(path)
        _check_fields(data, _TOP_LEVEL, path, "top level")
        kind = "stack" if "stack" in data else "provider" if "provider" in data else None
        header: dict[str, Any] = data.get(kind, {}) if kind else {}
        if kind:
            _check_fields(header, _HEADER_FIELDS[kind], path, f"[{kind}]")
        for ref in _str_tuple(header, "include", path, ()):
            target = self._include_path(ref, path)
            self._visit(target, _read_toml(target), is_root=False)
        provider = str(header.get("id", path.stem)) if kind == "provider" else None
        if provider:
            implicit = path.parent.name == "platforms" and path.parent.parent == schemas_dir()
            self.providers[provider] = {**header, "source": str(path), "implicit": implicit}
            self.platform_prefixes += _str_tuple(header, "platform_prefixes", path, ())
        for cid, raw in _table(data, "credentials", path).items():
            self._add_credential(cid, raw, provider or path.stem, path)
        if not is_root:
            for key, raw in _table(data, "vars", path).items():
                self._add_provider_var(key, raw, path, provider or path.stem)
        rules = data.get("rules", [])
        if not isinstance(rules, list) or not all(isinstance(r, dict) for r in rules):
            raise SchemaError(f"{path}: 'rules' must be an array of tables ([[rules]])")
        self.rules += [{**r, "_source": str(path)} for r in rules]
        for name, raw in _table(data, "flags", path).items():
            if not isinstance(raw, dict):
                raise SchemaError(f"{path}: [flags.{name}] must be a table")
            self.flags[name] = {**raw, "_source": str(path)}
        self.loading.pop()
        self.done.add(path)

    def _include_path(self, ref: str, including: Path) -> Path:
        if ref.endswith(".toml") or "/" in ref:
            target = (including.parent / ref).resolve()
        elif ref.startswith("stack:"):
            target = schemas_dir() / "stacks" / f"{ref[6:]}.toml"
        else:
            target = schemas_dir() / "providers" / f"{ref}.toml"
            if not target.is_file():
                target = schemas_dir() / "platforms" / f"{ref}.toml"
        if not target.is_file():
            known = ", ".join(sorted(p.stem for p in _builtin_pieces("providers")))
            raise SchemaError(
                f"{including}: include {ref!r} not found (built-in providers: {known})"
            )
        return target

    def _add_credential(self, cid: str, raw: Any, provider: str, path: Path) -> None:
        where = f"{path}: [credentials.{cid}]"
        if not isinstance(raw, dict):
            raise SchemaError(f"{where} must be a table")
        _check_fields(raw, CREDENTIAL_FIELDS, path, f"[credentials.{cid}]")
        if cid in self.credentials and self.credentials[cid].source != str(path):
            raise SchemaError(f"{where} already declared in {self.credentials[cid].source}")
        if "pattern" not in raw:
            raise SchemaError(f"{where}: missing field 'pattern'")
        modes = raw.get("modes", {})
        if not isinstance(modes, dict):
            raise SchemaError(f"{where}: 'modes' must be a table of marker = 'live'|'test'")
        for check in _str_tuple(raw, "checks", path, ()):
            if not known_check(check):
                raise SchemaError(f"{where}: unknown check {check!r}")
        self.credentials[cid] = CredentialFormat(
            id=cid,
            provider=provider,
            name=str(raw.get("name", cid)),
            regex=self._regex(raw["pattern"], f"{where}: field 'pattern'", path),
            keywords=_str_tuple(raw, "keywords", path, ()),
            secret=bool(raw.get("secret", True)),
            modes={str(k): str(v) for k, v in modes.items()},
            checks=_str_tuple(raw, "checks", path, ()),
            description=str(raw.get("description", "")),
            severity=str(raw.get("severity", "error")),
            entropy=float(raw["entropy"]) if "entropy" in raw else None,
            source=str(path),
        )

    @staticmethod
    def _regex(pattern: Any, where: str, path: Path) -> str:
        """A user's file is checked now; the built-in pieces are compiled by the test suite
        and otherwise on first use, which keeps startup and hooks fast."""
        if not isinstance(pattern, str):
            raise SchemaError(f"{where}: must be a string")
        if not _is_builtin(path):
            _compile(pattern, where)
        return pattern

    def _add_provider_var(self, key: str, raw: Any, path: Path, provider: str) -> None:
        if not isinstance(raw, dict):
            raise SchemaError(f"{path}: [vars.{key}] must be a table")
        raw = {**raw, "_provider": provider}
        prior = self.provider_vars.get(key)
        if prior and prior[1] != path:
            a = {k: v for k, v in prior[0].items() if k not in ("description", "docs", "_provider")}
            b = {k: v for k, v in raw.items() if k not in ("description", "docs", "_provider")}
            if a != b:
                raise SchemaError(
                    f"{path}: [vars.{key}] conflicts with the declaration in {prior[1]}; "
                    "declare it once, or refine it in the stack file"
                )
            return
        self.provider_vars[key] = (raw, path, provider)

    def _merge_vars(self, own: Mapping[str, tuple[Any, Path]]) -> dict[str, VarSpec]:
        merged: dict[str, tuple[dict[str, Any], Path]] = {
            k: (dict(raw), path) for k, (raw, path, _) in self.provider_vars.items()
        }
        for key, (raw, path) in own.items():
            if not isinstance(raw, dict):
                raise SchemaError(f"{path}: [vars.{key}] must be a table")
            base = merged.get(key, ({}, path))[0]
            env = {**base.get("env", {})}
            for name, table in raw.get("env", {}).items():
                env[name] = {**env.get(name, {}), **table}
            merged[key] = ({**base, **raw, "env": env}, path)
        return {k: _var_spec(k, raw, path, self.credentials) for k, (raw, path) in merged.items()}


def _var_spec(
    key: str, raw: dict[str, Any], path: Path, credentials: Mapping[str, CredentialFormat]
) -> VarSpec:
    provider = raw.pop("_provider", None)
    fields = _var_fields(key, raw, path, credentials, top=True)
    env_raw = raw.get("env", {})
    if not isinstance(env_raw, dict):
        raise SchemaError(f"{path}: [vars.{key}.env] must be a table of environments")
    env = {}
    for name, table in env_raw.items():
        if not isinstance(table, dict):
            raise SchemaError(f"{path}: [vars.{key}.env.{name}] must be a table")
        env[name] = _var_fields(key, table, path, credentials, top=False)
    secret_default = any(credentials[c].secret for c in fields.get("credential", ()))
    fields.setdefault("secret", secret_default)
    return VarSpec(key=key, provider=provider, env=env, source=str(path), **fields)


def _var_fields(
    key: str,
    raw: Mapping[str, Any],
    path: Path,
    credentials: Mapping[str, CredentialFormat],
    top: bool,
) -> dict[str, Any]:
    where = f"[vars.{key}]"
    _check_fields(raw, VAR_FIELDS if top else VAR_FIELDS - {"env"}, path, where)
    out: dict[str, Any] = {}
    for name, value in raw.items():
        if name == "env":
            continue
        field = f"{path}: {where} field {name!r}"
        if name == "type":
            if value not in TYPES:
                known = ", ".join(sorted(TYPES))
                raise SchemaError(f"{field}: unknown type {value!r}; known: {known}")
            out[name] = value
        elif name == "required":
            out[name] = value if isinstance(value, bool) else _str_tuple(raw, name, path, ())
        elif name in ("values", "prefix", "schemes", "credential"):
            out[name] = _str_tuple(raw, name, path, ())
        elif name == "pattern":
            if not isinstance(value, str):
                raise SchemaError(f"{field}: must be a string")
            if not _is_builtin(path):  # the built-in ones are compiled by the test suite
                _compile(value, field)
            out[name] = value
        elif name in ("min", "max"):
            if not isinstance(value, (int, float)) or isinstance(value, bool):
                raise SchemaError(f"{field}: must be a number")
            out[name] = float(value)
        elif name in ("min_length", "max_length", "bytes"):
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise SchemaError(f"{field}: must be a non-negative integer")
            out[name] = value
        elif name in ("secret", "platform", "public"):
            if not isinstance(value, bool):
                raise SchemaError(f"{field}: must be true or false")
            out[name] = value
        elif name == "items":
            if value not in TYPES - COMPOUND_TYPES:
                raise SchemaError(f"{field}: unknown item type {value!r}")
            out[name] = value
        else:
            if not isinstance(value, str):
                raise SchemaError(f"{field}: must be a string")
            out[name] = value
    for cid in out.get("credential", ()):
        if cid not in credentials:
            raise SchemaError(f"{path}: {where} names unknown credential {cid!r}")
    if top and out.get("type") == "enum" and not out.get("values"):
        raise SchemaError(f"{path}: {where} is an enum without 'values'")
    return out


def _check_fields(table: Mapping[str, Any], allowed: frozenset[str] | set[str], path: Path,
                  where: str) -> None:
    unknown = sorted(set(table) - set(allowed))
    if unknown:
        raise SchemaError(
            f"{path}: {where}: unknown field(s) {', '.join(unknown)}; "
            f"allowed: {', '.join(sorted(allowed))}"
        )


def _table(data: Mapping[str, Any], name: str, path: Path) -> dict[str, Any]:
    value = data.get(name, {})
    if not isinstance(value, dict):
        raise SchemaError(f"{path}: [{name}] must be a table")
    return value


def _str_tuple(table: Mapping[str, Any], name: str, path: Path,
               default: tuple[str, ...]) -> tuple[str, ...]:
    if name not in table:
        return default
    value = table[name]
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise SchemaError(f"{path}: field {name!r} must be a string or a list of strings")
    return tuple(value)


def _compile(pattern: Any, where: str) -> re.Pattern[str]:
    if not isinstance(pattern, str):
        raise SchemaError(f"{where}: must be a string")
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise SchemaError(f"{where}: invalid regex: {exc}") from None


@lru_cache(maxsize=1)
def builtin_catalog() -> Schema:
    """Every built-in provider and platform piece as one schema: what envguard knows about
    variables and credential formats regardless of the stack being checked."""
    composer = _Composer()
    for path in [*_builtin_pieces("providers"), *_builtin_pieces("platforms")]:
        composer._visit(path, _read_toml(path), is_root=False)
    return Schema(
        name="built-in providers",
        vars=composer._merge_vars({}),
        credentials=dict(composer.credentials),
        providers=dict(composer.providers),
        platform_prefixes=tuple(composer.platform_prefixes),
    )


def builtin_credentials() -> dict[str, CredentialFormat]:
    """Every credential format of every built-in provider (exposure checks, the scanner)."""
    return dict(builtin_catalog().credentials)

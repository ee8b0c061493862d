"""``envguard.load()``: validate the process environment at startup and give typed access.

Only what loading needs is imported here: no reporters, no argparse, no detect-secrets.
pydantic is imported when a secret value is wrapped or a model is given.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, overload

from envguard.environments import match_environment, resolve_environment
from envguard.errors import InputError
from envguard.findings import EnvError, EnvWarning, Finding, Severity
from envguard.model import PROCESS_ENV, EnvSet, EnvVar
from envguard.schema.credentials import declared_secrets
from envguard.schema.loader import load_schema
from envguard.schema.model import Schema
from envguard.schema.services import restrict_to_service
from envguard.schema.types import convert
from envguard.validate import layer_files, validate

# Imports inside functions are deliberate: pydantic and the model adapter load only when a model
# or a secret value is used.

if TYPE_CHECKING:
    from pydantic import BaseModel

#: A pydantic model class given to :func:`load`: its instance is what ``load`` returns.
M = TypeVar("M", bound="BaseModel")

ENV_FALLBACKS = ("NODE_ENV", "APP_ENV", "ENVIRONMENT")


class _Secret:
    """A secret not yet wrapped: pydantic (~70 ms to import) is loaded on first access."""

    __slots__ = ("raw",)

    def __init__(self, raw: str) -> None:
        self.raw = raw

    def __repr__(self) -> str:
        return "SecretStr('**********')"


class Settings(Mapping[str, Any]):
    """Read-only, typed view of a validated environment; secrets are ``SecretStr``.

    Attribute access (``settings.DATABASE_URL``) and mapping access both work; unset
    optional variables read as ``None``.
    """

    __slots__ = ("_environment", "_hidden", "_schema", "_values")

    def __init__(self, values: dict[str, Any], schema: str, environment: str | None,
                 hidden: frozenset[str] = frozenset()) -> None:
        object.__setattr__(self, "_values", values)
        object.__setattr__(self, "_hidden", hidden)
        object.__setattr__(self, "_schema", schema)
        object.__setattr__(self, "_environment", environment)

    @property
    def environment(self) -> str | None:
        return self._environment  # type: ignore[no-any-return]

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(f"{name} is not declared in the {self._schema} schema") from None

    def __getitem__(self, name: str) -> Any:
        value = self._values[name]
        if isinstance(value, _Secret):
            from pydantic import SecretStr

            value = self._values[name] = SecretStr(value.raw)
        return value

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("envguard settings are read-only")

    def __delattr__(self, name: str) -> None:
        raise AttributeError("envguard settings are read-only")

    def __repr__(self) -> str:
        shown = ", ".join(f"{k}={_shown(v, k in self._hidden)}"
                          for k, v in self._values.items())
        return f"Settings({self._schema}, env={self._environment!r}: {shown})"


def _shown(value: Any, hidden: bool = False) -> str:
    """A value's repr, hidden when it is shaped like a secret, whatever the schema says, or
    when validation found a secret credential in it (``hidden``)."""
    from envguard.secrecy import is_token_shaped, looks_secret_by_value, redact

    if hidden:
        return repr(redact(value if isinstance(value, str) else repr(value)))
    if isinstance(value, str) and (looks_secret_by_value(value) or is_token_shaped(value)):
        return repr(redact(value))
    text = repr(value)
    return repr(redact(text)) if looks_secret_by_value(text) else text


def pick_environment(
    explicit: str | None, environ: Mapping[str, str], env_var: str = "ENVGUARD_ENV"
) -> str | None:
    """The explicit argument, else ``env_var``, else NODE_ENV / APP_ENV / ENVIRONMENT."""
    if explicit:
        return explicit
    for name in (env_var, *ENV_FALLBACKS):
        if environ.get(name):
            return environ[name]
    return None


@overload
def load(
    schema: type[M],
    env: str | None = None,
    *,
    files: Sequence[str | Path] = (),
    environ: Mapping[str, str] | None = None,
    env_var: str = "ENVGUARD_ENV",
    service: None = None,
) -> M: ...


@overload
def load(
    schema: str | Path,
    env: str | None = None,
    *,
    files: Sequence[str | Path] = (),
    environ: Mapping[str, str] | None = None,
    env_var: str = "ENVGUARD_ENV",
    service: str | None = None,
) -> Settings: ...


def load(
    schema: str | Path | type[M],
    env: str | None = None,
    *,
    files: Sequence[str | Path] = (),
    environ: Mapping[str, str] | None = None,
    env_var: str = "ENVGUARD_ENV",
    service: str | None = None,
) -> M | Settings:
    """Validate the environment and return typed settings, or raise one :class:`EnvError`.

    ``schema`` is a built-in stack name, a schema TOML path or a pydantic model class
    (typed: ``load(MyModel)`` is a ``MyModel``, a name or path gives :class:`Settings`).
    A pydantic-settings class is built by pydantic-settings' own rules from the values
    read here and from nothing else: its ``env_file`` is not read, nor ``os.environ`` when
    ``environ=`` is given.
    ``files`` are .env files layered under the process environment (which wins, as
    ``load_dotenv()`` does). ``service`` names one service of a stack split across
    services (``[stack.services]``): only its variables are required and returned, so a
    FastAPI backend is not asked for the frontend's ``NEXT_PUBLIC_*`` ones.
    """
    environ = os.environ if environ is None else environ
    envset, reading = layer_files(files) if files else (EnvSet(), [])
    envset.extend(EnvVar(k, v, PROCESS_ENV) for k, v in environ.items())
    environment = pick_environment(env, environ if not files else envset_str(envset), env_var)
    errors = [f for f in reading if f.severity >= Severity.ERROR] + _unusable(envset)

    from envguard.checks.pydantic_model import is_pydantic_model

    if is_pydantic_model(schema):
        assert isinstance(schema, type)
        if service is not None:
            raise InputError(f"load(service={service!r}): services are declared in a stack or "
                             "schema TOML ([stack.services]); a model is one service already")
        return _load_model(schema, envset, errors, environment, env, environ if not files
                           else envset_str(envset), env_var)
    assert isinstance(schema, (str, Path))
    loaded = load_schema(schema)
    if service is not None:
        loaded = restrict_to_service(loaded, service)
    environment = _declared(environment, env, loaded, environ if not files else
                            envset_str(envset), env_var)
    from envguard.schema.loader import builtin_catalog

    # the built-in credential formats, as ``envguard check`` uses: a Stripe key in a plain
    # variable is the same finding here as there
    findings = validate(envset, loaded, environment, report_unknown=False,
                        catalog=builtin_catalog())
    errors += [f for f in findings if f.severity >= Severity.ERROR]
    if errors:
        raise EnvError(errors)
    plain = _warn_plain_secrets(findings, set(loaded.vars), stacklevel=3)
    return Settings(_typed_values(envset, loaded, environment), loaded.name, environment,
                    hidden=plain)


def _warn_plain_secrets(findings: Sequence[Finding], declared: set[str],
                        stacklevel: int) -> frozenset[str]:
    """Warn (:class:`EnvWarning`) of each secret credential validation found in a variable
    declared plain, the finding ``envguard check`` reports for it, and name those variables
    so their values stay hidden. Undeclared variables are not load()'s business: the
    process environment holds many the application never reads."""
    import warnings

    keys = set()
    for finding in findings:
        if finding.rule == "secret-in-plain-variable" and finding.key in declared:
            keys.add(finding.key)
            warnings.warn(EnvWarning(finding), stacklevel=stacklevel)
    return frozenset(keys)


def _unusable(envset: EnvSet) -> list[Finding]:
    """Values a check may count as present but an application cannot use: still encrypted
    (dotenvx, sops), a 1Password reference, or withheld by an export, with nothing in the
    process environment over them. ``envguard check`` reads a committed encrypted file as
    intended; at run time the same value means decryption never happened, and handing the
    application an empty value would pass the required check while it starts without it."""
    return [Finding(
        "encrypted-value", Severity.ERROR,
        f"{v.key} has no usable value: it is encrypted, a secret reference or withheld "
        "there, and the process environment does not set it",
        key=v.key, origin=v.origin,
        hint="load it decrypted: `dotenvx run -- CMD`, `sops exec-env FILE CMD`, "
             "`op run --env-file FILE -- CMD`",
    ) for v in envset if v.withheld]


def _load_model(model: type[M], envset: EnvSet, errors: list[Finding],
                environment: str | None, explicit: str | None, environ: Mapping[str, str],
                env_var: str) -> M:
    """A model instance built from envguard's values alone, checked by the model and by
    what envguard knows of its variables (:func:`envguard.validate.validate_with_model`)."""
    from envguard.schema.loader import builtin_catalog
    from envguard.validate import validate_with_model

    catalog = builtin_catalog()
    environment = _declared(environment, explicit, Schema(name="model"), environ, env_var)
    instance, findings = validate_with_model(envset, model, environment, catalog=catalog)
    errors = errors + [f for f in findings if f.severity >= Severity.ERROR]
    if errors or instance is None:
        raise EnvError(errors)
    _warn_plain_secrets(findings, {f.key for f in findings if f.key}, stacklevel=4)
    return instance  # type: ignore[no-any-return]


def _declared(environment: str | None, explicit: str | None, schema: Schema,
              environ: Mapping[str, str], env_var: str) -> str | None:
    """The schema's own name for the environment. ``env=`` and ``env_var`` must name one
    of its environments (an alias such as ``prod`` is fine): a typo must not switch the
    production checks off. ``NODE_ENV`` and the other framework fallbacks are set by
    tools (``test`` under a test runner), so one the schema does not know is ignored."""
    if environment is None:
        return None
    if explicit or environ.get(env_var):
        where = "load(env=...)" if explicit else f"the environment variable {env_var}:"
        return resolve_environment(environment, schema.environments, where)
    return match_environment(environment, schema.environments)


def envset_str(envset: EnvSet) -> dict[str, str]:
    return {k: v for k, v in envset.values().items() if v is not None}


def _typed_values(envset: EnvSet, schema: Schema, environment: str | None) -> dict[str, Any]:
    secret = declared_secrets(schema)
    out: dict[str, Any] = {}
    for key in schema.vars:
        spec = schema.spec_for(key, environment)
        assert spec is not None
        var = envset.get(key)
        raw = var.value if var is not None and var.value not in (None, "") else spec.default
        if raw is None:
            # platform variables (and the always-included platform providers) only when set
            if not (spec.platform or schema.is_implicit(spec)):
                out[key] = None
            continue
        out[key] = _Secret(raw) if secret.get(key) else convert(
            spec.type, raw, spec.items, spec.separator
        )
    return out

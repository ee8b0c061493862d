"""Validate env variables with a user's pydantic model (or pydantic-settings class).

pydantic's ``ValidationError`` text echoes ``input_value`` (secrets included, even for
``SecretStr`` fields), so it never leaves this module: each error becomes a Finding built
from its ``type``, ``loc`` and ``msg``, scrubbed (:func:`envguard.secrecy.scrub`) of any
secret value (a secret field's, one named or shaped like a secret), whole or in part, as
whole tokens, and of every secret-shaped word; so is any other exception text from the
user's code. Values that are not secret stay readable.
"""

from __future__ import annotations

import importlib
import os
import re
import sys
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from envguard.checks.settings_source import (
    build,
    field_env_names,
    is_settings_class,
    per_class,
)
from envguard.errors import InputError
from envguard.findings import Finding, Severity
from envguard.model import EnvSet, EnvVar, Origin
from envguard.schema.credentials import merged
from envguard.schema.model import Schema, VarSpec
from envguard.secrecy import looks_secret_by_name, looks_secret_by_value, scrub
from envguard.tables import near_miss

# Imports inside functions are deliberate: pydantic loads only when a model is checked.


def import_model(ref: str) -> type[Any]:
    """``package.module:ClassName`` -> the class; any failure is an input error."""
    module_name, _, attr = ref.partition(":")
    if not module_name or not attr:
        raise InputError(f"--model {ref!r}: expected package.module:ClassName")
    if "" not in sys.path:
        sys.path.insert(0, "")
    try:
        module = importlib.import_module(module_name)
    except Exception as exc:  # a user's module can raise anything on import
        # its text may quote the environment (pydantic-settings' input_value='sk_live_...')
        shown = scrub(f"{type(exc).__name__}: {exc}", secrets=[
            v for k, v in os.environ.items() if looks_secret_by_name(k)
            or looks_secret_by_value(v) or len(v) >= 8])
        raise InputError(f"--model {ref!r}: cannot import {module_name}: {shown}") from None
    model = getattr(module, attr, None)
    if model is None:
        raise InputError(f"--model {ref!r}: {module_name} has no attribute {attr!r}")
    if not is_pydantic_model(model):
        raise InputError(f"--model {ref!r}: not a pydantic model class")
    return model  # type: ignore[no-any-return]


def is_pydantic_model(obj: object) -> bool:
    return isinstance(obj, type) and hasattr(obj, "model_fields") and hasattr(
        obj, "model_validate"
    )


def env_names(model: type[Any]) -> dict[str, tuple[str, bool]]:
    """``{field name: (env var name, case sensitive)}``: the first name pydantic-settings
    looks up for a settings class, ``alias or prefix + name`` for a plain model."""
    if is_settings_class(model):
        names, case_sensitive, _ = field_env_names(model)
        return {f: (_shown(envs[0], case_sensitive), case_sensitive)
                for f, envs in names.items() if envs}
    config: Mapping[str, Any] = getattr(model, "model_config", {})
    prefix = str(config.get("env_prefix", "") or "")
    case_sensitive = bool(config.get("case_sensitive", False))
    out = {}
    for name, info in model.model_fields.items():
        alias = info.validation_alias if isinstance(info.validation_alias, str) else info.alias
        env = alias or f"{prefix}{name}"
        out[name] = (env if case_sensitive else env.upper(), case_sensitive)
    return out


def _shown(env: str, case_sensitive: bool) -> str:
    return env if case_sensitive else env.upper()


@per_class
def secret_env_names(model: type[Any]) -> frozenset[str]:
    """Upper-cased env names of the model's secret fields (``SecretStr``, ``SecretBytes``,
    or a field that names a secret credential)."""
    names = env_names(model)
    return frozenset(names[f][0].upper() for f in secret_fields(model) if f in names)


@per_class
def secret_fields(model: type[Any]) -> frozenset[str]:
    """Fields whose values are hidden: ``SecretStr``/``SecretBytes``, and fields naming a
    credential format that is not known to be public (a publishable key is not a secret,
    and calling it one would make its ``NEXT_PUBLIC_`` variable an exposed secret)."""
    return frozenset(name for name, info in model.model_fields.items()
                     if "SecretStr" in (text := repr(info.annotation))
                     or "SecretBytes" in text or not _public(field_credential(info)))


def _public(formats: tuple[str, ...]) -> bool:
    """No format named, or only built-in formats that are public by design."""
    from envguard.schema.loader import builtin_credentials

    if not formats:
        return True
    known = builtin_credentials()
    return all(f in known and not known[f].secret for f in formats)


def field_credential(info: Any) -> tuple[str, ...]:
    """The credential format ids a field names with ``envguard.credential(...)``, if any."""
    from envguard.credential import Credential

    for meta in getattr(info, "metadata", ()):
        if isinstance(meta, Credential):
            return meta.format_ids
    return ()


class _Fields:
    """How a model's fields map onto the variables read: the names each field is looked
    up by (pydantic-settings' own list for a settings class) and the variable that gave
    its value, so a finding names the variable the user wrote, at its file and line."""

    def __init__(self, model: type[Any], envset: EnvSet) -> None:
        if is_settings_class(model):
            self.names, self.case_sensitive, self.delimiter = field_env_names(model)
        else:
            self.names = {f: [env] for f, (env, _) in env_names(model).items()}
            self.case_sensitive = bool(getattr(model, "model_config", {}).get("case_sensitive"))
            self.delimiter = ""
        self.index = {self._norm(v.key): v for v in envset}
        self.aliases: dict[str, str] = {}
        for name, info in model.model_fields.items():
            self.aliases[name] = name
            for alias in _aliases(info):
                self.aliases.setdefault(alias, name)

    def _norm(self, name: str) -> str:
        return name if self.case_sensitive else name.lower()

    def var(self, field_name: str) -> EnvVar | None:
        """The variable the field's value came from (its first name that is set)."""
        for env in self.names.get(field_name, ()):
            var = self.index.get(self._norm(env))
            if var is not None and var.value is not None:
                return var
        return None

    def nested(self, field_name: str, path: tuple[str, ...]) -> EnvVar | None:
        """``APP_DB__PORT`` for the error at ``db.port``, when the model has a delimiter."""
        if not self.delimiter or not path:
            return None
        for env in self.names.get(field_name, ()):
            var = self.index.get(self._norm(self.delimiter.join((env, *path))))
            if var is not None:
                return var
        return None

    def used(self) -> dict[str, EnvVar]:
        """Every variable the model reads: each field's, and its nested ones."""
        out: dict[str, EnvVar] = {}
        for field_name, envs in self.names.items():
            var = self.var(field_name)
            if var is not None:
                out[var.key] = var
            if self.delimiter:
                heads = tuple(self._norm(env + self.delimiter) for env in envs)
                out.update({v.key: v for k, v in self.index.items() if k.startswith(heads)})
        return out

    def env_name(self, field_name: str) -> str:
        envs = self.names.get(field_name) or [field_name]
        return _shown(envs[0], self.case_sensitive)


def model_vars(model: type[Any], envset: EnvSet) -> EnvSet:
    """The definitions the model reads, named as envguard's schemas name variables (upper
    case, unless the model is case sensitive)."""
    fields = _Fields(model, envset)
    used = {fields._norm(k) for k in fields.used()}
    keep = [v for v in envset.all_definitions() if fields._norm(v.key) in used]
    if fields.case_sensitive:
        return EnvSet(keep)
    return EnvSet(EnvVar(v.key.upper(), v.value, v.origin, v.secret, v.withheld) for v in keep)


def _aliases(info: Any) -> list[str]:
    out = [info.alias] if isinstance(info.alias, str) else []
    alias = info.validation_alias
    if isinstance(alias, str):
        out.append(alias)
    for choice in getattr(alias, "choices", ()):
        if isinstance(choice, str):
            out.append(choice)
    return out


def validate_model(
    model: type[Any], envset: EnvSet, *, missing_origin: Origin | None = None
) -> tuple[Any | None, list[Finding]]:
    """The model instance (or None) and findings, never a raw ``ValidationError``.

    A pydantic-settings class is built by pydantic-settings' own sources from the winning
    values of ``envset`` (and nothing else: :mod:`envguard.checks.settings_source`); a plain
    pydantic model gets each field's ``alias or prefix + name`` variable.
    """
    from pydantic import ValidationError

    fields = _Fields(model, envset)
    secret_field_names = secret_fields(model)
    hidden = {key for key, var in fields.used().items() if var.secret}
    hidden |= {v.key for f in secret_field_names if (v := fields.var(f)) is not None}

    def secret_values() -> list[str]:
        """A model validator sees every field: any secret value may be quoted in any
        message. Worked out only when there is a message (a valid load never pays)."""
        return [v.value for v in envset if v.value and (
            v.key in hidden or v.secret or looks_secret_by_name(v.key)
            or looks_secret_by_value(v.value))]

    try:
        if is_settings_class(model):
            from pydantic_settings import SettingsError

            try:
                return build(model, {v.key: v.value for v in envset if v.value is not None}), []
            except SettingsError as exc:
                return None, [_unparsable(model, fields, str(exc), missing_origin)]
        data = {}
        for field_name in model.model_fields:
            var = fields.var(field_name)
            if var is not None:
                data[field_name] = var.value
        return model.model_validate(data), []
    except ValidationError as exc:
        secrets = secret_values()
        findings = []
        for err in exc.errors(include_input=False, include_url=False):
            loc = tuple(str(p) for p in err.get("loc") or ())
            field_name = fields.aliases.get(loc[0], loc[0]) if loc else ""
            var = fields.nested(field_name, loc[1:]) or fields.var(field_name)
            env = var.key if var is not None else fields.env_name(field_name)
            secret = field_name in secret_field_names or (var is not None and (
                var.value in secrets or var.key in hidden))
            message = scrub(str(err.get("msg", "is invalid")), secrets=secrets)
            rule = "missing-required" if err.get("type") == "missing" else "invalid-value"
            text = f"{env} is missing but required" if rule == "missing-required" \
                else f"{env}: {message}"
            if len(loc) > 1 and not secret:  # a secret Json field's keys are its value
                text += f" (at {scrub('.'.join(loc[1:]), secrets=secrets)})"
            findings.append(Finding(
                rule, Severity.ERROR, text, key=env,
                origin=var.origin if var else missing_origin,
                hint=model.model_fields[field_name].description
                if field_name in model.model_fields else None,
                extra={"pydantic_type": err.get("type")},
            ))
        return None, findings
    except InputError:
        raise
    except Exception as exc:  # a user's validator can raise anything pydantic does not wrap
        raise InputError(f"the model's validation raised {type(exc).__name__}: "
                         f"{scrub(str(exc), secrets=secret_values())}") from None


def _unparsable(model: type[Any], fields: _Fields, message: str,
                origin: Origin | None) -> Finding:
    """pydantic-settings' ``SettingsError``: a complex field's value is not JSON."""
    m = re.search(r'field "([^"]+)"', message)
    field_name = m.group(1) if m else ""
    var = fields.var(field_name)
    env = var.key if var is not None else fields.env_name(field_name)
    info = model.model_fields.get(field_name)
    kind = getattr(info.annotation, "__name__", None) if info is not None else None
    return Finding(
        "invalid-value", Severity.ERROR,
        f"{env}: is not valid JSON (pydantic-settings reads "
        f"{kind or 'this field type'} values as JSON)",
        key=env, origin=var.origin if var else origin,
        hint='e.g. ["a", "b"] for a list, {"k": 1} for a dict',
        extra={"pydantic_type": "json_invalid"},
    )


_DERIVED: dict[type[Any], tuple[Schema, Schema]] = {}


def model_schema(model: type[Any], catalog: Schema, base: Schema | None = None) -> Schema:
    """:func:`derive_schema`, kept per class for the built-in catalog alone: an app that
    builds its settings often pays for the derivation once."""
    if base is not None:
        return derive_schema(model, catalog, base)
    cached = _DERIVED.get(model)
    if cached is None or cached[0] is not catalog:
        if len(_DERIVED) >= 64:  # classes made on the fly (tests) must not pile up
            _DERIVED.clear()
        cached = _DERIVED[model] = (catalog, derive_schema(model, catalog))
    return cached[1]


def derive_schema(model: type[Any], catalog: Schema, base: Schema | None = None) -> Schema:
    """What envguard knows about the model's variables, as a schema its checks can run:
    a field that names its credential (``envguard.credential``) gets that format; a field
    whose variable is a built-in one (``STRIPE_SECRET_KEY``) or one of ``base`` gets its
    declaration. Requirement stays the model's business (its fields' defaults decide), so
    nothing here is required, unless ``base`` (``--stack``/``--schema``) says so."""
    credentials = merged(catalog.credentials, base.credentials if base else {})
    names = env_names(model)
    secret = secret_fields(model)
    declared = dict(base.vars) if base else {}
    for field_name, info in model.model_fields.items():
        if field_name not in names:
            continue
        key = names[field_name][0].upper()
        formats = field_credential(info)
        spec = declared.get(key) or catalog.vars.get(key) or catalog.vars.get(
            field_name.upper())
        spec = replace(spec, key=key) if spec is not None and spec.key != key else spec
        for fmt in formats:
            if fmt not in credentials:
                raise InputError(
                    f"{model.__name__}.{field_name}: credential({fmt!r}) is not a credential "
                    f"format envguard knows{near_miss(fmt, credentials)}; see `envguard "
                    "providers NAME` for a provider's formats")
        if formats:
            spec = replace(spec or VarSpec(key), credential=formats, type="string",
                           secret=any(credentials[f].secret for f in formats))
        if spec is None:
            continue
        if key not in declared:
            spec = replace(spec, required=False, default=None, secret=spec.secret or (
                field_name in secret))
        declared[key] = spec
    if base is not None:
        return replace(base, vars=declared, credentials=credentials)
    return Schema(name=f"model {model.__name__}", vars=declared, credentials=credentials,
                  providers=catalog.providers, platform_prefixes=catalog.platform_prefixes)

"""Validate env variables with a user's pydantic model (or pydantic-settings class).

pydantic's ``ValidationError`` text echoes ``input_value`` (secrets included, even for
``SecretStr`` fields), so it never leaves this module: each error becomes a Finding built
from its ``type``, ``loc`` and ``msg``, scrubbed (:func:`envguard.secrecy.scrub`) of any
run of 8+ characters of any input value and of every secret-shaped word; so is any other
exception text from the user's code.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Mapping
from typing import Any

from envguard.errors import InputError
from envguard.findings import Finding, Severity
from envguard.model import EnvSet, EnvVar, Origin
from envguard.secrecy import scrub

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
        text = scrub(f"{type(exc).__name__}: {exc}", os.environ.values())
        raise InputError(f"--model {ref!r}: cannot import {module_name}: {text}") from None
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
    """``{field name: (env var name, case sensitive)}`` following pydantic-settings' rules."""
    config: Mapping[str, Any] = getattr(model, "model_config", {})
    prefix = str(config.get("env_prefix", "") or "")
    case_sensitive = bool(config.get("case_sensitive", False))
    names = {}
    for name, info in model.model_fields.items():
        alias = info.validation_alias if isinstance(info.validation_alias, str) else info.alias
        env = alias or f"{prefix}{name}"
        names[name] = (env if case_sensitive else env.upper(), case_sensitive)
    return names


def secret_env_names(model: type[Any]) -> set[str]:
    """Upper-cased env names of the model's ``SecretStr``/``SecretBytes`` fields."""
    names = env_names(model)
    return {names[f][0].upper() for f in secret_fields(model)}


def secret_fields(model: type[Any]) -> set[str]:
    out = set()
    for name, info in model.model_fields.items():
        text = repr(info.annotation)
        if "SecretStr" in text or "SecretBytes" in text:
            out.add(name)
    return out


def validate_model(
    model: type[Any], envset: EnvSet, *, missing_origin: Origin | None = None
) -> tuple[Any | None, list[Finding]]:
    """The model instance (or None) and findings, never a raw ``ValidationError``."""
    from pydantic import ValidationError

    names = env_names(model)
    secrets = secret_fields(model)
    data: dict[str, Any] = {}
    used: dict[str, EnvVar] = {}
    for field_name, (env, cs) in names.items():
        match = next((v.key for v in envset if (v.key if cs else v.key.upper()) == env), None)
        var = envset.get(match) if match else None
        if var is not None and var.value is not None:
            data[field_name] = var.value
            used[field_name] = var.with_secret(field_name in secrets or bool(var.secret))
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        findings = []
        for err in exc.errors(include_input=False, include_url=False):
            loc = err.get("loc") or ()
            field_name = str(loc[0]) if loc else ""  # a field name, from the model itself
            env = names.get(field_name, (field_name, False))[0]
            var = used.get(field_name)
            # a validator's words or a Json field's keys may quote any part of any input
            inputs = [v.value for v in used.values() if v.value]
            message = scrub(str(err.get("msg", "is invalid")), inputs)
            loc = tuple(scrub(str(p), inputs) for p in loc)
            rule = "missing-required" if err.get("type") == "missing" else "invalid-value"
            text = f"{env} is missing but required" if rule == "missing-required" \
                else f"{env}: {message}"
            if len(loc) > 1:
                text += f" (at {'.'.join(str(p) for p in loc[1:])})"
            findings.append(Finding(
                rule, Severity.ERROR, text, key=env,
                origin=var.origin if var else missing_origin,
                hint=model.model_fields[field_name].description
                if field_name in model.model_fields else None,
                extra={"pydantic_type": err.get("type")},
            ))
        return None, findings
    except Exception as exc:  # a user's validator can raise anything pydantic does not wrap
        inputs = [v.value for v in used.values() if v.value]
        raise InputError(f"the model's validation raised {type(exc).__name__}: "
                         f"{scrub(str(exc), inputs)}") from None

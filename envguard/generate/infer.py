"""An env template (``.env.example``) -> a schema TOML (``envguard init``).

Provider variables are recognised by name (every built-in provider's declarations) and by
value (a distinctive credential format such as ``sk_test_``); the rest get a type inferred
from the example value, secrecy from the name or the value, a description from the
comment above them, and required-ness from the template (a variable is required unless a
comment calls it optional; an empty one is required outside development only, since the
template itself must pass). The result must validate the template it came from, so it is
checked against it: a provider whose declarations or rules the template does not satisfy
is dropped and its variables are declared on their own.
"""

from __future__ import annotations

import json
import re
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from envguard.checks.values import value_problems
from envguard.environments import DEFAULT_ENVIRONMENTS
from envguard.findings import Finding, Severity
from envguard.generate.template_reader import TemplateEntry, read_template
from envguard.generate.tomlwriter import toml_key, toml_table
from envguard.model import EnvSet
from envguard.numbers import is_integer, is_number
from envguard.schema.credentials import identify
from envguard.schema.loader import builtin_catalog, load_schema
from envguard.schema.model import Schema, VarSpec, is_browser_exposed
from envguard.secrecy import (
    is_placeholder,
    is_token_shaped,
    looks_secret_by_name,
    looks_secret_by_value,
    scrub,
)
from envguard.validate import validate

ENVIRONMENTS = DEFAULT_ENVIRONMENTS
_DURATION = re.compile(r"\d+(?:ms|s|m|h|d|w)")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*)://")
_BOOL_WORDS = {"true", "false", "yes", "no", "on", "off"}
_URL_NAME = re.compile(r"(_URL|_URI|_DSN|_ENDPOINT|_HOST_URL)$")
_SECRET_URL_NAME = re.compile(r"DATABASE|(^|_)DB(_|$)|REDIS|MONGO|AMQP|BROKER|DSN|POSTGRES|MYSQL")
_FLAG_NAME = re.compile(
    r"^(ENABLE|DISABLE|FEATURE|FF|USE|IS|HAS)_|_(ENABLED|DISABLED|DEBUG)$|^DEBUG$")
_NOT_SECRET_TYPES = {"int", "float", "bool", "port", "duration", "email", "enum"}
_LEVELS = ["trace", "debug", "info", "notice", "warn", "warning", "error", "critical", "fatal"]
_ENUMS: dict[str, list[str]] = {
    "NODE_ENV": ["development", "production", "test", "staging"],
    "APP_ENV": ["local", "development", "dev", "testing", "test", "staging", "production"],
    "RAILS_ENV": ["development", "test", "staging", "production"],
    "RACK_ENV": ["development", "test", "staging", "production"],
    "ENVIRONMENT": ["development", "dev", "test", "staging", "production"],
    "LOG_LEVEL": _LEVELS + [w.upper() for w in _LEVELS],
}


@dataclass
class Inference:
    """The schema being built: includes, declarations (with a note each) and notes."""

    name: str
    source: str
    includes: list[str] = field(default_factory=list)
    vars: dict[str, dict[str, Any]] = field(default_factory=dict)
    via: dict[str, str] = field(default_factory=dict)  # key -> provider included for it
    relaxed: list[str] = field(default_factory=list)  # provider keys whose example breaks it
    notes: list[str] = field(default_factory=list)


def infer(entries: Sequence[TemplateEntry], catalog: Schema, name: str, source: str,
          excluded: Iterable[str] = ()) -> Inference:
    """Declarations for every template variable; providers in ``excluded`` are not used."""
    skip = set(excluded)
    result = Inference(name=name, source=source)
    for entry in entries:
        spec = catalog.vars.get(entry.key)
        if catalog.is_platform(entry.key):
            continue  # known to every stack as platform-provided
        fields = _from_provider(entry, spec, catalog, skip, result)
        if fields is None:
            fields = _from_value(entry, catalog, skip, result)
        if fields is None:
            fields = _standalone(entry, spec)
        fields["required"] = _required(entry)
        result.vars[entry.key] = fields
    for key, fields in result.vars.items():
        spec = catalog.vars.get(key)
        if key not in result.via and spec is not None and spec.provider in result.includes:
            fields.update(_relaxed(spec, fields))
            result.relaxed.append(key)
    return result


def _relaxed(spec: VarSpec, fields: dict[str, Any]) -> dict[str, Any]:
    """Field values that lift a provider's constraints the template's example breaks (the
    provider is included for its other variables, so its declaration of this one is
    merged in; a stack declaration refines it field by field)."""
    out: dict[str, Any] = {"type": fields.get("type", "string"), "secret": spec.secret}
    if spec.credential:
        out["credential"] = []
    if spec.prefix:
        out["prefix"] = []
    if spec.pattern is not None:
        out["pattern"] = "(?s).*"
    if spec.min_length:
        out["min_length"] = 0
    if spec.values:
        out["values"] = []
    return out


def _from_provider(entry: TemplateEntry, spec: VarSpec | None, catalog: Schema,
                   skip: set[str], result: Inference) -> dict[str, Any] | None:
    if spec is None or spec.provider is None or spec.provider in skip:
        return None
    value = entry.value
    if value and not is_placeholder(value) and value_problems(spec, value, catalog.credentials):
        return None  # the example contradicts the provider: declare it on its own
    _use(spec.provider, entry.key, catalog, result)
    return {}


def _from_value(entry: TemplateEntry, catalog: Schema, skip: set[str],
                result: Inference) -> dict[str, Any] | None:
    """A distinctive credential format recognised in the value (``sk_test_...``)."""
    value = entry.value
    if not value or is_placeholder(value):
        return None
    fmt = identify(value, catalog.credentials, entry.key)
    if fmt is None or fmt.provider in skip:
        return None
    _use(fmt.provider, entry.key, catalog, result)
    fields: dict[str, Any] = {"credential": fmt.id}
    if entry.comment:
        fields["description"] = scrub(entry.comment)
    if not fmt.secret and is_browser_exposed(entry.key):
        fields["public"] = True
    return fields


def _use(provider: str, key: str, catalog: Schema, result: Inference) -> None:
    result.via[key] = provider
    known = catalog.providers.get(provider)
    implicit = known is not None and known.implicit
    if not implicit and provider not in result.includes:
        result.includes.append(provider)


def _standalone(entry: TemplateEntry, spec: VarSpec | None) -> dict[str, Any]:
    """Type, secrecy and description inferred from the name, the value and the comment."""
    value = entry.value
    usable = bool(value) and not is_placeholder(value)
    fields = _type_fields(entry.key, value) if usable else _type_by_name(entry.key)
    plain = fields.get("type") in _NOT_SECRET_TYPES  # TOKEN_EXPIRE_MINUTES=30 is a number
    secret = spec.secret if spec is not None else not plain and _secret(entry.key, value, usable)
    if secret:
        fields["secret"] = True
        if spec is None and _is_generic_secret(entry.key) and (not usable or len(value) >= 32):
            fields["min_length"] = 32
    elif is_browser_exposed(entry.key) or (spec is not None and spec.public):
        fields["public"] = True
    description = scrub(entry.comment) or (spec.description if spec is not None else "")
    if description:
        fields["description"] = description
    if usable and not secret and not looks_secret_by_value(value) and not is_token_shaped(value):
        fields["example"] = value  # never a secret-shaped value, whatever the name says
    return fields


def _type_fields(key: str, value: str) -> dict[str, Any]:
    text = value.strip()
    if key in _ENUMS or key.endswith("LOG_LEVEL"):
        known = _ENUMS.get(key, _ENUMS["LOG_LEVEL"])
        return {"type": "enum", "values": list(dict.fromkeys([*known, text]))}
    if text.lower() in _BOOL_WORDS:
        return {"type": "bool"}
    if is_integer(text):
        if key.endswith("PORT") and 1 <= int(text) <= 65535:
            return {"type": "port"}
        return {"type": "int"}
    if is_number(text):
        return {"type": "float"}
    if _DURATION.fullmatch(text):
        return {"type": "duration"}
    if text[:1] in "[{":
        try:
            json.loads(text)
            return {"type": "json"}
        except ValueError:
            pass
    if "," in text and all(_url_fields(p.strip()) for p in text.split(",") if p.strip()):
        return {"type": "list", "items": "url"}
    url = _url_fields(text)
    if url is not None:
        return url
    if re.fullmatch(r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}", text):
        return {"type": "email"}
    return {}


def _url_fields(text: str) -> dict[str, Any] | None:
    m = _SCHEME.match(text)
    if not m:
        return None
    scheme = m.group(1).lower()
    if scheme in ("postgres", "postgresql"):
        fields: dict[str, Any] = {"type": "postgres_url"}
    elif scheme in ("redis", "rediss"):
        fields = {"type": "redis_url"}
    elif scheme in ("http", "https"):
        fields = {"type": "url"}
    else:
        fields = {"type": "url", "schemes": [scheme]}
    spec = VarSpec(key="-", type=fields["type"], schemes=tuple(fields.get("schemes", ())))
    return fields if not value_problems(spec, text, {}) else None


def _type_by_name(key: str) -> dict[str, Any]:
    if key == "PORT" or key.endswith("_PORT"):
        return {"type": "port"}
    if _FLAG_NAME.search(key):
        return {"type": "bool"}
    if _URL_NAME.search(key):
        return {"type": "url"}
    return {}


def _secret(key: str, value: str, usable: bool) -> bool:
    if is_browser_exposed(key):
        return False  # a browser variable is public by definition; exposure is checked
    if _URL_NAME.search(key):
        has_password = bool(re.match(r"[A-Za-z][A-Za-z0-9+.-]*://[^/@\s]*:[^@\s]+@", value))
        return has_password or (not usable and bool(_SECRET_URL_NAME.search(key)))
    return looks_secret_by_name(key)


def _is_generic_secret(key: str) -> bool:
    return bool(re.search(r"(SECRET|SIGNING_KEY|ENCRYPTION_KEY|_SALT|APP_KEY)$", key))


def _required(entry: TemplateEntry) -> bool | list[str]:
    if entry.optional:
        return False
    if not entry.value:
        return [e for e in ENVIRONMENTS if e != "development"]
    return True


def to_toml(inference: Inference) -> str:
    """The schema file text, with a header saying where it came from."""
    lines = [
        f"# Inferred by `envguard init` from {inference.source}: review it before relying on it.",
        "# Provider variables refine envguard's built-in declarations "
        "(see `envguard explain KEY`).",
        *(f"# note: {n}" for n in inference.notes),
        "",
        *toml_table("stack", {
            "name": inference.name,
            "description": f"Inferred from {Path(inference.source).name}",
            "environments": list(ENVIRONMENTS),
            **({"include": inference.includes} if inference.includes else {}),
        }),
    ]
    for key, fields in inference.vars.items():
        lines.append("")
        if key in inference.via:
            lines.append(f"# from the {inference.via[key]} provider")
        elif key in inference.relaxed:
            lines.append("# the template's example does not match the provider's format, so "
                         "the format is not enforced")
        lines += toml_table(f"vars.{toml_key(key)}", fields)
    return "\n".join(lines) + "\n"


def infer_schema_text(path: str | Path, name: str | None = None) -> tuple[str, list[str]]:
    """The schema TOML for the template at ``path`` and warnings for the user.

    Checked against the template until it passes: each round drops the providers whose
    declarations or rules the template breaks.
    """
    catalog = builtin_catalog()
    entries, envset, reading = read_template(path)
    stack = name or _default_name(Path(path))
    excluded: dict[str, list[str]] = {}  # provider -> what the template broke
    while True:
        inference = infer(entries, catalog, stack, str(path), set(excluded))
        inference.notes += [f"not using the {p} provider: the template breaks "
                            f"{'; '.join(why)}" for p, why in sorted(excluded.items())]
        text = to_toml(inference)
        errors = _errors_against(text, envset)
        blamed: dict[str, list[str]] = {}
        for f in errors:
            provider = _provider_of(f.key, inference, catalog)
            if provider is not None and provider not in excluded:
                blamed.setdefault(provider, []).append(_broken(f))
        if not blamed:
            break
        excluded.update(blamed)
    warnings = [f"{f.key or '-'}: {f.message} ({f.rule})" for f in errors]
    warnings += [f"{f.origin}: {f.message}" for f in reading if f.severity >= Severity.ERROR]
    return text, warnings


def _broken(finding: Finding) -> str:
    """What a dropped provider's declaration or rule said, by name: the variable and the
    rule id (and the cross-variable rule's own name), never the value."""
    what = f"{finding.key}: {finding.rule}"
    rule = finding.extra.get("rule_name") if finding.extra else None
    return f"{what} (rule {rule!r})" if rule else what


def _provider_of(key: str | None, inference: Inference, catalog: Schema) -> str | None:
    if key is None:
        return None
    if key in inference.via:
        return inference.via[key]
    spec = catalog.vars.get(key)
    return spec.provider if spec is not None and spec.provider in inference.includes else None


def _errors_against(text: str, envset: EnvSet) -> list[Finding]:
    """What ``envguard check TEMPLATE --schema OUT --env development`` reports as errors."""
    with tempfile.TemporaryDirectory(prefix="envguard-init-") as tmp:
        path = Path(tmp) / "schema.toml"
        path.write_text(text, encoding="utf-8")
        schema = load_schema(path)
    findings = validate(envset, schema, "development", catalog=builtin_catalog(), template=True)
    return [f for f in findings if f.severity >= Severity.ERROR]


def _default_name(path: Path) -> str:
    folder = path.resolve().parent.name.lower()
    name = re.sub(r"[^a-z0-9]+", "-", folder).strip("-")
    return name or "app"


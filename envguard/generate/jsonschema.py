"""The JSON Schema of envguard's schema TOML files (``schemas/envguard-schema.json``).

Editors (taplo, Even Better TOML, JetBrains) complete and check a TOML file against a
JSON Schema. This one is built from the loader's own field sets (``VAR_FIELDS``,
``CREDENTIAL_FIELDS``, the header, rule and flag fields, the type names), so a field
added to the loader without a JSON type here fails the generator, and the stored file is
tested to be what the generator writes. The loader stays the judge: the JSON Schema
only describes shapes; lines, near misses and cross-file checks are the loader's.
"""

from __future__ import annotations

import json
from typing import Any

from envguard.environments import ALIASES
from envguard.schema import flagspec, rules
from envguard.schema.model import CREDENTIAL_FIELDS, VAR_FIELDS
from envguard.schema.piece import HEADER_FIELDS, TOP_LEVEL
from envguard.schema.types import COMPOUND_TYPES, TYPES
from envguard.sources.platforms.system import PLATFORM_FIELDS

SCHEMA_ID = "https://github.com/envguard/envguard/raw/main/schemas/envguard-schema.json"

_STR: dict[str, Any] = {"type": "string"}
_STRS: dict[str, Any] = {"oneOf": [{"type": "string"}, {"type": "array", "items": _STR}]}
_BOOL: dict[str, Any] = {"type": "boolean"}
_NUM: dict[str, Any] = {"type": "number"}
_UINT: dict[str, Any] = {"type": "integer", "minimum": 0}
_SCALAR: dict[str, Any] = {"type": ["string", "number", "boolean"]}


def _var_field(name: str) -> dict[str, Any]:
    fields: dict[str, dict[str, Any]] = {
        "type": {"enum": sorted(TYPES), "description": "value type (default string)"},
        "required": {"oneOf": [_BOOL, {"type": "array", "items": _STR}],
                     "description": "true, or the environments that require it"},
        "default": {**_STR, "description": "value used when unset (never a secret)"},
        "secret": {**_BOOL, "description": "never shown; must not reach a browser"},
        "public": {**_BOOL, "description": "a publishable value that may ship to browsers"},
        "description": _STR, "example": {**_STR, "description": "a non-secret example"},
        "docs": {**_STR, "description": "URL of the provider's docs for it"},
        "values": {**_STRS, "description": "allowed values (enum), or the only ones"},
        "min": _NUM, "max": _NUM, "min_length": _UINT, "max_length": _UINT,
        "pattern": {**_STR, "description": "Python regex the whole value must match"},
        "prefix": _STRS, "bytes": {**_UINT, "description": "decoded length (hex, base64)"},
        "credential": {**_STRS, "description": "credential format ids ([credentials.ID])"},
        "items": {"enum": sorted(TYPES - COMPOUND_TYPES), "description": "list item type"},
        "separator": {**_STR, "description": "list separator (default ,)"},
        "schemes": {**_STRS, "description": "allowed URL schemes"},
        "platform": {**_BOOL, "description": "set by the platform, never required of you"},
        "env": {"type": "object", "description": "per-environment overrides",
                "additionalProperties": {"$ref": "#/$defs/override"}},
    }
    return fields[name]


def _credential_field(name: str) -> dict[str, Any]:
    return {
        "name": _STR, "description": _STR,
        "pattern": {**_STR, "description": "unanchored Python regex; group `mode` = marker"},
        "keywords": {**_STRS, "description": "literal prefilter for the scanner"},
        "secret": {**_BOOL, "description": "false for publishable keys"},
        "modes": {"type": "object", "additionalProperties": {"enum": ["live", "test"]}},
        "checks": {**_STRS, "description": "structure checks: jwt, jwt:CLAIM=VALUE, "
                                            "clerk-publishable, crc32-base62, base64-json:F"},
        "severity": {"enum": list(rules.SEVERITIES)},
        "entropy": _NUM, "examples": _STRS, "not_examples": _STRS,
    }[name]


def _header_field(kind: str, name: str) -> dict[str, Any]:
    return {
        "name": _STR, "id": _STR, "description": _STR, "docs": _STR,
        "environments": {"type": "array", "items": _STR,
                         "examples": [sorted(set(ALIASES.values()))]},
        "live_environments": {"type": "array", "items": _STR},
        "include": {**_STRS, "description": "built-in providers, stack:NAME or paths"},
        "platform_prefixes": _STRS,
        "services": {"type": "object", "additionalProperties": _STRS,
                     "description": "service name -> variable globs"},
    }[name]


def _rule_field(name: str) -> dict[str, Any]:
    fields: dict[str, dict[str, Any]] = {
        "kind": {"enum": list(rules.KINDS)}, "keys": {"type": "array", "items": _STR},
        "name": _STR, "description": _STR, "hint": _STR,
        "severity": {"enum": list(rules.SEVERITIES)},
        "environments": _STRS, "if_set": _STRS,
        "compare": {"type": "array", "items": {"enum": list(rules.TARGET_PARTS)}},
        "ignore": _STRS, "strict": _BOOL,
    }
    return fields[name]


def _flag_field(name: str) -> dict[str, Any]:
    return {
        "type": {"enum": list(flagspec.TYPES)}, "semantics": {"enum": list(flagspec.SEMANTICS)},
        "default": {"type": ["string", "number", "boolean", "array", "object"]},
        "values": _STRS, "min": _NUM, "max": _NUM, "kind": {"enum": list(flagspec.KINDS)},
        "owner": _STR, "description": _STR,
        "expires": {**_STR, "description": "YYYY-MM-DD"},
        "created": {**_STR, "description": "YYYY-MM-DD"},
        "allowed_in": _STRS, "dev_only": _BOOL,
        "severity": {"type": "object", "additionalProperties": {"enum": list(flagspec.LEVELS)}},
    }[name]


def _object(props: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"type": "object", "properties": dict(sorted(props.items())),
            "additionalProperties": False, **extra}


def render_json_schema() -> str:
    """The JSON Schema text (stable: sorted, two-space indent, final newline)."""
    var = _object({f: _var_field(f) for f in VAR_FIELDS})
    override = _object({f: _var_field(f) for f in VAR_FIELDS - {"env"}})
    credential = _object({f: _credential_field(f) for f in CREDENTIAL_FIELDS},
                         required=["pattern"])
    any_fields = set().union(*rules.FIELDS.values())
    rule = _object({f: _rule_field(f) for f in any_fields}, required=["kind", "keys"])
    flag = _object({f: _flag_field(f) for f in flagspec.FIELDS})
    top: dict[str, Any] = {
        "stack": _object({f: _header_field("stack", f) for f in HEADER_FIELDS["stack"]}),
        "provider": _object({f: _header_field("provider", f)
                             for f in HEADER_FIELDS["provider"]}),
        "vars": {"type": "object", "additionalProperties": {"$ref": "#/$defs/var"}},
        "credentials": {"type": "object",
                        "additionalProperties": {"$ref": "#/$defs/credential"}},
        "rules": {"type": "array", "items": {"$ref": "#/$defs/rule"}},
        "flags": {"type": "object", "additionalProperties": {"$ref": "#/$defs/flag"}},
        "platform": _object({f: {**(_STR if f == "name" else {"type": "array", "items": _STR}),
                                 "description": what} for f, what in PLATFORM_FIELDS.items()}),
    }
    missing = TOP_LEVEL - set(top)
    if missing:  # a new top-level table needs its JSON shape here
        raise KeyError(f"no JSON Schema for tables {sorted(missing)}")
    document = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "envguard schema",
        "description": "A stack, provider or user schema file of envguard "
                       "(generated by `envguard codegen --target jsonschema`).",
        **_object(top),
        "$defs": {"var": var, "override": override, "credential": credential,
                  "rule": rule, "flag": flag},
    }
    return json.dumps(document, indent=2, sort_keys=False, ensure_ascii=False) + "\n"

"""``envguard explain KEY``: what a variable is, its format, where it is required, whether
it is secret, and where to get it.

The facts come from the same declarations validation uses (the stack, its providers and
their credential formats, the rules that mention the key), so the explanation cannot drift
from what ``envguard check`` enforces. No value is ever read: this explains names only.
"""

from __future__ import annotations

import argparse
import difflib
import json
from typing import Any

from envguard.commands.common import (
    Usage,
    add_command,
    add_schema_options,
    load_config,
    schema_from,
)
from envguard.errors import InputError
from envguard.schema.model import Schema, VarSpec, is_browser_exposed

# Imports inside functions are deliberate: each command imports its work when it runs, so `--help`
# and the hooks pay only for the command they use.

_OVERRIDE_SKIP = {"description", "docs", "example"}


USAGE = Usage(
    examples=(
        ("envguard explain STRIPE_SECRET_KEY", "as the built-in providers declare it"),
        ("envguard explain DATABASE_URL --stack vibelog --format json",
         "as a stack declares it, as JSON"),
    ),
    exits=("0 explained", "2 unknown variable or usage error"),
    config="stack or schema",
)


def register(sub: Any) -> None:
    parser = add_command(
        sub, "explain", USAGE,
        help="explain a variable: meaning, format, where required, where to get it",
        description="Explain one variable as the stack (or, without one, every built-in "
                    "provider) declares it.",
    )
    parser.add_argument("key", help="variable name, e.g. STRIPE_SECRET_KEY")
    add_schema_options(parser)
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from envguard.schema.loader import builtin_catalog

    schema = schema_from(args, load_config())
    if schema is not None and not isinstance(schema, Schema):
        raise InputError("envguard explain needs a stack or schema TOML, not a pydantic model")
    catalog = builtin_catalog()
    key = args.key.strip()
    if schema is not None and key in schema.vars:
        facts = explain_facts(schema, key)
    elif key in catalog.vars:
        facts = explain_facts(catalog, key)
        if schema is not None:
            facts["note"] = (f"not part of the {schema.name} schema; known from the built-in "
                             f"{facts.get('provider') or 'providers'} declarations")
    else:
        pool = list(dict.fromkeys([*(schema.vars if schema is not None else ()), *catalog.vars]))
        close = difflib.get_close_matches(key, pool, n=3, cutoff=0.7)
        where = f"the {schema.name} schema or " if schema is not None else ""
        hint = f"; did you mean {' or '.join(close)}?" if close else ""
        raise InputError(f"{key} is not declared in {where}any built-in provider{hint}")
    print(json.dumps(facts, indent=2) if args.format == "json" else render(facts))
    return 0


def explain_facts(schema: Schema, key: str) -> dict[str, Any]:
    """Everything known about ``key`` in ``schema``, as plain data (the JSON output)."""
    from envguard.schema.services import services_of

    spec = schema.vars[key]
    provider = schema.provider_of(spec)
    formats = [schema.credentials[c] for c in spec.credential]
    secret = spec.secret or any(f.secret for f in formats)
    facts: dict[str, Any] = {
        "key": key,
        "schema": schema.name,
        "provider": provider.name if provider else spec.provider,
        "description": spec.description or None,
        "type": _type_text(spec),
        "formats": [{"id": f.id, "name": f.name, "description": f.description,
                     "secret": f.secret, "modes": _modes(f.modes) if f.modes or
                     "mode" in f.pattern.groupindex else None} for f in formats],
        "required": _required(schema, spec),
        "secret": secret,
        "public": spec.public,
        "browser_exposed": is_browser_exposed(key),
        "platform": spec.platform or schema.is_platform(key),
        "default": spec.default,
        "example": None if secret else spec.example,
        "docs": spec.docs or (provider.docs if provider else None),
        "per_environment": {env: {k: _plain(v) for k, v in over.items()
                                  if k not in _OVERRIDE_SKIP}
                            for env, over in spec.env.items()},
        "services": services_of(schema, key),
        "rules": [{"name": r.name, "kind": r.kind, "keys": list(r.keys),
                   "if_set": list(r.if_set), "description": r.description}
                  for r in schema.rules if r.mentions(key)],
        "declared_in": _shown_path(spec.source),
    }
    if any(f.modes or "mode" in f.pattern.groupindex for f in formats):
        facts["modes_by_environment"] = {e: schema.mode_for(e) for e in schema.environments}
    return facts


def render(facts: dict[str, Any]) -> str:
    """The text form: a heading, then one labelled line per fact that applies."""
    head = f"{facts['key']}  ({facts['schema']}"
    head += f", provider {facts['provider']})" if facts["provider"] else ")"
    lines = [head]
    if facts.get("note"):
        lines.append(f"  note:        {facts['note']}")
    if facts["description"]:
        lines.append(f"  {facts['description']}")
    lines.append(f"  type:        {facts['type']}")
    for fmt in facts["formats"]:
        lines.append(f"  format:      {fmt['name']}: {fmt['description']}".rstrip(": "))
    if facts.get("modes_by_environment"):
        by_mode: dict[str, list[str]] = {}
        for env, mode in facts["modes_by_environment"].items():
            by_mode.setdefault(mode, []).append(env)
        modes = "; ".join(f"{m} in {', '.join(envs)}" for m, envs in by_mode.items())
        lines.append(f"  key mode:    {modes}")
    lines.append(f"  required:    {facts['required']}")
    lines.append(f"  secret:      {_secrecy(facts)}")
    if facts["default"] is not None:
        lines.append(f"  default:     {facts['default']}")
    if facts["example"]:
        lines.append(f"  example:     {facts['example']}")
    for env, over in facts["per_environment"].items():
        shown = ", ".join(f"{k}={'|'.join(v) if isinstance(v, list) else v}"
                          for k, v in over.items())
        if shown:
            lines.append(f"  in {env + ':':<9} {shown}")
    if facts["services"]:
        lines.append(f"  service:     {', '.join(facts['services'])}")
    for rule in facts["rules"]:
        others = [k for k in [*rule["if_set"], *rule["keys"]] if k != facts["key"]]
        lines.append(f"  rule:        {rule['name']} ({rule['kind']} with "
                     f"{', '.join(dict.fromkeys(others))}): {rule['description']}".rstrip(": "))
    if facts["docs"]:
        lines.append(f"  get it:      {facts['docs']}")
    lines.append(f"  declared in: {facts['declared_in']}")
    return "\n".join(lines)


def _shown_path(source: str) -> str:
    """Built-in files relative to the schemas folder (``stacks/threadly.toml``)."""
    from pathlib import Path

    from envguard.schema.loader import schemas_dir

    try:
        return str(Path(source).relative_to(schemas_dir().resolve()))
    except ValueError:
        return source


def _secrecy(facts: dict[str, Any]) -> str:
    if facts["platform"]:
        return "set by the platform (never required, never unknown)"
    if facts["secret"]:
        where = (" It is browser-exposed by its prefix: that is a leak."
                 if facts["browser_exposed"] else "")
        return "yes: never shown by envguard, keep it out of git and browser bundles." + where
    if facts["public"]:
        return "no, public by design (safe in browser code)"
    return "no"


def _type_text(spec: VarSpec) -> str:
    text = spec.type
    if spec.type == "enum":
        text += f" ({', '.join(spec.values)})"
    elif spec.type == "list":
        text += f" of {spec.items or 'string'} separated by {spec.separator!r}"
    elif spec.bytes is not None:
        text += f" of {spec.bytes} bytes"
    limits = [f"{name} {_plain(getattr(spec, name))}"
              for name in ("min", "max", "min_length", "max_length")
              if getattr(spec, name) is not None]
    if spec.prefix:
        limits.append(f"starts with {' or '.join(spec.prefix)}")
    if spec.pattern is not None:
        limits.append(f"matches {spec.pattern}")
    if spec.values and spec.type != "enum":
        limits.append(f"one of {', '.join(spec.values)}")
    return text + (f"; {'; '.join(limits)}" if limits else "")


def _required(schema: Schema, spec: VarSpec) -> str:
    envs = [e for e in schema.environments
            if (s := schema.spec_for(spec.key, e)) is not None and s.is_required(e)]
    if spec.platform or schema.is_platform(spec.key):
        return "never (set by the platform)"
    if not envs:
        return "no" + (f" (default {spec.default})" if spec.default is not None else "")
    if envs == list(schema.environments):
        return f"yes, in every environment ({', '.join(envs)})"
    return f"in {', '.join(envs)}"


def _modes(modes: Any) -> dict[str, str]:
    return {str(k): str(v) for k, v in dict(modes).items()} or {"live": "live", "test": "test"}


def _plain(value: Any) -> Any:
    if hasattr(value, "pattern"):
        return value.pattern
    if isinstance(value, float) and value == int(value):
        return int(value)
    if isinstance(value, tuple):
        return list(value)
    return value

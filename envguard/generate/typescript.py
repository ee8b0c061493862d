"""A schema -> TypeScript: a zod module and a t3-env ``createEnv`` module.

Both carry the schema as data and a port of the checks ``envguard check`` runs
(``ts/runtime.ts``), so a Next.js app validating its environment with the generated module
gets the same verdict as ``envguard check`` on the same values (the end-to-end test runs
both on every example of the built-in stacks). The data is what the checks need and
nothing more: no value of a secret variable, no secret-shaped default or example.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from envguard.environments import LOCAL_ENVIRONMENTS, NAMING_VARIABLES
from envguard.schema.credentials import is_distinctive
from envguard.schema.model import BROWSER_PREFIXES, CredentialFormat, Schema, VarSpec
from envguard.secrecy import _PLACEHOLDER, is_token_shaped, looks_secret_by_value

_RUNTIME = Path(__file__).with_name("ts") / "runtime.ts"

#: The TypeScript type of each envguard value type after conversion.
_TS_TYPES = {
    "int": "number", "float": "number", "port": "number", "duration": "number",
    "bool": "boolean", "json": "unknown",
}


def js_regex(source: str, flags: int = 0) -> tuple[str, str]:
    """A Python regex as a JavaScript ``RegExp`` source and flags.

    Handles what envguard's patterns use: named groups ``(?P<n>...)``/``(?P=n)``, leading
    inline flags and verbose mode (whitespace outside classes dropped). A pattern using
    anything else Python-only fails when the generated module first compiles it.
    """
    js_flags = "i" if flags & re.IGNORECASE else ""
    verbose = bool(flags & re.VERBOSE)
    m = re.match(r"\(\?([aiLmsux]+)\)", source)
    if m:
        source = source[m.end():]
        js_flags += "i" if "i" in m.group(1) and "i" not in js_flags else ""
        verbose = verbose or "x" in m.group(1)
    if verbose:
        source = _strip_verbose(source)
    source = source.replace("(?P<", "(?<")
    source = re.sub(r"\(\?P=(\w+)\)", r"\\k<\1>", source)
    return source, js_flags


def _strip_verbose(source: str) -> str:
    out: list[str] = []
    in_class = escaped = comment = False
    for c in source:
        if comment:
            comment = c != "\n"
            continue
        if escaped:
            out.append(c)
            escaped = False
        elif c == "\\":
            out.append(c)
            escaped = True
        elif in_class:
            out.append(c)
            in_class = c != "]"
        elif c == "[":
            out.append(c)
            in_class = True
        elif c == "#":
            comment = True
        elif not c.isspace():
            out.append(c)
    return "".join(out)


def _safe_default(spec: VarSpec) -> str | None:
    """A default the generated code may carry: never a secret's, never a key-shaped one."""
    value = spec.default
    if value is None or spec.secret or looks_secret_by_value(value) or is_token_shaped(value):
        return None
    return value


def _spec_fields(spec: VarSpec | Mapping[str, Any], top: bool) -> dict[str, Any]:
    raw = spec if isinstance(spec, Mapping) else {
        f: getattr(spec, f) for f in (
            "type", "required", "default", "platform", "secret", "public", "values", "min",
            "max", "min_length", "max_length", "pattern", "prefix", "bytes", "credential",
            "items", "separator", "schemes")
    }
    out: dict[str, Any] = {}
    for name, value in raw.items():
        if name == "default":
            out["has_default"] = value is not None
            continue
        if name == "pattern" and value is not None:
            value = js_regex(value)[0]
        if isinstance(value, tuple):
            value = list(value)
        if value is None and top:
            continue
        out[name] = value
    if top and isinstance(spec, VarSpec):
        safe = _safe_default(spec)
        if safe is not None:
            out["default"] = safe
    return out


def _credential(fmt: CredentialFormat, in_schema: bool) -> dict[str, Any]:
    return {
        "provider": fmt.provider, "name": fmt.name, "regex": js_regex(fmt.regex)[0],
        "keywords": list(fmt.keywords), "secret": fmt.secret, "severity": fmt.severity,
        "modes": dict(fmt.modes), "checks": list(fmt.checks), "in_schema": in_schema,
    }


def schema_data(schema: Schema, catalog: Schema | None) -> dict[str, Any]:
    """What the ported checks read: the schema's variables, rules and credential formats,
    and of the built-in catalog the secret formats and browser variables that
    ``secret-exposed`` judges every browser variable by."""
    credentials: dict[str, Any] = {}
    for cid, fmt in (catalog.credentials if catalog else {}).items():
        if cid in schema.credentials or (fmt.secret and fmt.severity == "error"
                                         and is_distinctive(fmt)):
            credentials[cid] = fmt
    credentials.update(schema.credentials)
    catalog_vars: dict[str, dict[str, Any]] = {
        key: {"secret": spec.secret, "public": spec.public, "credential": list(spec.credential)}
        for key, spec in (catalog.vars if catalog else {}).items()
        if key not in schema.vars and key.startswith(BROWSER_PREFIXES)
    }
    for entry in catalog_vars.values():
        for cid in entry["credential"]:
            if cid not in credentials and catalog is not None:
                credentials[cid] = catalog.credentials[cid]
    variables: dict[str, Any] = {}
    for key, spec in schema.vars.items():
        data = _spec_fields(spec, top=True)
        data["env"] = {name: _spec_fields(over, top=False) for name, over in spec.env.items()}
        variables[key] = data
    return {
        "environments": list(schema.environments),
        "live_environments": list(schema.live_environments),
        "vars": variables,
        "credentials": {cid: _credential(fmt, cid in schema.credentials)
                        for cid, fmt in credentials.items()},
        "rules": [{"kind": r.kind, "keys": list(r.keys), "if_set": list(r.if_set),
                   "environments": list(r.environments), "severity": r.severity,
                   "compare": list(r.compare), "ignore": list(r.ignore), "strict": r.strict}
                  for r in schema.rules],
        "browser_prefixes": list(BROWSER_PREFIXES),
        "platform_prefixes": list(schema.platform_prefixes),
        "catalog_vars": catalog_vars,
        "placeholder": list(js_regex(_PLACEHOLDER.source, _PLACEHOLDER.flags)),
    }


def _ts_type(spec: VarSpec) -> str:
    if spec.type == "enum" and spec.values:
        return " | ".join(json.dumps(v) for v in spec.values)
    if spec.type == "list":
        item = _TS_TYPES.get(spec.items or "string", "string")
        return f"{item}[]"
    return _TS_TYPES.get(spec.type, "string")


def _doc(spec: VarSpec) -> str:
    """A JSDoc line: the description without anything key-shaped."""
    from envguard.secrecy import scrub

    text = scrub(" ".join(spec.description.split())).replace("*/", "* /")
    parts = [text] if text else []
    if spec.secret:
        parts.append("Secret: server only.")
    return f"  /** {' '.join(parts)} */\n" if parts else ""


def _env_type(schema: Schema) -> str:
    """``Env``: each variable's typed value; ``undefined`` where some environment may
    leave it unset."""
    lines = ["/** The typed variables of one environment. */\n", "export interface Env {\n"]
    for key, spec in schema.vars.items():
        always = spec.required is True and not spec.platform and spec.default is None
        optional = "" if always else " | undefined"
        lines.append(f"{_doc(spec)}  {key}: {_ts_type(spec)}{optional};\n")
    return "".join(lines) + "}\n"


def _header(schema: Schema, command: str) -> str:
    return (f"// {schema.name}: environment schema generated by `{command}`.\n"
            "// Do not edit: regenerate it when the schema changes. It holds no secret value.\n")


def _shape(schema: Schema, keys: list[str]) -> str:
    lines = []
    for key in keys:
        spec = schema.vars[key]
        lines.append(f"{_doc(spec)}  {key}: field({json.dumps(key)}),\n")
    return "".join(lines)


_BODY = """
const schemaData: SchemaData = {data};

export const environments = {environments} as const;
export type Environment = (typeof environments)[number];

/** The environment named by the variables (VERCEL_ENV, RAILWAY_ENVIRONMENT_NAME, APP_ENV,
 * NODE_ENV...), else {fallback}. */
export function currentEnvironment(source: Source): Environment {{
  return (environmentOf(schemaData, source) ?? {fallback_json}) as Environment;
}}

/** One variable: a string (or nothing) checked as `envguard check` checks it. */
function fieldFor(key: string, environment: () => string) {{
  return z.string().optional().superRefine((value, ctx) => {{
    for (const message of variableProblems(schemaData, key, value, environment())) {{
      ctx.addIssue({{ code: "custom", message: `${{key}} ${{message}}` }});
    }}
  }});
}}

/** The checked strings as typed values (defaults applied), as `envguard.load()` gives them. */
export function typed(source: Source, environment: string): Env {{
  const out: Record<string, unknown> = {{}};
  for (const key of Object.keys(schemaData.vars)) {{
    const spec = specFor(schemaData, key, environment)!;
    const value = source[key];
    const text = value === undefined || value === "" ? spec.default : value;
    if (text === undefined || (text === "" && spec.type !== "string" && spec.type !== "enum")) {{
      out[key] = value;
    }} else {{
      out[key] = convert(spec.type, text, spec.items, spec.separator);
    }}
  }}
  return out as unknown as Env;
}}

/** What `envguard check` checks across variables: the schema's rules, and placeholders,
 * localhost URLs and secrets in browser variables among the undeclared ones. */
export function checkAcross(source: Source, environment: string, ctx: z.RefinementCtx): void {{
  const problems = [...undeclaredProblems(schemaData, source, environment),
    ...ruleProblems(schemaData, source, environment)];
  for (const p of problems) {{
    ctx.addIssue({{ code: "custom", path: [p.key], message: `${{p.key}} ${{p.message}}` }});
  }}
}}
"""

_ZOD_TAIL = """
/** The zod schema of one environment's variables: strings in, typed {{@link Env}} out. */
export function envSchema(environment: Environment) {{
  const field = (key: string) => fieldFor(key, () => environment);
  return z.object({{
{shape}  }}).passthrough()
    .superRefine((source, ctx) => checkAcross(source as Source, environment, ctx))
    .transform((source) => typed(source as Source, environment));
}}

/** Validate `source` (default: `process.env`) for `environment` (default: the one the
 * variables name). Throws a ZodError naming every failing variable; never shows a value. */
export function parseEnv(source?: Source, environment?: Environment): Env {{
  const values = source ?? ((globalThis as {{ process?: {{ env: Source }} }}).process?.env ?? {{}});
  return envSchema(environment ?? currentEnvironment(values)).parse(values);
}}
"""

_T3_TAIL = """
const runtimeEnv: Source = {{
{runtime}}};
const environment = currentEnvironment(runtimeEnv);
const field = (key: string) => fieldFor(key, () => environment);

/** The validated environment: server variables on the server only, {client_doc} on both. */
export const env = createEnv({{
  server: {{
{server}  }},
  client: {{
{client}  }},{client_prefix}
  {runtime_option}: {runtime_value},
  emptyStringAsUndefined: false,
  createFinalSchema: (shape, isServer) =>
    z.object(shape).passthrough()
      .superRefine((source, ctx) => {{
        if (isServer) checkAcross(source as Source, environment, ctx);
      }})
      .transform((source) => typed(source as Source, environment)),
}});
"""


def _runtime() -> str:
    text = _RUNTIME.read_text(encoding="utf-8")
    return text.replace("export interface", "interface").replace("export type", "type") \
        .replace("export function", "function")


def _body(schema: Schema, catalog: Schema | None) -> str:
    environments = list(schema.environments)
    fallback = next((e for e in environments if e in LOCAL_ENVIRONMENTS), environments[0])
    return _env_type(schema) + _BODY.format(
        data=json.dumps(schema_data(schema, catalog), indent=None, sort_keys=False),
        environments=json.dumps(environments), fallback=fallback,
        fallback_json=json.dumps(fallback),
    )


def render_zod(schema: Schema, catalog: Schema | None = None,
               command: str = "envguard codegen --target zod") -> str:
    """A zod module: ``envSchema(environment)``, ``parseEnv()`` and the ``Env`` type."""
    keys = list(schema.vars)
    return (_header(schema, command) + 'import { z } from "zod";\n\n' + _runtime()
            + _body(schema, catalog) + _ZOD_TAIL.format(shape=_shape(schema, keys)))


def client_prefix(schema: Schema) -> str | None:
    """The public prefix the schema's browser variables use (NEXT_PUBLIC_ for Next.js)."""
    counts = {p: sum(k.startswith(p) for k in schema.vars) for p in BROWSER_PREFIXES}
    best = max(counts, key=lambda p: counts[p])
    return best if counts[best] else None


def render_t3(schema: Schema, catalog: Schema | None = None,
              command: str = "envguard codegen --target t3-env") -> str:
    """A t3-env module: ``@t3-oss/env-nextjs`` where the browser variables are
    ``NEXT_PUBLIC_``, else ``@t3-oss/env-core`` with the schema's public prefix."""
    prefix = client_prefix(schema)
    client = [k for k in schema.vars if prefix and k.startswith(prefix)]
    server = [k for k in schema.vars if k not in client]
    nextjs = prefix == "NEXT_PUBLIC_"
    package = "@t3-oss/env-nextjs" if nextjs else "@t3-oss/env-core"
    names = [*schema.vars, *(k for k in NAMING_VARIABLES if k not in schema.vars)]
    runtime = "".join(f"  {k}: process.env.{k},\n" for k in names)
    if nextjs:  # Next.js inlines only literal process.env.NEXT_PUBLIC_X in client bundles
        option = "experimental__runtimeEnv"
        value = "{\n" + "".join(f"    {k}: runtimeEnv.{k},\n" for k in client) + "  }"
    else:
        option, value = "runtimeEnv", "runtimeEnv"
    tail = _T3_TAIL.format(
        runtime=runtime, server=_indent(_shape(schema, server)),
        client=_indent(_shape(schema, client)),
        client_prefix="" if nextjs else f"\n  clientPrefix: {json.dumps(prefix or 'PUBLIC_')},",
        runtime_option=option, runtime_value=value,
        client_doc=f"{prefix}* variables" if prefix else "no variables",
    )
    return (_header(schema, command) + f'import {{ createEnv }} from "{package}";\n'
            + 'import { z } from "zod";\n\n' + _runtime() + _body(schema, catalog) + tail)


def _indent(text: str) -> str:
    return "".join(f"  {line}\n" if line else "\n" for line in text.splitlines())

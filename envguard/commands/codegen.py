"""``envguard codegen``: code from a stack or schema (pydantic-settings, zod, t3-env, JSON
Schema)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from envguard.commands.common import (
    PLAIN_EXITS,
    Usage,
    add_command,
    add_schema_options,
    load_config,
    schema_from,
    write_output,
)
from envguard.errors import InputError

# Imports inside functions are deliberate: each command imports its work when it runs, so `--help`
# and the hooks pay only for the command they use.

TARGETS = ("python", "zod", "t3-env", "jsonschema")

USAGE = Usage(
    examples=(
        ("envguard codegen --stack vibelog --target zod -o src/env.schema.ts",
         "a zod module that gives envguard check's verdict at the app's start"),
        ("envguard codegen --stack threadr --service frontend --target t3-env "
         "-o src/env.ts", "a t3-env module for one service, split into client and server"),
        ("envguard codegen --schema envguard.toml --target python --env production "
         "-o settings.py", "a pydantic-settings class whose required fields are "
                          "production's"),
    ),
    exits=PLAIN_EXITS,
    config="stack or schema",
)


def register(sub: Any) -> None:
    parser = add_command(
        sub, "codegen", USAGE,
        help="write a pydantic-settings class, a zod or t3-env module, or the schema files' "
             "JSON Schema",
        description="Write code from a stack or schema: a typed pydantic-settings class "
                    "(python), a zod module giving envguard check's verdict (zod), a t3-env "
                    "createEnv module split into client and server by public prefix "
                    "(t3-env), or the JSON Schema of envguard's schema TOML files for editor "
                    "completion (jsonschema, needs no schema). No secret value is written.",
    )
    add_schema_options(parser)
    parser.add_argument("--target", choices=TARGETS, required=True, help="what to write")
    parser.add_argument("--env", help="python: make the fields required in this environment "
                                      "required (default: those required everywhere)")
    parser.add_argument("--service", help="only this service's variables ([stack.services])")
    parser.add_argument("-o", "--output", help="write to this file instead of standard output")
    parser.add_argument("--force", action="store_true", help="overwrite an existing file")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    text = render(args)
    write_output(text, args.output, keep_existing=not args.force)
    if args.output:
        print(f"envguard: wrote {args.output}", file=sys.stderr)
    return 0


def render(args: argparse.Namespace) -> str:
    if args.target == "jsonschema":
        from envguard.generate.jsonschema import render_json_schema

        return render_json_schema()
    from envguard.environments import resolve_environment
    from envguard.schema.loader import builtin_catalog
    from envguard.schema.model import Schema
    from envguard.schema.services import with_service

    schema = schema_from(args, load_config())
    if schema is None:
        raise InputError("no schema: pass --stack NAME or --schema FILE, "
                         "or set stack in [tool.envguard]")
    if not isinstance(schema, Schema):
        raise InputError("envguard codegen needs a stack or schema TOML, not a pydantic model")
    environment = (resolve_environment(args.env, schema.environments, "--env")
                   if args.env else None)
    scoped = with_service(schema, args.service)
    assert isinstance(scoped, Schema)
    command = _command(args)
    if args.target == "python":
        from envguard.generate.python import render_python

        return render_python(scoped, environment, command=command)
    from envguard.generate.typescript import render_t3, render_zod

    render_ts = render_zod if args.target == "zod" else render_t3
    return render_ts(scoped, builtin_catalog(), command=command)


def _command(args: argparse.Namespace) -> str:
    parts = ["envguard codegen", f"--target {args.target}"]
    for option in ("stack", "schema", "env", "service"):
        value = getattr(args, option, None)
        if value:
            parts.append(f"--{option} {value}")
    return " ".join(parts)

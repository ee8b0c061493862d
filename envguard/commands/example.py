"""``envguard example``: write a ``.env.example`` from a stack or schema."""

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


USAGE = Usage(
    examples=(
        ("envguard example --stack vibelog", "a template for every environment"),
        ("envguard example --stack myapp --service backend --env production -o .env.example",
         "the backend's production variables, written to .env.example"),
    ),
    exits=PLAIN_EXITS,
    config="stack or schema",
)


def register(sub: Any) -> None:
    parser = add_command(
        sub, "example", USAGE, help="write a .env.example from a stack or schema",
        description="Write a .env.example: grouped by provider, each variable with its "
                    "description, whether it is required and a placeholder of the right "
                    "shape (never a real-looking key). Required variables are set, optional "
                    "ones commented out.",
    )
    add_schema_options(parser)
    parser.add_argument("--env", help="environment to write it for (default: any; "
                                      "required-ness and key modes follow it)")
    parser.add_argument("--service", help="only this service's variables ([stack.services])")
    parser.add_argument("-o", "--output", help="write to this file instead of standard output")
    parser.add_argument("--force", action="store_true", help="overwrite an existing file")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from envguard.generate.example import render_example
    from envguard.schema.model import Schema
    from envguard.schema.services import with_service

    schema = schema_from(args, load_config())
    if schema is None:
        raise InputError("no schema: pass --stack NAME or --schema FILE, "
                         "or set stack in [tool.envguard]")
    if not isinstance(schema, Schema):
        raise InputError("envguard example needs a stack or schema TOML, not a pydantic model")
    if args.env and args.env not in schema.environments:
        raise InputError(f"--env {args.env}: unknown to {schema.name}; "
                         f"its environments: {', '.join(schema.environments)}")
    scoped = with_service(schema, args.service)
    assert isinstance(scoped, Schema)
    text = render_example(scoped, args.env, command=_command(args))
    write_output(text, args.output, keep_existing=not args.force)
    if args.output:
        print(f"envguard: wrote {args.output}", file=sys.stderr)
    return 0


def _command(args: argparse.Namespace) -> str:
    parts = ["envguard example"]
    for option in ("stack", "schema", "env", "service"):
        value = getattr(args, option, None)
        if value:
            parts.append(f"--{option} {value}")
    return " ".join(parts)

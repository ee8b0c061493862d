"""``envguard init``: infer a schema TOML from an existing env template."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from envguard.commands.common import PLAIN_EXITS, Usage, add_command, write_output
from envguard.errors import InputError

# Imports inside functions are deliberate: each command imports its work when it runs, so `--help`
# and the hooks pay only for the command they use.


USAGE = Usage(
    examples=(
        ("envguard init .env.example", "print the inferred schema"),
        ("envguard init .env.example --stack-name shop -o envguard.toml",
         "write it to envguard.toml (--force to replace one)"),
    ),
    exits=PLAIN_EXITS,
)


def register(sub: Any) -> None:
    parser = add_command(
        sub, "init", USAGE, help="infer a schema TOML from an env template (.env.example)",
        description="Infer a schema from an env template: provider variables are recognised "
                    "by name and value format, types are inferred from the example values, "
                    "secrets are marked. The result validates the template it came from "
                    "(envguard check TEMPLATE --schema OUT --env development).",
    )
    parser.add_argument("template", help="the env template, e.g. .env.example")
    parser.add_argument("--stack-name", help="name of the stack (default: the template's folder)")
    parser.add_argument("-o", "--output", help="write the schema here instead of standard output")
    parser.add_argument("--force", action="store_true", help="overwrite an existing file")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from envguard.generate.infer import infer_schema_text

    if args.output and not args.force and Path(args.output).exists():
        raise InputError(f"{args.output}: already exists; pass --force to overwrite it")
    text, warnings = infer_schema_text(args.template, args.stack_name)
    for warning in warnings:
        print(f"envguard: warning: the template itself has a problem the schema cannot "
              f"accept: {warning}", file=sys.stderr)
    write_output(text, args.output, keep_existing=not args.force)
    if args.output:
        print(f"envguard: wrote {args.output}; check with: envguard check {args.template} "
              f"--schema {args.output} --env development", file=sys.stderr)
    return 0

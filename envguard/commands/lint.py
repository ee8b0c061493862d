"""``envguard lint``: the rules that need no schema, for any env file or export.

Reading problems (what python-dotenv silently drops), the ``.env`` lint rules (names,
``=`` placement, lines other loaders read differently) and secrets in browser-exposed
variables. Each file is judged on its own. ``envguard check FILE`` without a stack or
schema runs the same rules.
"""

from __future__ import annotations

import argparse
from typing import Any

from envguard.commands.common import (
    Usage,
    add_command,
    add_list_rules_option,
    add_output_options,
    emit,
    list_rules,
    load_config,
    severity_overrides,
)
from envguard.errors import InputError
from envguard.findings import Result, Severity
from envguard.overrides import apply_overrides

# Imports inside functions are deliberate: each command imports its work when it runs, so
# `--help` and the hooks pay only for the command they use.

USAGE = Usage(
    examples=(
        ("envguard lint .env .env.example", "each file on its own, with no schema"),
        ("vercel env pull --yes /dev/stdout | envguard lint -",
         "a platform export from standard input"),
        ("envguard lint --fail-on error .env.production",
         "exit 1 only for errors (warnings are still shown)"),
    ),
    exits=("0 clean", "1 findings at or above --fail-on (default: warning)",
           "2 usage or input error"),
    config="severity",
)


def register(sub: Any) -> None:
    parser = add_command(
        sub, "lint", USAGE, help="check env files with no schema: parsing, portability, exposure",
        description="Check each env file or export on its own for what needs no schema: "
                    "statements python-dotenv drops, duplicates, names and '=' placement, "
                    "lines other loaders read differently, secrets in browser variables.",
    )
    parser.add_argument("files", nargs="*", help="env files or exports (- reads standard input)")
    parser.add_argument("--from", dest="source_format", default="auto", metavar="FORMAT",
                        help="format of the files (default: detect each)")
    add_list_rules_option(parser)
    add_output_options(parser, ("text", "json", "markdown", "github", "sarif"))
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.list_rules:
        return list_rules("lint", args)
    if not args.files:
        raise InputError("no files given: envguard lint FILE... (- reads standard input)")
    config = load_config()
    overrides = severity_overrides(config)
    result = lint(args.files, Severity.parse(args.fail_on or "warning"), args.source_format)
    result.findings = apply_overrides(result.findings, overrides)
    return emit(result, args)


def lint(files: list[str], fail_on: Severity, fmt: str) -> Result:
    from envguard.schema.loader import builtin_catalog
    from envguard.validate import lint_files

    return lint_files(files, fail_on=fail_on, fmt=fmt, catalog=builtin_catalog())

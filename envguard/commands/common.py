"""Options and plumbing shared by subcommands: schema choice, config, output."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from envguard.config import Config, find_config
from envguard.errors import InputError
from envguard.findings import Result, Severity
from envguard.overrides import Level
from envguard.reporters import get_reporter, use_color

# Imports inside functions are deliberate: each command imports its work when it runs, so `--help`
# and the hooks pay only for the command they use.


def add_schema_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--stack", help="built-in stack name (see `envguard stacks`)")
    group.add_argument("--schema", help="path to a schema TOML file")
    group.add_argument("--model", help="pydantic model or settings class: package.module:Class")


def add_output_options(parser: argparse.ArgumentParser, formats: tuple[str, ...]) -> None:
    parser.add_argument("--format", choices=formats, default="text", help="output format")
    parser.add_argument(
        "--fail-on", choices=("error", "warning", "info"), default=None,
        help="lowest severity that makes the exit code 1 (default: error)",
    )
    parser.add_argument("-o", "--output", help="write the report to this file")


def add_list_rules_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--list-rules", action="store_true",
                        help="list the rule ids this command reports (with --format json: "
                             "as JSON) and exit")


def list_rules(command: str, args: argparse.Namespace) -> int:
    """``--list-rules``: JSON for ``--format json``, else the aligned table."""
    from envguard.catalog import for_command
    from envguard.reporters.rules import render

    fmt = "json" if getattr(args, "format", "text") == "json" else "text"
    write_output(render(for_command(command), fmt), getattr(args, "output", None))
    return 0


def severity_overrides(config: Config) -> dict[str, Level]:
    """``[tool.envguard] severity``, checked against the registry (exit 2 on a bad id).

    Commands call this before doing any work, so a typo fails fast, and pass the result to
    :func:`envguard.overrides.apply_overrides` where they build their Result.
    """
    if not config.severity:
        return {}  # the common case: no rule catalog to load
    from envguard.catalog import parse_overrides

    return parse_overrides(config.severity, lambda rule: config.where("severity", rule))


def fail_on(args: argparse.Namespace, config: Config) -> Severity:
    return Severity.parse(getattr(args, "fail_on", None) or config.fail_on)


def load_config() -> Config:
    return find_config()


def schema_from(args: argparse.Namespace, config: Config) -> Any:
    """The Schema (or pydantic model class) the options or the config name, or None."""
    from envguard.checks.pydantic_model import import_model
    from envguard.schema.loader import load_schema

    if getattr(args, "model", None):
        return import_model(args.model)
    if getattr(args, "schema", None):
        return load_schema(args.schema if args.schema.endswith(".toml") else
                              f"./{args.schema}" if "/" not in args.schema else args.schema)
    if getattr(args, "stack", None):
        return load_schema(args.stack)
    if config.model:
        return import_model(config.model)
    ref = config.schema_ref()
    return load_schema(ref) if ref else None


def refuse_output_over_input(args: argparse.Namespace) -> None:
    """``-o`` naming one of the command's own input files (compared by inode, so
    ``./a.env`` and a link to it count) would replace that input with the report."""
    import os

    output = getattr(args, "output", None)
    if not output or not os.path.exists(output):
        return
    for name, value in vars(args).items():
        if name == "output":
            continue
        for given in value if isinstance(value, list | tuple) else [value]:
            if isinstance(given, str) and given != "-" and os.path.isfile(given) and (
                os.path.samefile(given, output)
            ):
                raise InputError(f"{output}: -o names an input file ({given}); the report "
                                 "would replace it, so write it elsewhere")


def emit(result: Result, args: argparse.Namespace) -> int:
    fmt = getattr(args, "format", "text")
    output = getattr(args, "output", None)
    refuse_output_over_input(args)
    write_output(get_reporter(fmt)(result, output is None and fmt == "text" and use_color()),
                 output)
    return result.exit_code


def write_output(text: str, output: str | None, *, keep_existing: bool = False) -> None:
    """Standard output, or the file ``-o`` names; failing to write is an input error.

    ``keep_existing``: the command writes a user's file (a template, a schema), which is
    never overwritten without ``--force``.
    """
    text = text if text.endswith("\n") else text + "\n"
    if not output:
        sys.stdout.write(text)
        return
    path = Path(output)
    if keep_existing and path.exists():
        raise InputError(f"{path}: already exists; pass --force to overwrite it")
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{path}: cannot write report: {exc.strerror or exc}") from None

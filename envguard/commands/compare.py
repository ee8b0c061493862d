"""``envguard compare``: every key against every environment, and the drift between them."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from envguard.commands.common import (
    Usage,
    add_command,
    add_list_rules_option,
    add_output_options,
    add_schema_options,
    color,
    fail_on,
    list_rules,
    load_config,
    outputs,
    refuse_output_over_input,
    schema_from,
    severity_overrides,
    step_summary,
    write_output,
)
from envguard.config import Config
from envguard.envfiles import environment_argument
from envguard.errors import InputError

# Imports inside functions are deliberate: each command imports its work when it runs, so `--help`
# and the hooks pay only for the command they use.


USAGE = Usage(
    examples=(
        ("envguard compare --stack myapp staging=.env.staging production=.env.production",
         "two environments side by side, judged by a built-in stack"),
        ("envguard compare development=.env,.env.local production=prod.json --format markdown",
         "layered files against a platform export, as a pull-request comment"),
        ("envguard compare --width 100 --show-platform",
         "the configured files, 100 columns wide, platform variables row by row"),
    ),
    config="stack or schema, files, fail_on and severity",
)


def register(sub: Any) -> None:
    parser = add_command(
        sub, "compare", USAGE, help="compare environments side by side",
        description="Show every key against every environment: missing where required or "
                    "set elsewhere, live/test mode drift, kind drift, a secret shared between "
                    "environments (compared by hash) and platform-provided keys set by hand. "
                    "Exit 1 when a required key is missing or a drift is an error under the "
                    "stack's rules.",
    )
    parser.add_argument(
        "sources", nargs="*", metavar="ENV=FILE",
        help="an environment and its source: production=prod.json, staging=.env,.env.staging "
             "(layered, later wins), production=- (standard input); a .env.NAME path names "
             "itself. Default: the files configured in [tool.envguard.files]",
    )
    add_schema_options(parser)
    parser.add_argument("--from", dest="source_format", default="auto", metavar="FORMAT",
                        help="format of every source (default: auto-detect each)")
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="say which format was read for each source")
    parser.add_argument("--width", type=int, metavar="N",
                        help="fit the table in N columns (default: the terminal's, or COLUMNS)")
    parser.add_argument("--show-platform", action="store_true",
                        help="one row per platform variable (VERCEL_*, RAILWAY_*...; by "
                             "default those with no finding are folded into one row)")
    add_list_rules_option(parser)
    add_output_options(parser, ("text", "table", "markdown", "json"))
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from envguard.checks.compare import compare
    from envguard.overrides import apply_overrides
    from envguard.reporters.compare import render
    from envguard.schema.loader import builtin_credentials
    from envguard.schema.model import Schema

    if args.list_rules:
        return list_rules("compare", args)
    config = load_config()
    overrides = severity_overrides(config)
    schema = schema_from(args, config)
    if schema is not None and not isinstance(schema, Schema):
        raise InputError("compare needs a stack or a schema TOML (--stack / --schema), "
                         "not a pydantic model")
    pairs = environment_pairs(args.sources, config)
    environments = [read_environment(name, paths, args.source_format, args.verbose)
                    for name, paths in pairs]
    comparison = compare(environments, schema, credentials=builtin_credentials(),
                         fail_on=fail_on(args, config))
    comparison.result.findings = apply_overrides(comparison.result.findings, overrides)
    refuse_output_over_input(args)
    for name, path in outputs(args):
        fmt = "table" if name == "text" else name
        write_output(render(comparison, fmt, fmt == "table" and color(args, path),
                            columns=args.width, show_platform=args.show_platform), path)
    step_summary(args, lambda: render(comparison, "markdown"))
    return comparison.result.exit_code


def environment_pairs(sources: list[str], config: Config) -> list[tuple[str, list[str]]]:
    """``(environment, [paths])`` from the command line, else from the configuration."""
    pairs: list[tuple[str, list[str]]] = []
    for arg in sources:
        pairs.append(environment_argument(arg, exists=Path(arg).exists()))
    if not sources and config.files:
        root = config.root or Path.cwd()
        pairs = [(env, [str(root / f) for f in files]) for env, files in config.files.items()]
    seen: set[str] = set()
    for env, _ in pairs:
        if env in seen:
            raise InputError(f"environment {env!r} is named twice; name each environment once")
        seen.add(env)
    if sum(path == "-" for _, paths in pairs for path in paths) > 1:
        raise InputError("standard input (-) can be read only once")
    if len(pairs) < 2:
        raise InputError("compare needs at least two environments: "
                         "envguard compare development=.env.development production=prod.json")
    return pairs


def read_environment(name: str, paths: list[str], fmt: str, verbose: bool) -> Any:
    from envguard.checks.compare import Environment
    from envguard.sources import read_layers
    from envguard.validate import reading_findings

    envset, reads = read_layers(paths, fmt)
    if verbose:
        for read in reads:
            how = "detected" if fmt == "auto" else f"--from {fmt}"
            print(f"envguard: {name}: {read.source} read as {read.format} ({how})",
                  file=sys.stderr)
    return Environment(
        name, envset, tuple(read.source for read in reads),
        {read.source: read.format for read in reads},
        tuple(reading_findings(reads)),
    )

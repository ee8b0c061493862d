"""``envguard flags``: the feature-flag matrix across environments, and the checks on it.

Sources are ``NAME=PATH`` pairs (any source ``envguard check`` reads), ``.env.NAME``
paths, one flags file (TOML or JSON, a table per environment), or, with no arguments,
``[tool.envguard.files]``. Exit 0 clean, 1 when a finding reaches ``--fail-on`` (promotion
order and debug-in-production are errors by default), 2 for unusable input.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
from typing import Any

from envguard.commands.common import (
    Usage,
    add_color_option,
    add_command,
    add_list_rules_option,
    color,
    fail_on,
    list_rules,
    load_config,
    refuse_output_over_input,
    schema_from,
    severity_overrides,
    write_output,
)
from envguard.config import Config
from envguard.errors import InputError

# Imports inside functions are deliberate: each command imports its work when it runs, so `--help`
# and the hooks pay only for the command they use.

FORMATS = ("text", "markdown", "json", "html")


USAGE = Usage(
    examples=(
        ("envguard flags development=.env.development staging=.env.staging "
         "production=.env.production", "the matrix of three environments, and its checks"),
        ("envguard flags flags.toml --format html -o flags.html",
         "one flags file (a table per environment) as an HTML page"),
        ("envguard flags --schema envguard.toml --code src .env.staging .env.production",
         "declared flags, and the flags the code in src reads"),
    ),
    exits=("0 clean", "1 findings at or above --fail-on (default: error; promotion order "
           "and debug-in-production are errors)", "2 usage or input error"),
    config="files, fail_on, severity and [tool.envguard.flags] (order, production, "
           "severity, patterns, code)",
)


def register(sub: Any) -> None:
    parser = add_command(
        sub, "flags", USAGE, help="compare feature flags across environments",
        description="Show feature flags as a matrix (flags down, environments across, each\n"
                    "cell the value code sees) and check promotion order, debug flags in\n"
                    "production, missing values, spellings, types, expiry and staleness.\n"
                    "Rules and the [flags.NAME] format: schemas/README.md, section Flags.",
    )
    parser.add_argument("sources", nargs="*", metavar="SOURCE",
                        help="NAME=PATH (an env file or platform export), a .env.NAME file, "
                             "or one flags file (.toml/.json, a table per environment)")
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--stack", help="built-in stack whose [flags] declarations to use")
    group.add_argument("--schema", help="schema TOML file with [flags.NAME] declarations")
    parser.add_argument("--order", help="promotion order, comma-separated "
                                        "(default: config, schema, development,staging,production)")
    parser.add_argument("--code", action="append", default=[], metavar="PATH",
                        help="source file or directory to scan for flags read in code "
                             "(repeatable)")
    parser.add_argument("--severity", action="append", default=[], metavar="RULE=LEVEL",
                        help="override a rule's severity: error, warning, info or off "
                             "(repeatable)")
    parser.add_argument("--as-of", metavar="YYYY-MM-DD",
                        help="judge expiry as of this date (default: today)")
    parser.add_argument("--problems-only", action="store_true",
                        help="show only the flags that have a finding")
    parser.add_argument("--width", type=int, help="text table width (default: the terminal's)")
    parser.add_argument("--format", choices=FORMATS, default="text", help="output format")
    parser.add_argument("--fail-on", choices=("error", "warning", "info"), default=None,
                        help="lowest severity that makes the exit code 1 (default: error)")
    parser.add_argument("-o", "--output", help="write the report to this file")
    add_color_option(parser)
    add_list_rules_option(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from envguard.flags import analyse, build_policy, read_env_sources, read_inputs
    from envguard.flags.code import scan_code
    from envguard.flags.rules import RULES
    from envguard.schema.model import Schema

    if args.list_rules:
        return list_rules("flags", args)
    config = load_config()
    overrides = severity_overrides(config)
    # Flag rules go to the policy as its lowest layer (declarations and --severity win);
    # every other rule (the readers') is overridden where the report's Result is built.
    flag_overrides = {k: v for k, v in overrides.items() if k in RULES}
    other_overrides = {k: v for k, v in overrides.items() if k not in RULES}
    schema = schema_from(args, config)
    schema = schema if isinstance(schema, Schema) else None
    specs = schema.flags if schema else {}
    policy = build_policy(
        cli_order=[e.strip() for e in args.order.split(",") if e.strip()] if args.order else None,
        cli_severity=args.severity, section=config.flags,
        config_where=config.where("flags", "severity"),
        config_environments=config.environments,
        schema_environments=schema.environments if schema else None,
        schema_production=schema.live_environments if schema else None,
        today=_date(args.as_of), declared_any=bool(specs), base_severity=flag_overrides,
    )
    if args.sources:
        inputs = read_inputs(args.sources)
    else:
        inputs = read_env_sources(_configured_sources(config))
    code = list(args.code) + _configured_code(config)
    report = analyse(inputs, specs, policy, scan_code(code) if code else None,
                     fail_on=fail_on(args, config), problems_only=args.problems_only,
                     overrides=other_overrides)
    refuse_output_over_input(args)
    write_output(_render(report, args), args.output)
    return report.result.exit_code


def _date(text: str | None) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InputError(f"--as-of {text!r}: not a date; write YYYY-MM-DD") from None


def _configured_sources(config: Config) -> list[tuple[str, list[str]]]:
    if not config.files:
        raise InputError("no sources given and none configured: write NAME=PATH pairs "
                         "(development=.env.development ...), a flags file, or "
                         "[tool.envguard.files]")
    root = config.root
    return [(env, [str(root / f) if root else f for f in files])
            for env, files in config.files.items()]


def _configured_code(config: Config) -> list[str]:
    return [str(config.root / p) if config.root else p for p in config.flags.code]


def _render(report: Any, args: argparse.Namespace) -> str:
    if args.format == "json":
        from envguard.reporters.flags_json import render as render_json

        return render_json(report)
    if args.format == "markdown":
        from envguard.reporters.flags_markdown import render as render_markdown

        return render_markdown(report)
    if args.format == "html":
        from envguard.reporters.flags_html import render as render_html

        return render_html(report)
    from envguard.reporters.flags_text import render as render_text

    size = shutil.get_terminal_size((100, 24))
    tty = color(args, args.output)
    page = max(size.lines - 4, 10) if tty else 50
    return render_text(report, color=tty, width=args.width or size.columns, page=page)

"""Options and plumbing shared by subcommands: schema choice, config, output."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from envguard.config import Config, find_config
from envguard.errors import InputError
from envguard.findings import Result, Severity
from envguard.overrides import Level
from envguard.reporters import get_reporter, use_color

# Imports inside functions are deliberate: each command imports its work when it runs, so `--help`
# and the hooks pay only for the command they use.


#: Exit codes of a command that reports findings (the contract in :mod:`envguard.cli`).
FINDING_EXITS = ("0 clean", "1 findings at or above --fail-on (default: error)",
                 "2 usage or input error")
#: Exit codes of a command that lists or writes something.
PLAIN_EXITS = ("0 done", "2 usage or input error")
#: Where ``[tool.envguard]`` is looked for (:func:`envguard.config.find_config`).
CONFIG_FILES = ("envguard.toml or [tool.envguard] in pyproject.toml, in this folder or a "
                "parent up to the repository root")


@dataclass(frozen=True)
class Usage:
    """What a command's ``--help`` ends with, declared by the command as data: examples
    (command line, what it does), exit codes and the configuration it reads (None: none).

    One renderer (:meth:`epilog`) so every command's help has the same shape, and the
    test can run each example through the parser."""

    examples: Sequence[tuple[str, str]]
    exits: Sequence[str] = FINDING_EXITS
    config: str | None = None
    #: a paragraph printed before the examples
    notes: str | None = None

    def epilog(self) -> str:
        import textwrap

        def fill(text: str, indent: str = "") -> list[str]:
            return textwrap.wrap(text, 78, initial_indent=indent, subsequent_indent=indent)

        lines = [*fill(self.notes), ""] if self.notes else []
        lines.append("examples:")
        for command, what in self.examples:
            lines += [f"  $ {command}", *fill(what, "      ")]
        lines += ["", "exit codes:"]
        for code in self.exits:
            lines += textwrap.wrap(code, 78, initial_indent="  ", subsequent_indent="    ")
        if self.config:
            lines += ["", "configuration:",
                      *fill(f"reads {self.config}, from {CONFIG_FILES}", "  ")]
        return "\n".join(lines)


class _HelpFormatter(argparse.HelpFormatter):
    """Wraps one-paragraph text to the terminal as usual; text with line breaks (the
    epilog, a pre-broken description) is printed as written."""

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        if "\n" in text:
            return "".join(indent + line for line in text.splitlines(keepends=True))
        return super()._fill_text(text, width, indent)


def add_command(sub: Any, name: str, usage: Usage, **kwargs: Any) -> argparse.ArgumentParser:
    """``sub.add_parser(name, ...)`` with ``usage`` as its epilog."""
    parser: argparse.ArgumentParser = sub.add_parser(
        name, epilog=usage.epilog(), formatter_class=_HelpFormatter, **kwargs)
    return parser


def add_schema_options(parser: argparse.ArgumentParser, model_combines: bool = False) -> None:
    """``--stack``/``--schema``/``--model``; with ``model_combines`` (``check``) a model may
    be given with a stack or schema: both judge the files."""
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--stack", help="built-in stack name (see `envguard stacks`)")
    group.add_argument("--schema", help="path to a schema TOML file")
    (parser if model_combines else group).add_argument(
        "--model", help="pydantic model or settings class: package.module:Class"
        + (" (alone, or with --stack/--schema)" if model_combines else ""))


class _Reports(argparse.Action):
    """``--format`` and ``-o/--output`` recorded in order, so each ``-o PATH`` goes with
    its ``--format``: ``--format sarif -o results.sarif --format github`` writes SARIF to
    the file and annotations to standard output; ``-o FILE --format json`` still writes
    JSON to FILE. ``-o FORMAT=PATH`` names its own format (``-`` is standard output).
    :func:`outputs` turns the record into the list of reports."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: Any, option_string: str | None = None) -> None:
        # entries: [format, path or None, given by --format]
        reports: list[list[Any]] = list(getattr(namespace, "reports", None) or [])
        pending: list[str] = list(getattr(namespace, "reports_pending", None) or [])
        value = str(values)
        if self.dest == "format":
            namespace.format = value
            # a later --format without a file replaces an earlier one without (last wins)
            reports = [r for r in reports if r[1] is not None or not r[2]]
            reports.append([value, pending.pop(0) if pending else None, True])
        else:
            name, sep, path = value.partition("=")
            if sep and name in getattr(namespace, "output_formats", ()):
                if not path:
                    parser.error(f"{option_string} {value}: name a file after '=' "
                                 "(or - for standard output)")
                reports.append([name, None if path == "-" else path, False])
            else:
                own = [r for r in reports if r[2]]
                if own and own[-1][1] is None:
                    own[-1][1] = value
                else:
                    pending.append(value)
            namespace.output = [*(getattr(namespace, "output", None) or []), value]
        namespace.reports = reports
        namespace.reports_pending = pending


def add_output_options(parser: argparse.ArgumentParser, formats: tuple[str, ...]) -> None:
    """``--format`` and ``-o/--output`` (see :class:`_Reports`), ``--fail-on``,
    ``--color``, and for GitHub Actions ``--annotate-info`` and ``--no-step-summary``."""
    parser.add_argument("--format", choices=formats, default="text", action=_Reports,
                        help="report format (repeatable: each -o PATH after a --format "
                             "takes that format's report; one without -o goes to standard "
                             "output)")
    parser.add_argument(
        "--fail-on", choices=("error", "warning", "info"), default=None,
        help="lowest severity that makes the exit code 1 (default: error)",
    )
    parser.add_argument(
        "-o", "--output", action=_Reports, default=None, metavar="[FORMAT=]PATH",
        help="write the report of the --format before it to PATH; FORMAT=PATH writes one "
             f"more report in FORMAT ({', '.join(formats)}; PATH - is standard output)",
    )
    add_color_option(parser)
    if "github" in formats:
        parser.add_argument("--annotate-info", action="store_true",
                            help="--format github: annotate info findings too (by default "
                                 "they go to the step summary only: GitHub shows 10 "
                                 "annotations of each kind per step)")
    parser.add_argument("--no-step-summary", action="store_true",
                        help="do not append a Markdown summary to $GITHUB_STEP_SUMMARY "
                             "(written when GitHub Actions sets that variable)")
    parser.set_defaults(output_formats=formats)


def add_color_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--color", choices=("auto", "always", "never"), default="auto",
                        help="colour the text report: auto (default: on a terminal or in "
                             "GitHub Actions; NO_COLOR turns it off, FORCE_COLOR on)")


def color(args: argparse.Namespace, path: str | None = None) -> bool:
    """Colour for a report going to ``path`` (None: standard output); files never."""
    return path is None and use_color(mode=getattr(args, "color", "auto") or "auto")


def primary_output(args: argparse.Namespace) -> str | None:
    """Where the ``--format`` report goes (None: standard output)."""
    fmt = getattr(args, "format", "text")
    return next((path for name, path in outputs(args) if name == fmt), None)


def outputs(args: argparse.Namespace) -> list[tuple[str, str | None]]:
    """Every report a run writes: ``(format, path or None for standard output)``.
    A ``-o PATH`` with no ``--format`` of its own is the default format's; two reports
    to one place, or more paths than formats, is an input error."""
    fmt = getattr(args, "format", "text")
    raw = getattr(args, "output", None)
    if isinstance(raw, str) or (not getattr(args, "reports", None) and not raw):
        return [(fmt, raw or None)]  # no -o/--format given, or a namespace built by hand
    reports = [list(r) for r in args.reports]
    pending = list(getattr(args, "reports_pending", None) or [])
    if not any(r[2] for r in reports):  # no --format: the default report comes first
        reports.insert(0, [fmt, pending.pop(0) if pending else None, True])
    if pending:
        raise InputError(f"--output {pending[0]}: no --format left for this file (each "
                         "-o PATH follows its --format); write FORMAT=PATH")
    result = [(str(r[0]), r[1]) for r in reports]
    targets = [str(Path(path).resolve()) if path else "-" for _, path in result]
    dupes = sorted({t for t in targets if targets.count(t) > 1})
    if dupes:
        where = "standard output" if dupes[0] == "-" else dupes[0]
        raise InputError(f"--output: two reports would go to {where}; give each its own "
                         "place (FORMAT=PATH)")
    return result


def add_list_rules_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--list-rules", action="store_true",
                        help="list the rule ids this command reports (with --format json: "
                             "as JSON) and exit")


def list_rules(command: str, args: argparse.Namespace) -> int:
    """``--list-rules``: JSON for ``--format json``, else the aligned table."""
    from envguard.catalog import for_command
    from envguard.reporters.rules import render

    fmt = "json" if getattr(args, "format", "text") == "json" else "text"
    write_output(render(for_command(command), fmt), primary_output(args))
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

    if getattr(args, "model", None) and not (getattr(args, "schema", None)
                                             or getattr(args, "stack", None)):
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

    targets = [path for _, path in outputs(args) if path not in (None, "-")] \
        if getattr(args, "output", None) else []
    for output in targets:
        assert output is not None
        if not os.path.exists(output):
            continue
        for name, value in vars(args).items():
            if name == "output":
                continue
            for given in value if isinstance(value, list | tuple) else [value]:
                if isinstance(given, str) and given != "-" and os.path.isfile(given) and (
                    os.path.samefile(given, output)
                ):
                    raise InputError(f"{output}: -o names an input file ({given}); the "
                                     "report would replace it, so write it elsewhere")


def emit(result: Result, args: argparse.Namespace) -> int:
    """Write every report the options ask for, then the step summary; the exit code."""
    refuse_output_over_input(args)
    result.command = result.command or getattr(args, "command", None)
    for fmt, path in outputs(args):
        write_output(render(result, fmt, args, path), path)
    step_summary(args, lambda: render(result, "markdown", args, "summary"))
    return result.exit_code


def render(result: Result, fmt: str, args: argparse.Namespace, path: str | None) -> str:
    if fmt == "github":
        from envguard.reporters.github import render as annotations

        return annotations(result, notices=bool(getattr(args, "annotate_info", False)))
    return get_reporter(fmt)(result, fmt == "text" and color(args, path))


def step_summary(args: argparse.Namespace, markdown: Callable[[], str]) -> None:
    """Append ``markdown()`` to ``$GITHUB_STEP_SUMMARY`` when GitHub Actions sets it
    (a job's summary page; it takes what annotations cannot: info findings, totals)."""
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if not target or getattr(args, "no_step_summary", False):
        return
    text = markdown()
    try:
        with open(target, "a", encoding="utf-8") as fh:
            fh.write(text if text.endswith("\n") else text + "\n")
    except OSError as exc:
        print(f"envguard: warning: cannot append to $GITHUB_STEP_SUMMARY ({target}): "
              f"{exc.strerror or exc}", file=sys.stderr)


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

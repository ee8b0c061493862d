"""``envguard check``: validate layered env files against a stack, schema or model."""

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
    emit,
    fail_on,
    list_rules,
    load_config,
    schema_from,
    severity_overrides,
)
from envguard.config import Config
from envguard.environments import DEFAULT_ENVIRONMENTS, environment_of_file, resolve_environment
from envguard.errors import InputError
from envguard.findings import Finding, Result, Severity
from envguard.model import EnvSet, Origin
from envguard.overrides import apply_overrides
from envguard.schema.model import Schema
from envguard.schema.services import with_service
from envguard.secrecy import shown_path

# Imports inside functions are deliberate: each command imports its work when it runs, so `--help`
# and the hooks pay only for the command they use.


USAGE = Usage(
    examples=(
        ("envguard check --stack vibelog --env production .env.production",
         "validate one file against a built-in stack, as production"),
        ("envguard check --schema envguard.toml .env .env.local",
         "layered files (later wins) against your own schema"),
        ("envguard check --format sarif -o envguard.sarif --format github",
         "the configured files: SARIF to a file, annotations to standard output"),
    ),
    config="stack, schema or model, env, files, fail_on and severity",
)


def register(sub: Any) -> None:
    parser = add_command(
        sub, "check", USAGE, help="validate .env files against a schema",
        description="Validate layered env files (later files override earlier) against a "
                    "built-in stack, a schema TOML or a pydantic model.",
    )
    parser.add_argument("files", nargs="*",
                        help="env files or platform exports, lowest precedence first "
                             "(- reads standard input)")
    add_schema_options(parser, model_combines=True)
    parser.add_argument("--env", help="environment name (default: from config or file name)")
    parser.add_argument("--service", help="check one service of a stack split across services "
                                           "(its [stack.services] entry); default: the whole stack")
    parser.add_argument("--from", dest="source_format", default="auto", metavar="FORMAT",
                        help="format of the files: auto (default: detect from content and "
                             "name), dotenv, vercel, railway-json, kubernetes, ... "
                             "(an unknown name lists them all)")
    parser.add_argument("-v", "--verbose", action="store_true", help="say what was chosen")
    add_list_rules_option(parser)
    add_output_options(parser, ("text", "json", "markdown", "github", "sarif"))
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.list_rules:
        return list_rules("check", args)
    config = load_config()
    overrides = severity_overrides(config)
    schema = schema_from(args, config)
    if schema is None:
        return _lint_without_schema(args, config, overrides)
    schema = with_service(schema, args.service)
    from envguard.checks.pydantic_model import import_model

    model = import_model(args.model) if args.model and isinstance(schema, Schema) else None
    severity = fail_on(args, config)
    jobs = _jobs(args, config, schema)
    result = Result(fail_on=severity)
    for files, environment in jobs:
        if args.verbose:
            print(f"envguard: checking {', '.join(map(str, files))} as "
                  f"{environment or '(no environment)'}", file=sys.stderr)
        one = check_one(files, schema, environment, severity, args.source_format,
                        args.verbose, model)
        result.extend(one.findings)
        result.checked.setdefault("runs", []).append(one.checked)
    if len(jobs) > 1 and isinstance(schema, Schema):
        result.extend(_shared_secrets(jobs, schema, args.source_format))
    result.findings = apply_overrides(result.findings, overrides)
    return emit(result, args)


def _lint_without_schema(args: argparse.Namespace, config: Config,
                         overrides: dict[str, Any]) -> int:
    """No stack, schema or model: the file rules still apply (``envguard lint``)."""
    from envguard.commands.lint import lint

    files = list(args.files) or ([".env"] if Path(".env").is_file() else [])
    if not files:
        raise InputError("no env files given, no .env here, and no schema: pass files, "
                         "and --stack NAME, --schema FILE or --model MOD:CLASS to validate them")
    print("envguard: no stack or schema given, so only the file rules were checked "
          "(envguard lint); pass --stack NAME or --schema FILE to validate the values",
          file=sys.stderr)
    result = lint(files, fail_on(args, config), args.source_format)
    result.findings = apply_overrides(result.findings, overrides)
    return emit(result, args)


def _shared_secrets(jobs: list[tuple[list[str], str | None]], schema: Schema,
                    fmt: str) -> list[Finding]:
    """One secret value in several environments' files (compared by hash, never shown)."""
    from envguard.checks.crossvars import shared_secrets

    return shared_secrets([(env or "-", _read(files, fmt, False)[0]) for files, env in jobs],
                          schema)


def check_one(files: list[str], schema: Any, environment: str | None,
              severity: Severity, fmt: str = "auto", verbose: bool = False,
              model: Any = None) -> Result:
    """One environment's files against a schema, a model, or both (``model`` with a
    Schema: ``--model`` given with ``--stack``/``--schema``)."""
    from envguard.schema.loader import builtin_catalog
    from envguard.validate import check_files

    if not isinstance(schema, Schema):
        return _check_model(files, schema, None, environment, severity, fmt, verbose)
    if model is not None:
        return _check_model(files, model, schema, environment, severity, fmt, verbose)
    result = check_files(files, schema, environment, catalog=builtin_catalog(),
                         fail_on=severity, fmt=fmt)
    if verbose:
        _say_formats(result.checked["formats"], fmt)
    return result


def _say_formats(formats: dict[str, str], fmt: str) -> None:
    how = "detected" if fmt == "auto" else f"--from {fmt}"
    for source, name in formats.items():
        print(f"envguard: {source}: read as {name} ({how})", file=sys.stderr)


def _read(files: list[str], fmt: str, verbose: bool) -> tuple[EnvSet, list[Finding]]:
    """Layered sources, saying which reader each one got."""
    from envguard.sources import read_layers
    from envguard.validate import reading_findings

    envset, reads = read_layers(files, fmt)
    if verbose:
        _say_formats({read.source: read.format for read in reads}, fmt)
    return envset, reading_findings(reads)


def _check_model(files: list[str], model: Any, schema: Schema | None,
                 environment: str | None, severity: Severity, fmt: str = "auto",
                 verbose: bool = False) -> Result:
    """The model's verdict and envguard's knowledge of its variables (built-in variables,
    ``envguard.credential`` fields), and with ``schema`` the schema's whole verdict."""
    from envguard.checks.hygiene import check_exposure, check_placeholders
    from envguard.checks.pydantic_model import secret_env_names
    from envguard.schema.loader import builtin_catalog
    from envguard.validate import validate_with_model

    envset, reading = _read(files, fmt, verbose)
    secret_names = secret_env_names(model)
    envset = envset.mark_secrets({v.key: True for v in envset if v.key.upper() in secret_names})
    catalog = builtin_catalog()
    _, findings = validate_with_model(envset, model, environment, catalog=catalog,
                                      schema=schema, missing_origin=Origin(files[-1]))
    checked: dict[str, Any] = {"environment": environment, "model": model.__name__,
                               "files": [shown_path(f) for f in files]}
    if schema is not None:
        checked["schema"] = schema.name
    result = Result(fail_on=severity, checked=checked)
    result.extend(reading)
    result.extend(findings)
    if schema is None:  # validate() ran these already with the schema
        result.extend(check_placeholders(envset, None, environment))
        result.extend(check_exposure(envset, None, catalog))
    return result


def _chosen_environment(args: argparse.Namespace, config: Config,
                        environments: tuple[str, ...]) -> str | None:
    """``--env``, else the configured ``env``; a name the schema does not declare is an
    input error (``prod`` is accepted for ``production``, ``dev`` for ``development``)."""
    if args.env:
        return resolve_environment(args.env, environments, "--env") if environments \
            else args.env
    if config.env:
        return resolve_environment(config.env, environments, f"{config.where('env')}: env") \
            if environments else config.env
    return None


def _from_files(args: argparse.Namespace, environments: tuple[str, ...]) -> str | None:
    """The environment the last file names (``.env.prod``) or holds (``VERCEL_ENV``)."""
    if not environments:
        return None
    if "-" in args.files:  # standard input can be read once: the file name says nothing
        return None
    from envguard.sources import read_layers

    try:
        envset, _ = read_layers(args.files, args.source_format)
    except InputError:
        return None  # the check itself reports the unusable input
    found = environment_of_file(str(args.files[-1]), envset.values(), environments)
    if found is None:
        return None
    if args.verbose:
        print(f"envguard: environment {found[0]}, from {found[1]}", file=sys.stderr)
    return found[0]


def _jobs(args: argparse.Namespace, config: Config,
          schema: Any) -> list[tuple[list[str], str | None]]:
    """(files, environment) pairs to check: from the command line, else from the config."""
    environments = schema.environments if isinstance(schema, Schema) else DEFAULT_ENVIRONMENTS
    chosen = _chosen_environment(args, config, environments)
    if args.files:
        return [(list(args.files), chosen or _from_files(args, environments))]
    if not config.files:
        if Path(".env").is_file():
            return [([".env"], chosen)]
        raise InputError("no env files given and none configured in [tool.envguard.files]")
    root = config.root or Path.cwd()
    # [tool.envguard.files] names environments too: each must be one of the schema's
    configured = {
        (resolve_environment(name, environments, f"{config.where('files', name)}: files")
         if environments else name): paths
        for name, paths in config.files.items()
    }
    wanted = [chosen] if chosen else list(configured)
    jobs: list[tuple[list[str], str | None]] = []
    for env in wanted:
        assert env is not None
        if env not in configured:
            raise InputError(f"no files configured for environment {env!r} "
                             f"(configured: {', '.join(configured)})")
        jobs.append(([str(root / f) for f in configured[env]], env))
    return jobs


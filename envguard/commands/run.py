"""``envguard run``: the startup check for apps that are not Python.

A Next.js or node service cannot ``import envguard``; ``envguard run --stack S -- npm start``
gives it the same gate: the layered files and the process environment are validated exactly
as :func:`envguard.load` validates them, and only a valid environment starts the command.
The command then *replaces* envguard (``exec``), so signals reach it directly and its exit
code is the exit code; no value is ever printed.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from envguard.commands.common import Usage, add_command, add_schema_options, load_config
from envguard.errors import InputError

USAGE = Usage(
    notes="The command gets the files' variables (later files override earlier) under the "
          "process environment, which wins, as load_dotenv() and Next.js do. Without -f, "
          ".env is used when it exists.",
    examples=(
        ("envguard run --stack vibelog --env production -- npm start",
         "start the app only if the environment is valid for production"),
        ("envguard run --schema envguard.toml -f .env -f .env.local -- node server.js",
         "validate two layered files plus the process environment"),
        ("envguard run --stack threadr --service frontend -- next dev",
         "only the frontend service's variables are required"),
    ),
    exits=("0 or any other code: the command's own (envguard is replaced by it)",
           "2 the environment is invalid (every problem is listed; the command is not "
           "started), or a usage or input error"),
    config="stack, schema, model and env",
)


def register(sub: Any) -> None:
    parser = add_command(
        sub, "run", USAGE, help="validate the environment, then start a command with it",
        description="Validate layered env files plus the process environment against a "
                    "stack, schema or model, then exec the command with that environment; "
                    "exit 2 without starting it if anything is wrong.",
    )
    add_schema_options(parser)
    parser.add_argument("--env", help="environment name (default: ENVGUARD_ENV, NODE_ENV, "
                                      "APP_ENV or the configured env)")
    parser.add_argument("--service", help="validate one service of a stack split across "
                                           "services (its [stack.services] entry)")
    parser.add_argument("-f", "--file", dest="env_files", action="append", default=[],
                        metavar="FILE", help="an env file, lowest precedence first (repeat)")
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="say what was validated before starting the command")
    parser.add_argument("command", nargs=argparse.REMAINDER,
                        help="the command and its arguments, after --")
    parser.set_defaults(func=run)


def _target(args: argparse.Namespace) -> str | type[Any]:
    """What :func:`envguard.load` validates against: the options, else the config."""
    from envguard.checks.pydantic_model import import_model

    config = load_config()
    if args.model or (not (args.stack or args.schema) and config.model):
        return import_model(args.model or config.model or "")
    target = args.stack or args.schema or config.schema_ref()
    if not target:
        raise InputError("name what to validate: --stack NAME, --schema FILE "
                         "or --model MOD:CLASS (or set stack/schema in the config)")
    if args.schema and not args.schema.endswith(".toml") and "/" not in args.schema:
        return f"./{args.schema}"  # a bare file name, not a built-in stack's name
    return str(target)


def run(args: argparse.Namespace) -> int:
    from envguard.findings import EnvError, Result
    from envguard.loading import envset_str, load
    from envguard.sources import read_layers

    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        raise InputError("give the command to start after --, as in "
                         "`envguard run --stack vibelog -- npm start`")
    files = args.env_files or ([".env"] if Path(".env").is_file() else [])
    if "-" in files:
        raise InputError("-f -: the command keeps standard input; "
                         "pass env files by name")
    env = args.env or load_config().env
    try:
        load(_target(args), env, files=files, environ=os.environ, service=args.service)
    except EnvError as exc:
        from envguard.reporters import get_reporter

        result = Result(findings=exc.findings)
        sys.stderr.write(get_reporter("text")(result, False).rstrip("\n") + "\n")
        print(f"envguard run: not starting {command[0]!r}: the environment is invalid",
              file=sys.stderr)
        return 2
    # withheld values (a names-only export) are not passed on as empty strings
    environ = envset_str(read_layers(files)[0]) if files else {}
    environ.update(os.environ)
    if args.verbose:
        print(f"envguard run: environment valid ({len(environ)} variables"
              f"{', files ' + ', '.join(files) if files else ''}); starting {command[0]!r}",
              file=sys.stderr)
    return _exec(command, environ)


def _exec(command: list[str], environ: dict[str, str]) -> int:
    """Replace this process (POSIX), so signals and the exit code are the command's own;
    where there is no exec (Windows), run it and pass its exit code on."""
    import shutil

    program = shutil.which(command[0], path=environ.get("PATH"))
    if program is None:
        raise InputError(f"{command[0]!r}: command not found")
    sys.stdout.flush()
    sys.stderr.flush()
    if os.name == "posix":
        try:
            os.execve(program, command, environ)
        except OSError as exc:
            raise InputError(f"{command[0]!r}: cannot run it: "
                             f"{exc.strerror or exc}") from None
    import subprocess

    return subprocess.call([program, *command[1:]], env=environ)

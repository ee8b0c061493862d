"""The ``envguard`` command: parses arguments and dispatches; the work is in the library.

Exit codes: 0 clean, 1 findings at or above the failing severity, 2 usage or input
error (and internal errors, reported without a traceback or any value: see
:func:`envguard.errors.run_guarded`).
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from envguard import __version__
from envguard.errors import run_guarded

# Imports inside functions are deliberate: only the invoked subcommand's module is imported.

#: The order subcommands are listed in ``--help``; any other module in ``envguard.commands``
#: with a ``register`` function is added after these.
COMMANDS = ("check", "lint", "stacks", "providers", "scan", "compare", "flags", "init", "example",
            "codegen", "explain", "run")


def _command_modules() -> list[str]:
    import pkgutil

    from envguard import commands

    found = {m.name for m in pkgutil.iter_modules(commands.__path__)} - {"common"}
    return [c for c in COMMANDS if c in found] + sorted(found - set(COMMANDS))


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser; with ``only``, just that subcommand's (each imports its own code, and a
    pre-commit hook should not pay for the other seven)."""
    parser = argparse.ArgumentParser(
        prog="envguard",
        description="Keep configuration and secrets honest across a team's service stacks.",
    )
    parser.add_argument("--version", action="version", version=f"envguard {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in [only] if only else _command_modules():
        module = importlib.import_module(f"envguard.commands.{name}")
        if hasattr(module, "register"):
            module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    first = argv[0] if argv else None
    # a built-in command name needs no listing of the package (pkgutil costs a hook ~2 ms)
    known = first in COMMANDS or (first is not None and first in _command_modules())
    parser = build_parser(first if known else None)
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return 2
    from envguard.secrecy import shown_text

    return run_guarded("envguard", lambda: args.func(args), shown=shown_text)

if __name__ == "__main__":
    raise SystemExit(main())

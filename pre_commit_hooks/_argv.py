"""Separating a hook's own options from the file names pre-commit appends after them.

pre-commit runs ``entry [args...] [file names...]``: the hook's ``args`` (from the
manifest or the user's ``.pre-commit-config.yaml``) come first, the staged file names
last, with no ``--`` between them. A plain argparse parse would take a staged file named
``--help``, ``--exclude=*`` or ``--allow=*.env`` for an option, and let the commit pass.

So options are read only from the front of the argument list, and they stop at the
first argument that:

* names an existing path (``os.path.lexists``): pre-commit only passes files that are in
  the work tree, so a staged ``--help`` is a file name, and so is everything after it;
* is ``--``;
* is not one of the hook's own options (a bare name is a file name; an unknown
  ``-x`` that is no file is a usage error, exit 2, rather than a silently dropped option).

An option that takes a value (``--baseline FILE``) takes the next argument even when it
exists. Every argument after the first file name is a file name, whatever it looks like.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Sequence

from envguard.errors import InputError


def split_hook_argv(argv: Sequence[str],
                    parser: argparse.ArgumentParser) -> tuple[list[str], list[str]]:
    """``(options, file names)`` of a hook's arguments (see the module docstring)."""
    takes_value: dict[str, bool] = {}
    for action in parser._actions:
        for option in action.option_strings:
            takes_value[option] = action.nargs != 0
    args = list(argv)
    options: list[str] = []
    i = 0
    while i < len(args):
        arg = args[i]
        if os.path.lexists(arg):
            break
        if arg == "--":
            i += 1
            break
        name = arg.split("=", 1)[0] if arg.startswith("--") else arg
        if name not in takes_value:
            if arg.startswith("-") and arg != "-":
                raise InputError(f"unknown hook option {arg!r} (hook options go before the "
                                 "file names; a file name is never read as an option)")
            break
        options.append(arg)
        i += 1
        if takes_value[name] and "=" not in arg:
            if i >= len(args):
                raise InputError(f"hook option {arg} needs a value")
            options.append(args[i])
            i += 1
    return options, args[i:]

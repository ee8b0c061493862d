"""``envguard stacks``: the built-in stacks, one line each."""

from __future__ import annotations

import argparse
from typing import Any

from envguard.commands.common import Usage, add_command

# Imports inside functions are deliberate: each command imports its work when it runs, so `--help`
# and the hooks pay only for the command they use.


USAGE = Usage(
    examples=(
        ("envguard stacks", "one line per stack"),
        ("envguard example --stack vibelog", "then: a .env.example for one of them"),
    ),
    exits=("0 listed", "2 usage error"),
)


def register(sub: Any) -> None:
    parser = add_command(
        sub, "stacks", USAGE, help="list the built-in stacks",
        description="List the built-in stacks: the name to pass to --stack, and what the "
                    "stack is made of.")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from envguard.schema.loader import builtin_stacks

    stacks = builtin_stacks()
    width = max((len(n) for n in stacks), default=0)
    for name, description in stacks.items():
        print(f"{name:<{width}}  {description}")
    return 0

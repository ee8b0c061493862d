"""``envguard stacks``: the built-in stacks, one line each."""

from __future__ import annotations

import argparse
from typing import Any

# Imports inside functions are deliberate: each command imports its work when it runs, so `--help`
# and the hooks pay only for the command they use.


def register(sub: Any) -> None:
    parser = sub.add_parser("stacks", help="list the built-in stacks")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from envguard.schema.loader import builtin_stacks

    stacks = builtin_stacks()
    width = max((len(n) for n in stacks), default=0)
    for name, description in stacks.items():
        print(f"{name:<{width}}  {description}")
    return 0

"""envguard-secrets: block a commit that adds a credential.

Scans the staged content of the files pre-commit passes (``git diff --staged`` limited to
them), never the working tree, so a key removed from the working copy but still staged
is caught. Under ``pre-commit run --all-files`` nothing is staged, and the files
themselves are scanned. Honours ``envguard: allow`` / ``pragma: allowlist secret``, the baseline and
``[tool.envguard.scan]``; hook ``args`` (e.g. ``--baseline FILE``, ``--min-confidence low``)
go to ``envguard scan``, so the hook blocks exactly what ``envguard scan --staged`` fails
on: by default high- and medium-confidence findings.

File names are never options: ``envguard scan``'s options are read only from the
arguments before the first one that names an existing file or is ``--`` (see
``_argv.py``), and the file names are passed after ``--``; a staged file named
``--help``, ``--exclude=*`` or ``--update-baseline`` is scanned like any other.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from ._argv import split_hook_argv
from ._failclosed import fail_closed

HOOK = "envguard-secrets"


def main(argv: Sequence[str] | None = None) -> int:
    from envguard.cli import main as envguard_main
    from envguard.sources.gitrun import has_staged_changes

    args = list(sys.argv[1:] if argv is None else argv)

    def body() -> int:
        options, files = split_hook_argv(args, _scan_parser())
        mode = ["--staged"] if has_staged_changes() else []
        return envguard_main(["scan", *mode, *options, "--", *files])

    return fail_closed(HOOK, body)


def _scan_parser() -> argparse.ArgumentParser:
    """``envguard scan``'s own parser: the options this hook accepts before file names."""
    from envguard.commands import scan

    sub = argparse.ArgumentParser(prog=HOOK).add_subparsers()
    scan.register(sub)
    parser: argparse.ArgumentParser = sub.choices["scan"]
    return parser


if __name__ == "__main__":
    raise SystemExit(main())

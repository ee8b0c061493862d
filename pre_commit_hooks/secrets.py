"""envguard-secrets: block a commit that adds a credential.

Scans the staged content of the files pre-commit passes (``git diff --staged`` limited to
them), never the working tree, so a key removed from the working copy but still staged
is caught. Under ``pre-commit run --all-files`` nothing is staged, and the files
themselves are scanned. Honours ``envguard: allow`` / ``pragma: allowlist secret``, the baseline and
``[tool.envguard.scan]``; hook ``args`` (e.g. ``--baseline FILE``) go to ``envguard scan``.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from ._failclosed import fail_closed

HOOK = "envguard-secrets"


def main(argv: Sequence[str] | None = None) -> int:
    from envguard.cli import main as envguard_main
    from envguard.sources.gitrun import has_staged_changes

    args = list(sys.argv[1:] if argv is None else argv)

    def body() -> int:
        mode = ["--staged"] if has_staged_changes() else []
        return envguard_main(["scan", *mode, *args])

    return fail_closed(HOOK, body)


if __name__ == "__main__":
    raise SystemExit(main())

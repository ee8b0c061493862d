"""envguard-flags: check the flag matrix of the configured environments when they change.

Runs ``envguard flags`` over ``[tool.envguard.files]`` (or the sources given as hook
``args``), printing only the flags with a finding.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from ._failclosed import fail_closed

HOOK = "envguard-flags"


def main(argv: Sequence[str] | None = None) -> int:
    from envguard.cli import main as envguard_main
    from envguard.config import find_config

    args = list(sys.argv[1:] if argv is None else argv)

    def body() -> int:  # the config is read inside the guard: a bad one blocks, exit 2
        if not args and not find_config().files:
            print(f"{HOOK}: no [tool.envguard.files] configured, so there is no matrix to "
                  "check", file=sys.stderr)
            return 0
        return envguard_main(["flags", "--problems-only", *args])

    return fail_closed(HOOK, body)


if __name__ == "__main__":
    raise SystemExit(main())

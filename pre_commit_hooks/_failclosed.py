"""Hooks fail closed: any error blocks the commit with a one-line reason, never a traceback."""

from __future__ import annotations

import sys
from collections.abc import Callable

from envguard.errors import InputError, describe_crash


def fail_closed(hook: str, body: Callable[[], int]) -> int:
    try:
        return body()
    except InputError as exc:
        print(f"{hook}: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # never let a crash look like a pass
        print(f"{hook}: internal error ({describe_crash(exc)}); commit blocked",
              file=sys.stderr)
        return 2

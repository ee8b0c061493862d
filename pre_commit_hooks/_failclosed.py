"""Hooks fail closed: any error blocks the commit with a one-line reason, never a traceback."""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Callable

from envguard.errors import InputError


def fail_closed(hook: str, body: Callable[[], int]) -> int:
    try:
        return body()
    except InputError as exc:
        print(f"{hook}: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # never let a crash look like a pass
        frame = traceback.extract_tb(exc.__traceback__)[-1]
        print(
            f"{hook}: internal error ({type(exc).__name__} at "
            f"{os.path.basename(frame.filename)}:{frame.lineno}); commit blocked",
            file=sys.stderr,
        )
        return 2

"""Hooks fail closed: any error blocks the commit with a one-line reason, never a traceback."""

from __future__ import annotations

from collections.abc import Callable

from envguard.errors import run_guarded
from envguard.secrecy import shown_text


def fail_closed(hook: str, body: Callable[[], int]) -> int:
    return run_guarded(hook, body, on_crash="commit blocked", shown=shown_text)

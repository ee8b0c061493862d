"""Exceptions a user sees, and the guard every command runs under.

Their text is built from redacted displays only. This module imports nothing of
envguard's, so every layer can raise its errors (:class:`envguard.findings.EnvError`,
which carries findings, lives with them).
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable

# Imports inside functions are deliberate: traceback and os are needed only when something has
# failed.


class EnvguardError(Exception):
    """Base of envguard's own errors."""


class InputError(EnvguardError):
    """Input envguard cannot use at all (unreadable file, bad schema, unknown stack): exit 2."""


class SchemaError(InputError):
    """A schema file or model that cannot be loaded; the message names the file and field."""


def describe_crash(exc: BaseException) -> str:
    """``TypeError at loader.py:168``: enough to report a bug, and never the exception's
    text, which may quote a value."""
    import os
    import traceback

    frames = traceback.extract_tb(exc.__traceback__)
    where = f" at {os.path.basename(frames[-1].filename)}:{frames[-1].lineno}" if frames else ""
    return f"{type(exc).__name__}{where}"


def run_guarded(prog: str, body: Callable[[], int], *, on_crash: str = "please report it",
                shown: Callable[[str], str] = str) -> int:
    """Run a command's body with the exit-code contract: its own code, or 2 with a one-line
    reason for anything else, never a traceback and never a value.

    The CLI and every pre-commit hook go through here, so they fail the same way: closed.
    A closed output pipe or a full disk is a failure too (exit 2), since a hook whose
    report could not be written must not pass. ``shown`` filters an input error's text
    (the callers pass :func:`envguard.secrecy.shown_text`: a file named like a key).
    """
    try:
        return int(body())
    except InputError as exc:
        _say(f"{prog}: error: {shown(str(exc))}")
    except KeyboardInterrupt:
        _say(f"{prog}: interrupted")
    except BrokenPipeError:
        _silence_stdout()
        _say(f"{prog}: error: the output was closed before the report was written")
    except OSError as exc:
        _say(f"{prog}: error: cannot write or read: {exc.strerror or type(exc).__name__}")
    except Exception as exc:  # fail closed, without echoing anything that may hold a value
        _say(f"{prog}: internal error: {describe_crash(exc)}; {on_crash}")
    return 2


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so the interpreter's final flush of what could not be
    written does not print its own traceback (the recipe of Python's signal docs)."""
    import os

    with contextlib.suppress(OSError, ValueError, AttributeError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _say(message: str) -> None:
    with contextlib.suppress(OSError, ValueError):  # stderr closed too: the code says it
        print(message, file=sys.stderr)

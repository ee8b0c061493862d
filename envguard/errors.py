"""Exceptions a user sees. Their text is built from redacted displays only."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from envguard.findings import Finding


class EnvguardError(Exception):
    """Base of envguard's own errors."""


class InputError(EnvguardError):
    """Input envguard cannot use at all (unreadable file, bad schema, unknown stack): exit 2."""


class SchemaError(InputError):
    """A schema file or model that cannot be loaded; the message names the file and field."""


class EnvError(EnvguardError):
    """Raised by :func:`envguard.load`: every problem at once, each with key, origin and hint."""

    def __init__(self, findings: Sequence[Finding]) -> None:
        self.findings = list(findings)
        super().__init__(self._render())

    def _render(self) -> str:
        lines = [f"environment is invalid ({len(self.findings)} problem(s)):"]
        for f in self.findings:
            where = f" [{f.origin}]" if f.origin else ""
            hint = f" ({f.hint})" if f.hint else ""
            lines.append(f"  - {f.key or '-'}: {f.message}{where}{hint}")
        return "\n".join(lines)


def describe_crash(exc: BaseException) -> str:
    """``TypeError at loader.py:168``: enough to report a bug, and never the exception's
    text, which may quote a value."""
    import os
    import traceback

    frames = traceback.extract_tb(exc.__traceback__)
    where = f" at {os.path.basename(frames[-1].filename)}:{frames[-1].lineno}" if frames else ""
    return f"{type(exc).__name__}{where}"


def run_guarded(prog: str, body: Callable[[], int], *, on_crash: str = "please report it") -> int:
    """Run a command's body with the exit-code contract: its own code, or 2 with a one-line
    reason for anything else, never a traceback and never a value.

    The CLI and every pre-commit hook go through here, so they fail the same way: closed.
    A closed output pipe or a full disk is a failure too (exit 2), since a hook whose
    report could not be written must not pass.
    """
    try:
        return int(body())
    except InputError as exc:
        _say(f"{prog}: error: {exc}")
    except KeyboardInterrupt:
        _say(f"{prog}: interrupted")
    except BrokenPipeError:
        _say(f"{prog}: error: the output was closed before the report was written")
    except OSError as exc:
        _say(f"{prog}: error: cannot write or read: {exc.strerror or type(exc).__name__}")
    except Exception as exc:  # fail closed, without echoing anything that may hold a value
        _say(f"{prog}: internal error: {describe_crash(exc)}; {on_crash}")
    return 2


def _say(message: str) -> None:
    with contextlib.suppress(OSError, ValueError):  # stderr closed too: the code says it
        print(message, file=sys.stderr)

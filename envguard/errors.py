"""Exceptions a user sees. Their text is built from redacted displays only."""

from __future__ import annotations

from collections.abc import Sequence
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

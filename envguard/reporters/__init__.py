"""Reporters only format: a Result in, text out. They never see a raw secret value."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import TextIO

from envguard.findings import Result

Reporter = Callable[[Result, bool], str]


def use_color(stream: TextIO = sys.stdout) -> bool:
    """Colour only for a terminal, and never when NO_COLOR is set (no-color.org)."""
    if "NO_COLOR" in os.environ:
        return False
    return bool(getattr(stream, "isatty", lambda: False)())


def get_reporter(name: str) -> Reporter:
    """Look reporters up by name so a command imports only the one it prints."""
    if name == "text":
        from envguard.reporters.text import render as text

        return text
    if name == "json":
        from envguard.reporters.json import render as json_

        return json_
    if name == "sarif":
        from envguard.reporters.sarif import render as sarif

        return sarif
    if name == "github":
        from envguard.reporters.github import render as github

        return github
    if name == "markdown":
        from envguard.reporters.markdown import render as markdown

        return markdown
    raise ValueError(f"unknown format {name!r}")

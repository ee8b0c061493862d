"""Reporters only format: a Result in, text out. They never see a raw secret value."""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Callable
from typing import TextIO

from envguard.findings import Result

Reporter = Callable[[Result, bool], str]


def use_color(stream: TextIO | None = None) -> bool:
    """Colour only for a terminal, and never when NO_COLOR is set (no-color.org)."""
    if "NO_COLOR" in os.environ:
        return False
    stream = sys.stdout if stream is None else stream
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):  # replaced or closed streams are not terminals
        return False


FORMATS = ("text", "json", "sarif", "github", "markdown")


def get_reporter(name: str) -> Reporter:
    """Look reporters up by name so a command imports only the one it prints."""
    if name not in FORMATS:
        raise ValueError(f"unknown format {name!r}")
    module = importlib.import_module(f"envguard.reporters.{name}")
    render: Reporter = module.render
    return render

"""Reporters only format: a Result in, text out. They never see a raw secret value."""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Callable
from typing import TextIO

from envguard.findings import Result

Reporter = Callable[[Result, bool], str]


COLOR_MODES = ("auto", "always", "never")


def use_color(stream: TextIO | None = None, mode: str = "auto") -> bool:
    """Whether to colour ``stream`` (default: standard output); the one place that decides.

    ``--color always``/``never`` win. In ``auto``: ``NO_COLOR`` set and non-empty turns
    colour off (no-color.org), then ``FORCE_COLOR`` or ``CLICOLOR_FORCE`` set non-empty
    (and not ``0``) turns it on, then GitHub Actions (``GITHUB_ACTIONS=true``: its log
    renders ANSI colours though the stream is a pipe), then a terminal.
    """
    if mode not in COLOR_MODES:
        raise ValueError(f"unknown colour mode {mode!r}: use auto, always or never")
    if mode != "auto":
        return mode == "always"
    if os.environ.get("NO_COLOR"):
        return False
    if any(os.environ.get(name, "") not in ("", "0") for name in ("FORCE_COLOR",
                                                                   "CLICOLOR_FORCE")):
        return True
    if os.environ.get("GITHUB_ACTIONS") == "true":
        return True
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

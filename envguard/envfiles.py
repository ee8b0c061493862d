"""Which files are env files, and which of those are templates safe to commit.

A real ``.env`` holds live values and must stay out of git; a template
(``.env.example``) documents the variables and belongs in git.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterable

TEMPLATE_SUFFIXES = ("example", "sample", "template", "schema", "dist", "defaults")


def is_env_file(path: str) -> bool:
    """``.env``, ``.env.local``, ``.env.production``, ``prod.env``, ``.env.production.local``."""
    name = os.path.basename(path)
    return name == ".env" or name.startswith(".env.") or name.endswith(".env")


def is_template(path: str, allowed: Iterable[str] = ()) -> bool:
    """A template by its suffix (``.env.example``, ``.env.sample``, ...) or a configured glob."""
    name = os.path.basename(path)
    parts = name.lower().split(".")
    if any(p in TEMPLATE_SUFFIXES for p in parts[1:] + parts[:1]):
        return True
    return any(fnmatch.fnmatch(name, pat) or fnmatch.fnmatch(path, pat) for pat in allowed)


def forbidden_env_files(paths: Iterable[str], allowed: Iterable[str] = ()) -> list[str]:
    """The env files among ``paths`` that are not templates: these must not be committed."""
    allowed = tuple(allowed)
    return [p for p in paths if is_env_file(p) and not is_template(p, allowed)]


def environment_from_name(path: str, environments: Iterable[str]) -> str | None:
    """``.env.production`` -> ``production``, when the schema knows that environment."""
    known = set(environments)
    for part in reversed(os.path.basename(path).split(".")[1:]):
        if part in known:
            return part
    return None

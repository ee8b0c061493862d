"""What the name of a file says: an env file or not, a template or not, which environment.

A real ``.env`` holds live values and must stay out of git; a template (``.env.example``)
documents the variables and belongs in git. The scanner, the pre-commit hooks, the format
detector and the commands that take ``NAME=PATH`` arguments all ask these questions, and
they must get one answer: a ``.env.bak`` that one of them calls a template and another a
real file is a leak that passes one gate and not the other.
"""

from __future__ import annotations

import fnmatch
import os
import re
from collections.abc import Iterable, Sequence

from envguard.errors import InputError

#: Name parts that mark a file documenting variables rather than holding them. A backup
#: (``.env.bak``, ``.env.orig``, ``.env.old``) is a copy of a real file, not a template.
TEMPLATE_PARTS = frozenset(
    {"example", "examples", "sample", "template", "tpl", "tmpl", "schema", "dist",
     "default", "defaults", "skel", "stub"}
)  # fmt: skip

#: Name parts of files whose values are the ones that matter most when leaked: the local
#: override every framework loads, and production's.
_LIVE_PARTS = frozenset({"local", "prod", "production", "live"})
_PAIR = re.compile(r"(?P<env>[A-Za-z0-9][A-Za-z0-9_.-]*)=(?P<paths>.+)")
_NAME_PART = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")


def _name(path: str) -> str:
    return os.path.basename(path.replace("\\", "/").rstrip("/"))


def _parts(path: str) -> list[str]:
    """``.env.production.local`` -> ``[production, local]``; ``prod.env`` -> ``[prod]``."""
    name = _name(path).lower()
    if name == ".env":
        return []
    if name.startswith(".env."):
        return [p for p in name[5:].split(".") if p]
    if name.endswith(".env"):
        return [p for p in name[:-4].split(".") if p]
    return []


def is_env_file(path: str) -> bool:
    """``.env``, ``.env.local``, ``.env.production``, ``.env.bak``, ``prod.env``."""
    name = _name(path)
    return name == ".env" or name.startswith(".env.") or (name.endswith(".env") and name != "")


def is_template(path: str, allowed: Iterable[str] = ()) -> bool:
    """An env file that documents variables (``.env.example``, ``env.sample``,
    ``.env.tpl``) or one a configured glob allows (``[tool.envguard.hooks]``)."""
    name = _name(path)
    if any(part in TEMPLATE_PARTS for part in _parts(path)):
        return True
    if not is_env_file(path) and any(p in TEMPLATE_PARTS for p in name.lower().split(".")):
        return True
    return any(fnmatch.fnmatch(name, pat) or fnmatch.fnmatch(path, pat) for pat in allowed)


def is_real_env_file(path: str, allowed: Iterable[str] = ()) -> bool:
    """An env file that holds values: it must not be committed."""
    return is_env_file(path) and not is_template(path, allowed)


def holds_live_values(path: str) -> bool:
    """``.env``, ``.env.local``, ``.env.production``: the files whose leak hurts most."""
    parts = _parts(path)
    return is_real_env_file(path) and (not parts or bool(set(parts) & _LIVE_PARTS))


def forbidden_env_files(paths: Iterable[str], allowed: Iterable[str] = ()) -> list[str]:
    """The env files among ``paths`` that are not templates: these must not be committed."""
    allowed = tuple(allowed)
    return [p for p in paths if is_real_env_file(p, allowed)]


def environment_in_name(path: str) -> str | None:
    """The environment a file's name gives, whatever the schema: ``.env.staging`` and
    ``staging.env`` -> ``staging``; ``.env.production.local`` -> ``production`` (a local
    override of that environment). None for ``.env`` and names of more parts."""
    parts = _parts(path)
    if len(parts) == 2 and parts[1] == "local":
        parts = parts[:1]
    return parts[0] if len(parts) == 1 and _NAME_PART.fullmatch(parts[0]) else None


def environment_from_name(path: str, environments: Iterable[str]) -> str | None:
    """``.env.production`` -> ``production``, when the schema knows that environment."""
    known = set(environments)
    named = environment_in_name(path)
    return named if named in known else None


def split_pair(arg: str, exists: bool) -> tuple[str, list[str]] | None:
    """``production=prod.json`` or ``staging=.env,.env.staging`` (layered) -> the
    environment and its paths. An existing file whose name has ``=`` is a path, not a
    pair; ``exists`` says whether ``arg`` names one."""
    pair = _PAIR.fullmatch(arg)
    if pair is None or exists:
        return None
    paths = [p for p in pair["paths"].split(",") if p]
    return (pair["env"], paths) if paths else None


def environment_argument(arg: str, exists: bool) -> tuple[str, list[str]]:
    """A ``NAME=PATH`` argument, or a path whose name gives its environment
    (``.env.staging``). Anything else is a usage error that shows how to write it."""
    pair = split_pair(arg, exists)
    if pair is not None:
        return pair
    named = environment_in_name(arg)
    if named is None:
        raise InputError(f"{arg}: which environment is this? write NAME={arg} "
                         f"(e.g. production={arg})")
    return named, [arg]


def all_templates(paths: Sequence[str]) -> bool:
    """Checked as a template: every file given is one (``.env.example``)."""
    return bool(paths) and all(is_template(str(p)) for p in paths)

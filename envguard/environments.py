"""The environment names envguard assumes when a schema or config names none.

A stack declares its own environments and which of them are live; these defaults fill in
for a project that has not, and every feature uses the same ones: the scanner judging a
committed file, the flags matrix judging a flag on in production, compare judging mode
drift and the checks judging a placeholder. Two lists that disagree would make one
command call ``prod`` live and another not.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence

from envguard.envfiles import environment_in_name
from envguard.errors import InputError

#: The promotion order when nothing declares one.
DEFAULT_ENVIRONMENTS = ("development", "staging", "production")

#: Environments that serve real users: live credentials expected, no test keys, no
#: localhost, no placeholders.
LIVE_ENVIRONMENTS = ("production", "prod", "live")

#: Environments on a developer's machine, where placeholders and test keys are expected.
LOCAL_ENVIRONMENTS = ("development", "dev", "local", "test")


def is_live(environment: str | None, live: tuple[str, ...] = LIVE_ENVIRONMENTS) -> bool:
    return environment is not None and environment in live


def is_local(environment: str | None) -> bool:
    """No environment given counts as local: a plain ``envguard check .env`` is lenient."""
    return environment is None or environment in LOCAL_ENVIRONMENTS


#: Short names people type for the usual environments; used only where the schema
#: declares the long name and not the short one.
ALIASES = {"prod": "production", "prd": "production", "live": "production",
           "dev": "development", "develop": "development", "local": "development",
           "stage": "staging", "stg": "staging", "preview": "staging"}

#: Variables that name the environment inside the files themselves (a `vercel env pull`
#: file, a Railway export, a framework's own setting), most specific first.
NAMING_VARIABLES = ("VERCEL_TARGET_ENV", "VERCEL_ENV", "RAILWAY_ENVIRONMENT_NAME",
                    "APP_ENV", "NODE_ENV")


def match_environment(name: str, declared: Sequence[str]) -> str | None:
    """The declared environment ``name`` means (itself, its lower case or its alias)."""
    for candidate in (name, name.lower(), ALIASES.get(name.lower())):
        if candidate is not None and candidate in declared:
            return candidate
    return None


def resolve_environment(name: str, declared: Sequence[str], where: str) -> str:
    """A schema's environments are a closed set: a name that matches none of them is an
    input error, never a silently unchecked environment (``--env prod`` must not skip
    production's checks)."""
    found = match_environment(name, declared)
    if found is not None:
        return found
    shown = repr(name) if len(name) <= 40 and name.isprintable() else "the name given"
    raise InputError(f"{where} {shown}: not an environment of this schema"
                     f"{suggest_environment(name, declared)}; "
                     f"its environments: {', '.join(declared)}")


def suggest_environment(name: str, declared: Sequence[str]) -> str:
    """The near miss among the environments and their aliases (``prodd`` -> production)."""
    import difflib

    candidates = {d: d for d in declared}
    candidates.update({a: t for a, t in ALIASES.items() if t in declared and a not in declared})
    close = difflib.get_close_matches(name.lower(), list(candidates), n=1, cutoff=0.6)
    return f" (did you mean {candidates[close[0]]!r}?)" if close else ""


def environment_of_file(path: str, values: Mapping[str, str | None],
                        declared: Sequence[str]) -> tuple[str, str] | None:
    """``(environment, why)`` from a file: its name (``.env.prod``), else a variable in it
    that names the environment (``VERCEL_ENV="production"`` in a pulled file)."""
    named = environment_in_name(path)
    if named is not None and (found := match_environment(named, declared)) is not None:
        return found, f"the file name {os.path.basename(path)}"
    for variable in NAMING_VARIABLES:
        value = values.get(variable)
        if value and (found := match_environment(value, declared)) is not None:
            return found, f"{variable} in the file"
    return None

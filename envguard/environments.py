"""The environment names envguard assumes when a schema or config names none.

A stack declares its own environments and which of them are live; these defaults fill in
for a project that has not, and every feature uses the same ones: the scanner judging a
committed file, the flags matrix judging a flag on in production, compare judging mode
drift and the checks judging a placeholder. Two lists that disagree would make one
command call ``prod`` live and another not.
"""

from __future__ import annotations

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

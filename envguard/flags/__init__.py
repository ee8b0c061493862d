"""Feature flags across environments: declarations, the matrix, and the checks on it.

``envguard flags`` is built from these pieces; they are usable on their own::

    from envguard.flags import analyse, build_policy, read_inputs
    report = analyse(read_inputs(["development=.env.development", "production=.env.prod"]),
                     schema.flags, build_policy())

``schema.flags`` is already parsed (the loader validates declarations); :func:`parse_specs`
builds specs from plain tables when there is no schema file.
    report.matrix.values(), report.result.findings
"""

from __future__ import annotations

from envguard.flags.matrix import Cell, Matrix, build_matrix
from envguard.flags.policy import Policy, build_policy
from envguard.flags.report import FlagReport, analyse
from envguard.flags.sources import EnvInput, read_env_sources, read_flags_file, read_inputs
from envguard.flags.spec import parse_specs
from envguard.schema.flagspec import FlagSpec

__all__ = [
    "Cell",
    "EnvInput",
    "FlagReport",
    "FlagSpec",
    "Matrix",
    "Policy",
    "analyse",
    "build_matrix",
    "build_policy",
    "parse_specs",
    "read_env_sources",
    "read_flags_file",
    "read_inputs",
]

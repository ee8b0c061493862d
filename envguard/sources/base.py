"""What every source yields: definitions in order, and what reading revealed."""

from __future__ import annotations

from dataclasses import dataclass, field

from envguard.findings import Finding
from envguard.model import EnvVar


@dataclass
class SourceRead:
    """One source's definitions (in its own order) and the findings its reading produced.

    ``format`` names the reader that was used (``dotenv``, ``vercel``, ``railway-json``...),
    so ``--verbose`` can say what auto-detection chose.
    """

    source: str
    vars: list[EnvVar] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    format: str = "dotenv"

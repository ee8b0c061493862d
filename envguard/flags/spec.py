"""The flag feature's view of declarations; the type and its parser live in the schema layer.

A schema declares its flags, so :class:`FlagSpec` and the ``[flags.NAME]`` parser are in
:mod:`envguard.schema.flagspec` and :mod:`envguard.schema.flagparse`, and a loaded
:class:`~envguard.schema.model.Schema` already carries them (``schema.flags``).
:func:`parse_specs` builds specs from plain tables, for callers that have no schema file.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from envguard.errors import SchemaError
from envguard.schema.flagparse import parse_flags
from envguard.schema.flagspec import (
    FIELDS,
    KINDS,
    LEVELS,
    LIFETIME_DAYS,
    SEMANTICS,
    TYPES,
    FlagSpec,
    parse_level,
)
from envguard.tables import Document

__all__ = ["FIELDS", "KINDS", "LEVELS", "LIFETIME_DAYS", "SEMANTICS", "TYPES", "FlagSpec",
           "parse_level", "parse_specs"]


def parse_specs(flags: Mapping[str, Any], source: str = "<flags>") -> dict[str, FlagSpec]:
    """``{name: table}`` (as under ``[flags]``) -> validated specs; raises SchemaError."""
    return parse_flags(Document(source, error=SchemaError), flags, source)

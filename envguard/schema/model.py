"""What a loaded schema is: variables, credential formats, environments.

Plain frozen data. The TOML loader and the pydantic adapter both produce it; checks only
read it. Every part is typed and validated when the schema loads (cross-variable rules
by :mod:`envguard.schema.rules`, flag declarations by :mod:`envguard.schema.flagparse`),
so a consumer never re-parses a raw table, and a bad table fails at load in every command.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import TYPE_CHECKING, Any

from envguard.environments import DEFAULT_ENVIRONMENTS, LIVE_ENVIRONMENTS
from envguard.schema.rules import Rule

if TYPE_CHECKING:  # annotations only: the flags module loads when a flag does
    from envguard.schema.flagspec import FlagSpec

#: Every field a variable declaration may carry (also the per-environment override keys).
VAR_FIELDS = frozenset(
    {
        "type", "required", "default", "secret", "description", "example", "docs",
        "values", "min", "max", "min_length", "max_length", "pattern", "prefix", "bytes",
        "credential", "items", "separator", "schemes", "platform", "env", "public",
    }
)  # fmt: skip

#: Every field a credential format may carry.
CREDENTIAL_FIELDS = frozenset(
    {"name", "pattern", "keywords", "secret", "modes", "checks", "description", "severity",
     "entropy", "examples", "not_examples"}
)  # fmt: skip

BROWSER_PREFIXES = (
    "NEXT_PUBLIC_", "VITE_", "REACT_APP_", "EXPO_PUBLIC_", "PUBLIC_", "NUXT_PUBLIC_", "GATSBY_",
)  # fmt: skip


def is_browser_exposed(key: str) -> bool:
    """Variables with these prefixes are inlined into client bundles by their frameworks."""
    return key.startswith(BROWSER_PREFIXES)


@dataclass(frozen=True)
class Provider:
    """A provider or platform piece's ``[provider]`` header: what templates, ``explain``
    and inference say about where a variable comes from.

    ``implicit``: a platform piece (``schemas/platforms/``), part of every stack without
    an include, so inference never adds it to a generated schema's includes.
    """

    id: str
    name: str
    description: str = ""
    docs: str | None = None
    includes: tuple[str, ...] = ()
    platform_prefixes: tuple[str, ...] = ()
    source: str = ""
    implicit: bool = False


@dataclass(frozen=True)
class CredentialFormat:
    """What one kind of credential looks like; validation and the scanner share it.

    ``regex`` is unanchored (the validator full-matches it, the scanner adds boundaries).
    A named group ``mode`` captures the live/test marker, mapped through ``modes``.
    ``pattern`` compiles it on first use: a process that checks three variables should
    not pay for compiling a hundred formats.

    ``examples`` and ``not_examples`` are templates (:mod:`envguard.schema.examples`) of
    values the format must and must not accept; the test suite expands and checks them.
    """

    id: str
    provider: str
    name: str
    regex: str
    keywords: tuple[str, ...] = ()
    secret: bool = True
    modes: Mapping[str, str] = field(default_factory=dict)
    checks: tuple[str, ...] = ()
    description: str = ""
    severity: str = "error"
    entropy: float | None = None
    examples: tuple[str, ...] = ()
    not_examples: tuple[str, ...] = ()
    source: str = ""

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        return re.compile(self.regex)

    def mode_of(self, value: str) -> str | None:
        """``live``/``test`` from the marker in ``value``, or None where the format has none."""
        m = self.pattern.fullmatch(value) or self.pattern.search(value)
        if not m or "mode" not in self.pattern.groupindex or m.group("mode") is None:
            return None
        marker = m.group("mode")
        return self.modes.get(marker, marker if marker in ("live", "test") else None)


@dataclass(frozen=True)
class VarSpec:
    """One declared variable. ``required`` is a bool or the environments that require it."""

    key: str
    type: str = "string"
    required: bool | tuple[str, ...] = False
    default: str | None = None
    secret: bool = False
    public: bool = False
    description: str = ""
    example: str | None = None
    docs: str | None = None
    provider: str | None = None
    values: tuple[str, ...] = ()
    min: float | None = None
    max: float | None = None
    min_length: int | None = None
    max_length: int | None = None
    pattern: str | None = None
    prefix: tuple[str, ...] = ()
    bytes: int | None = None
    credential: tuple[str, ...] = ()
    items: str | None = None
    separator: str = ","
    schemes: tuple[str, ...] = ()
    platform: bool = False
    env: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    source: str = ""

    @cached_property
    def pattern_re(self) -> re.Pattern[str] | None:
        """``pattern`` compiled, on first use (the built-in pieces declare dozens)."""
        return re.compile(self.pattern) if self.pattern is not None else None

    def is_required(self, environment: str | None) -> bool:
        if isinstance(self.required, bool):
            return self.required
        return environment is not None and environment in self.required


@dataclass(frozen=True)
class Schema:
    """A stack or a user's schema, composed from its includes."""

    name: str
    description: str = ""
    environments: tuple[str, ...] = DEFAULT_ENVIRONMENTS
    live_environments: tuple[str, ...] = LIVE_ENVIRONMENTS
    vars: Mapping[str, VarSpec] = field(default_factory=dict)
    credentials: Mapping[str, CredentialFormat] = field(default_factory=dict)
    providers: Mapping[str, Provider] = field(default_factory=dict)
    platform_prefixes: tuple[str, ...] = ()
    services: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    rules: tuple[Rule, ...] = ()
    flags: Mapping[str, FlagSpec] = field(default_factory=dict)
    source: str = ""

    def spec_for(self, key: str, environment: str | None) -> VarSpec | None:
        """The variable's declaration with the environment's overrides applied."""
        spec = self.vars.get(key)
        if spec is None or environment is None or environment not in spec.env:
            return spec
        return apply_overrides(spec, spec.env[environment])

    def provider_of(self, spec: VarSpec) -> Provider | None:
        """The provider piece that declared the variable, if one did."""
        return self.providers.get(spec.provider) if spec.provider else None

    def is_implicit(self, spec: VarSpec) -> bool:
        """Declared by a platform piece that every stack includes without asking."""
        provider = self.provider_of(spec)
        return provider is not None and provider.implicit

    def is_platform(self, key: str) -> bool:
        """Set by the platform: declared so, or undeclared with a platform prefix."""
        spec = self.vars.get(key)
        return spec.platform if spec is not None else key.startswith(self.platform_prefixes)

    def mode_for(self, environment: str | None) -> str | None:
        """The credential mode an environment expects: live in live environments, else test."""
        if environment is None:
            return None
        return "live" if environment in self.live_environments else "test"


def apply_overrides(spec: VarSpec, overrides: Mapping[str, Any]) -> VarSpec:
    """Per-environment overrides, already normalised by the loader to VarSpec field values."""
    return replace(spec, **dict(overrides))

"""What a flag declaration is: :class:`FlagSpec`, its vocabulary, and what its type accepts.

A schema declares flags (``[flags.NAME]``), so the declaration type lives in the schema
layer: the loader builds it once, at load time, and :mod:`envguard.flags` only reads it.
:func:`typed_value` is here too because both sides need it: the parser checks a declared
``default`` with it, the flag matrix reads environment values with it. Keeping the two
in one module below both is what keeps ``envguard.flags`` free of an import cycle.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from envguard.findings import Severity
from envguard.numbers import is_integer
from envguard.schema.types import parse_bool
from envguard.tomllines import file_line

TYPES = ("bool", "percent", "int", "float", "enum", "string", "json")
SEMANTICS = ("strict", "default-on", "default-off", "truthy")
KINDS = ("release", "experiment", "operational", "kill-switch", "permission")
#: Expected lifetime by kind (Unleash's convention); None: permanent.
LIFETIME_DAYS: dict[str, int | None] = {
    "release": 40, "experiment": 40, "operational": 7, "kill-switch": None, "permission": None,
}
FIELDS = frozenset({
    "type", "semantics", "default", "values", "min", "max", "kind", "owner", "description",
    "expires", "created", "allowed_in", "dev_only", "severity",
})
#: Severity names accepted in overrides; ``off`` disables the rule.
LEVELS = ("error", "warning", "info", "off")


@dataclass(frozen=True)
class FlagSpec:
    """What is known about one flag, declared or inferred from its name and values.

    ``default`` is the typed value code sees when the variable is unset (None: undefined).
    ``severity`` maps rule ids to a Severity, or None where the declaration turns it off.
    """

    name: str
    type: str = "bool"
    semantics: str = "strict"
    default: Any = None
    values: tuple[str, ...] = ()
    min: float | None = None
    max: float | None = None
    kind: str | None = None
    owner: str | None = None
    description: str = ""
    expires: dt.date | None = None
    created: dt.date | None = None
    allowed_in: tuple[str, ...] | None = None
    dev_only: bool | None = None
    severity: Mapping[str, Severity | None] = field(default_factory=dict)
    declared: bool = False
    source: str | None = None

    @property
    def has_default(self) -> bool:
        return self.default is not None

    @property
    def line(self) -> int | None:
        """The declaration's line in its schema file. Looked up when a finding asks, not at
        load: most runs report no lifecycle finding, and loading must stay cheap."""
        return self.line_of(None)

    def line_of(self, key: str | None) -> int | None:
        """The line of one field of the declaration (its header's when absent or None)."""
        if not self.source:
            return None
        return file_line(self.source, ("flags", self.name, *((key,) if key else ())))

    def semantics_note(self) -> str:
        """How the code reads the variable, in words (for messages and the README)."""
        return {
            "strict": "strict: true/false spellings, unset is "
                      + ("the declared default" if self.has_default else "undefined"),
            "default-on": "on unless exactly 'false'",
            "default-off": "off unless exactly 'true'",
            "truthy": "on when non-empty",
        }[self.semantics]


def typed_value(spec: FlagSpec, text: str) -> tuple[Any, str | None]:
    """``(value, None)`` or ``(None, what the type expects)``; strict reading for booleans.

    The message describes the expectation and never quotes ``text``.
    """
    if spec.type == "bool":
        try:
            return parse_bool(text), None
        except ValueError:
            return None, "must be a boolean (true or false)"
    if spec.type == "string":
        return text, None
    if spec.type == "enum":
        if text in spec.values:
            return text, None
        return None, f"must be one of {', '.join(spec.values)}"
    if spec.type == "json":
        try:
            return json.loads(text), None
        except ValueError:
            return None, "must be valid JSON"
    return _number(spec, text.strip())


def _number(spec: FlagSpec, word: str) -> tuple[Any, str | None]:
    if spec.type == "int":
        if not is_integer(word):
            return None, "must be an integer"
        number: float = int(word)
    else:
        body = word[:-1].rstrip() if spec.type == "percent" and word.endswith("%") else word
        try:
            number = float(body)
        except ValueError:
            return None, "must be a percentage (0-100)" if spec.type == "percent" \
                else "must be a number"
        if not math.isfinite(number):
            return None, "must be a finite number"
        if number.is_integer():
            number = int(number)
    low = 0.0 if spec.type == "percent" and spec.min is None else spec.min
    high = 100.0 if spec.type == "percent" and spec.max is None else spec.max
    if low is not None and number < low:
        return None, f"must be at least {format_number(low)}"
    if high is not None and number > high:
        return None, f"must be at most {format_number(high)}"
    return number, None


def format_number(x: float) -> str:
    """``25`` rather than ``25.0``: how a bound or a percentage reads in a message."""
    return str(int(x)) if float(x).is_integer() else str(x)


def parse_level(rule: str, level: Any, rules: Mapping[str, Any],
                fail: Any) -> Severity | None:
    """``error``/``warning``/``info`` -> Severity, ``off`` -> None.

    ``fail(message)`` builds the exception to raise, so each caller names its own place.
    """
    if rule not in rules:
        raise fail(f"unknown rule {rule!r}; known: {', '.join(sorted(rules))}")
    if not isinstance(level, str) or level.strip().lower() not in LEVELS:
        raise fail(f"{rule}: level must be one of {', '.join(LEVELS)}")
    word = level.strip().lower()
    return None if word == "off" else Severity.parse(word)

"""Value types a schema may declare: how to check a string and how to convert it.

Plain functions rather than pydantic so that validating at startup costs microseconds,
and so that no error message can echo the value: every message here describes the
expectation, never the input.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from envguard.numbers import is_integer, is_number

TRUE_WORDS = frozenset({"true", "1", "yes", "on", "y", "t", "enabled"})
FALSE_WORDS = frozenset({"false", "0", "no", "off", "n", "f", "disabled", ""})

_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}")
_DURATION = re.compile(r"(?P<n>\d+(?:\.\d+)?)\s*(?P<unit>ms|s|m|h|d|w)")
_DURATION_UNITS = {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
_HEX = re.compile(r"[0-9a-fA-F]*")
_B64 = re.compile(r"[A-Za-z0-9+/_-]*={0,2}")

Checker = Callable[[str], "str | None"]


def parse_bool(value: str) -> bool:
    word = value.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValueError("not a boolean")


def parse_duration(value: str) -> timedelta:
    m = _DURATION.fullmatch(value.strip())
    if not m:
        raise ValueError("not a duration")
    return timedelta(seconds=float(m["n"]) * _DURATION_UNITS[m["unit"]])


def decoded_length(value: str, encoding: str) -> int | None:
    """Bytes a hex or base64 string decodes to, or None if it is not that encoding."""
    if encoding == "hex":
        if len(value) % 2 or not _HEX.fullmatch(value):
            return None
        return len(value) // 2
    if not _B64.fullmatch(value):
        return None
    padded = value + "=" * (-len(value) % 4)
    try:
        if "-" in value or "_" in value:
            return len(base64.urlsafe_b64decode(padded))
        return len(base64.b64decode(padded, validate=True))
    except (binascii.Error, ValueError):
        return None


def url_problem(value: str, schemes: tuple[str, ...], what: str) -> str | None:
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises on a malformed port
    except ValueError:
        return f"must be {what}"
    if not parts.scheme or not value.startswith(f"{parts.scheme}://") or not parts.hostname:
        return f"must be {what} (scheme://host...)"
    if schemes and parts.scheme.lower() not in schemes:
        return f"must be {what} (scheme {' or '.join(schemes)})"
    return None


def _check_int(value: str) -> str | None:
    return None if is_integer(value.strip()) else "must be an integer"


def _check_float(value: str) -> str | None:
    return None if is_number(value.strip()) else "must be a number"


def _check_bool(value: str) -> str | None:
    try:
        parse_bool(value)
    except ValueError:
        return "must be a boolean (true/false, 1/0, yes/no, on/off)"
    return None


def _check_port(value: str) -> str | None:
    text = value.strip()  # ASCII digits only: "²" is a digit to isdigit() but not to int()
    if not (is_integer(text) and text[0] not in "+-") or not 1 <= int(text) <= 65535:
        return "must be a port number (1-65535)"
    return None


def _check_email(value: str) -> str | None:
    return None if _EMAIL.fullmatch(value) else "must be an email address"


def _check_duration(value: str) -> str | None:
    try:
        parse_duration(value)
    except ValueError:
        return "must be a duration such as 30s, 15m, 24h or 30d"
    return None


def _check_json(value: str) -> str | None:
    try:
        json.loads(value)
    except ValueError as exc:
        return f"must be valid JSON ({type(exc).__name__} at char {getattr(exc, 'pos', '?')})"
    return None


def _check_regex(value: str) -> str | None:
    try:
        re.compile(value)
    except re.error as exc:
        return f"must be a valid regular expression ({exc.msg})"
    return None


SIMPLE_CHECKS: dict[str, Checker] = {
    "string": lambda v: None,
    "int": _check_int,
    "float": _check_float,
    "bool": _check_bool,
    "port": _check_port,
    "email": _check_email,
    "duration": _check_duration,
    "json": _check_json,
    "regex": _check_regex,
    "url": lambda v: url_problem(v, (), "a URL"),
    "https_url": lambda v: url_problem(v, ("https",), "an https URL"),
    "postgres_url": lambda v: url_problem(v, ("postgres", "postgresql"), "a postgres URL"),
    "redis_url": lambda v: url_problem(v, ("redis", "rediss"), "a redis URL"),
}

#: Types that need more than the value (enum values, byte lengths, list item types).
COMPOUND_TYPES = frozenset({"enum", "hex", "base64", "hex_or_base64", "list"})
TYPES = frozenset(SIMPLE_CHECKS) | COMPOUND_TYPES


def convert(type_name: str, value: str, items: str | None = None, separator: str = ",") -> Any:
    """The typed Python value for an already-validated string."""
    if type_name in ("int", "port"):
        return int(value)
    if type_name == "float":
        return float(value)
    if type_name == "bool":
        return parse_bool(value)
    if type_name == "duration":
        return parse_duration(value)
    if type_name == "json":
        return json.loads(value)
    if type_name == "list":
        parts = split_list(value, separator)
        return tuple(convert(items or "string", p, None) for p in parts)
    return value


def split_list(value: str, separator: str = ",") -> list[str]:
    return [p.strip() for p in value.split(separator) if p.strip()]

"""Each declared type and constraint accepts what it should and rejects what it should."""

from __future__ import annotations

from typing import Any

import pytest

from envguard.checks.values import value_problems
from envguard.schema.model import VarSpec
from envguard.schema.types import convert, parse_duration


def spec(**fields: Any) -> VarSpec:
    return VarSpec(key="K", **fields)


CASES = [
    # (fields, value, ok)
    ({"type": "int"}, "42", True),
    ({"type": "int"}, "-7", True),
    ({"type": "int"}, "4.2", False),
    ({"type": "float"}, "4.2", True),
    ({"type": "float"}, "1e3", True),
    ({"type": "float"}, "abc", False),
    ({"type": "bool"}, "true", True),
    ({"type": "bool"}, "Off", True),
    ({"type": "bool"}, "1", True),
    ({"type": "bool"}, "maybe", False),
    ({"type": "port"}, "5432", True),
    ({"type": "port"}, "0", False),
    ({"type": "port"}, "65536", False),
    ({"type": "enum", "values": ("a", "b")}, "a", True),
    ({"type": "enum", "values": ("a", "b")}, "c", False),
    ({"type": "url"}, "https://example.com/x", True),
    ({"type": "url"}, "localhost:5432/postgres", False),  # zod's url() accepts this one
    ({"type": "url"}, "not a url", False),
    ({"type": "url", "schemes": ("amqp",)}, "amqp://h", True),
    ({"type": "url", "schemes": ("amqp",)}, "http://h", False),
    ({"type": "https_url"}, "https://example.com", True),
    ({"type": "https_url"}, "http://example.com", False),
    ({"type": "postgres_url"}, "postgresql://u:p@h:5432/db?sslmode=require", True),
    ({"type": "postgres_url"}, "postgres://h/db", True),
    ({"type": "postgres_url"}, "mysql://h/db", False),
    ({"type": "postgres_url"}, "postgres://:5432", False),
    ({"type": "redis_url"}, "rediss://default:p@h.upstash.io:6379", True),  # envguard: allow
    ({"type": "redis_url"}, "http://h", False),
    ({"type": "email"}, "ops@example.com", True),
    ({"type": "email"}, "ops@", False),
    ({"type": "duration"}, "30s", True),
    ({"type": "duration"}, "24h", True),
    ({"type": "duration"}, "30d", True),
    ({"type": "duration"}, "30 days", False),
    ({"type": "json"}, '{"a": [1, 2]}', True),
    ({"type": "json"}, "{a: 1}", False),
    ({"type": "regex"}, r"^a+\d$", True),
    ({"type": "regex"}, "(", False),
    ({"type": "hex", "bytes": 32}, "ab" * 32, True),
    ({"type": "hex", "bytes": 32}, "ab" * 31, False),
    ({"type": "hex"}, "xyz", False),
    ({"type": "base64", "bytes": 32}, "A" * 43 + "=", True),
    ({"type": "base64", "bytes": 32}, "A" * 20, False),
    ({"type": "hex_or_base64", "bytes": 32}, "0f" * 32, True),
    ({"type": "hex_or_base64", "bytes": 32}, "A" * 43 + "=", True),
    ({"type": "hex_or_base64", "bytes": 32}, "short", False),
    ({"type": "list", "items": "https_url"}, "https://a.com, https://b.com", True),
    ({"type": "list", "items": "https_url"}, "https://a.com,http://b.com", False),
    ({"type": "list", "items": "int", "separator": ";"}, "1;2;3", True),
    ({"type": "int", "min": 0, "max": 100}, "100", True),
    ({"type": "int", "min": 0, "max": 100}, "101", False),
    ({"type": "float", "min": 0}, "-0.5", False),
    ({"min_length": 32}, "x" * 32, True),
    ({"min_length": 32}, "x" * 31, False),
    ({"max_length": 3}, "abcd", False),
    ({"prefix": ("sk-",)}, "sk-abc", True),
    ({"prefix": ("sk-",)}, "pk-abc", False),
]


@pytest.mark.parametrize(("fields", "value", "ok"), CASES)
def test_type_and_constraints(fields: dict[str, Any], value: str, ok: bool) -> None:
    problems = value_problems(spec(**fields), value, {})
    assert (problems == []) is ok, problems


@pytest.mark.parametrize(("fields", "value"), [c[:2] for c in CASES if not c[2]])
def test_problem_text_never_contains_the_value(fields: dict[str, Any], value: str) -> None:
    for problem in value_problems(spec(**fields), value, {}):
        assert value not in problem or len(value) < 3


def test_pattern_constraint() -> None:
    s = spec(pattern=r"[a-z]+-\d+")
    assert value_problems(s, "abc-12", {}) == []
    assert value_problems(s, "abc-12x", {}) == ["must match the pattern [a-z]+-\\d+"]


def test_conversions() -> None:
    assert convert("int", "42") == 42
    assert convert("bool", "yes") is True
    assert convert("duration", "24h") == parse_duration("1d")
    assert convert("list", "1, 2", items="int") == (1, 2)
    assert convert("json", '{"a": 1}') == {"a": 1}


def test_clerk_publishable_key_prefix_agrees_with_its_host() -> None:
    from envguard.schema.structure import run_check
    from tests.fakes import clerk_publishable

    assert run_check("clerk-publishable", clerk_publishable("test")) is None
    assert run_check("clerk-publishable", clerk_publishable("live", "clerk.example.com")) is None
    assert run_check("clerk-publishable", clerk_publishable("test", "clerk.example.com")) == (
        "is a pk_test_ key for a production Clerk host")
    assert run_check("clerk-publishable", clerk_publishable("live")) == (
        "is a pk_live_ key for a development Clerk host")

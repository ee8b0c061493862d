"""Secret-named assignments in the syntaxes the peer corpus showed envguard missing:
Go typed vars, PHP ``.=``, Makefile ``::=`` / ``:::=`` / ``?=``, Java ``setProperty``,
and env blobs inside a JSON string. Values are fresh random tokens (tests/fakes.py)."""

from __future__ import annotations

import pytest

from envguard.secrets import Scanner
from envguard.sources.gitdiff import FilePatch
from tests import fakes

VALUE = fakes.token(24, fakes.HEX + "ghijklmnopqrstuvwxyz")

SYNTAXES = {
    "go typed var": 'var apiToken string = "{v}"',
    "php append": '$apiToken .= "{v}"',
    "make shell": 'API_TOKEN ::= "{v}"',
    "make evaluated shell": 'API_TOKEN :::= "{v}"',
    "make conditional": 'API_TOKEN ?= "{v}"',
    "java setProperty": 'System.setProperty("API_TOKEN", "{v}")',
    "env blob in json": '{{"config.ini": "API_TOKEN={v}\\nBACKUP_ENABLED=true"}}',
    "dotted token": 'apiToken = "sat.{v}.{v2}"',
}


@pytest.fixture(scope="module")
def scanner() -> Scanner:
    return Scanner()


def findings(scanner: Scanner, line: str) -> list[str]:
    patch = FilePatch(path="src/settings", status="modified", numbers=[1], texts=[line])
    return [d.finding.message + str(d.finding.to_dict()) for d in scanner.scan_patch(patch)]


@pytest.mark.parametrize("syntax", sorted(SYNTAXES))
def test_secret_named_assignment_is_found(scanner: Scanner, syntax: str) -> None:
    line = SYNTAXES[syntax].format(v=VALUE, v2=fakes.token(20, fakes.HEX + "xyz"))
    found = findings(scanner, line)
    assert found, syntax
    assert not any(VALUE in f for f in found)


@pytest.mark.parametrize("line", [
    'var apiToken string = "changeme"',
    'System.setProperty("LOG_LEVEL", "debug")',
    '{"config.ini": "API_TOKEN=${TOKEN}\\nBACKUP_ENABLED=true"}',
    'token = settings.auth.token_value',
    'API_TOKEN ?= $(shell cat token.txt)',
])
def test_references_and_placeholders_stay_quiet(scanner: Scanner, line: str) -> None:
    assert findings(scanner, line) == []

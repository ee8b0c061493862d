"""Findings: stable fingerprints and the one place the exit code comes from."""

from __future__ import annotations

import pytest

from envguard.findings import Finding, Result, Severity
from envguard.model import Origin


def finding(severity: Severity = Severity.ERROR, **extra: object) -> Finding:
    return Finding("stripe-secret-key", severity, "Stripe key added", key="KEY",
                   origin=Origin("app.py", 3), extra=dict(extra))


def test_fingerprint_is_stable_and_place_specific() -> None:
    assert finding().fingerprint == finding().fingerprint
    moved = Finding("stripe-secret-key", Severity.ERROR, "x", key="KEY", origin=Origin("app.py", 4))
    assert moved.fingerprint != finding().fingerprint


def test_fingerprint_tells_commits_apart() -> None:
    assert finding(commit="a" * 40).fingerprint != finding(commit="b" * 40).fingerprint
    assert finding(commit="a" * 40).fingerprint != finding().fingerprint


@pytest.mark.parametrize(("severities", "fail_on", "code"), [
    ([], Severity.ERROR, 0),
    ([Severity.WARNING, Severity.INFO], Severity.ERROR, 0),
    ([Severity.WARNING], Severity.WARNING, 1),
    ([Severity.ERROR], Severity.ERROR, 1),
    ([Severity.INFO], Severity.INFO, 1),
])
def test_exit_code(severities: list[Severity], fail_on: Severity, code: int) -> None:
    result = Result(fail_on=fail_on)
    result.extend(finding(s) for s in severities)
    assert result.exit_code == code
    assert result.summary()["failed"] is bool(code)


def test_severity_parse() -> None:
    assert Severity.parse(" Warning ") is Severity.WARNING
    with pytest.raises(ValueError, match="unknown severity"):
        Severity.parse("fatal")

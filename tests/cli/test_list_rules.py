"""``--list-rules`` on every command that reports findings, and SARIF rule descriptors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from envguard import catalog, registry
from envguard.cli import main
from envguard.findings import Finding, Result, Severity
from envguard.model import Origin
from envguard.reporters.sarif import render as sarif

COMMANDS = ("check", "compare", "flags", "scan")


@pytest.mark.parametrize("command", COMMANDS)
def test_json_lists_the_commands_rules(command: str, tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    assert main([command, "--list-rules", "--format", "json"]) == 0
    rules = json.loads(capsys.readouterr().out)
    assert rules == [r.to_dict() for r in catalog.for_command(command)]
    assert all(set(r) == {"id", "severity", "summary", "help", "security", "kind"}
               for r in rules)


def test_each_command_lists_its_own_kinds(capsys: pytest.CaptureFixture[str]) -> None:
    ids = {c: {r.id for r in catalog.for_command(c)} for c in COMMANDS}
    assert {"parse-error", "secret-exposed", "shared-secret"} <= ids["check"]
    assert "flag-stale" not in ids["check"] and "stripe-secret-key" not in ids["check"]
    assert {"type-drift", "missing-required", "wrong-mode"} <= ids["compare"]
    assert {"flag-stale", "duplicate-key"} <= ids["flags"]
    assert {"stripe-secret-key", "ds-gitlab-token", "env-file-committed"} <= ids["scan"]


def test_text_table_is_aligned_with_severity_kind_and_security(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["check", "--list-rules"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["RULE", "SEVERITY", "KIND", "SECURITY", "SUMMARY"]
    start = lines[0].index("SUMMARY")
    exposed = next(line for line in lines if line.startswith("secret-exposed "))
    assert exposed.split()[:4] == ["secret-exposed", "error", "check", "yes"]
    assert exposed[start:] == registry.RULES["secret-exposed"].summary
    assert all(line[start - 2:start] == "  " for line in lines)


def test_scan_list_rules_json_is_json(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["scan", "--list-rules", "--format", "json"]) == 0
    rules = {r["id"]: r for r in json.loads(capsys.readouterr().out)}
    assert rules["stripe-secret-key"]["kind"] == "scan" and rules["stripe-secret-key"]["security"]
    assert "private-key" in rules and "ds-gitlab-token" in rules


def _doc(*findings: Finding) -> dict[str, object]:
    doc: dict[str, object] = json.loads(sarif(Result(list(findings))))
    return doc


def test_sarif_descriptors_come_from_the_registry() -> None:
    doc = _doc(Finding("secret-exposed", Severity.ERROR, "m", key="K", origin=Origin("a", 1)),
               Finding("lowercase-key", Severity.WARNING, "m", key="k", origin=Origin("a", 2)),
               Finding("stripe-secret-key", Severity.ERROR, "m", origin=Origin("b", 1)))
    rules = {r["id"]: r for r in doc["runs"][0]["tool"]["driver"]["rules"]}  # type: ignore[index]
    exposed, lower, stripe = (rules["secret-exposed"], rules["lowercase-key"],
                              rules["stripe-secret-key"])
    info = registry.RULES["secret-exposed"]
    assert exposed["shortDescription"]["text"] == info.summary
    assert exposed["fullDescription"]["text"] == info.help == exposed["help"]["text"]
    assert "security" in exposed["properties"]["tags"]
    assert exposed["properties"]["security-severity"] == "8.5"
    assert "security" not in lower["properties"]["tags"]
    assert "security-severity" not in lower["properties"]
    assert lower["defaultConfiguration"]["level"] == "warning"
    assert {"security", "secrets"} <= set(stripe["properties"]["tags"])
    assert stripe["shortDescription"]["text"] == catalog.get("stripe-secret-key").summary  # type: ignore[union-attr]


def test_sarif_for_an_unregistered_library_rule_stays_valid() -> None:
    doc = _doc(Finding("my-rule", Severity.INFO, "m", origin=Origin("a", 1)))
    rule = doc["runs"][0]["tool"]["driver"]["rules"][0]  # type: ignore[index]
    assert rule["id"] == "my-rule" and rule["shortDescription"]["text"]
    assert "properties" not in rule

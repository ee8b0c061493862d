"""``[tool.envguard] severity``: one table, applied by every command and hook."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from envguard.catalog import parse_overrides
from envguard.cli import main
from envguard.config import find_config
from envguard.errors import InputError
from envguard.findings import Finding, Severity
from envguard.overrides import apply_overrides
from tests.conftest import ROOT

VIBELOG = ROOT / "examples" / "vibelog"


def project(tmp_path: Path, severity: str) -> Path:
    (tmp_path / ".git").mkdir(exist_ok=True)
    (tmp_path / "envguard.toml").write_text(f"severity = {{ {severity} }}\n")
    return tmp_path


def run_json(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, list[dict]]:
    code = main(argv)
    return code, json.loads(capsys.readouterr().out)["findings"]


def test_apply_changes_severity_and_off_drops() -> None:
    findings = [Finding("lowercase-key", Severity.WARNING, "m"),
                Finding("unknown-key", Severity.WARNING, "m"),
                Finding("parse-error", Severity.ERROR, "m")]
    out = apply_overrides(findings, {"lowercase-key": None, "unknown-key": Severity.ERROR})
    assert [(f.rule, f.severity) for f in out] == [("unknown-key", Severity.ERROR),
                                                   ("parse-error", Severity.ERROR)]


def test_config_keeps_levels_as_written_and_rejects_bad_levels(tmp_path: Path) -> None:
    project(tmp_path, '"lowercase-key" = "OFF", unknown-key = "error"')
    config = find_config(tmp_path)
    assert config.severity == {"lowercase-key": "off", "unknown-key": "error"}
    (tmp_path / "envguard.toml").write_text('severity = { unknown-key = "fatal" }\n')
    with pytest.raises(InputError, match=r"envguard.toml:1: \[severity\]: unknown-key .*fatal"):
        find_config(tmp_path)


def test_unknown_id_names_the_file_and_the_near_miss() -> None:
    with pytest.raises(InputError) as err:
        parse_overrides({"lowercase-keys": "off"}, lambda rule: f"pyproject.toml:14 ({rule})")
    assert str(err.value).startswith("pyproject.toml:14 (lowercase-keys): severity: unknown")
    assert "did you mean 'lowercase-key'?" in str(err.value)


def test_provider_and_plugin_ids_are_accepted() -> None:
    assert parse_overrides({"stripe-secret-key": "warning", "ds-gitlab-token": "off"}) \
        == {"stripe-secret-key": Severity.WARNING, "ds-gitlab-token": None}


def test_check_applies_overrides_and_exits_by_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / ".env").write_text("lower_key=1\nNODE_ENV=development\n")
    args = ["check", ".env", "--stack", "vibelog", "--env", "development", "--format", "json"]
    monkeypatch.chdir(tmp_path)
    _, before = run_json(args, capsys)
    assert {"lowercase-key", "unknown-key"} <= {f["rule"] for f in before}
    project(tmp_path, 'lowercase-key = "off", unknown-key = "error"')
    code, after = run_json(args, capsys)
    rules = {f["rule"]: f["severity"] for f in after}
    assert "lowercase-key" not in rules and rules["unknown-key"] == "error"
    assert code == 1


def test_unknown_id_is_exit_2_for_every_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    project(tmp_path, 'placeholdr = "off"')
    (tmp_path / ".env").write_text("A=1\n")
    monkeypatch.chdir(tmp_path)
    for argv in (["check", ".env", "--stack", "vibelog"], ["scan", "."],
                 ["compare", "a=.env", "b=.env"], ["flags", "a=.env", "b=.env"]):
        assert main(argv) == 2, argv
        err = capsys.readouterr().err
        assert "envguard.toml" in err and "did you mean 'placeholder'?" in err, argv


def test_compare_applies_overrides(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "dev.env").write_text("A=1\nB=2\n")
    (tmp_path / "prod.env").write_text("A=1\n")
    monkeypatch.chdir(tmp_path)
    args = ["compare", "development=dev.env", "production=prod.env", "--format", "json"]
    _, before = run_json(args, capsys)
    assert "missing-in-environment" in {f["rule"] for f in before}
    project(tmp_path, 'missing-in-environment = "off"')
    _, after = run_json(args, capsys)
    assert "missing-in-environment" not in {f["rule"] for f in after}


def test_flags_applies_overrides_below_the_flag_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for env in ("development", "production"):
        (tmp_path / f".env.{env}").write_text("ENABLE_X=true\nENABLE_X=true\n")
    monkeypatch.chdir(tmp_path)
    args = ["flags", "development=.env.development", "production=.env.production",
            "--format", "json"]
    _, before = run_json(args, capsys)
    assert {"flag-stale", "duplicate-key"} <= {f["rule"] for f in before}
    project(tmp_path, 'flag-stale = "off", duplicate-key = "off"')
    _, after = run_json(args, capsys)
    assert not {"flag-stale", "duplicate-key"} & {f["rule"] for f in after}
    # --severity is more specific than the project table
    _, cli = run_json([*args, "--severity", "flag-stale=error"], capsys)
    assert {(f["rule"], f["severity"]) for f in cli} == {("flag-stale", "error")}


def test_scan_applies_overrides_to_provider_rules_before_the_baseline(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "app.py").write_text(
        'DB = "postgres://app:Zr8qT2vLw9pXk4Hq@db.acme-corp.io:5432/app"\n')
    monkeypatch.chdir(tmp_path)
    code, before = run_json(["scan", "app.py", "--format", "json"], capsys)
    assert [(f["rule"], f["severity"]) for f in before] == [
        ("postgres-url-with-password", "warning")] and code == 0
    project(tmp_path, 'postgres-url-with-password = "error"')
    code, after = run_json(["scan", "app.py", "--format", "json"], capsys)
    assert [(f["rule"], f["severity"]) for f in after] == [
        ("postgres-url-with-password", "error")] and code == 1
    project(tmp_path, 'postgres-url-with-password = "off"')
    assert main(["scan", "app.py", "--update-baseline"]) == 0
    assert ": 0 new entries, 0 in total" in capsys.readouterr().err


def test_dotenv_hook_applies_overrides(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from pre_commit_hooks import dotenv

    (tmp_path / ".env.development").write_text("lower=1\n")
    monkeypatch.chdir(tmp_path)
    assert dotenv.main(["--fail-on", "warning", ".env.development"]) == 1
    assert "lowercase-key" in capsys.readouterr().err
    project(tmp_path, 'lowercase-key = "off"')
    assert dotenv.main(["--fail-on", "warning", ".env.development"]) == 0
    project(tmp_path, 'lowercase-kee = "off"')
    assert dotenv.main([".env.development"]) == 2
    assert "did you mean 'lowercase-key'?" in capsys.readouterr().err

"""``envguard lint`` and ``envguard check`` without a schema: the rules that need none."""

from __future__ import annotations

import json
from pathlib import Path

import envguard
from tests.conftest import Run


def test_lint_reports_file_rules_and_fails_on_warnings(run_envguard: Run, tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("A=1\nfoo=bar\nB = 2\nA=3\n")
    proc = run_envguard(["lint", ".env", "--format", "json"], cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    found = {(f["rule"], f["line"]) for f in json.loads(proc.stdout)["findings"]}
    assert found == {("lowercase-key", 2), ("spaces-around-equals", 3), ("duplicate-key", 4)}
    assert run_envguard(["lint", ".env", "--fail-on", "error"], cwd=tmp_path).returncode == 0


def test_check_without_a_schema_lints_instead_of_refusing(run_envguard: Run,
                                                          tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("foo=bar\n")
    proc = run_envguard(["check", ".env"], cwd=tmp_path)
    assert proc.returncode == 0  # warnings only; check fails on errors by default
    assert "lowercase-key" in proc.stdout and "only the file rules were checked" in proc.stderr
    assert run_envguard(["check"], cwd=tmp_path).returncode == 0  # ./.env by default


def test_a_secret_in_a_browser_variable_is_found_without_a_schema(run_envguard: Run,
                                                                  tmp_path: Path) -> None:
    from tests.fakes import stripe_key

    key = stripe_key("sk", "live")
    (tmp_path / ".env").write_text(f"NEXT_PUBLIC_STRIPE_KEY={key}\n")
    proc = run_envguard(["lint", ".env"], cwd=tmp_path)
    assert proc.returncode == 1 and "secret-exposed" in proc.stdout
    body = key.removeprefix("sk_live_")
    assert not any(body[i:i + 8] in proc.stdout + proc.stderr for i in range(len(body) - 7))


def test_utf16_env_file_is_an_error(run_envguard: Run, tmp_path: Path) -> None:
    """python-dotenv's load_dotenv() fails on it; envguard reads it, and says so."""
    (tmp_path / ".env").write_bytes("A=1\n".encode("utf-16"))
    proc = run_envguard(["lint", ".env", "--format", "json"], cwd=tmp_path)
    assert proc.returncode == 1
    assert [f["rule"] for f in json.loads(proc.stdout)["findings"]] == ["not-utf8-dotenv"]


def test_env_file_starting_with_a_bracket_is_not_json(run_envguard: Run, tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("[section]\nA=1\n")
    proc = run_envguard(["lint", ".env", "--format", "json"], cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert [f["rule"] for f in json.loads(proc.stdout)["findings"]] == ["key-without-value"]
    (tmp_path / "export.env").write_text('{"A": "1"}')  # JSON content still reads as JSON
    assert envguard.read(str(tmp_path / "export.env")).format == "json"


def test_lint_lists_its_rules(run_envguard: Run) -> None:
    proc = run_envguard(["lint", "--list-rules", "--format", "json"])
    kinds = {r["kind"] for r in json.loads(proc.stdout)}
    assert proc.returncode == 0 and kinds == {"reader", "lint", "check"}


def test_public_reading_api(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("A=1\nA=2\n")
    read = envguard.read(str(tmp_path / ".env"))
    assert read.format == "dotenv" and [v.value for v in read.envset.definitions("A")] == [
        "1", "2"]
    assert envguard.read_text('RAILWAY_ENVIRONMENT=x\nB=1\n', "vars").format == "railway-kv"
    result = envguard.lint([str(tmp_path / ".env")])
    assert [f.rule for f in result.findings] == ["duplicate-key"] and result.exit_code == 1
    assert isinstance(read, envguard.SourceRead)

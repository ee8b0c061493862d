"""``envguard scan --min-confidence`` (issue 11): findings below it are left out of every
report and of the exit code, and counted in the summary; default ``medium``, so high and
medium findings fail a run and low ones do not. The secrets hook takes the same option."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Run
from tests.fakes import ALNUM, token
from tests.gitrepo import git, isolated_repo
from tests.support.ci import check_sarif_for_github

STRONG = token(28, ALNUM)
#: a bare secret word (weak context) holding a random value: a low-confidence guess
LOW = f'token = "{STRONG}"\n'
#: a specific name, a random value, a non-test path: a medium-confidence finding
MEDIUM = f'DB_PASSWORD = "{STRONG}"\n'


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git repository (so the configuration lookup stops at its root)."""
    path = isolated_repo(tmp_path, monkeypatch)
    (path / "app").mkdir()
    return path


def _json(run: Run, repo: Path, *args: str) -> tuple[int, dict[str, object]]:
    proc = run(["scan", "app", "--format", "json", *args], cwd=repo)
    assert STRONG not in proc.stdout + proc.stderr
    return proc.returncode, json.loads(proc.stdout)


def test_low_confidence_findings_are_counted_but_not_reported_by_default(
        run_envguard: Run, repo: Path) -> None:
    (repo / "app" / "client.py").write_text(LOW)
    code, doc = _json(run_envguard, repo)
    assert code == 0 and doc["findings"] == []
    summary = doc["summary"]
    assert isinstance(summary, dict)
    assert summary["min_confidence"] == "medium" and summary["below_min_confidence"] == 1
    text = run_envguard(["scan", "app"], cwd=repo)
    assert text.returncode == 0
    assert "1 finding below --min-confidence medium not shown" in " ".join(text.stdout.split())
    code, doc = _json(run_envguard, repo, "--min-confidence", "low")
    findings = doc["findings"]
    assert isinstance(findings, list)
    assert code == 1 and [(f["rule"], f["confidence"]) for f in findings] == [
        ("secret-assignment", "low")]
    assert doc["summary"]["below_min_confidence"] == 0  # type: ignore[index]


def test_medium_findings_fail_by_default_and_high_keeps_only_exact_formats(
        run_envguard: Run, repo: Path) -> None:
    (repo / "app" / "settings.py").write_text(MEDIUM)
    code, doc = _json(run_envguard, repo)
    assert code == 1
    assert [f["confidence"] for f in doc["findings"]] == ["medium"]  # type: ignore[union-attr]
    code, doc = _json(run_envguard, repo, "--min-confidence", "high")
    assert code == 0 and doc["findings"] == []
    assert doc["summary"]["below_min_confidence"] == 1  # type: ignore[index]


def test_every_format_reports_the_same_findings(run_envguard: Run, repo: Path) -> None:
    (repo / "app" / "client.py").write_text(LOW)
    (repo / "app" / "settings.py").write_text(MEDIUM)
    sarif = run_envguard(["scan", "app", "--format", "sarif"], cwd=repo)
    results = check_sarif_for_github(json.loads(sarif.stdout))
    assert sarif.returncode == 1
    assert [r["properties"]["precision"] for r in results] == ["medium"]  # type: ignore[index]
    run = json.loads(sarif.stdout)["runs"][0]
    assert run["properties"] == {"minConfidence": "medium", "belowMinConfidence": 1}
    [note] = run["invocations"][0]["toolExecutionNotifications"]
    assert "1 finding below --min-confidence medium not shown" in note["message"]["text"]
    every = run_envguard(["scan", "app", "--format", "sarif", "--min-confidence", "low"],
                         cwd=repo)
    precisions = sorted(r["properties"]["precision"]  # type: ignore[index]
                        for r in check_sarif_for_github(json.loads(every.stdout)))
    assert precisions == ["low", "medium"]
    assert "invocations" not in json.loads(every.stdout)["runs"][0]  # nothing held back
    github = run_envguard(["scan", "app", "--format", "github"], cwd=repo)
    assert github.returncode == 1
    assert github.stdout.count("::error ") == 1 and "settings.py" in github.stdout
    assert "1 finding below --min-confidence medium not shown" in github.stdout
    markdown = run_envguard(["scan", "app", "--format", "markdown"], cwd=repo)
    assert markdown.returncode == 1 and markdown.stdout.count("- ❌") == 1
    assert "1 finding below --min-confidence medium not shown" in markdown.stdout
    for proc in (sarif, every, github, markdown):
        assert STRONG not in proc.stdout


def test_configured_min_confidence_and_bad_values(run_envguard: Run, repo: Path) -> None:
    (repo / "app" / "client.py").write_text(LOW)
    (repo / "pyproject.toml").write_text('[tool.envguard.scan]\nmin_confidence = "low"\n')
    assert run_envguard(["scan", "app"], cwd=repo).returncode == 1
    # the option wins over the configuration
    assert run_envguard(["scan", "app", "--min-confidence", "medium"], cwd=repo).returncode == 0
    (repo / "pyproject.toml").write_text('[tool.envguard.scan]\nmin_confidence = "lo"\n')
    bad = run_envguard(["scan", "app"], cwd=repo)
    assert bad.returncode == 2 and "pyproject.toml:2" in bad.stderr and "low" in bad.stderr
    (repo / "pyproject.toml").unlink()
    usage = run_envguard(["scan", "app", "--min-confidence", "certain"], cwd=repo)
    assert usage.returncode == 2 and "--min-confidence" in usage.stderr


def test_secrets_hook_takes_min_confidence(repo: Path, monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    from envguard_hooks import secrets

    monkeypatch.chdir(repo)
    (repo / "app" / "client.py").write_text(LOW)
    git(repo, "add", "-A")
    assert secrets.main(["app/client.py"]) == 0
    assert "below --min-confidence medium" in capsys.readouterr().out
    assert secrets.main(["--min-confidence", "low", "app/client.py"]) == 1
    assert secrets.main(["--min-confidence=low", "--", "app/client.py"]) == 1
    out = capsys.readouterr().out
    assert "app/client.py" in out and STRONG not in out


def test_baseline_records_what_the_run_reports(run_envguard: Run, repo: Path) -> None:
    """A finding held back by --min-confidence is not accepted by the baseline either: a
    later run that asks for it sees it as new."""
    (repo / "app" / "client.py").write_text(LOW)
    (repo / "app" / "settings.py").write_text(MEDIUM)
    assert run_envguard(["scan", "app", "--update-baseline"], cwd=repo).returncode == 0
    code, doc = _json(run_envguard, repo)
    assert code == 0 and doc["summary"]["baselined"] == 1  # type: ignore[index]
    code, doc = _json(run_envguard, repo, "--min-confidence", "low")
    assert code == 1
    assert [f["confidence"] for f in doc["findings"]] == ["low"]  # type: ignore[union-attr]

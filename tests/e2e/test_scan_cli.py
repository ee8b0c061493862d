"""``envguard scan`` end to end: the installed command, real git, every output format."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from tests.fakes import secret_kinds, token
from tests.gitrepo import commit_all, git, git_env, init_repo

pytestmark = pytest.mark.e2e

KEYS = secret_kinds()
STRIPE = KEYS["stripe-secret"][1]
GITHUB = KEYS["github-pat"][1]


def envguard(*args: str, cwd: Path,
             stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["envguard", "scan", *args], cwd=cwd, env=git_env(str(cwd.parent)),
                          input=stdin.decode() if stdin else None, capture_output=True,
                          text=True, check=False, timeout=120)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    path = tmp_path / "repo"
    init_repo(path)
    (path / "README.md").write_text("hello\n")
    commit_all(path, "init")
    return path


def test_staged_finding_exit_1_with_path_line_rule_provider_mode(repo: Path) -> None:
    (repo / "app.py").write_text(f"import os\nSTRIPE_KEY = \"{STRIPE}\"\n")
    git(repo, "add", "app.py")
    proc = envguard("--staged", "--format", "json", cwd=repo)
    assert proc.returncode == 1, proc.stderr
    (finding,) = json.loads(proc.stdout)["findings"]
    assert (finding["file"], finding["line"], finding["rule"]) == ("app.py", 2,
                                                                   "stripe-secret-key")
    assert finding["provider"] == "stripe" and finding["mode"] == "live"
    assert finding["fingerprint"]
    assert "sk_live_…[redacted]" in finding["message"]
    assert STRIPE not in proc.stdout + proc.stderr


def test_clean_staged_change_exits_0(repo: Path) -> None:
    (repo / "app.py").write_text("print('hi')\n")
    git(repo, "add", "app.py")
    proc = envguard("--staged", cwd=repo)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "no problems found" in proc.stdout


def test_staged_outside_a_repository_exits_2(tmp_path: Path) -> None:
    outside = tmp_path / "plain"
    outside.mkdir()
    env = {**git_env(str(tmp_path)), "GIT_CEILING_DIRECTORIES": str(tmp_path)}
    proc = subprocess.run(["envguard", "scan", "--staged"], cwd=outside, env=env,
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 2
    assert "envguard: error: --staged needs a git repository" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_diff_from_file_and_stdin(repo: Path) -> None:
    diff = (f"diff --git a/x.env b/x.env\n--- a/x.env\n+++ b/x.env\n@@ -3,0 +4 @@\n"
            f"+GITHUB_TOKEN={GITHUB}\n")
    (repo / "p.diff").write_text(diff)
    from_file = envguard("--diff", "p.diff", "--format", "json", cwd=repo)
    from_stdin = envguard("--diff", "-", "--format", "json", cwd=repo, stdin=diff.encode())
    for proc in (from_file, from_stdin):
        assert proc.returncode == 1
        (finding,) = json.loads(proc.stdout)["findings"]
        assert (finding["file"], finding["line"], finding["rule"]) == ("x.env", 4, "github-pat")
        assert finding["confidence"] == "high"


def test_truncated_diff_exits_2_naming_the_line(repo: Path) -> None:
    (repo / "bad.diff").write_text("--- a/x\n+++ b/x\n@@ -1,3 +1,3 @@\n a\n")
    proc = envguard("--diff", "bad.diff", cwd=repo)
    assert proc.returncode == 2
    assert "bad.diff: line 5: truncated hunk" in proc.stderr


def test_empty_diff_is_clean(repo: Path) -> None:
    (repo / "empty.diff").write_text("")
    assert envguard("--diff", "empty.diff", cwd=repo).returncode == 0


def test_missing_diff_file_exits_2(repo: Path) -> None:
    proc = envguard("--diff", "nope.diff", cwd=repo)
    assert proc.returncode == 2 and "nope.diff: cannot read diff" in proc.stderr


def test_rev_range_and_history(repo: Path) -> None:
    base = git(repo, "rev-parse", "HEAD").strip()
    (repo / "c.yaml").write_text(f"token: {GITHUB}\n")
    leaked = commit_all(repo, "leak")
    (repo / "c.yaml").write_text("token: ${TOKEN}\n")
    commit_all(repo, "fix")
    ranged = envguard("--rev-range", f"{base}..HEAD", "--format", "json", cwd=repo)
    history = envguard("--history", "--format", "json", cwd=repo)
    for proc in (ranged, history):
        assert proc.returncode == 1, proc.stderr
        (finding,) = json.loads(proc.stdout)["findings"]
        assert finding["commit"] == leaked and finding["line"] == 1
    assert json.loads(history.stdout)["summary"]["commits"] == 3
    assert envguard("--rev-range", f"{leaked}..HEAD", cwd=repo).returncode == 0


def test_paths_respect_gitignore_inside_a_repository(repo: Path) -> None:
    (repo / ".gitignore").write_text("ignored/\n")
    (repo / "ignored").mkdir()
    (repo / "ignored" / "k.py").write_text(f"K = \"{STRIPE}\"\n")
    (repo / "src").mkdir()
    (repo / "src" / "k.py").write_text(f"\n\nK = \"{STRIPE}\"\n")
    proc = envguard(".", "--format", "json", cwd=repo)
    assert proc.returncode == 1
    files = [(f["file"], f["line"]) for f in json.loads(proc.stdout)["findings"]]
    assert files == [("src/k.py", 3)]
    assert envguard("ignored/k.py", cwd=repo).returncode == 1  # named explicitly


def test_sarif_is_valid_2_1_0_for_github(repo: Path) -> None:
    (repo / "a b.py").write_text(f"K = \"{STRIPE}\"\npassword = \"Zx81#kdLq29a\"\n")
    git(repo, "add", "-A")
    proc = envguard("--staged", "--format", "sarif", cwd=repo)
    assert proc.returncode == 1
    doc = json.loads(proc.stdout)
    assert doc["version"] == "2.1.0" and doc["$schema"].endswith("sarif-2.1.0.json")
    (run,) = doc["runs"]
    rules = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert rules == ["stripe-secret-key", "secret-assignment"]
    for result in run["results"]:
        assert rules[result["ruleIndex"]] == result["ruleId"]
        assert result["level"] == "error" and result["message"]["text"]
        loc = result["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"]["uri"] == "a%20b.py"
        assert loc["region"]["startLine"] >= 1
        assert result["partialFingerprints"]["envguard/v1"]
    assert STRIPE not in proc.stdout


def test_github_annotations(repo: Path) -> None:
    (repo / "x,y.env").write_text(f"A=1\nSTRIPE_SECRET_KEY={STRIPE}\n")
    git(repo, "add", "-A")
    proc = envguard("--staged", "--format", "github", cwd=repo)
    assert proc.returncode == 1
    first = proc.stdout.splitlines()[0]
    assert first.startswith(
        "::error file=x%2Cy.env,line=2,col=19,title=envguard stripe-secret-key::")
    assert "sk_live_…[redacted]" in first


def test_baseline_accepts_recorded_findings_and_stores_only_hashes(repo: Path) -> None:
    (repo / "k.py").write_text(f"K = \"{STRIPE}\"\n")
    git(repo, "add", "-A")
    update = envguard("--staged", "--update-baseline", cwd=repo)
    assert update.returncode == 0, update.stderr
    baseline = (repo / ".envguard-baseline.json").read_text()
    assert STRIPE not in baseline and STRIPE[8:30] not in baseline
    doc = json.loads(baseline)
    assert doc["secrets"][0]["file"] == "k.py" and len(doc["secrets"][0]["hash"]) == 64
    again = envguard("--staged", "--baseline", ".envguard-baseline.json", "--format", "json",
                     cwd=repo)
    assert again.returncode == 0 and json.loads(again.stdout)["summary"]["baselined"] == 1
    (repo / "k.py").write_text(f"K = \"{STRIPE}\"\nG = \"{GITHUB}\"\n")
    git(repo, "add", "-A")
    new = envguard("--staged", "--baseline", ".envguard-baseline.json", "--format", "json",
                   cwd=repo)
    assert new.returncode == 1
    assert [f["rule"] for f in json.loads(new.stdout)["findings"]] == ["github-pat"]


def test_bad_baseline_exits_2(repo: Path) -> None:
    (repo / "b.json").write_text("{not json")
    proc = envguard("--baseline", "b.json", "--staged", cwd=repo)
    assert proc.returncode == 2 and "b.json: line 1: baseline is not valid JSON" in proc.stderr


def test_config_excludes_and_test_key_severity(repo: Path) -> None:
    (repo / "pyproject.toml").write_text(
        "[tool.envguard.scan]\nexclude = [\"vendor/\"]\ntest_key_severity = \"error\"\n")
    (repo / "vendor").mkdir()
    (repo / "vendor" / "k.py").write_text(f"K = \"{STRIPE}\"\n")
    (repo / "t.py").write_text(f"K = \"sk_test_{token(30)}\"\n")  # repeated 'Ab1' reads as filler
    git(repo, "add", "-A")
    proc = envguard("--staged", "--format", "json", cwd=repo)
    findings = json.loads(proc.stdout)["findings"]
    assert [(f["file"], f["severity"]) for f in findings] == [("t.py", "error")]


def test_bad_config_exits_2(repo: Path) -> None:
    (repo / "envguard.toml").write_text("[scan]\nexclude = 3\n")
    proc = envguard("--staged", cwd=repo)
    assert proc.returncode == 2 and "envguard.toml:2: [scan]: exclude must be a list" in proc.stderr


def test_paths_and_a_diff_source_cannot_be_combined(repo: Path) -> None:
    proc = envguard("--rev-range", "HEAD~1..HEAD", "src", cwd=repo)
    assert proc.returncode == 2 and "cannot be combined" in proc.stderr


def test_staged_paths_limit_the_scan(repo: Path) -> None:
    (repo / "src").mkdir()
    (repo / "src" / "a.py").write_text(f"KEY = \"{STRIPE}\"\n")
    (repo / "b.py").write_text(f"KEY = \"{STRIPE}\"\n")
    git(repo, "add", "-A")
    proc = envguard("--staged", "--format", "json", "src", cwd=repo)
    assert proc.returncode == 1, proc.stderr
    assert [f["file"] for f in json.loads(proc.stdout)["findings"]] == ["src/a.py"]
    assert envguard("--staged", "README.md", cwd=repo).returncode == 0


def test_list_rules(repo: Path) -> None:
    proc = envguard("--list-rules", cwd=repo)
    assert proc.returncode == 0
    for rule in ("stripe-secret-key", "github-pat", "secret-assignment", "url-credentials",
                 "private-key", "env-file-committed"):
        assert rule in proc.stdout


def test_env_file_being_committed(repo: Path) -> None:
    (repo / ".env").write_text("PORT=3000\nSESSION_SECRET=" + token(40) + "\n")
    git(repo, "add", "-f", ".env")
    proc = envguard("--staged", "--format", "json", cwd=repo)
    rules = {f["rule"] for f in json.loads(proc.stdout)["findings"]}
    assert "env-file-committed" in rules and proc.returncode == 1


def test_output_file(repo: Path) -> None:
    (repo / "k.py").write_text(f"K = \"{STRIPE}\"\n")
    git(repo, "add", "-A")
    proc = envguard("--staged", "--format", "sarif", "-o", "out.sarif", cwd=repo)
    assert proc.returncode == 1 and proc.stdout == ""
    assert json.loads((repo / "out.sarif").read_text())["version"] == "2.1.0"
    assert os.path.getsize(repo / "out.sarif") > 100

"""CI outputs (issue 12): SARIF and annotations with repository-relative paths, several
reports in one run, the step summary, colour, the scan baseline and the staged hint."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from envguard._toml import loads_toml
from envguard.findings import Finding, Result, Severity
from envguard.model import Origin
from envguard.reporters import use_color
from envguard.reporters.github import render as annotations
from envguard.reporters.sarif import render as sarif
from tests.conftest import ROOT, Run
from tests.fakes import stripe_key
from tests.gitrepo import git, git_env, init_repo
from tests.support.ci import check_sarif_for_github, uris

ENV = "DATABASE_URL=postgres://localhost/app\nlower=1\nSECRET_KEY=changeme\n"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A git repository whose env file sits in a subfolder and is named by the config."""
    repo = tmp_path / "repo"
    init_repo(repo)
    (repo / "svc").mkdir()
    (repo / "svc" / ".env").write_text(ENV)
    (repo / "pyproject.toml").write_text(
        '[tool.envguard]\nstack = "vibelog"\n[tool.envguard.files]\n'
        'development = ["svc/.env"]\n')
    return repo


def _sarif(run: Run, args: list[str], cwd: Path) -> list[dict[str, object]]:
    proc = run(args, cwd=cwd)
    assert proc.returncode in (0, 1), proc.stderr
    return check_sarif_for_github(json.loads(proc.stdout))


# -- SARIF ------------------------------------------------------------------------------


def test_sarif_uris_are_relative_to_the_repository_root_for_every_input(
        run_envguard: Run, project: Path) -> None:
    """From the config (absolute paths), an absolute argument, a subfolder: one URI."""
    check = ["check", "--format", "sarif"]
    from_config = _sarif(run_envguard, check, project)
    absolute = _sarif(run_envguard, [*check, str(project / "svc" / ".env")], project)
    subfolder = _sarif(run_envguard, [*check, ".env"], project / "svc")
    assert uris(from_config) == uris(absolute) == uris(subfolder) == {"svc/.env"}
    fingerprints = [sorted(r["partialFingerprints"]["envguard/v1"]  # type: ignore[index]
                           for r in results) for results in (absolute, subfolder)]
    assert fingerprints[0] == fingerprints[1]


def test_scan_sarif_from_a_subfolder_names_files_from_the_root(
        run_envguard: Run, project: Path) -> None:
    env = git_env(str(project.parent))
    (project / "svc" / "app.py").write_text(f'KEY = "{stripe_key()}"\n')
    git(project, "add", "-A")
    for cwd in (project, project / "svc"):
        proc = run_envguard(["scan", "--staged", "--format", "sarif"], cwd=cwd, env=env)
        assert proc.returncode == 1, proc.stderr
        results = check_sarif_for_github(json.loads(proc.stdout))
        assert "svc/app.py" in uris(results)
        assert stripe_key() not in proc.stdout
    paths = _sarif(run_envguard, ["scan", "app.py", "--format", "sarif"], project / "svc")
    assert uris(paths) == {"svc/app.py"}


def _doc(*findings: Finding) -> dict[str, object]:
    doc: dict[str, object] = json.loads(sarif(Result(list(findings)), root=Path.cwd()))
    return doc


def test_sarif_rule_descriptors_precision_and_security(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    doc = _doc(
        Finding("spaces-around-equals", Severity.WARNING, "m", key="K", origin=Origin("a", 1)),
        Finding("stripe-secret-key", Severity.ERROR, "m", origin=Origin("b", 1),
                extra={"confidence": "low"}),
        Finding("stripe-secret-key", Severity.ERROR, "m", origin=Origin("b", 2)),
        Finding("secret-assignment", Severity.ERROR, "m", origin=Origin("c", 1)),
    )
    check_sarif_for_github(doc)  # type: ignore[arg-type]
    run = doc["runs"][0]  # type: ignore[index]
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    lint = rules["spaces-around-equals"]["properties"]
    assert "security" not in lint["tags"] and "security-severity" not in lint
    assert rules["spaces-around-equals"]["help"]["markdown"].startswith("**")
    assert rules["stripe-secret-key"]["properties"]["precision"] == "high"
    assert rules["secret-assignment"]["properties"]["precision"] == "medium"
    assert rules["spaces-around-equals"]["properties"]["precision"] == "medium"
    assert [r["properties"]["precision"] for r in run["results"]] == [
        "medium", "low", "high", "medium"]
    urls = loads_toml((ROOT / "pyproject.toml").read_text())["project"]["urls"]
    assert run["tool"]["driver"]["informationUri"] == urls["Repository"]


def test_sarif_file_outside_the_repository_and_stdin(tmp_path: Path) -> None:
    root = tmp_path / "root"
    root.mkdir()
    doc = json.loads(sarif(Result([
        Finding("lowercase-key", Severity.WARNING, "m", origin=Origin(str(tmp_path / "x"), 1)),
        Finding("lowercase-key", Severity.WARNING, "m", origin=Origin("<stdin>", 1)),
    ]), root=root))
    from tests.support.ci import validate

    validate(doc, "sarif-schema-2.1.0.json")
    locs = [r["locations"] for r in doc["runs"][0]["results"]]
    assert locs[1] == [] or locs[0] == []
    outside = next(loc for loc in locs if loc)[0]["physicalLocation"]["artifactLocation"]
    assert outside["uri"].startswith("file://") and "uriBaseId" not in outside


# -- annotations -------------------------------------------------------------------------


def test_annotations_are_relative_escaped_and_skip_info(run_envguard: Run, project: Path) -> None:
    out = run_envguard(["check", "--format", "github", ".env"], cwd=project / "svc").stdout
    lines = [line for line in out.splitlines() if line.startswith("::")]
    assert lines and all(",title=" in line for line in lines)
    assert all("file=svc/.env" in line for line in lines if "file=" in line)
    assert not any(line.startswith("::notice") for line in lines)
    assert "info (not annotated: see the step summary)" in out.splitlines()[-1]
    every = run_envguard(["check", "--format", "github", "--annotate-info", ".env"],
                         cwd=project / "svc").stdout
    assert any(line.startswith("::notice file=svc/.env,line=3") for line in every.splitlines())


def test_annotation_escaping(tmp_path: Path) -> None:
    text = annotations(Result([Finding(
        "lowercase-key", Severity.ERROR, "50% off\r\nnext: line", key="k",
        origin=Origin(str(tmp_path / "a:b,c%.env"), 2), hint="x,y")]), root=tmp_path)
    first = text.splitlines()[0]
    assert first == ("::error file=a%3Ab%2Cc%25.env,line=2,title=envguard lowercase-key"
                     "::50%25 off%0D%0Anext: line (x,y)")
    colored = annotations(Result([Finding("lowercase-key", Severity.ERROR, "k\x1b[2K\x07 x",
                                          key="k")]), root=tmp_path)
    assert "\x1b" not in colored and "\x07" not in colored and "k\\x1b[2K\\x07 x" in colored


def test_step_summary_has_the_info_findings(run_envguard: Run, project: Path) -> None:
    summary = project.parent / "summary.md"
    summary.write_text("earlier step\n")
    proc = run_envguard(["check", "--format", "github"], cwd=project,
                        env={"GITHUB_STEP_SUMMARY": str(summary)})
    text = summary.read_text()
    assert text.startswith("earlier step\n### envguard:") and "placeholder" in text
    assert "::notice" not in proc.stdout
    run_envguard(["check", "--no-step-summary"], cwd=project,
                 env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert summary.read_text() == text


# -- several reports in one run -----------------------------------------------------------


def test_several_reports_in_one_run(run_envguard: Run, project: Path) -> None:
    proc = run_envguard(["check", "--format", "sarif", "-o", "results.sarif",
                         "--format", "github"], cwd=project)
    assert proc.returncode == 1 and proc.stdout.startswith("::")
    check_sarif_for_github(json.loads((project / "results.sarif").read_text()))
    proc = run_envguard(["check", "-o", "sarif=b.sarif", "-o", "json=b.json"], cwd=project)
    assert "error(s)" in proc.stdout  # the default text report stays on standard output
    assert json.loads((project / "b.json").read_text())["findings"]
    check_sarif_for_github(json.loads((project / "b.sarif").read_text()))
    # the contract: --format X -o FILE, in either order
    for name, args in (("c.json", ["--format", "json", "-o", "c.json"]),
                       ("d.json", ["-o", "d.json", "--format", "json"])):
        proc = run_envguard(["check", *args], cwd=project)
        assert proc.stdout == ""
        assert json.loads((project / name).read_text())["summary"]["errors"]


def test_two_reports_to_one_place_is_an_input_error(run_envguard: Run, project: Path) -> None:
    proc = run_envguard(["check", "--format", "json", "-o", "x", "-o", "sarif=x"], cwd=project)
    assert proc.returncode == 2 and "two reports would go to" in proc.stderr
    proc = run_envguard(["check", "-o", "a", "-o", "b"], cwd=project)
    assert proc.returncode == 2 and "-o PATH follows its --format" in proc.stderr


def test_compare_writes_several_reports(run_envguard: Run, tmp_path: Path) -> None:
    (tmp_path / ".env.development").write_text("A=1\n")
    (tmp_path / ".env.production").write_text("B=1\n")
    proc = run_envguard(["compare", ".env.development", ".env.production",
                         "--format", "json", "-o", "markdown=c.md"])
    assert json.loads(proc.stdout) and (tmp_path / "c.md").read_text().startswith("#")


# -- colour ----------------------------------------------------------------------------------


class _Stream:
    def __init__(self, tty: bool) -> None:
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


@pytest.mark.parametrize(("env", "tty", "mode", "expected"), [
    ({}, True, "auto", True),
    ({}, False, "auto", False),
    ({"NO_COLOR": "1"}, True, "auto", False),
    ({"NO_COLOR": ""}, True, "auto", True),  # only a non-empty NO_COLOR counts
    ({"FORCE_COLOR": "1"}, False, "auto", True),
    ({"CLICOLOR_FORCE": "1"}, False, "auto", True),
    ({"FORCE_COLOR": "0"}, False, "auto", False),
    ({"GITHUB_ACTIONS": "true"}, False, "auto", True),
    ({"GITHUB_ACTIONS": "true", "NO_COLOR": "1"}, False, "auto", False),
    ({"NO_COLOR": "1"}, False, "always", True),
    ({"FORCE_COLOR": "1"}, True, "never", False),
])
def test_use_color(monkeypatch: pytest.MonkeyPatch, env: dict[str, str], tty: bool,
                   mode: str, expected: bool) -> None:
    for name in ("NO_COLOR", "FORCE_COLOR", "CLICOLOR_FORCE", "GITHUB_ACTIONS"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert use_color(_Stream(tty), mode) is expected  # type: ignore[arg-type]


def test_color_option(run_envguard: Run, project: Path) -> None:
    always = run_envguard(["check", "--color", "always"], cwd=project).stdout
    assert "\033[" in always
    never = run_envguard(["check", "--color", "never"], cwd=project,
                         env={"FORCE_COLOR": "1"}).stdout
    assert "\033[" not in never
    forced = run_envguard(["check"], cwd=project, env={"NO_COLOR": "", "FORCE_COLOR": "1"})
    assert "\033[" in forced.stdout


# -- the scan baseline and the staged hint --------------------------------------------------


def test_the_default_baseline_is_read_by_the_next_scan(run_envguard: Run, tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text(f'KEY = "{stripe_key()}"\n')
    assert run_envguard(["scan", "app.py"]).returncode == 1
    update = run_envguard(["scan", "app.py", "--update-baseline"])
    assert update.returncode == 0
    assert "no problems found" not in update.stdout
    assert "wrote .envguard-baseline.json: recorded 1 finding(s)" in update.stdout
    again = run_envguard(["scan", "app.py", "--format", "json"])
    assert again.returncode == 0, again.stdout
    assert json.loads(again.stdout)["summary"]["baselined"] == 1
    assert stripe_key() not in update.stdout + update.stderr + again.stdout


def test_staged_hint_says_how_to_unstage(run_envguard: Run, project: Path) -> None:
    env = git_env(str(project.parent))
    (project / "svc" / "app.py").write_text(f'KEY = "{stripe_key()}"\n')
    git(project, "add", "-A")
    proc = run_envguard(["scan", "--staged", "--format", "json"], cwd=project / "svc", env=env)
    (finding,) = [f for f in json.loads(proc.stdout)["findings"] if f["file"] == "svc/app.py"]
    assert "git restore --staged app.py" in finding["hint"]
    assert not finding["hint"].startswith("rotate it")
    files = run_envguard(["scan", "app.py", "--format", "json"], cwd=project / "svc")
    assert json.loads(files.stdout)["findings"][0]["hint"].startswith("rotate it")

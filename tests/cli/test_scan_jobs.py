"""``envguard scan --history --jobs N`` (issue 11): the commits split across processes
report exactly what one process reports (findings, their order, fingerprints, baseline,
the grouping of one line found in several commits, the counts), a failure is the single
process's error, and a bad ``--jobs`` is a usage error."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest

import envguard.commands.scan as scan_command
import envguard.secrets.parallel as parallel
from tests.conftest import Run
from tests.fakes import secret_kinds, stripe_key
from tests.gitrepo import git, isolated_repo

KINDS = secret_kinds(random.Random(11))
REPEATED = f'STRIPE_SECRET_KEY = "{stripe_key(n=99)}"\n'


@pytest.fixture
def forced(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Small histories split too (the threshold exists for speed, not correctness);
    the list collects the number of processes of each parallel scan."""
    monkeypatch.setattr(scan_command, "MIN_PARALLEL_COMMITS", 1)
    monkeypatch.setattr(parallel, "_MIN_RUN", 2)
    used: list[int] = []
    original = parallel.scan_parallel

    def spy(*args: object, **kwargs: object) -> parallel.RunResult:
        used.append(int(args[3]))  # type: ignore[call-overload]
        return original(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(parallel, "scan_parallel", spy)
    return used


def _commit(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--no-gpg-sign", "--allow-empty", "-m", message)


def _history(repo: Path) -> None:
    """About 45 commits: keys in several files and kinds, one line added three times,
    a branch merged with a conflict resolved by a new key, a rename that adds a key, a
    binary file holding a key, a committed .env, deletions and an empty commit."""
    names = sorted(KINDS)
    (repo / "src").mkdir()
    for i in range(30):
        mod = repo / "src" / f"mod{i % 6}.py"
        lines = mod.read_text().splitlines(keepends=True) if mod.exists() else []
        lines.append(f"value_{i} = {i}\n")
        if i % 4 == 1:
            env, value = KINDS[names[i % len(names)]][0], KINDS[names[i % len(names)]][1]
            lines.append(f'{env} = "{value}"\n')
        mod.write_text("".join(lines))
        if i in (3, 12, 21):
            (repo / "settings.py").write_text(REPEATED)
        elif i in (7, 16):
            (repo / "settings.py").write_text("STRIPE_SECRET_KEY = None\n")
        if i == 9:
            (repo / ".env").write_text(f"DATABASE_PASSWORD={KINDS[names[0]][1]}\n")
        if i == 14:
            (repo / "data.bin").write_bytes(b"\0\1\2" + KINDS[names[1]][1].encode() + b"\0")
        if i == 18:
            (repo / "src" / "mod2.py").unlink()
        _commit(repo, f"change {i}")
    _commit(repo, "nothing")
    git(repo, "mv", "src/mod1.py", "src/renamed.py")
    with (repo / "src" / "renamed.py").open("a") as fh:
        fh.write(f'GITHUB_TOKEN = "{KINDS["github-pat"][1]}"\n')
    _commit(repo, "rename")
    (repo / "conflict.py").write_text("setting = 1\n")
    _commit(repo, "base")
    git(repo, "checkout", "-q", "-b", "feature")
    (repo / "conflict.py").write_text("setting = 2\n")
    (repo / "feature.py").write_text(f'AWS_SECRET = "{KINDS[names[2]][1]}"\n')
    _commit(repo, "feature")
    git(repo, "checkout", "-q", "main")
    (repo / "conflict.py").write_text("setting = 3\n")
    _commit(repo, "main side")
    _merge(repo)


def _merge(repo: Path) -> None:
    import subprocess

    subprocess.run(["git", "merge", "-q", "--no-ff", "feature", "-m", "merge"], cwd=repo,
                   capture_output=True, check=False)
    names = sorted(KINDS)
    (repo / "conflict.py").write_text(f'setting = 4\nSLACK_TOKEN = "{KINDS[names[3]][1]}"\n')
    _commit(repo, "merge feature")
    (repo / "after.py").write_text(REPEATED)
    _commit(repo, "after the merge")


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = isolated_repo(tmp_path, monkeypatch)
    _history(path)
    return path


def _report(run: Run, repo: Path, *args: str) -> tuple[int, str, str]:
    proc = run(["scan", *args], cwd=repo)
    return proc.returncode, proc.stdout, proc.stderr


def _untimed(text: str) -> str:
    return re.sub(r" in \d+\.\d+s$", "", text, flags=re.M)


@pytest.mark.parametrize("source", [["--history"], ["--rev-range", "HEAD~12..HEAD"]])
def test_jobs_report_exactly_what_one_process_reports(run_envguard: Run, repo: Path,
                                                      forced: list[int],
                                                      source: list[str]) -> None:
    args = [*source, "--min-confidence", "low"]
    code, single, err = _report(run_envguard, repo, *args, "--format", "json", "--jobs", "1")
    assert code == 1, err
    report = json.loads(single)
    assert forced == []  # --jobs 1: the single process
    findings = report["findings"]
    commits = {f.get("commit") for f in findings}
    assert len(commits) >= (4 if source == ["--history"] else 2), findings
    if source == ["--history"]:
        assert report["summary"]["commits"] >= 30
        rules = {f["rule"] for f in findings}
        assert "env-file-committed" in rules
        repeated = [f for f in findings if f["file"] == "settings.py"]
        assert len(repeated) == 3  # one line, added in three commits
    for jobs in ("2", "3"):
        for fmt in ("json", "text", "sarif"):
            expected = single if fmt == "json" else _report(
                run_envguard, repo, *args, "--format", fmt, "--jobs", "1")[1]
            got = _report(run_envguard, repo, *args, "--format", fmt, "--jobs", jobs)
            assert got[0] == code, got[2]
            assert _untimed(got[1]) == _untimed(expected), (jobs, fmt)
    assert forced and set(forced) == {2, 3}  # the parallel path ran
    for value in (v for _, v in KINDS.values()):
        assert value not in single


def test_text_report_groups_a_line_found_in_several_commits(run_envguard: Run, repo: Path,
                                                            forced: list[int]) -> None:
    code, text, err = _report(run_envguard, repo, "--history", "--jobs", "2")
    assert code == 1, err
    assert re.search(r"in 3 commits: ", text), text
    assert forced == [2]


def test_baseline_is_applied_the_same_way(run_envguard: Run, repo: Path,
                                          forced: list[int]) -> None:
    code, _, err = _report(run_envguard, repo, "--history", "--update-baseline", "--jobs", "1")
    assert code == 0, err
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--no-gpg-sign", "-m", "baseline")
    (repo / "late.py").write_text(f'STRIPE_SECRET_KEY = "{stripe_key(n=99)}"\n')
    _commit(repo, "a new key after the baseline")
    outs = [_report(run_envguard, repo, "--history", "--format", "json", "--jobs", jobs)
            for jobs in ("1", "2", "3")]
    assert {o[0] for o in outs} == {1}
    assert outs[0][1] == outs[1][1] == outs[2][1]
    report = json.loads(outs[0][1])
    assert [f["file"] for f in report["findings"]] == ["late.py"]
    assert report["summary"]["baselined"] >= 10
    assert forced == [2, 3]


def test_a_failing_git_is_the_single_process_error(run_envguard: Run, repo: Path,
                                                   forced: list[int]) -> None:
    """A blob git cannot read (rev-list, which reads commits only, still works)."""
    blob = git(repo, "rev-parse", "HEAD~20:src/mod0.py").strip()
    (repo / ".git" / "objects" / blob[:2] / blob[2:]).unlink()
    outs = [_report(run_envguard, repo, "--history", "--jobs", jobs) for jobs in ("1", "2")]
    assert outs[0][0] == outs[1][0] == 2
    assert outs[0][2] == outs[1][2], outs
    assert outs[0][2].startswith("envguard: error: git log --all failed: "), outs[0][2]
    assert "Traceback" not in outs[1][2]
    assert forced == [2]


@pytest.mark.parametrize("value", ["0", "-1", "two", "1.5"])
def test_jobs_must_be_a_positive_whole_number(run_envguard: Run, tmp_path: Path,
                                              value: str) -> None:
    proc = run_envguard(["scan", "--history", f"--jobs={value}"], cwd=tmp_path)
    assert proc.returncode == 2
    assert "--jobs: must be a whole number of processes, 1 or more" in proc.stderr


def test_small_histories_stay_in_one_process(run_envguard: Run, repo: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[object] = []
    monkeypatch.setattr(parallel, "scan_parallel", lambda *a, **k: calls.append(a))
    proc = run_envguard(["scan", "--history", "--jobs", "4"], cwd=repo)
    assert proc.returncode == 1, proc.stderr
    assert calls == []  # fewer commits than MIN_PARALLEL_COMMITS


def test_default_jobs_is_half_the_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    for cores, jobs in ((None, 1), (1, 1), (2, 1), (3, 1), (4, 2), (16, 8)):
        monkeypatch.setattr("os.cpu_count", lambda c=cores: c)
        assert parallel.default_jobs() == jobs
    threshold = scan_command.MIN_PARALLEL_COMMITS
    assert parallel.workers_for(8, threshold - 1, threshold) == 1
    assert parallel.workers_for(1, 10**6, threshold) == 1
    assert parallel.workers_for(8, None, threshold) == 1
    assert parallel.workers_for(2, threshold, threshold) == 2

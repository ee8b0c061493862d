"""The text reports' layout: history rows name short commits and fold repeats, compare
fits ``--width`` and folds platform variables, control characters never reach the
terminal."""

from __future__ import annotations

import re
from pathlib import Path

from envguard.findings import Finding, Result, Severity
from envguard.model import Origin
from envguard.reporters.style import clean
from envguard.reporters.text import render
from tests.conftest import Run
from tests.fakes import stripe_key
from tests.gitrepo import commit_all, init_repo


def test_history_groups_one_line_across_commits(run_envguard: Run, tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    init_repo(repo)
    line = f'STRIPE = "{stripe_key()}"\n'
    (repo / "settings.py").write_text(line)
    first = commit_all(repo, "add")
    (repo / "settings.py").write_text("STRIPE = None\n")
    commit_all(repo, "remove")
    (repo / "settings.py").write_text(line)
    third = commit_all(repo, "add again")
    proc = run_envguard(["scan", "--history", "--no-plugins"], cwd=repo)
    assert proc.returncode == 1, proc.stderr
    rows = [row for row in proc.stdout.splitlines() if "stripe-secret-key" in row]
    assert len(rows) == 1, proc.stdout  # one row, not one per commit
    assert re.search(rf"in 2 commits: ({first[:7]}, {third[:7]}|{third[:7]}, {first[:7]})",
                     proc.stdout), proc.stdout
    assert first not in proc.stdout  # short commits only
    assert re.search(r"^2 error\(s\).*: 3 commits scanned \(.*\) in \d+\.\d+s$",
                     proc.stdout.splitlines()[-1]), proc.stdout
    assert stripe_key() not in proc.stdout


def _compare_sources(tmp_path: Path) -> list[str]:
    names = []
    for env in ("development", "staging", "production"):
        # pulled with `vercel env pull`: the platform's own variables are expected there
        platform = "# Created by Vercel CLI\n" + "".join(
            f"VERCEL_{name}={env}-{name.lower()}\n" for name in ("ENV", "REGION", "GIT_REPO_ID"))
        banner = "-".join(["welcome"] * 12)
        (tmp_path / f".env.{env}").write_text(platform + f"BANNER={banner}-{env}\nPORT=3000\n")
        names.append(f".env.{env}")
    return names


def test_compare_fits_the_width_and_folds_platform_variables(run_envguard: Run,
                                                               tmp_path: Path) -> None:
    sources = _compare_sources(tmp_path)
    wide = run_envguard(["compare", *sources, "--width", "200"])
    narrow = run_envguard(["compare", *sources, "--width", "60"])
    assert wide.returncode == narrow.returncode
    table = [line for line in narrow.stdout.splitlines() if line.startswith(("KEY", "BANNER"))]
    assert table and all(len(line) <= 60 for line in table), narrow.stdout
    assert any(len(line) > 60 for line in wide.stdout.splitlines()), wide.stdout
    assert "VERCEL_REGION" not in narrow.stdout
    assert re.search(r"^\(platform: 3 vercel\) +3 set +3 set +3 set$", narrow.stdout, re.M), \
        narrow.stdout
    shown = run_envguard(["compare", *sources, "--width", "100", "--show-platform"])
    assert "VERCEL_REGION" in shown.stdout and "(platform: " not in shown.stdout


def test_control_characters_are_shown_not_sent() -> None:
    assert clean("a\x1b[2Jb\rc\x07") == "a\\x1b[2Jb\\x0dc\\x07"
    result = Result(findings=[Finding("r", Severity.ERROR, "bad \x1b]0;title\x07 name",
                                      origin=Origin("x\x1b.env", 2), hint="h\x1b")])
    text = render(result, columns=80)
    assert "\x1b" not in text and "\x07" not in text


def test_layout_wraps_to_the_width_and_puts_the_hint_on_its_own_line() -> None:
    result = Result(findings=[Finding("invalid-value", Severity.WARNING, "word " * 40,
                                      key="A", origin=Origin("a.env", 12), hint="fix it")])
    for columns in (60, 80, 120):
        lines = render(result, columns=columns).splitlines()
        assert lines[0] == "a.env"
        assert lines[1].startswith("  12  warning  invalid-value  A: word")
        assert all(len(line) <= columns for line in lines)
        assert "      hint: fix it" in lines

"""Budgets: linear time on hostile input, and no detect-secrets on ``import envguard``."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from envguard.secrets import Scanner
from envguard.secrets.rules import HEURISTICS
from tests import conftest

ROOT = conftest.ROOT


def _bait(scanner: Scanner) -> list[str]:
    """For every keyword: a long run of it with near-misses (backtracking bait)."""
    words = sorted(scanner.rules.triggers) + [w for ws in HEURISTICS.values() for w in ws]
    lines = []
    for word in words:
        lines.append((word + "a" * 40 + "=" + "Ab1+/" * 40 + " ") * 200)
        lines.append(word + "://" + "u" * 120 + ":" + "p" * 250 + "@" * 3 + "h" * 300)
        lines.append(("\"" + word + "\": \"" + "x" * 900) * 20)
    return lines


def test_backtracking_bait_for_every_rule_finishes(tmp_path: Path) -> None:
    scanner = Scanner()
    diff = tmp_path / "bait.diff"
    lines = _bait(scanner)
    diff.write_text("--- a/b\n+++ b/b\n@@ -0,0 +1," + str(len(lines)) + " @@\n"
                    + "".join(f"+{line}\n" for line in lines))
    proc = subprocess.run(["envguard", "scan", "--diff", str(diff), "--format", "json"],
                          capture_output=True, text=True, timeout=240, check=False)
    assert proc.returncode in (0, 1), proc.stderr


@pytest.mark.parametrize("shape", ["one-megabyte-line", "hundred-thousand-line-hunk"])
def test_huge_inputs_finish(tmp_path: Path, shape: str) -> None:
    if shape == "one-megabyte-line":
        body = ["+" + ("secret=" + "Zx9/" * 60 + " sk_live_" + "ab" * 30 + " ") * 2200]
    else:
        body = [f"+token_{i} = \"{i:08d}abcdefXYZ\"" for i in range(100_000)]
    diff = tmp_path / "big.diff"
    diff.write_text(f"--- a/b\n+++ b/b\n@@ -0,0 +1,{len(body)} @@\n" + "\n".join(body) + "\n")
    proc = subprocess.run(["envguard", "scan", "--diff", str(diff), "--format", "json"],
                          capture_output=True, text=True, timeout=240, check=False)
    assert proc.returncode in (0, 1), proc.stderr


def test_import_envguard_does_not_import_detect_secrets() -> None:
    code = ("import sys, envguard, envguard.secrets, envguard.sources.gitdiff; "
            "print(sorted(m for m in sys.modules if m.startswith(('detect_secrets', 'requests'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=ROOT).stdout
    assert out.strip() == "[]"


def test_detect_secrets_loads_only_when_a_line_needs_it() -> None:
    code = (
        "import sys\n"
        "from envguard.secrets import scan_diff\n"
        "scan_diff('--- a/x\\n+++ b/x\\n@@ -0,0 +1 @@\\n+hello = 1\\n')\n"
        "print('detect_secrets' in sys.modules)\n"
        "scan_diff('--- a/x\\n+++ b/x\\n@@ -0,0 +1 @@\\n+t = glpat-' + 'Ab1Cd2' * 4 + '\\n')\n"
        "print('detect_secrets' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=ROOT).stdout.split()
    assert out == ["False", "True"]

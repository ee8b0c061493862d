"""Budgets: linear time on hostile input, and no detect-secrets on ``import envguard``."""

from __future__ import annotations

import json
import random
import string
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from envguard.secrets import Scanner
from envguard.secrets.plugins import SECRET_TYPES, rule_id
from envguard.secrets.rules import HEURISTICS, ProviderRule
from tests import conftest
from tests.fakes import token

ROOT = conftest.ROOT


_RUN = token(40, string.ascii_lowercase, random.Random(40))


def _plugin_rule(trigger: str) -> str:
    """``plugin:GitLabTokenDetector`` -> the rule id its findings carry."""
    name = trigger.removeprefix("plugin:")
    return rule_id(SECRET_TYPES[name]) if name in SECRET_TYPES else trigger


def _words(scanner: Scanner) -> list[str]:
    return sorted(scanner.rules.triggers) + [w for ws in HEURISTICS.values() for w in ws]


def _bait(scanner: Scanner) -> list[str]:
    """For every keyword: a long run of it with near-misses (backtracking bait)."""
    lines = []
    for word in _words(scanner):
        # one random run after the keyword: a repeated unit (``aaaa…``) reads as filler
        lines.append((word + _RUN + "=" + "Ab1+/" * 40 + " ") * 200)
        lines.append(word + "://" + "u" * 120 + ":" + "p" * 250 + "@" * 3 + "h" * 300)
        lines.append(("\"" + word + "\": \"" + "x" * 900) * 20)
    return lines


def _scan_json(diff: Path) -> tuple[int, list[dict[str, Any]], dict[str, Any]]:
    proc = subprocess.run(["envguard", "scan", "--diff", str(diff), "--format", "json"],
                          capture_output=True, text=True, timeout=240, check=False)
    assert proc.returncode in (0, 1), proc.stderr
    doc = json.loads(proc.stdout)
    return proc.returncode, doc["findings"], doc["summary"]


def test_backtracking_bait_for_every_rule_finishes(tmp_path: Path) -> None:
    scanner = Scanner()
    diff = tmp_path / "bait.diff"
    lines = _bait(scanner)
    diff.write_text("--- a/b\n+++ b/b\n@@ -0,0 +1," + str(len(lines)) + " @@\n"
                    + "".join(f"+{line}\n" for line in lines))
    code, findings, summary = _scan_json(diff)
    assert summary["lines"] == len(lines)
    assert code == 1 and findings
    # Each keyword has three bait lines; only the first (KEYWORD + 40 letters, 200 times)
    # has the shape of a token, and then it is the keyword's own rule that finds it, once
    # per repetition: the URL and JSON bait find nothing.
    words = [w for w in _words(scanner) for _ in range(3)]
    per_line: dict[int, set[str]] = {}
    for f in findings:
        assert f["file"] == "b" and (f["line"] - 1) % 3 == 0, f
        woken = {rule.id if isinstance(rule, ProviderRule) else _plugin_rule(rule)
                 for rule in scanner.rules.triggers.get(words[f["line"] - 1], ())}
        assert f["rule"] in woken, (f["rule"], words[f["line"] - 1])
        per_line.setdefault(f["line"], set()).add(f["rule"])
    for line in per_line:
        assert sum(f["line"] == line for f in findings) == 200, line
    found = {words[line - 1]: rules for line, rules in per_line.items()}
    assert found["sk_live_"] == {"clerk-secret-key"}  # Clerk's shape, and Stripe's
    assert {tuple(f["also_matches"]) for f in findings if f["rule"] == "clerk-secret-key"
            and words[f["line"] - 1] == "sk_live_"} == {("stripe-secret-key",)}
    assert found["rk_live_"] == {"stripe-restricted-key"}
    assert found["whsec_"] == {"clerk-webhook-secret"}
    assert found["dp.st."] == {"doppler-service-token"}


@pytest.mark.parametrize("shape", ["one-megabyte-line", "hundred-thousand-line-hunk"])
def test_huge_inputs_finish(tmp_path: Path, shape: str) -> None:
    if shape == "one-megabyte-line":
        body = ["+" + ("secret=" + "Zx9/" * 60 + " sk_live_" + _RUN + _RUN[:20] + " ") * 2200]
    else:
        body = [f"+token_{i} = \"{i:08d}abcdefXYZ\"" for i in range(100_000)]
    diff = tmp_path / "big.diff"
    diff.write_text(f"--- a/b\n+++ b/b\n@@ -0,0 +1,{len(body)} @@\n" + "\n".join(body) + "\n")
    code, findings, summary = _scan_json(diff)
    assert summary["lines"] == len(body)
    if shape == "one-megabyte-line":
        # every sk_live_ run (2200 of them) is a finding on line 1, each at its own column;
        # the low-entropy "secret=Zx9/Zx9/..." assignments are not
        assert code == 1
        assert {(f["file"], f["line"], f["rule"]) for f in findings} == {
            ("b", 1, "clerk-secret-key")}
        assert len({f["column"] for f in findings}) == len(findings) == 2200
    else:
        # sequential, low-entropy values named token_N: nothing to report
        assert (code, findings) == (0, [])


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

"""A template (``.env.example``) documents what to set: empty values, placeholders and an
unset partner are what it is for, and must not block a commit. The same lines in a real
env file are findings, so each test also shows the check is live."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from envguard_hooks import dotenv as dotenv_hook
from tests.conftest import Run
from tests.support.inprocess import run_main

UPSTASH = ("UPSTASH_REDIS_REST_URL=https://eu1-calm-fox-1234.upstash.io\n"
           "UPSTASH_REDIS_REST_TOKEN=\n")
PLACEHOLDER = "OPENAI_API_KEY=sk-your-openai-key-here\n"


def _rules(run_envguard: Run, name: str, stack: str, env: str) -> list[str]:
    proc = run_envguard(["check", name, "--stack", stack, "--env", env, "--format", "json"])
    assert proc.returncode in (0, 1), proc.stderr
    return [f["rule"] for f in json.loads(proc.stdout)["findings"]]


@pytest.mark.parametrize("name", [".env.example", ".env.sample", ".env.template"])
def test_an_empty_partner_is_no_error_in_a_template(run_envguard: Run, tmp_path: Path,
                                                    name: str) -> None:
    (tmp_path / name).write_text(UPSTASH)
    (tmp_path / ".env.development").write_text(UPSTASH)
    assert "missing-partner" not in _rules(run_envguard, name, "threadly", "development")
    assert "missing-partner" in _rules(run_envguard, ".env.development", "threadly",
                                       "development")


def test_placeholders_in_a_template_are_not_listed(run_envguard: Run, tmp_path: Path) -> None:
    (tmp_path / ".env.example").write_text(PLACEHOLDER)
    (tmp_path / ".env.development").write_text(PLACEHOLDER)
    assert "placeholder" not in _rules(run_envguard, ".env.example", "vibelog", "development")
    assert "placeholder" in _rules(run_envguard, ".env.development", "vibelog", "development")


def test_the_dotenv_hook_lets_a_template_through(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.envguard]\nstack = "threadly"\n')
    (tmp_path / ".env.example").write_text(UPSTASH + PLACEHOLDER)
    (tmp_path / ".env.production").write_text(UPSTASH)
    ok = run_main(dotenv_hook.main, [".env.example"], cwd=tmp_path)
    assert ok.returncode == 0, ok.stderr
    assert "missing-partner" not in ok.stderr and "placeholder" not in ok.stderr
    blocked = run_main(dotenv_hook.main, [".env.production"], cwd=tmp_path)
    assert blocked.returncode == 1 and "missing-partner" in blocked.stderr

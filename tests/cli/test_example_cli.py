"""``envguard example`` through the CLI: writes, refuses to overwrite, is accepted by check."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Run
from tests.unit.test_example import CASES


@pytest.mark.parametrize(("stack", "service", "env"), CASES)
def test_example_checks_clean(
    run_envguard: Run, tmp_path: Path, stack: str, service: str | None, env: str | None
) -> None:
    extra = (["--service", service] if service else []) + (["--env", env] if env else [])
    made = run_envguard(["example", "--stack", stack, *extra, "-o", ".env.example"])
    assert made.returncode == 0, made.stderr
    proc = run_envguard(["check", ".env.example", "--stack", stack, "--env", "development",
                         "--format", "json", *(["--service", service] if service else [])])
    assert proc.returncode == 0, proc.stdout
    doc = json.loads(proc.stdout)
    assert doc["findings"] == []  # a template's placeholders are what it is for


def test_cli_writes_refuses_to_overwrite_and_rejects_bad_input(run_envguard: Run,
                                                              tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("REAL=secret\n")
    proc = run_envguard(["example", "--stack", "threadly", "-o", ".env"])
    assert proc.returncode == 2 and "--force" in proc.stderr
    assert (tmp_path / ".env").read_text() == "REAL=secret\n"
    proc = run_envguard(["example", "--stack", "threadly", "--env", "prod"])
    assert proc.returncode == 2 and "development, preview, staging, production" in proc.stderr
    proc = run_envguard(["example", "--stack", "nope"])
    assert proc.returncode == 2 and "unknown stack" in proc.stderr
    proc = run_envguard(["example", "--stack", "vibelog", "--service", "web"])
    assert proc.returncode == 2 and "declares no services" in proc.stderr
    proc = run_envguard(["example", "--stack", "vibelog"])
    assert proc.returncode == 0 and proc.stdout.startswith("# .env.example: vibelog")
    assert "Traceback" not in proc.stderr

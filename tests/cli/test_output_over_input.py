"""``-o`` naming an input file replaced it with the report (issue 13)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Run


@pytest.mark.parametrize("args", [
    ["check", "--stack", "vibelog", "a.env", "-o", "a.env"],
    ["check", "--stack", "vibelog", "a.env", "-o", "./link.env"],
    ["compare", "a.env", "b.env", "-o", "b.env"],
    ["flags", "a.env", "b.env", "-o", "a.env"],
    ["scan", "a.env", "-o", "a.env"],
])
def test_output_naming_an_input_is_refused(run_envguard: Run, tmp_path: Path,
                                           args: list[str]) -> None:
    (tmp_path / "a.env").write_text("NODE_ENV=production\n")
    (tmp_path / "b.env").write_text("NODE_ENV=development\n")
    (tmp_path / "link.env").symlink_to(tmp_path / "a.env")
    run = run_envguard(args)
    assert run.returncode == 2, run.stdout + run.stderr
    assert "names an input file" in run.stderr
    assert (tmp_path / "a.env").read_text() == "NODE_ENV=production\n"
    assert (tmp_path / "b.env").read_text() == "NODE_ENV=development\n"

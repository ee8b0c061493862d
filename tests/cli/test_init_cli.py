"""``envguard init`` through the CLI: the inferred schema validates its template."""

from __future__ import annotations

from pathlib import Path

import pytest

from envguard._toml import loads_toml
from envguard.schema.loader import builtin_catalog
from tests.conftest import Run
from tests.unit.test_init import FIXTURES, SHAPES


@pytest.mark.parametrize("template", SHAPES)
def test_inferred_schema_validates_its_template(run_envguard: Run, tmp_path: Path,
                                                template: str) -> None:
    source = tmp_path / ".env.example"
    source.write_text((FIXTURES / template).read_text())
    made = run_envguard(["init", ".env.example", "--stack-name", "shape", "-o", "schema.toml"])
    assert made.returncode == 0, made.stderr
    assert "warning" not in made.stderr
    checked = run_envguard(["check", ".env.example", "--schema", "schema.toml",
                            "--env", "development"])
    assert checked.returncode == 0, checked.stdout + checked.stderr
    doc = loads_toml((tmp_path / "schema.toml").read_text())
    assert doc["stack"]["name"] == "shape"
    template_keys = {line.split("=", 1)[0].removeprefix("export ").strip()
                     for line in source.read_text().splitlines()
                     if "=" in line and not line.lstrip().startswith("#")}
    catalog = builtin_catalog()
    platform = {k for k in template_keys
                if catalog.is_platform(k) or (k in catalog.vars and catalog.vars[k].platform)}
    assert set(doc["vars"]) == template_keys - platform


def test_cli_bad_input_exits_2_without_traceback(run_envguard: Run, tmp_path: Path) -> None:
    proc = run_envguard(["init", str(FIXTURES / "no-variables.env.example")])
    assert proc.returncode == 2 and "no variables found" in proc.stderr
    proc = run_envguard(["init", "missing.env"])
    assert proc.returncode == 2 and "no such file" in proc.stderr
    (tmp_path / "schema.toml").write_text("keep me\n")
    (tmp_path / ".env.example").write_text("A=1\n")
    proc = run_envguard(["init", ".env.example", "-o", "schema.toml"])
    assert proc.returncode == 2 and "--force" in proc.stderr
    assert (tmp_path / "schema.toml").read_text() == "keep me\n"
    assert "Traceback" not in proc.stderr


def test_cli_prints_to_stdout_and_names_the_stack_after_the_folder(run_envguard: Run,
                                                                   tmp_path: Path) -> None:
    folder = tmp_path / "My App"
    folder.mkdir()
    (folder / ".env.example").write_text("PORT=3000\n")
    proc = run_envguard(["init", ".env.example"], cwd=folder)
    assert proc.returncode == 0
    assert loads_toml(proc.stdout)["stack"]["name"] == "my-app"

"""The layers of ``[tool.importlinter]`` hold, cover every module, and really are enforced.

import-linter (through grimp) reads every import statement, function bodies included, so
a cycle hidden in a function-level import breaks the contract as a top-level one would.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from importlinter.cli import lint_imports

from envguard._toml import load_toml
from tests.conftest import ROOT

CONFIG = ROOT / "pyproject.toml"


def _layers() -> list[str]:
    [contract] = load_toml(CONFIG)["tool"]["importlinter"]["contracts"]
    return [name.strip() for layer in contract["layers"] for name in layer.split("|")]


def test_the_layer_contract_is_kept() -> None:
    assert lint_imports(config_filename=str(CONFIG), no_cache=True, no_logo=True) == 0


def test_every_module_of_envguard_sits_in_a_layer() -> None:
    """A new top-level module or package must be placed, or it escapes the contract."""
    package = ROOT / "envguard"
    tops = {p.stem for p in package.glob("*.py") if p.stem != "__init__"}
    tops |= {p.name for p in package.iterdir() if (p / "__init__.py").is_file()}
    assert {f"envguard.{name}" for name in tops} == set(_layers())


def test_an_upward_import_breaks_the_contract(tmp_path: Path) -> None:
    """The same kind of contract on a two-layer package with a function-level import from
    the lower layer into the upper one: lint-imports must fail."""
    pkg = tmp_path / "layered"
    (pkg / "high").mkdir(parents=True)
    (pkg / "low").mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "high" / "__init__.py").write_text("from layered import low\n")
    (pkg / "low" / "__init__.py").write_text("def f():\n    from layered import high\n")
    (tmp_path / "setup.toml").write_text(
        '[tool.importlinter]\nroot_packages = ["layered"]\n\n'
        '[[tool.importlinter.contracts]]\nname = "t"\ntype = "layers"\n'
        'layers = ["layered.high", "layered.low"]\n')
    proc = subprocess.run(
        [sys.executable, "-c", "import sys; from importlinter.cli import lint_imports; "
         "sys.exit(lint_imports(config_filename='setup.toml', no_cache=True, no_logo=True))"],
        cwd=tmp_path, env={"PYTHONPATH": str(tmp_path)}, capture_output=True, text=True,
        timeout=120, check=False)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "layered.low -> layered.high" in proc.stdout

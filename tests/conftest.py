"""Shared fixtures and paths for every kind of test (unit/, cli/, e2e/).

``run_envguard`` runs ``envguard.cli.main(argv)`` in-process; ``tests/e2e/conftest.py``
overrides it with the installed command in a subprocess.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from hypothesis import settings

ROOT = Path(__file__).parent.parent
#: ``tests/fixtures``: the files tests read, wherever the test module lives.
FIXTURES = Path(__file__).parent / "fixtures"


# No timed asserts: Hypothesis' default 200 ms deadline per example is one, and fails on
# a busy machine; every property test runs without it.
settings.register_profile("envguard", deadline=None)
settings.load_profile("envguard")


def pytest_configure(config: pytest.Config) -> None:
    """Keep envguard's parsed-schema cache out of the developer's home directory."""
    import tempfile

    os.environ.setdefault("ENVGUARD_CACHE_DIR", tempfile.mkdtemp(prefix="envguard-cache-"))
    # text reports wrap to the terminal: the same width on every machine and CI log
    os.environ["COLUMNS"] = "100"


def mark_folder(items: list[pytest.Item], folder: Path, marker: pytest.MarkDecorator) -> None:
    """Give every test collected under ``folder`` the ``marker`` (for a folder's conftest)."""
    for item in items:
        if item.path.is_relative_to(folder):
            item.add_marker(marker)


@pytest.fixture(scope="session")
def envguard_bin() -> str:
    path = shutil.which("envguard")
    if path is None:
        pytest.fail("the envguard command is not installed (pip install '.[test]')")
    return path


Run = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def run_envguard(tmp_path: Path) -> Run:
    """``envguard ARGS`` in-process in ``cwd`` (default: a fresh temp dir), no colour.

    Same signature and result as the subprocess runner in ``tests/e2e/conftest.py``.
    """
    from envguard.cli import main
    from tests.support.inprocess import run_main

    def run(args: Sequence[str], cwd: Path | None = None, input: str | bytes | None = None,
            env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        return run_main(main, args, cwd=cwd or tmp_path, input=input,
                        env={"NO_COLOR": "1", **(env or {})})

    return run

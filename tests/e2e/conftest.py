"""Real processes: the installed ``envguard`` command, git, pre-commit, a browser.

Every test here is marked ``e2e``; ``pytest -m "not e2e"`` needs none of them installed.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Sequence
from pathlib import Path

import pytest

from tests.conftest import Run, mark_folder


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    mark_folder(items, Path(__file__).parent, pytest.mark.e2e)


@pytest.fixture
def run_envguard(envguard_bin: str, tmp_path: Path) -> Run:
    """Run the installed ``envguard`` in ``cwd`` (default: a fresh temp dir), no colour."""

    def run(args: Sequence[str], cwd: Path | None = None, input: str | None = None,
            env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        full_env = {**os.environ, "NO_COLOR": "1", **(env or {})}
        return subprocess.run(
            [envguard_bin, *args], cwd=cwd or tmp_path, input=input, env=full_env,
            capture_output=True, text=True, timeout=120,
        )

    return run

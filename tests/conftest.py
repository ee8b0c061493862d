"""Shared fixtures: the installed command, run the way a user runs it."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent


def pytest_configure(config: pytest.Config) -> None:
    """Keep envguard's parsed-schema cache out of the developer's home directory."""
    import tempfile

    os.environ.setdefault("ENVGUARD_CACHE_DIR", tempfile.mkdtemp(prefix="envguard-cache-"))


@pytest.fixture(scope="session")
def envguard_bin() -> str:
    path = shutil.which("envguard")
    if path is None:
        pytest.fail("the envguard command is not installed (pip install '.[test]')")
    return path


Run = Callable[..., subprocess.CompletedProcess[str]]


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

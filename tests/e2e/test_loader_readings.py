"""The stored loader readings are still what the real loaders read.

Re-runs node dotenv, dotenv-expand (npm, tests/e2e/node), bash and dash on the corpus and
compares with tests/fixtures/loaders, so a loader upgrade that changes a reading fails here
instead of silently making the portability expectations stale. compose's reading needs
compose-go's source and is not regenerated (see tests/support/loader_readings.py).

Skipped when a loader is missing and ``CI`` is not set; under CI a missing loader fails
(.ci/run installs them: npm install in tests/e2e/node, apt-get install dash).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from tests.support.loader_readings import NODE_DIR, ROOT

pytestmark = pytest.mark.e2e


def _missing() -> list[str]:
    missing = [name for name in ("node", "bash", "dash") if shutil.which(name) is None]
    for package in ("dotenv", "dotenv-expand"):
        if not (NODE_DIR / "node_modules" / package).is_dir():
            missing.append(f"npm package {package} (npm install in tests/e2e/node)")
    return missing


def test_node_and_shell_readings_have_not_drifted() -> None:
    missing = _missing()
    if missing:
        if os.environ.get("CI"):
            pytest.fail("loaders missing but CI is set: " + ", ".join(missing))
        pytest.skip("loaders missing: " + ", ".join(missing))
    loaders = [arg for name in ("node-dotenv", "dotenv-expand", "bash", "dash")
               for arg in ("--loader", name)]
    proc = subprocess.run(
        [sys.executable, "-m", "tests.support.loader_readings", "read", "--check", *loaders],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]

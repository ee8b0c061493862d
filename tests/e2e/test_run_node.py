"""``envguard run`` starts a real node process, or refuses to, as a Next.js app's start
script would use it: the environment it gets, its exit code and signals pass through, and
no value is printed either way."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
import urllib.parse
from pathlib import Path

import pytest

from tests import fakes
from tests.conftest import ROOT, Run

VALID = ROOT / "examples" / "vibelog" / ".env.production"
BROKEN = ROOT / "examples" / "vibelog" / "mistakes" / ".env.production"

SCRIPT = """
const keys = ["DATABASE_URL", "STRIPE_SECRET_KEY", "FROM_PROCESS", "NODE_ENV"];
const seen = Object.fromEntries(keys.map((k) => [k, process.env[k] === undefined ? null
  : process.env[k].length]));
console.log(JSON.stringify({ seen, argv: process.argv.slice(2) }));
if (process.argv[2] === "wait") {
  process.on("SIGTERM", () => { console.log("got SIGTERM"); process.exit(42); });
  console.log("ready");
  setInterval(() => {}, 1000);
} else {
  process.exit(Number(process.argv[2] || 0));
}
"""


def node() -> str:
    found = shutil.which("node")
    if found:
        return found
    if os.environ.get("CI"):
        pytest.fail("node is not installed but CI is set")
    pytest.skip("node is not installed")


def _values(path: Path) -> dict[str, str]:
    from envguard.sources import read_source

    return {v.key: v.value or "" for v in read_source(path).vars}


def _secrets(path: Path) -> list[str]:
    """The values of the file no output may hold: secret by name or by shape."""
    from envguard.secrecy import looks_secret_by_name, looks_secret_by_value

    return [value for key, value in _values(path).items() if len(value) >= 8 and (
        looks_secret_by_name(key) or looks_secret_by_value(value))]


def test_a_valid_environment_starts_the_command_with_it(run_envguard: Run,
                                                         tmp_path: Path) -> None:
    (tmp_path / "app.js").write_text(SCRIPT)
    proc = run_envguard(["run", "--stack", "vibelog", "--env", "production", "-f", str(VALID),
                         "--", node(), "app.js", "7", "--help"], cwd=tmp_path,
                        env={"FROM_PROCESS": "abc", "NODE_ENV": "production"})
    assert proc.returncode == 7, proc.stderr  # the command's own exit code
    import json

    got = json.loads(proc.stdout)
    values = _values(VALID)
    assert got["argv"] == ["7", "--help"]  # options after -- belong to the command
    assert got["seen"]["DATABASE_URL"] == len(values["DATABASE_URL"])
    assert got["seen"]["FROM_PROCESS"] == 3
    assert proc.stderr == ""
    assert _secrets(VALID)
    for value in _secrets(VALID):
        assert value not in proc.stdout + proc.stderr


def test_the_process_environment_wins_over_the_files(run_envguard: Run,
                                                     tmp_path: Path) -> None:
    (tmp_path / "app.js").write_text(SCRIPT)
    values = _values(VALID)
    # a password with URL syntax in it (# ? /) is percent-encoded, as it must be in a URL
    password = urllib.parse.quote(fakes.password(), safe="")
    other = f"postgresql://app:{password}@db.internal.example.com:5432/app"
    proc = run_envguard(["run", "--stack", "vibelog", "--env", "production", "-f", str(VALID),
                         "--", node(), "app.js"], cwd=tmp_path,
                        env={"DATABASE_URL": other, "NODE_ENV": "production"})
    import json

    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["seen"]["DATABASE_URL"] == len(other) != len(
        values["DATABASE_URL"])


def test_an_invalid_environment_does_not_start_the_command(run_envguard: Run,
                                                           tmp_path: Path) -> None:
    marker = tmp_path / "started"
    proc = run_envguard(["run", "--stack", "vibelog", "--env", "production", "-f", str(BROKEN),
                         "--", node(), "-e", f"require('fs').writeFileSync({str(marker)!r}, '')"],
                        cwd=tmp_path, env={"NODE_ENV": "production"})
    assert proc.returncode == 2
    assert not marker.exists()
    assert "not starting" in proc.stderr and "error" in proc.stderr
    assert _secrets(BROKEN)
    for value in _secrets(BROKEN):
        assert value not in proc.stdout + proc.stderr


def test_a_signal_reaches_the_command(envguard_bin: str, tmp_path: Path) -> None:
    (tmp_path / "app.js").write_text(SCRIPT)
    env = {**os.environ, "NODE_ENV": "production", "NO_COLOR": "1"}
    proc = subprocess.Popen([envguard_bin, "run", "--stack", "vibelog", "--env", "production",
                             "-f", str(VALID), "--", node(), "app.js", "wait"],
                            cwd=tmp_path, env=env, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    deadline = time.monotonic() + 60
    lines = []
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        lines.append(line)
        if line.strip() == "ready" or not line:
            break
    assert lines[-1].strip() == "ready", lines
    proc.send_signal(signal.SIGTERM)  # to envguard's pid: exec made it node's
    out, _ = proc.communicate(timeout=30)
    assert "got SIGTERM" in out and proc.returncode == 42


@pytest.mark.parametrize(("args", "says"), [
    (["run", "--stack", "vibelog"], "after --"),
    (["run", "--stack", "vibelog", "-f", "-", "--", "true"], "standard input"),
    (["run", "--", "true"], "--stack NAME"),
    (["run", "--stack", "vibelog", "--env", "production", "-f", str(VALID), "--",
      "no-such-command-envguard"], "command not found"),
])
def test_usage_errors_exit_2(run_envguard: Run, args: list[str], says: str) -> None:
    proc = run_envguard(args, env={"NODE_ENV": "production"})
    assert proc.returncode == 2 and says in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr

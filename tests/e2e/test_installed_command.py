"""What only the installed command shows: the console scripts, the process's own exit
status, a reader that goes away, and Ctrl-C. Everything else runs in-process (tests/cli)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

import envguard
from tests.conftest import ROOT, Run

EXAMPLES = ROOT / "examples" / "vibelog"
HOOKS = ("envguard-secrets", "envguard-dotenv", "envguard-no-env-files", "envguard-flags")


def test_console_scripts_are_installed(run_envguard: Run) -> None:
    proc = run_envguard(["--version"])
    assert (proc.returncode, proc.stdout) == (0, f"envguard {envguard.__version__}\n")
    for hook in HOOKS:
        assert shutil.which(hook), f"{hook} is not on PATH"


def test_hook_script_blocks_an_env_file(tmp_path: Path) -> None:
    script = shutil.which("envguard-no-env-files")
    assert script
    proc = subprocess.run([script, ".env", ".env.example"], cwd=tmp_path, capture_output=True,
                          text=True, timeout=60, check=False)
    assert proc.returncode == 1 and ".env" in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.parametrize(("args", "code"), [
    (["check", str(EXAMPLES / ".env.production"), "--stack", "vibelog"], 0),
    (["check", str(EXAMPLES / "mistakes" / ".env.production"), "--stack", "vibelog"], 1),
    (["check", "missing.env", "--stack", "vibelog"], 2),
    (["check", "--no-such-option"], 2),  # argparse's own exit
])
def test_process_exit_status(run_envguard: Run, args: list[str], code: int) -> None:
    proc = run_envguard(args)
    assert proc.returncode == code, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr


def test_no_colour_when_stdout_is_a_pipe(envguard_bin: str, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    proc = subprocess.run([envguard_bin, "check", str(EXAMPLES / "mistakes" / ".env.production"),
                           "--stack", "vibelog"], cwd=tmp_path, env=env, capture_output=True,
                          text=True, timeout=120, check=False)
    assert proc.returncode == 1 and "wrong-mode" in proc.stdout
    assert "\033[" not in proc.stdout + proc.stderr


@pytest.mark.parametrize("args", [
    ["stacks"], ["example", "--stack", "threadly"], ["scan", "--list-rules"], ["--help"],
])
def test_reader_gone_before_the_output(envguard_bin: str, tmp_path: Path,
                                       args: list[str]) -> None:
    """``envguard ... | head -0``: stdout's reader has closed. The report was not delivered,
    so the run fails closed (exit 2) with one line saying why, and no traceback."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        proc = subprocess.run([envguard_bin, *args], cwd=tmp_path, stdout=write_end,
                              stderr=subprocess.PIPE, text=True, timeout=120, check=False)
    finally:
        os.close(write_end)
    if args == ["--help"]:  # argparse prints help before any command runs
        assert proc.returncode in (0, 2) and "Traceback" not in proc.stderr
        return
    assert (proc.returncode, proc.stderr) == (
        2, "envguard: error: the output was closed before the report was written\n")


def _waiting_on_stdin(pid: int) -> bool:
    """Linux: the process is blocked in read(0, ...)."""
    try:
        fields = Path(f"/proc/{pid}/syscall").read_text().split()
    except OSError:
        pytest.skip("/proc/PID/syscall is not readable here")
    return fields[:2] == ["0", "0x0"]


def test_ctrl_c_while_reading_stdin_exits_2(envguard_bin: str, tmp_path: Path) -> None:
    proc = subprocess.Popen([envguard_bin, "check", "-", "--stack", "vibelog"], cwd=tmp_path,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        for _ in range(1200):  # a hang guard, not a budget
            if proc.poll() is not None or _waiting_on_stdin(proc.pid):
                break
            time.sleep(0.05)
        assert proc.poll() is None, "envguard exited before reading stdin"
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 2
    assert err == "envguard: interrupted\n" and out == ""

"""``envguard scan --history --jobs 2`` interrupted (Ctrl-C reaches the terminal's whole
process group): one "interrupted" line and exit 2, no traceback from any worker, and no
process of the scan (workers, their git) left behind."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests.gitrepo import git, isolated_repo

COMMITS = 1500  # above MIN_PARALLEL_COMMITS, so --jobs 2 starts a worker


def _big_history(repo: Path) -> None:
    """Many commits of many added lines, written by one ``git fast-import``."""
    body = "".join(f'token_{i} = lookup("service-{i * 7919 % 100003}")\n'
                   for i in range(400)).encode()
    out = bytearray()
    for n in range(1, COMMITS + 1):
        message = f"change {n}"
        out += (f"commit refs/heads/main\nmark :{n}\n"
                f"committer Test <test@example.invalid> {1700000000 + n} +0000\n"
                f"data {len(message)}\n{message}\n").encode()
        if n > 1:
            out += f"from :{n - 1}\n".encode()
        out += f"M 644 inline f{n}.py\ndata {len(body)}\n".encode() + body + b"\n"
    subprocess.run(["git", "fast-import", "--quiet"], cwd=repo, input=bytes(out), check=True)


def _alive(group: int) -> bool:
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return False
    return True


def _wait_for_worker(pid: int) -> int | None:
    """The scan's Python worker once it has begun a run (Linux: /proc), else None after
    a second."""
    children = Path(f"/proc/{pid}/task/{pid}/children")
    deadline = time.monotonic() + 20
    while children.exists() and time.monotonic() < deadline:
        for child in children.read_text().split():
            cmdline = Path(f"/proc/{child}/cmdline")
            if cmdline.exists() and b"spawn_main" in cmdline.read_bytes():
                time.sleep(0.3)
                return int(child)
        time.sleep(0.02)
    time.sleep(1.0)
    return None


@pytest.mark.skipif(not hasattr(os, "killpg"), reason="POSIX process groups")
def test_ctrl_c_stops_every_process(envguard_bin: str, tmp_path: Path,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    repo = isolated_repo(tmp_path, monkeypatch)
    _big_history(repo)
    assert int(git(repo, "rev-list", "--count", "--all")) == COMMITS
    proc = subprocess.Popen([envguard_bin, "scan", "--history", "--jobs", "2"], cwd=repo,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)
    _wait_for_worker(proc.pid)
    os.killpg(proc.pid, signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 2, (out, err)
    assert err.decode() == "envguard: interrupted\n"
    deadline = time.monotonic() + 10
    while _alive(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(proc.pid), "a process of the scan outlived it"


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="finds the worker in /proc")
def test_a_killed_worker_is_an_error_not_a_hang(envguard_bin: str, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    repo = isolated_repo(tmp_path, monkeypatch)
    _big_history(repo)
    proc = subprocess.Popen([envguard_bin, "scan", "--history", "--jobs", "2"], cwd=repo,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)
    worker = _wait_for_worker(proc.pid)
    assert worker is not None
    os.kill(worker, signal.SIGKILL)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 2, (out, err)
    assert err.decode() == ("envguard: error: a scanning worker process stopped "
                            "unexpectedly (out of memory or killed?); try --jobs 1\n")
    assert out == b""

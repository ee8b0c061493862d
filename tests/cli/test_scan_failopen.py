"""``envguard scan`` never passes quietly over what it did not read (issue 13)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from envguard.sources import files
from tests.conftest import Run
from tests.fakes import stripe_key


def test_skipped_files_are_named_not_silent(run_envguard: Run, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """Files over the limit or with a NUL were skipped and the scan said "no problems"."""
    monkeypatch.setattr(files, "MAX_FILE_BYTES", 1000)
    (tmp_path / "big.py").write_text("x = 1\n" * 400)
    (tmp_path / "blob.py").write_bytes(b"\0K = 1\n")
    (tmp_path / "ok.py").write_text("x = 1\n")
    text = run_envguard(["scan", "."])
    assert "no problems found" not in text.stdout
    assert "big.py" in text.stdout and "blob.py" in text.stdout and "ok.py" not in text.stdout
    report = json.loads(run_envguard(["scan", "--format", "json", "."]).stdout)
    rules = {(f["file"], f["rule"], f["severity"]) for f in report["findings"]}
    assert rules == {("big.py", "file-not-scanned", "warning"),
                     ("blob.py", "file-not-scanned", "info")}
    assert run_envguard(["scan", "--fail-on", "warning", "."]).returncode == 1


def test_an_unreadable_folder_is_exit_2(run_envguard: Run, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "d").mkdir()
    real_walk = os.walk

    def walk(top: str, onerror: object = None, **kw: object) -> object:
        assert callable(onerror)
        onerror(PermissionError(13, "Permission denied", os.path.join(top, "d")))
        return real_walk(top, **kw)  # type: ignore[call-overload]

    monkeypatch.setattr(files.os, "walk", walk)
    monkeypatch.setattr(files, "_git_listing", lambda folder: None)
    run = run_envguard(["scan", "."])
    assert run.returncode == 2 and "cannot read folder" in run.stderr


def test_paths_after_double_dash_are_paths(run_envguard: Run, tmp_path: Path) -> None:
    (tmp_path / "--help").write_text(f'KEY = "{stripe_key()}"\n')
    (tmp_path / "--update-baseline").write_text("x = 1\n")
    run = run_envguard(["scan", "--exclude", "none", "--", "--help", "--update-baseline"])
    assert run.returncode == 1 and "--help\n  1:8  error  " in run.stdout
    assert not (tmp_path / ".envguard-baseline.json").exists()


def test_only_the_baseline_itself_is_skipped(run_envguard: Run, tmp_path: Path) -> None:
    """Every file with the baseline's base name, in any folder, was skipped."""
    (tmp_path / "clean.py").write_text("x = 1\n")
    assert run_envguard(["scan", "--update-baseline", "."]).returncode == 0
    assert (tmp_path / ".envguard-baseline.json").exists()
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / ".envguard-baseline.json").write_text(
        json.dumps({"key": stripe_key()}) + "\n")
    run = run_envguard(["scan", "--baseline", ".envguard-baseline.json", "."])
    assert run.returncode == 1 and "sub/.envguard-baseline.json" in run.stdout

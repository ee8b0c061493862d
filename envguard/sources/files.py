"""Which files ``envguard scan PATH...`` reads, and reading one as if it were all added.

Inside a git work tree a folder is listed with ``git ls-files --cached --others
--exclude-standard``, so .gitignore (and the global excludes) decide, exactly as git
would; elsewhere the folder is walked, skipping ``.git``. A file named explicitly is
scanned even when ignored: the user asked for it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator, Sequence

from envguard.errors import InputError
from envguard.sources.gitdiff import FilePatch

MAX_FILE_BYTES = 20 * 1024 * 1024


def _join(base: str, rel: str) -> str:
    return os.path.normpath(os.path.join(base, rel)).replace(os.sep, "/")


def _git_listing(folder: str) -> list[str] | None:
    git = shutil.which("git")
    if git is None:
        return None
    proc = subprocess.run(
        [git, "-c", "core.quotepath=off", "ls-files", "-z", "--cached", "--others",
         "--exclude-standard"],
        cwd=folder, capture_output=True, check=False,
    )
    if proc.returncode != 0:
        return None  # not a work tree
    for line in proc.stderr.decode("utf-8", "replace").splitlines():
        if "could not open directory" in line:  # git lists around it, and says so only here
            raise InputError(f"{folder}: cannot list every file: {line.strip()}")
    names = proc.stdout.decode("utf-8", "surrogateescape").split("\0")
    return sorted({n for n in names if n})


def _unreadable(exc: OSError) -> None:
    raise InputError(f"{exc.filename}: cannot read folder: {exc.strerror}")


def _walk(folder: str) -> Iterator[str]:
    for root, dirs, files in os.walk(folder, onerror=_unreadable):
        dirs[:] = sorted(d for d in dirs if d != ".git")
        for name in sorted(files):
            yield os.path.relpath(os.path.join(root, name), folder)


def iter_files(paths: Sequence[str]) -> Iterator[str]:
    """Display paths (``/``-separated, as given) of every file to scan."""
    for given in paths:
        if os.path.isfile(given):
            yield given.replace(os.sep, "/")
            continue
        if not os.path.isdir(given):
            raise InputError(f"{given}: no such file or directory")
        listed = _git_listing(given)
        for rel in listed if listed is not None else _walk(given):
            full = _join(given, rel)
            if os.path.isfile(full) and not os.path.islink(full):
                yield full


def in_work_tree(path: str) -> bool:
    """Whether ``path`` sits inside a git work tree (so a file there may be committed)."""
    git = shutil.which("git")
    folder = path if os.path.isdir(path) else os.path.dirname(path) or "."
    if git is None:
        return False
    proc = subprocess.run([git, "rev-parse", "--is-inside-work-tree"], cwd=folder,
                          capture_output=True, text=True, check=False)
    return proc.returncode == 0 and proc.stdout.strip() == "true"


def read_file_patch(path: str, max_bytes: int = MAX_FILE_BYTES) -> FilePatch | None:
    """The whole file as added lines 1..n; None for binary or oversized files."""
    patch = file_patch_or_skip(path, max_bytes)
    return patch if isinstance(patch, FilePatch) else None


def file_patch_or_skip(path: str, max_bytes: int | None = None) -> FilePatch | str:
    """The whole file as added lines 1..n, or why it is not scanned (said to the user)."""
    max_bytes = max_bytes or MAX_FILE_BYTES
    try:
        with open(path, "rb") as fh:
            data = fh.read(max_bytes + 1)
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror}") from None
    if len(data) > max_bytes:
        return f"over the {max_bytes // (1024 * 1024)} MB scan limit"
    if b"\0" in data[:8192]:
        return "binary (a NUL byte in its first 8 KB)"
    text = data.decode("utf-8", "surrogateescape")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if "\r" in text:
        lines = [line[:-1] if line.endswith("\r") else line for line in lines]
    return FilePatch(path=path, status="file", numbers=list(range(1, len(lines) + 1)),
                     texts=lines)



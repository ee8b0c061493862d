"""Where a finding's file is, for reports read outside this machine (SARIF, annotations).

GitHub resolves a SARIF ``uri`` and an annotation's ``file=`` against the repository's
root, whatever folder the command ran in and however the path reached envguard (from the
config as an absolute path, on the command line, from ``git diff``). :func:`repo_root` is
the top of the git work tree around the working directory (found by looking for ``.git``,
without starting git), else the working directory; :func:`repo_path` is a finding's file
relative to it.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath


def repo_root(cwd: Path | None = None) -> Path:
    """The git toplevel around ``cwd`` (default: the working directory), else ``cwd``."""
    where = (cwd or Path.cwd()).resolve()
    for folder in (where, *where.parents):
        if (folder / ".git").exists():
            return folder
    return where


def is_pseudo(file: str) -> bool:
    """``<stdin>``, ``<process environment>``, ``-``: a source that is not a file."""
    return file in ("", "-") or (file.startswith("<") and file.endswith(">"))


def repo_path(file: str, root: Path, base: str | Path | None = None) -> str | None:
    """``file`` as a POSIX path relative to ``root``; None for a pseudo-source or a file
    outside the root. A relative ``file`` is relative to ``base`` (default: the working
    directory; ``envguard scan --staged`` passes the git root, since git prints paths
    relative to it)."""
    if is_pseudo(file):
        return None
    path = Path(file)
    if not path.is_absolute():
        path = Path(base or Path.cwd()) / path
    try:
        resolved = Path(os.path.realpath(path))
        rel = resolved.relative_to(root)
    except (ValueError, OSError):
        try:  # a path whose link cannot be resolved: compare it as written
            rel = Path(os.path.abspath(path)).relative_to(root)
        except ValueError:
            return None
    text = PurePosixPath(*rel.parts).as_posix()
    return None if text in ("", ".") else text

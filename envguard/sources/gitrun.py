"""Running git for the scanner: staged changes, ranges of commits, whole history.

Options pin git's output format whatever the user's configuration or the repository's
``.gitattributes`` say (a hostile ``diff.external``, a ``textconv`` driver, ``-diff`` or
``binary`` attributes, ``color.ui=always``, ``diff.noprefix``, ``log.showRoot=false``...):
external diff drivers and text conversion are off, every file is diffed as text
(``--text``: a binary marker is never trusted to hide content), pathspecs are literal (a
staged file named ``*`` or ``:!x`` is a file name), and merges are shown as dense
combined diffs (``--cc``), so lines written while resolving a merge are scanned once and
lines taken from a parent are not scanned again. git's output is parsed as it streams,
so a long history never sits in memory.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from envguard.errors import InputError
from envguard.numbers import is_integer
from envguard.sources.gitdiff import FilePatch, parse_diff, read_lines

_GIT_CONFIG = ("--literal-pathspecs", "-c", "core.quotepath=on", "-c", "diff.noprefix=false",
               "-c", "diff.relative=false", "-c", "diff.mnemonicPrefix=false",
               "-c", "log.showSignature=false", "-c", "log.showRoot=true",
               "-c", "color.ui=never", "-c", "diff.submodule=short")
_DIFF_OPTS = ("--no-color", "--no-ext-diff", "--no-textconv", "--text", "--src-prefix=a/",
              "--dst-prefix=b/", "--unified=0", "--diff-filter=d", "--no-relative",
              "--submodule=short")


def _git_binary() -> str:
    git = shutil.which("git")
    if git is None:
        raise InputError("git is not installed (needed for --staged, --rev-range, --history)")
    return git


def git_root(cwd: Path | None = None, why: str = "this scan") -> Path:
    """The top of the work tree around ``cwd``; a clear InputError outside of one."""
    where = cwd or Path.cwd()
    proc = subprocess.run(
        [_git_binary(), "rev-parse", "--show-toplevel"], cwd=where,
        capture_output=True, text=True, check=False,
    )
    if proc.returncode != 0 or not proc.stdout.strip():
        raise InputError(f"{why} needs a git repository, and {where} is not inside one")
    return Path(proc.stdout.strip())


def _work_tree(cwd: Path | None, why: str) -> Path:
    """``cwd`` when it is inside a work tree (found without starting git: the pre-commit
    hook runs on every commit, and each git process costs milliseconds)."""
    where = (cwd or Path.cwd()).resolve()
    if os.environ.get("GIT_DIR") or any((d / ".git").exists() for d in (where, *where.parents)):
        return where
    raise InputError(f"{why} needs a git repository, and {where} is not inside one")


def _git_stream(args: list[str], cwd: Path, source: str,
                on_commit: Callable[[str], None] | None = None) -> Iterator[FilePatch]:
    """Run git and parse its diff output as it arrives; git's own error becomes InputError."""
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(
            [_git_binary(), *_GIT_CONFIG, *args], cwd=cwd, stdout=subprocess.PIPE,
            stderr=err, env={**os.environ, "GIT_PAGER": "cat", "LC_ALL": "C"},
        )
        assert proc.stdout is not None
        try:
            for patch in parse_diff(read_lines(proc.stdout), source, on_commit):
                yield _judge_binary(patch)
        finally:
            proc.stdout.close()
            code = proc.wait()
        if code != 0:
            err.seek(0)
            message = err.read().decode("utf-8", "replace").strip().splitlines()
            raise InputError(f"{source} failed: {message[0] if message else f'exit {code}'}")


def _judge_binary(patch: FilePatch) -> FilePatch:
    """Binary by content, as git itself judges it (a NUL in the first 8000 bytes), never by
    an attribute: ``--text`` makes git show every file, and a real binary is dropped here."""
    head = ""
    for text in patch.texts:
        head += text + "\n"
        if len(head) >= 8000:
            break
    if "\0" in head[:8000]:
        patch.binary = True
        patch.numbers, patch.texts = [], []
    return patch


def staged_patches(cwd: Path | None = None,
                   paths: Sequence[str] = ()) -> Iterator[FilePatch]:
    """What ``git commit`` would record now (only under ``paths`` when given); paths are
    relative to the work tree's top, as pre-commit passes them."""
    where = _work_tree(cwd, "--staged")
    limit = ["--", *paths] if paths else []  # pathspecs are relative to cwd, as given
    return _git_stream(["diff", "--staged", *_DIFF_OPTS, *limit], where, "git diff --staged")


def log_patches(rev_range: str | None, cwd: Path | None = None,
                on_commit: Callable[[str], None] | None = None) -> Iterator[FilePatch]:
    """Every commit of ``rev_range`` (or of all refs when None), newest first."""
    root = git_root(cwd, "--history" if rev_range is None else "--rev-range")
    if rev_range is not None and rev_range.startswith("-"):
        raise InputError(f"--rev-range {rev_range!r}: a range cannot start with '-'")
    revs = ["--all"] if rev_range is None else [rev_range]
    args = ["log", "-p", "--cc", "--format=commit %H", *_DIFF_OPTS, *revs, "--"]
    return _git_stream(args, root, f"git log {revs[0]}", on_commit)


def count_commits(rev_range: str | None, cwd: Path | None = None) -> int | None:
    """How many commits a log will show (for a progress bar); None when git cannot say."""
    revs = ["--all"] if rev_range is None else [rev_range]
    proc = subprocess.run(
        [_git_binary(), "rev-list", "--count", *revs, "--"], cwd=cwd or Path.cwd(),
        capture_output=True, text=True, check=False,
    )
    count = proc.stdout.strip()
    return int(count) if proc.returncode == 0 and is_integer(count) else None


def has_staged_changes(cwd: Path | None = None) -> bool:
    """Whether the index differs from HEAD (false in ``pre-commit run --all-files``).

    Any other answer (not a repository) counts as yes: the staged scan then says why.
    """
    proc = subprocess.run([_git_binary(), *_GIT_CONFIG, "diff", "--staged", "--quiet",
                           "--no-ext-diff", "--no-textconv", "--text"],
                          cwd=_work_tree(cwd, "--staged"), capture_output=True, check=False)
    return proc.returncode != 0

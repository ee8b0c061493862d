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

import contextlib
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO

from envguard.errors import InputError
from envguard.numbers import is_integer
from envguard.sources.gitdiff import FilePatch, LineCount, parse_diff, read_lines

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


def _git_env() -> dict[str, str]:
    """The environment of every git process the scanner starts."""
    return {**os.environ, "GIT_PAGER": "cat", "LC_ALL": "C"}


def _failed(source: str, code: int, err: IO[bytes]) -> InputError:
    err.seek(0)
    message = err.read().decode("utf-8", "replace").strip().splitlines()
    return InputError(f"{source} failed: {message[0] if message else f'exit {code}'}")


def _git_stream(args: list[str], cwd: Path, source: str,
                on_commit: Callable[[str], None] | None = None, *,
                stdin: IO[bytes] | None = None, first_line: int = 0,
                counter: LineCount | None = None) -> Iterator[FilePatch]:
    """Run git and parse its diff output as it arrives; git's own error becomes InputError."""
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(
            [_git_binary(), *_GIT_CONFIG, *args], cwd=cwd, stdin=stdin,
            stdout=subprocess.PIPE, stderr=err, env=_git_env(),
        )
        assert proc.stdout is not None
        _widen_pipe(proc.stdout.fileno())
        try:
            lines = read_lines(proc.stdout, counter=counter)
            for patch in parse_diff(lines, source, on_commit, first_line):
                yield _judge_binary(patch)
        finally:
            proc.stdout.close()
            code = proc.wait()
        if code != 0:
            raise _failed(source, code, err)


def _widen_pipe(fd: int) -> None:
    """Let git write up to 1 MB ahead of the scanner (Linux pipes hold 64 KB): neither
    waits for the other over a large file's patch. Elsewhere, or when the system caps
    pipe sizes lower, the pipe stays as it is."""
    try:
        import fcntl
    except ImportError:  # Windows
        return
    size = getattr(fcntl, "F_SETPIPE_SZ", None)
    if size is not None:
        with contextlib.suppress(OSError):
            fcntl.fcntl(fd, size, 1 << 20)


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


def _revs(rev_range: str | None) -> list[str]:
    if rev_range is not None and rev_range.startswith("-"):
        raise InputError(f"--rev-range {rev_range!r}: a range cannot start with '-'")
    return ["--all"] if rev_range is None else [rev_range]


def log_root(rev_range: str | None, cwd: Path | None = None) -> Path:
    """The work tree a log of ``rev_range`` runs in (an InputError outside of one)."""
    return git_root(cwd, "--history" if rev_range is None else "--rev-range")


def log_source(rev_range: str | None) -> str:
    """How errors name the log of ``rev_range`` (``git log --all``)."""
    return f"git log {_revs(rev_range)[0]}"


def _log_args(revs: Sequence[str]) -> list[str]:
    return ["log", "-p", "--cc", "--format=commit %H", *_DIFF_OPTS, *revs, "--"]


def log_patches(rev_range: str | None, cwd: Path | None = None,
                on_commit: Callable[[str], None] | None = None) -> Iterator[FilePatch]:
    """Every commit of ``rev_range`` (or of all refs when None), newest first."""
    root = log_root(rev_range, cwd)
    revs = _revs(rev_range)
    return _git_stream(_log_args(revs), root, log_source(rev_range), on_commit)


def commit_patches(commits: Path, root: Path, source: str,
                   on_commit: Callable[[str], None] | None = None, *, first_line: int = 0,
                   counter: LineCount | None = None) -> Iterator[FilePatch]:
    """The patches of the commits listed in the file ``commits`` (one id a line, as
    :func:`split_commits` writes them), in that order, exactly as the log of the whole
    range shows them: the same options, one ``git log --no-walk=unsorted --stdin``.

    ``first_line`` is how many lines of the whole log came before (for error messages);
    ``counter`` counts the lines this part's log had.
    """
    with commits.open("rb") as ids:
        yield from _git_stream(_log_args(["--no-walk=unsorted", "--stdin"]), root, source,
                               on_commit, stdin=ids, first_line=first_line, counter=counter)


def split_commits(rev_range: str | None, root: Path, total: int, parts: int,
                  folder: Path) -> list[Path]:
    """The commits of ``rev_range`` in log order (``git rev-list``, streamed) written to
    at most ``parts`` files of consecutive commits, about ``total / parts`` each."""
    revs = _revs(rev_range)
    per = max(1, -(-total // max(1, parts)))
    files: list[Path] = []
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(
            [_git_binary(), *_GIT_CONFIG, "rev-list", *revs, "--"], cwd=root,
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=err, env=_git_env(),
        )
        assert proc.stdout is not None
        out: IO[bytes] | None = None
        written = 0
        try:
            for line in proc.stdout:
                if out is None or (written == per and len(files) < parts):
                    if out is not None:
                        out.close()
                    files.append(folder / f"commits-{len(files):04d}")
                    out = files[-1].open("wb")
                    written = 0
                out.write(line)
                written += 1
        finally:
            if out is not None:
                out.close()
            proc.stdout.close()
            code = proc.wait()
        if code != 0:
            raise _failed(log_source(rev_range), code, err)
    return files


def count_commits(rev_range: str | None, cwd: Path | None = None) -> int | None:
    """How many commits a log will show (for a progress bar); None when git cannot say
    (the log itself then says why)."""
    if rev_range is not None and rev_range.startswith("-"):
        return None  # never an option
    revs = _revs(rev_range)
    proc = subprocess.run(
        [_git_binary(), *_GIT_CONFIG, "rev-list", "--count", *revs, "--"],
        cwd=cwd or Path.cwd(), stdin=subprocess.DEVNULL, capture_output=True, text=True,
        check=False, env=_git_env(),
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

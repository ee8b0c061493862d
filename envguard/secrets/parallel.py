"""History and range scans on several cores (``envguard scan --jobs N``).

The commits of the range (``git rev-list``, in the order ``git log`` shows them, streamed
into temporary files) are cut into runs of consecutive commits, a few per process so
that a run of large commits does not leave the other cores idle. Each run is one ``git
log -p --no-walk=unsorted --stdin`` with the options of the single-process log (the same
environment and ``-c`` overrides: :mod:`envguard.sources.gitrun` starts every git
process), parsed as it streams. This process and N - 1 workers (``spawn``: no forked
locks, the same on every platform) take runs in log order until none is left. The logs
of the runs, one after the other, are byte for byte the log of the range, so the
detections of the runs, concatenated in order, are the single process's, and so are the
counts of commits, files and lines. Workers stream; the parent holds only detections.

A run that fails (git's error, a malformed patch) stops the taking of new runs; every
earlier run was taken before it and finishes. The first failed run in log order is
scanned again here from the line where it starts in the whole log, which raises the
error a single process raises, with the same line numbers. Ctrl-C stops the workers
(they ignore SIGINT from birth, so the interrupt is reported once, by the parent), and
so does a worker's death (an exit-2 error, never a hang).

Each worker costs about 0.4 s of CPU to start (an interpreter, envguard's imports,
detect-secrets' plugins), and each scanning process keeps its own git busy: on a
2-core machine one pair already fills the cores, which is why the default is half the
cores and short ranges stay in one process (``MIN_PARALLEL_COMMITS`` in
:mod:`envguard.commands.scan`).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from envguard.errors import InputError
from envguard.secrets.engine import Detection, Scanner, ScanOptions
from envguard.sources.gitdiff import FilePatch

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor
    from multiprocessing.sharedctypes import Synchronized

# Imports inside functions are deliberate: a scan in one process (the pre-commit hook) does
# not pay for multiprocessing's.

RUNS_PER_JOB = 4  # runs of consecutive commits per worker: balance against git start-ups
_MIN_RUN = 50  # commits; shorter runs cost more in git start-ups than they balance


def default_jobs() -> int:
    """Half the cores: each scanning process has its own ``git log`` feeding it, and the
    two keep about two cores busy (on 2 cores a second pair measured slower than one)."""
    return max(1, (os.cpu_count() or 1) // 2)


def workers_for(jobs: int, total: int | None, threshold: int) -> int:
    """How many processes scan ``total`` commits with ``--jobs jobs`` (1: this one);
    below ``threshold`` commits, one."""
    if jobs <= 1 or total is None or total < threshold:
        return 1
    return max(1, min(jobs, total // _MIN_RUN))


def without(patches: Iterator[FilePatch], path: Path, root: Path | None) -> Iterator[FilePatch]:
    """``patches`` less the file ``path``'s own (compared by resolved path: patch paths are
    relative to the current folder, or to the top of the work tree in git modes)."""
    target = path.resolve()
    bases = [Path.cwd(), *([root] if root else [])]
    for patch in patches:
        if not any((base / patch.path).resolve() == target for base in bases):
            yield patch


@dataclass(frozen=True)
class _Run:
    commits: str
    root: str
    source: str
    options: ScanOptions
    baseline: str | None
    config_root: str | None


@dataclass
class RunResult:
    detections: list[Detection] = field(default_factory=list)
    files: int = 0
    lines: int = 0  # added lines scanned (the scanner's count)
    commits: int = 0
    log_lines: int = 0  # lines of git's output, to number a later run's errors
    error: str | None = None


class _Shared:
    """What the parent and its workers share: commits scanned (progress), and the next
    run nobody has taken yet."""

    def __init__(self, commits: Synchronized[int], taken: Synchronized[int]) -> None:
        self.commits = commits
        self.taken = taken

    def take(self) -> int:
        with self.taken.get_lock():
            index = int(self.taken.value)
            self.taken.value += 1
        return index

    def close(self) -> None:
        """No new runs: one failed. Runs are taken in log order, so every run before it
        is already taken and finishes (the first failure in log order is the one told)."""
        with self.taken.get_lock():
            self.taken.value = 1 << 62

    def add(self, commits: int) -> None:
        with self.commits.get_lock():
            self.commits.value += commits


_SHARED: _Shared | None = None
_SCANNER: tuple[ScanOptions, Scanner] | None = None


def _init_worker(commits: Synchronized[int], taken: Synchronized[int]) -> None:
    import signal

    global _SHARED
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent reports Ctrl-C, once
    _SHARED = _Shared(commits, taken)


def _scanner(options: ScanOptions) -> Scanner:
    """One scanner per worker process (rules compile once), fresh counts per run."""
    global _SCANNER
    from envguard.secrets.engine import ScanStats

    if _SCANNER is None or _SCANNER[0] != options:
        _SCANNER = (options, Scanner(options=options))
    _SCANNER[1].stats = ScanStats()
    return _SCANNER[1]


def _patches(run: _Run, on_commit: Callable[[str], None] | None, first_line: int = 0,
             counter: Any = None) -> Iterator[Any]:
    from envguard.sources import gitrun

    patches = gitrun.commit_patches(Path(run.commits), Path(run.root), run.source, on_commit,
                                    first_line=first_line, counter=counter)
    if run.baseline is not None:
        patches = without(patches, Path(run.baseline),
                          Path(run.config_root) if run.config_root else None)
    return patches


def _scan_run(run: _Run, shared: _Shared | None,
              on_progress: Callable[[], None] | None = None) -> RunResult:
    """One run's log, streamed through the scanner (in a worker or in the parent)."""
    from envguard.sources.gitdiff import LineCount

    result = RunResult()
    pending = 0

    def tick(_sha: str) -> None:
        nonlocal pending
        result.commits += 1
        pending += 1
        if pending == 16 and shared is not None:
            shared.add(pending)
            pending = 0
            if on_progress is not None:
                on_progress()

    scanner = _scanner(run.options)
    lines = LineCount()
    try:
        result.detections = list(scanner.scan(_patches(run, tick, counter=lines)))
    except InputError as exc:
        result.error = str(exc)
    if shared is not None and pending:
        shared.add(pending)
    result.files, result.lines = scanner.stats.files, scanner.stats.lines
    result.log_lines = lines.lines
    return result


def _work(runs: tuple[_Run, ...]) -> list[tuple[int, RunResult]]:
    """A worker's job: runs nobody has taken, until none is left."""
    assert _SHARED is not None
    done: list[tuple[int, RunResult]] = []
    while (index := _SHARED.take()) < len(runs):
        done.append((index, _scan_run(runs[index], _SHARED)))
        if done[-1][1].error is not None:
            _SHARED.close()
    return done


def scan_parallel(rev_range: str | None, root: Path, total: int, workers: int,
                  options: ScanOptions, baseline: Path | None, config_root: Path | None,
                  on_progress: Callable[[int], None] | None = None) -> RunResult:
    """Detections and counts of the log of ``rev_range``, exactly as one process reports
    them, from ``workers`` processes: this one and ``workers - 1`` started for the scan."""
    import tempfile
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    from envguard.sources import gitrun

    source = gitrun.log_source(rev_range)
    parts = max(1, min(workers * RUNS_PER_JOB, total // _MIN_RUN))
    with tempfile.TemporaryDirectory(prefix="envguard-scan-") as tmp:
        files = gitrun.split_commits(rev_range, root, total, parts, Path(tmp))
        runs = tuple(_Run(str(f), str(root), source, options,
                          str(baseline) if baseline is not None else None,
                          str(config_root) if config_root is not None else None)
                     for f in files)
        ctx = get_context("spawn")
        helpers = max(1, min(workers, len(runs)) - 1)
        with _quiet_start():  # the shared values' resource tracker and the workers start here
            shared = _Shared(ctx.Value("q", 0), ctx.Value("q", 0))
            pool = ProcessPoolExecutor(max_workers=helpers, mp_context=ctx,
                                       initializer=_init_worker,
                                       initargs=(shared.commits, shared.taken))
            futures = [pool.submit(_work, runs) for _ in range(helpers)]
        results: dict[int, RunResult] = {}

        def progress() -> None:
            if on_progress is not None:
                on_progress(int(shared.commits.value))

        try:
            while (index := shared.take()) < len(runs):  # this process works too
                results[index] = _scan_run(runs[index], shared, progress)
                if results[index].error is not None:
                    shared.close()
            if len(results) == len(runs):  # a small scan: done before the workers started
                _stop(pool)
            for future in futures if len(results) < len(runs) else ():
                results.update(_wait(future, progress))
        except BaseException:
            _stop(pool)
            raise
        pool.shutdown(wait=True)
        failed = [i for i, r in results.items() if r.error is not None]
        merged = RunResult()
        for index, run in enumerate(runs):  # in log order: the single process's order
            result = results.get(index)
            if result is None:
                break  # only after a failed run: reported below
            if result.error is not None:
                _raise_again(run, merged.log_lines, result.error)
            merged.detections += result.detections
            merged.files += result.files
            merged.lines += result.lines
            merged.commits += result.commits
            merged.log_lines += result.log_lines
        if len(results) < len(runs) or failed:  # cannot happen without a failed run
            raise InputError(f"{source} failed")
    return merged


@contextmanager
def _quiet_start() -> Iterator[None]:
    """Start processes that need envguard's modules only, and ignore Ctrl-C from birth.

    ``spawn`` would run the caller's ``__main__`` again in each (a script without a
    ``__name__`` guard would start its scan again; a program read from stdin cannot be
    read twice), so it is hidden for the moment. SIGINT is ignored meanwhile: a process
    started ignoring it keeps ignoring it (a Ctrl-C while a worker boots would otherwise
    print its traceback), and the parent reports the interrupt.
    """
    import signal
    import threading
    import types

    main = sys.modules.get("__main__")
    sys.modules["__main__"] = types.ModuleType("__main__")
    in_main = threading.current_thread() is threading.main_thread()
    before = signal.signal(signal.SIGINT, signal.SIG_IGN) if in_main else None
    try:
        yield
    finally:
        if main is not None:
            sys.modules["__main__"] = main
        if in_main:
            signal.signal(signal.SIGINT, before)


def _wait(future: Future[list[tuple[int, RunResult]]],
          progress: Callable[[], None]) -> list[tuple[int, RunResult]]:
    from concurrent.futures.process import BrokenProcessPool

    while True:
        try:
            return future.result(timeout=0.1)
        except TimeoutError:
            progress()
        except BrokenProcessPool:
            raise InputError("a scanning worker process stopped unexpectedly (out of "
                             "memory or killed?); try --jobs 1") from None


def _stop(pool: ProcessPoolExecutor) -> None:
    """Cancel what has not started and end the workers now (their git processes stop at
    their next write, into a closed pipe)."""
    processes = dict(getattr(pool, "_processes", None) or {})
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes.values():
        if process.is_alive():
            process.terminate()
    for process in processes.values():
        process.join(timeout=5)


def _raise_again(run: _Run, first_line: int, message: str) -> None:
    """Scan the failed run here, numbered from its first line in the whole log: the error
    is then the single process's own. Should it pass this time, the worker's stands."""
    scanner = Scanner(options=run.options)
    for _ in scanner.scan(_patches(run, None, first_line)):
        pass
    raise InputError(message)

"""Run a command's ``main(argv)`` inside the test process, the way a fresh process would.

Each call gets its own working directory, environment, stdin and captured stdout/stderr,
and everything is put back afterwards, so runs cannot leak into each other or into the
test. The result is a :class:`subprocess.CompletedProcess`, as the subprocess runner gives.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from subprocess import CompletedProcess

Main = Callable[[Sequence[str]], int]


def _exit_code(exc: SystemExit, stderr: io.TextIOBase) -> int:
    """What the interpreter makes of ``SystemExit(code)`` (argparse's ``--help``, errors)."""
    if exc.code is None:
        return 0
    if isinstance(exc.code, int):
        return exc.code
    print(exc.code, file=stderr)
    return 1


def _forget_modules_from(where: Path, before: set[str]) -> None:
    """Drop modules a run imported from its working directory (``--model app:Settings``):
    the next run, in another directory, must import its own ``app``."""
    for name in set(sys.modules) - before:
        file = getattr(sys.modules[name], "__file__", None)
        if file and Path(file).resolve().is_relative_to(where):
            del sys.modules[name]


def run_main(main: Main, argv: Sequence[str], *, cwd: Path,
             input: str | bytes | None = None, env: Mapping[str, str] | None = None,
             unset: Iterable[str] = ()) -> CompletedProcess[str]:
    """``main(argv)`` in ``cwd`` with ``os.environ`` plus ``env`` minus ``unset``.

    stdin reads ``input`` (empty if None, as from /dev/null); stdout and stderr are
    UTF-8 text over bytes, so code that writes to ``sys.stdout.buffer`` is captured too.
    """
    data = input.encode("utf-8") if isinstance(input, str) else (input or b"")
    stdin = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8")
    stdout = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", write_through=True)
    stderr = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="backslashreplace",
                              write_through=True)
    saved_env = dict(os.environ)
    saved_cwd = os.getcwd()
    saved_streams = (sys.stdin, sys.stdout, sys.stderr)
    saved_path = list(sys.path)
    saved_modules = set(sys.modules)
    where = Path(cwd).resolve()
    try:
        os.environ.update(env or {})
        for name in unset:
            os.environ.pop(name, None)
        os.chdir(where)
        sys.stdin, sys.stdout, sys.stderr = stdin, stdout, stderr
        try:
            code = main(list(argv))
        except SystemExit as exc:
            code = _exit_code(exc, stderr)
    finally:
        stdout.flush()
        stderr.flush()
        sys.stdin, sys.stdout, sys.stderr = saved_streams
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_env)
        sys.path[:] = saved_path
        _forget_modules_from(where, saved_modules)
    out = stdout.buffer.getvalue().decode("utf-8")
    err = stderr.buffer.getvalue().decode("utf-8", "backslashreplace")
    return CompletedProcess(["envguard", *argv], code, out, err)

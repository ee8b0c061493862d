"""Hook latency: envguard-secrets against detect-secrets' own hook on one staged change.

A typical commit: 10 files, 500 changed lines, staged in a fresh repository. Each hook
runs as a whole process, the way pre-commit starts it: from a virtual environment of its
own (built here with pip, from this checkout and from PyPI), several times; the script
prints medians and the ratio. ``--here`` uses the current interpreter's installs instead.

    python benchmarks/hook_latency.py [--runs 9] [--here]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _bytecode import compile_bytecode

ROOT = Path(__file__).resolve().parent.parent
WORDS = ("user", "order", "total", "price", "config", "session", "token_count", "limit",
         "items", "result", "cache", "retry", "timeout", "region", "payload")


def make_repo(path: Path) -> list[str]:
    """A repository with 10 staged files adding 50 lines each of ordinary code."""
    rng = random.Random(7)
    env = {**os.environ, "GIT_AUTHOR_NAME": "b", "GIT_AUTHOR_EMAIL": "b@example.invalid",
           "GIT_COMMITTER_NAME": "b", "GIT_COMMITTER_EMAIL": "b@example.invalid"}
    subprocess.run(["git", "init", "-q", "-b", "main", str(path)], check=True, env=env)
    files = []
    for n in range(10):
        name = f"src/module_{n}.py"
        lines = [f"def handler_{n}(request):"]
        for i in range(49):
            a, b = rng.sample(WORDS, 2)
            lines.append(f"    {a}_{i} = request.get('{b}', {rng.randint(0, 999)})  # {b} {a}")
        target = path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text("\n".join(lines) + "\n")
        files.append(name)
    subprocess.run(["git", "add", "-A"], cwd=path, check=True, env=env)
    return files


def median_seconds(cmd: list[str], cwd: Path, runs: int) -> tuple[float, int]:
    samples, code = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        code = subprocess.run(cmd, cwd=cwd, capture_output=True).returncode
        samples.append(time.perf_counter() - start)
    return statistics.median(samples), code


def hook_environment(where: Path) -> Path:
    """A virtual environment with both hooks installed, as pre-commit builds one per hook."""
    subprocess.run([sys.executable, "-m", "venv", str(where)], check=True)
    pip = where / "bin" / "pip"
    subprocess.run([str(pip), "install", "-q", "--disable-pip-version-check", str(ROOT),
                    "detect-secrets"], check=True)
    return where / "bin"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--here", action="store_true",
                        help="time the current interpreter's installs (no new venv)")
    options = parser.parse_args()
    runs = options.runs
    venv_dir = tempfile.TemporaryDirectory()
    if options.here:
        compile_bytecode()
        # beside this interpreter, not PATH: a version manager's shim adds its own start-up
        scripts = Path(sysconfig.get_path("scripts"))
    else:
        scripts = hook_environment(Path(venv_dir.name) / "venv")
    tools = {name: str(scripts / name) if (scripts / name).exists() else shutil.which(name)
             for name in ("envguard-secrets", "detect-secrets-hook")}
    missing = [name for name, path in tools.items() if path is None]
    if missing:
        sys.exit(f"not installed: {', '.join(missing)} (pip install '.[test]' detect-secrets)")
    with tempfile.TemporaryDirectory() as tmp:
        repo = Path(tmp) / "repo"
        files = make_repo(repo)
        times = {}
        for name, path in tools.items():
            assert path is not None
            seconds, code = median_seconds([path, *files], repo, runs)
            times[name] = seconds
            print(f"{name:<22} {seconds * 1000:8.1f} ms (median of {runs}, exit {code})")
    venv_dir.cleanup()
    ratio = times["envguard-secrets"] / times["detect-secrets-hook"]
    print(f"\nenvguard-secrets / detect-secrets-hook: {ratio:.2f}x (goal <= 0.35x)")


if __name__ == "__main__":
    main()

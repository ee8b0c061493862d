"""Secret scanning: envguard vs detect-secrets vs one combined regex, on the same corpus.

Build the corpus first (``python benchmarks/scan_corpus.py``). Each tool runs in its own
process (peak memory is that process's max RSS). Scoring, per planted line:

- recall: planted keys reported at (at least) their expected severity;
- precision: among reported lines at the failing severity (error) that are planted
  items, the share that are keys (a decoy reported as an error is a false alarm);
- decoys flagged: decoys reported as errors (a test key at warning is the intent);
- findings on real text: reported lines that nobody planted (nothing real is there).

A ``.env`` file being committed is a per-file finding (``env-file-committed``), not a
line verdict, and is left out of the line scores. detect-secrets runs its own diff
mode (``scan_diff``, which needs ``pip install unidiff``) with its default plugins.

    python benchmarks/scan_bench.py [--skip-ds]
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "benchmarks" / ".work" / "scan"
sys.path.insert(0, str(ROOT))


def _strip_groups(pattern: str) -> str:
    return re.sub(r"\(\?P<\w+>", "(?:", re.sub(r"\(\?P=\w+\)", "", pattern))


def worker_envguard(corpus: Path) -> dict[str, Any]:
    from envguard.secrets import Scanner
    from envguard.sources.gitdiff import parse_diff, read_lines

    start = time.perf_counter()
    scanner = Scanner()
    with corpus.open("rb") as fh:
        found = [[d.finding.file, d.finding.line, d.finding.rule, int(d.finding.severity)]
                 for d in scanner.scan(parse_diff(read_lines(fh), str(corpus)))]
    return {"seconds": time.perf_counter() - start, "findings": found}


def worker_regex(corpus: Path) -> dict[str, Any]:
    """The speed reference: every keyworded provider pattern in one alternation."""
    from envguard.schema.loader import builtin_credentials

    parts = [_strip_groups(f.pattern.pattern) for f in builtin_credentials().values()
             if f.secret and f.keywords]
    start = time.perf_counter()
    text = corpus.read_bytes().decode("utf-8", "surrogateescape")
    combined = re.compile("|".join(f"(?:{p})" for p in parts))
    n = sum(1 for _ in combined.finditer(text))
    return {"seconds": time.perf_counter() - start, "findings": [], "matches": n}


def worker_ds(corpus: Path) -> dict[str, Any]:
    from detect_secrets.core.scan import get_filters, scan_diff
    from detect_secrets.settings import default_settings, get_settings

    start = time.perf_counter()
    text = corpus.read_bytes().decode("utf-8", "surrogateescape")
    with default_settings():
        # Its file filter drops paths that do not exist on disk; the corpus's do not.
        get_settings().disable_filters("detect_secrets.filters.common.is_invalid_file")
        get_filters.cache_clear()
        found = [[s.filename, s.line_number, s.type, 2] for s in scan_diff(text)]
    return {"seconds": time.perf_counter() - start, "findings": found}


WORKERS = {"envguard": worker_envguard, "regex": worker_regex, "detect-secrets": worker_ds}


def run_worker(name: str, corpus: Path) -> dict[str, Any]:
    proc = subprocess.run([sys.executable, __file__, "--worker", name, str(corpus)],
                          capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        return {"error": proc.stderr.strip().splitlines()[-1] if proc.stderr else "failed"}
    return dict(json.loads(proc.stdout))


def score(findings: list[list[Any]], truth: list[dict[str, Any]],
          shape: str | None = None) -> dict[str, Any]:
    """The scores over every planted line, or over the lines planted in one ``shape``
    (``assignment`` or ``everyday``; real-text findings are counted over the whole corpus)."""
    planted = {(t["file"], t["line"]): t for t in truth}
    if shape is not None:
        truth = [t for t in truth if t.get("shape", "assignment") == shape]
    worst: dict[tuple[str, int], int] = {}
    for file, line, rule, severity in findings:
        if rule == "env-file-committed":
            continue
        key = (file, line)
        worst[key] = max(worst.get(key, -1), severity)
    keys = [t for t in truth if not t["kind"].startswith("decoy:")]
    need = {"error": 2, "warning": 1}
    hit = sum(1 for t in keys if worst.get((t["file"], t["line"]), -1) >= need[t["expect"]])
    decoys = [t for t in truth if t["kind"].startswith("decoy:")]
    flagged = sum(1 for t in decoys if worst.get((t["file"], t["line"]), -1) >= 2)
    reported_keys = sum(1 for t in keys if worst.get((t["file"], t["line"]), -1) >= 1)
    real = sum(1 for k in worst if k not in planted)
    return {
        "recall": hit / len(keys) if keys else 0.0,
        "precision": reported_keys / (reported_keys + flagged) if reported_keys else 0.0,
        "decoys": f"{flagged}/{len(decoys)}",
        "real": real,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=WORK / "corpus.diff")
    parser.add_argument("--skip-ds", action="store_true", help="skip detect-secrets (slow)")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("path", nargs="?", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        result = WORKERS[args.worker](Path(args.path))
        result["maxrss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps(result))
        return 0
    if not args.corpus.exists():
        print(f"no corpus at {args.corpus}: run benchmarks/scan_corpus.py first",
              file=sys.stderr)
        return 2
    truth = json.loads((args.corpus.parent / "truth.json").read_text())["planted"]
    size = args.corpus.stat().st_size / 1e6
    names = ["regex", "envguard"] + ([] if args.skip_ds else ["detect-secrets"])
    results = {name: run_worker(name, args.corpus) for name in names}
    print(f"corpus: {size:.1f} MB, {sum(1 for t in truth if not t['kind'].startswith('decoy'))}"
          f" keys, {sum(1 for t in truth if t['kind'].startswith('decoy'))} decoys planted")
    header = (f"{'tool':<16}{'MB/s':>7}{'x regex':>9}{'x d-s':>8}{'peak MB':>9}"
              f"{'recall':>8}{'precision':>11}{'decoys':>9}{'real-text':>11}")
    print(header)
    ds = results.get("detect-secrets", {})
    for name in names:
        r = results[name]
        if "error" in r:
            print(f"{name:<16} failed: {r['error']}")
            continue
        mbps = size / r["seconds"]
        ref = size / results["regex"]["seconds"] if "seconds" in results["regex"] else 0
        dsr = size / ds["seconds"] if "seconds" in ds else 0
        line = (f"{name:<16}{mbps:>7.1f}{mbps / ref if ref else 0:>9.2f}"
                f"{(f'{mbps / dsr:.1f}' if dsr else '-'):>8}{r['maxrss_mb']:>9.0f}")
        if name != "regex":
            s = score(r["findings"], truth)
            line += (f"{s['recall']:>8.3f}{s['precision']:>11.3f}{s['decoys']:>9}"
                     f"{s['real']:>11}")
        print(line)
    print("\nby shape (assignment syntaxes; everyday shapes, written once and not tuned to):")
    for name in names[1:]:
        if "error" in results[name]:
            continue
        for shape in ("assignment", "everyday"):
            s = score(results[name]["findings"], truth, shape)
            print(f"  {name:<16}{shape:<12} recall {s['recall']:.3f}  precision "
                  f"{s['precision']:.3f}  decoys {s['decoys']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

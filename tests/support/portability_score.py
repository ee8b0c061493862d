"""Score envguard's ``portability`` warnings against the stored readings of the real loaders.

A unit is (input, variable, loader). It is a real difference when the loader's value of the
variable (or its absence) is not python-dotenv's; it is predicted when a portability finding
on that variable names the loader. Keys are compared without a leading BOM (python-dotenv
keeps it in the first key; envguard reports the key without it).

    python -m tests.support.portability_score      # precision and recall, dev and held-out
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from envguard.checks.dotenv_lint import lint_reads
from envguard.findings import Finding
from envguard.sources.dotenv import parse_dotenv_bytes
from tests.support.loader_readings import load_corpus, load_readings

OTHERS = ("node-dotenv", "dotenv-expand", "bash", "dash", "compose")
ABSENT = object()

Unit = tuple[str, str, str]  # input id, key, loader


def named_loaders(message: str) -> set[str]:
    """The loaders a portability message blames."""
    text = message.lower()
    named = set()
    if "node dotenv" in text or "node's dotenv" in text:
        named.add("node-dotenv")
    if "dotenv-expand" in text:
        named.add("dotenv-expand")
    if "compose" in text:
        named.add("compose")
    if "a shell" in text or "shells" in text:
        named |= {"bash", "dash"}
    if "bash" in text:
        named.add("bash")
    if "dash" in text.replace("dashed", ""):
        named.add("dash")
    return named


@contextmanager
def empty_environ() -> Iterator[None]:
    saved = dict(os.environ)
    os.environ.clear()
    try:
        yield
    finally:
        os.environ.update(saved)


def _key(k: str) -> str:
    return k.lstrip("\ufeff")


def real_differences() -> dict[str, set[tuple[str, str]]]:
    """Per input, the (key, loader) pairs whose reading differs from python-dotenv's."""
    ref = load_readings("python-dotenv")["readings"]
    others = {name: load_readings(name)["readings"] for name in OTHERS}
    out: dict[str, set[tuple[str, str]]] = {}
    for cid, reading in ref.items():
        pd = {_key(k): v for k, v in (reading["vars"] or {}).items()}
        diffs = set()
        for name, readings in others.items():
            theirs = {_key(k): v for k, v in (readings[cid]["vars"] or {}).items()}
            for k in set(pd) | set(theirs):
                if pd.get(k, ABSENT) != theirs.get(k, ABSENT):
                    diffs.add((k, name))
        out[cid] = diffs
    return out


def envguard_findings(text: str, cid: str) -> list[Finding]:
    with empty_environ():
        read = parse_dotenv_bytes(text.encode("utf-8"), f"{cid}.env")
    return [f for f in lint_reads([read]) if f.rule == "portability"]


def predicted(text: str, cid: str) -> set[tuple[str, str]]:
    return {(_key(f.key or ""), name) for f in envguard_findings(text, cid)
            for name in named_loaders(f.message)}


@dataclass
class Score:
    tp: set[Unit] = field(default_factory=set)
    fp: set[Unit] = field(default_factory=set)
    fn: set[Unit] = field(default_factory=set)

    @property
    def precision(self) -> float:
        return len(self.tp) / (len(self.tp) + len(self.fp)) if self.tp or self.fp else 1.0

    @property
    def recall(self) -> float:
        return len(self.tp) / (len(self.tp) + len(self.fn)) if self.tp or self.fn else 1.0


def score(held_out: bool | None = None) -> Score:
    """The score over the development inputs (False), the held-out ones (True) or all."""
    real = real_differences()
    s = Score()
    for item in load_corpus():
        if held_out is not None and item["held_out"] != held_out:
            continue
        cid = item["id"]
        actual = real[cid]
        guess = predicted(item["text"], cid)
        s.tp |= {(cid, *u) for u in actual & guess}
        s.fp |= {(cid, *u) for u in guess - actual}
        s.fn |= {(cid, *u) for u in actual - guess}
    return s


def main() -> int:
    for label, part in (("development", False), ("held-out", True), ("all", None)):
        s = score(part)
        print(f"{label:12} precision {s.precision:.3f} recall {s.recall:.3f} "
              f"(tp {len(s.tp)}, fp {len(s.fp)}, fn {len(s.fn)})")
        if "-v" in sys.argv and part is False:
            for name in OTHERS:
                fp = sum(1 for u in s.fp if u[2] == name)
                fn = sum(1 for u in s.fn if u[2] == name)
                print(f"  {name:14} fp {fp:4} fn {fn:4}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

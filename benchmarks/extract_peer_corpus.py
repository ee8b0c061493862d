"""Builds tests/fixtures/peers/: labeled secret / not-secret texts from other scanners' suites.

Sources (bare git snapshots; pass their git dirs):

- gitleaks/gitleaks ``cmd/generate/config/rules/*.go``: each rule's ``tps`` (true) and
  ``fps`` (false), evaluated by ``_gosrc``. Samples built with ``secrets.NewSecret(regex)``
  are drawn fresh from that regex here (gitleaks draws them anew on each test run and
  stores none), so they are marked ``generated``.
- Yelp/detect-secrets ``tests/plugins/*_test.py``: the parametrized positive and negative
  strings (``_pytests``). ``ip_public_test.py`` is left out: an IP address is not a
  credential.

A negative that another gitleaks rule's pattern calls a (realistic) secret is marked
``realistic: false`` too: it is "not this provider's key", not "no secret here".

Every positive is checked against the provider's documented format (``_realism``); one that
no provider would issue stays in the corpus with ``realistic: false`` and the reason.

Each record gets a deterministic split: ``heldout`` when the first byte of
sha256(source, rule, group) is below 77 (about 30%), else ``dev``. ``group`` is the
generated secret a gitleaks sample is built around (its 26 syntaxes fall on the same
side, so tuning on one syntax of a key does not leak its other syntaxes into the
held-out score), else the text itself.

    python benchmarks/extract_peer_corpus.py --gitleaks DIR --detect-secrets DIR
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _gosrc  # noqa: E402
import _pytests  # noqa: E402
import _realism  # noqa: E402
import _regen  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "fixtures" / "peers"
HELDOUT_BELOW = 77  # of 256: about 30% held out
SEED = 20261203
RULES: list[tuple[str, str | None]] = []  # (rule id, regex) of every gitleaks rule read


def git(gitdir: str, *args: str) -> str:
    return subprocess.run(["git", f"--git-dir={gitdir}", *args], check=True,
                          capture_output=True, text=True).stdout


def split_of(source: str, rule: str, group: str) -> str:
    digest = hashlib.sha256(f"{source}\0{rule}\0{group}".encode()).digest()
    return "heldout" if digest[0] < HELDOUT_BELOW else "dev"


def _secret_in(regex: str | None, text: str) -> str | None:
    if not regex:
        return None
    try:
        m = re.search(_regen.go_to_python(regex), text)
    except re.error:
        return None
    if m is None:
        return None
    groups = [g for g in m.groups() if g]
    return max(groups, key=len) if groups else m.group()


def compiled_rules(rules: list[tuple[str, str | None]]) -> list[tuple[str, re.Pattern[str]]]:
    out = []
    for rid, regex in rules:
        if regex and rid != "generic-api-key":  # the generic rule matches any assignment
            try:
                out.append((rid, re.compile(_regen.go_to_python(regex))))
            except re.error:
                continue
    return out


def other_rule(text: str, rule: str, rules: list[tuple[str, re.Pattern[str]]]) -> str | None:
    """A gitleaks rule other than ``rule`` that calls ``text`` a secret: such a negative is
    "not this provider's key", not "no secret here"."""
    for rid, rx in rules:
        if rid != rule and rx.search(text):
            m = rx.search(text)
            value = _secret_in(rx.pattern, text) if m else None
            if _realism.unrealistic(text, value) is None:
                return rid
    return None


def mark_negatives(recs: list[dict[str, Any]], rules: list[tuple[str, re.Pattern[str]]],
                   namespace: str) -> None:
    for rec in recs:
        if rec["label"]:
            continue
        own = rec["rule"] if namespace == "gitleaks" else ""
        other = other_rule(rec["text"], own, rules)
        rec["realistic"] = other is None
        if other:
            rec["reason"] = f"a positive of gitleaks rule {other}: a negative only for {rec['rule']}"


def gitleaks_records(gitdir: str) -> tuple[list[dict[str, Any]], list[str]]:
    commit = git(gitdir, "rev-parse", "HEAD").strip()
    folder = "cmd/generate/config/rules/"
    paths = [p for p in git(gitdir, "ls-tree", "--name-only", "HEAD", folder).split()
             if p.endswith(".go")]
    sources = {p: git(gitdir, "show", f"HEAD:{p}") for p in paths}
    rng = random.Random(SEED)
    globals_ = _gosrc.package_globals(sources, rng)
    out: list[dict[str, Any]] = []
    notes: list[str] = []
    RULES.clear()
    for path, src in sources.items():
        for rule in _gosrc.rule_cases(src, rng, globals_):
            RULES.append((rule.rule_id, rule.regex))
            if rule.problems:
                notes.append(f"{path} {rule.rule_id}: {'; '.join(rule.problems)}")
            for label, samples in ((True, rule.tps), (False, rule.fps)):
                for s in samples:
                    secret = _secret_in(rule.regex, s.text) if label else None
                    group = secret if (s.generated and secret) else s.text
                    rec: dict[str, Any] = {
                        "source": "gitleaks/gitleaks", "commit": commit, "path": path,
                        "rule": rule.rule_id, "text": s.text, "label": label,
                        "generated": s.generated,
                    }
                    if s.path:
                        rec["file"] = s.path
                    if label:
                        why = _realism.unrealistic(s.text, secret, rule.rule_id)
                        rec["realistic"] = why is None
                        if why:
                            rec["reason"] = why
                    rec["split"] = split_of(rec["source"], rule.rule_id, group)
                    out.append(rec)
    return out, notes


def detect_secrets_records(gitdir: str) -> list[dict[str, Any]]:
    commit = git(gitdir, "rev-parse", "HEAD").strip()
    paths = [p for p in git(gitdir, "ls-tree", "--name-only", "HEAD", "tests/plugins/").split()
             if p.endswith("_test.py") and not p.endswith(("ip_public_test.py", "base_test.py"))]
    out: list[dict[str, Any]] = []
    seen: set[tuple[str, str, bool]] = set()
    for path in paths:
        plugin = path.rsplit("/", 1)[-1].removesuffix("_test.py")
        for case in _pytests.cases(git(gitdir, "show", f"HEAD:{path}")):
            if (plugin, case.text, case.label) in seen:
                continue
            seen.add((plugin, case.text, case.label))
            rec: dict[str, Any] = {
                "source": "Yelp/detect-secrets", "commit": commit, "path": path,
                "rule": f"{plugin}:{case.test}", "text": case.text, "label": case.label,
                "generated": False,
            }
            if case.label:
                why = _realism.unrealistic(case.text, case.secret)
                rec["realistic"] = why is None
                if why:
                    rec["reason"] = why
            rec["split"] = split_of(rec["source"], plugin, case.text)
            out.append(rec)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--gitleaks", required=True, help="git dir of a gitleaks/gitleaks snapshot")
    ap.add_argument("--detect-secrets", required=True, dest="ds",
                    help="git dir of a Yelp/detect-secrets snapshot")
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    gl, notes = gitleaks_records(args.gitleaks)
    ds = detect_secrets_records(args.ds)
    rules = compiled_rules(RULES)
    mark_negatives(gl, rules, "gitleaks")
    mark_negatives(ds, rules, "detect-secrets")
    for name, recs in (("gitleaks.jsonl", gl), ("detect-secrets.jsonl", ds)):
        with open(OUT / name, "w", encoding="utf-8") as fh:
            for rec in recs:
                fh.write(json.dumps(rec, ensure_ascii=False, sort_keys=True) + "\n")
    (OUT / "skipped.txt").write_text(
        "Statements the extractor could not evaluate (their samples are not in the corpus):\n"
        + "".join(f"- {n}\n" for n in notes), encoding="utf-8")
    for name, gitdir, lic in (("gitleaks", args.gitleaks, "LICENSE"),
                              ("detect-secrets", args.ds, "LICENSE")):
        (OUT / f"LICENSE.{name}").write_text(git(gitdir, "show", f"HEAD:{lic}"), encoding="utf-8")
    for name, recs in (("gitleaks", gl), ("detect-secrets", ds)):
        pos = [r for r in recs if r["label"]]
        real = [r for r in pos if r["realistic"]]
        neg_real = sum(1 for r in recs if not r["label"] and r["realistic"])
        held = sum(r["split"] == "heldout" for r in recs)
        print(f"{name}: {len(recs)} records, {len(pos)} positives ({len(real)} realistic), "
              f"{len(recs) - len(pos)} negatives ({neg_real} realistic), {held} held out")
    return 0


if __name__ == "__main__":
    sys.exit(main())

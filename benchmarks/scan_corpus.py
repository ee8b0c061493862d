"""Build the secret-scanning corpus: real diff text with fake keys and decoys planted in it.

Real text, in this order, until the target size is reached:

1. ``git log -p`` of this repository (but its stores of other scanners' labelled secrets);
2. ``git log -p`` of public repositories found on this machine (pyenv's clone, or any
   listed in ``--repo`` / ``ENVGUARD_BENCH_REPOS``), produced now;
3. source files of installed packages (and their ``RECORD`` files, which churn hashes
   like lockfiles do) written as new-file diffs.

Then synthetic commits are interleaved, each adding files in a realistic syntax (.env,
YAML, JSON, TOML, Python, TypeScript, shell assignments, and :data:`EVERYDAY` shapes: an
argument, a URL query, a fallback, a header, a comment, XML, Dockerfile, Makefile, Go,
Java, PHP) whose lines are real source lines with fake keys (``tests/fakes.py``, random at
build time) and decoys planted among them. The
ground truth (file, line, kind, expected severity) is written beside the corpus.

    python benchmarks/scan_corpus.py [--size-mb 32] [--keys 400] [--decoys 400]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import sysconfig
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests import fakes  # noqa: E402 - the fake-key generators live with the tests

OUT = ROOT / "benchmarks" / ".work" / "scan"

# file name -> how a NAME=value line is written there, and the comment marker
SYNTAX = {
    ".env.production": ("{name}={value}", "#"),
    "config/settings.yaml": ("  {lname}: \"{value}\"", "#"),
    "config/app.json": ("  \"{lname}\": \"{value}\",", None),
    "config/app.toml": ("{lname} = \"{value}\"", "#"),
    "app/settings.py": ("{name} = \"{value}\"", "#"),
    "src/lib/config.ts": ("export const {camel} = \"{value}\";", "//"),
    "deploy/release.sh": ("export {name}='{value}'", "#"),
    "docker-compose.yml": ("      {name}: {value}", "#"),
}


#: The shapes keys take in everyday code, beyond ``NAME = value``: an argument, a URL
#: query, a fallback, a header, a comment, XML, a Dockerfile, a Makefile, Go, Java, PHP. They
#: were written once, from the misses other teams' reports list (issue 11), and are not
#: tuned to: scan_bench.py reports their recall apart from the assignment syntaxes'.
EVERYDAY = {
    "app/client.py": ('    client = ApiClient(api_key="{value}", timeout=30)', "#"),
    "src/api/fetch.ts": ('  const res = await fetch(`https://api.example.com/v2/data?api_key={value}'
                         '&format=json`);', "//"),
    "src/env.ts": ('const {camel} = process.env.{name} ?? "{value}";', "//"),
    "app/config.py": ('{name} = os.getenv("{name}", "{value}")', "#"),
    "scripts/sync.sh": ('curl -sS -H "Authorization: Bearer {value}" https://api.example.com/v1/me',
                        "#"),
    "docs/NOTES.md": ("- TODO remove before release: {lname} {value}", None),
    "config/web.config": ('    <add key="{camel}" value="{value}" />', None),
    "Dockerfile": ("ENV {name}={value}", "#"),
    "Makefile": ("{name} ?= {value}", "#"),
    "cmd/server/main.go": ('var {camel} string = "{value}"', "//"),
    "src/main/java/App.java": ('        System.setProperty("{lname}", "{value}");', "//"),
    "public/config.php": ("$config['{lname}'] = '{value}';", "//"),
}


def _camel(name: str) -> str:
    head, *rest = name.lower().split("_")
    return head + "".join(w.capitalize() for w in rest)


#: This repository's own stores of other scanners' labelled secrets: peer_bench.py scores
#: them; as "real text" here they would count thousands of true positives as noise.
OWN_SECRET_CORPORA = ("tests/fixtures/peers",)


def git_log(repo: Path) -> str:
    skip = [f":(exclude){p}" for p in OWN_SECRET_CORPORA] if repo == ROOT else []
    proc = subprocess.run(["git", "-C", str(repo), "log", "-p", "--no-color", "--", ".", *skip],
                          capture_output=True, check=False)
    return proc.stdout.decode("utf-8", "surrogateescape") if proc.returncode == 0 else ""


def public_repos(extra: list[str]) -> list[Path]:
    found = [Path(p) for p in extra + os.environ.get("ENVGUARD_BENCH_REPOS", "").split(":") if p]
    try:
        pyenv = subprocess.run(["pyenv", "root"], capture_output=True, text=True, check=False)
        if pyenv.returncode == 0:
            found.append(Path(pyenv.stdout.strip()))
    except OSError:
        pass
    return [p for p in found if (p / ".git").exists()]


def file_diffs(limit: int, rng: random.Random) -> list[str]:
    """Installed packages' files as new-file diffs (real text, including RECORD hashes)."""
    site = Path(sysconfig.get_paths()["purelib"])
    files = sorted(p for p in site.rglob("*") if p.is_file() and (
        p.suffix in (".py", ".pyi", ".js", ".json", ".md", ".txt", ".toml", ".cfg", ".ts")
        or p.name == "RECORD") and "detect_secrets" not in p.parts and "envguard" not in p.parts)
    rng.shuffle(files)
    out, size = [], 0
    for path in files:
        try:
            text = path.read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        lines = text.split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        if not lines or "\0" in text:
            continue
        rel = path.relative_to(site).as_posix()
        body = "".join(f"+{line}\n" for line in lines)
        out.append(f"diff --git a/{rel} b/{rel}\nnew file mode 100644\nindex 0000000..1111111\n"
                   f"--- /dev/null\n+++ b/{rel}\n@@ -0,0 +1,{len(lines)} @@\n{body}")
        size += len(out[-1])
        if size >= limit:
            break
    return out


def real_lines(pool: list[str], rng: random.Random, n: int) -> list[str]:
    return [rng.choice(pool) for _ in range(n)]


def plant(commits: int, keys: int, decoys: int, pool: list[str],
          rng: random.Random) -> tuple[list[str], list[dict[str, object]]]:
    """Synthetic commits with planted lines; returns their diff text and the truth."""
    secret_gen = fakes.secret_kinds
    decoy_gen = fakes.decoy_kinds
    items: list[tuple[str, str, str, str]] = []  # (kind, expect, name, value)
    kinds = list(secret_gen(rng))
    for i in range(keys):
        kind = kinds[i % len(kinds)]
        name, value = secret_gen(rng)[kind]
        items.append((kind, "warning" if kind in _WARNING_KINDS else "error", name, value))
    dkinds = list(decoy_gen(rng))
    for i in range(decoys):
        kind = dkinds[i % len(dkinds)]
        name, value = decoy_gen(rng)[kind]
        items.append((f"decoy:{kind}", "warning" if kind == "stripe-test-key" else "none",
                      name, value))
    rng.shuffle(items)
    per_commit = max(1, len(items) // commits)
    texts: list[str] = []
    truth: list[dict[str, object]] = []
    for c in range(commits):
        chunk = items[c * per_commit:(c + 1) * per_commit] if c < commits - 1 else (
            items[c * per_commit:])
        sha = "".join(rng.choice("0123456789abcdef") for _ in range(40))
        parts = [f"commit {sha}\nAuthor: Bench <bench@example.invalid>\n\n    planted\n\n"]
        by_file: dict[str, list[tuple[str, str, str, str]]] = {}
        for item in chunk:
            by_file.setdefault(rng.choice(list(SYNTAX) + list(EVERYDAY)), []).append(item)
        for fname, planted in by_file.items():
            template, comment = SYNTAX.get(fname) or EVERYDAY[fname]
            path = f"services/svc{c:04d}/{fname}"
            rows: list[tuple[str, dict[str, object] | None]] = [
                (line, None) for line in real_lines(pool, rng, rng.randint(10, 40))]
            for kind, expect, name, value in planted:
                if kind == "decoy:allow-marked" and comment is None:
                    kind, name, value = "decoy:placeholder", "API_KEY", "your-api-key-here"
                line = template.format(name=name, lname=name.lower(), camel=_camel(name),
                                       value=value)
                if kind == "decoy:allow-marked":
                    marker = rng.choice(["envguard: allow", "pragma: allowlist secret"])
                    line += f"  {comment} {marker}"
                entry: dict[str, object] = {"file": path, "commit": sha, "kind": kind,
                                            "expect": expect,
                                            "shape": "everyday" if fname in EVERYDAY
                                            else "assignment"}
                rows.insert(rng.randint(0, len(rows)), (line, entry))
            for number, (_, entry) in enumerate(rows, 1):
                if entry is not None:
                    entry["line"] = number
                    truth.append(entry)
            parts.append(f"diff --git a/{path} b/{path}\nnew file mode 100644\n--- /dev/null\n"
                         f"+++ b/{path}\n@@ -0,0 +1,{len(rows)} @@\n"
                         + "".join(f"+{line}\n" for line, _ in rows))
        texts.append("".join(parts))
    return texts, truth


# Kinds whose provider declaration says "warning": database URLs with a password.
_WARNING_KINDS = {"postgres-url", "redis-url", "google-api-key"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=float, default=32.0)
    parser.add_argument("--keys", type=int, default=400)
    parser.add_argument("--decoys", type=int, default=400)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repo", action="append", default=[], help="extra git repo to read")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    target = int(args.size_mb * 1_000_000)
    real: list[str] = []
    sources = []
    for repo in [ROOT, *public_repos(args.repo)]:
        text = git_log(repo)
        if text:
            real.append(text)
            sources.append(f"git log -p of {repo} ({len(text) / 1e6:.1f} MB)")
    have = sum(map(len, real))
    if have < target:
        diffs = file_diffs(target - have, rng)
        real.extend(diffs)
        sources.append(f"{len(diffs)} installed package files as new-file diffs "
                       f"({sum(map(len, diffs)) / 1e6:.1f} MB)")
    pool = [line for text in real[:3] for line in text.split("\n")[:200000]
            if line.startswith("+") and 10 < len(line) < 120 and line[1:].strip()]
    pool = [line[1:] for line in pool]
    planted, truth = plant(max(1, (args.keys + args.decoys) // 4), args.keys, args.decoys,
                           pool, rng)
    # interleave: split real text at commit/file boundaries, insert planted commits
    chunks: list[str] = []
    for text in real:
        pieces = text.split("\ncommit ")
        chunks.extend([pieces[0], *("commit " + p for p in pieces[1:])])
    step = max(1, len(chunks) // (len(planted) + 1))
    out_parts: list[str] = []
    for i, chunk in enumerate(chunks):
        out_parts.append(chunk if chunk.endswith("\n") else chunk + "\n")
        if i % step == step - 1 and planted:
            out_parts.append(planted.pop())
    out_parts.extend(planted)
    args.out.mkdir(parents=True, exist_ok=True)
    corpus = args.out / "corpus.diff"
    corpus.write_text("".join(out_parts), encoding="utf-8", errors="surrogateescape")
    (args.out / "truth.json").write_text(json.dumps(
        {"sources": sources, "planted": truth}, indent=1), encoding="utf-8")
    keys = sum(1 for t in truth if t["expect"] != "none" and not str(t["kind"]).startswith(
        "decoy:"))
    print(f"corpus: {corpus} ({corpus.stat().st_size / 1e6:.1f} MB)")
    for s in sources:
        print(f"  from {s}")
    print(f"planted: {keys} keys of {len(fakes.secret_kinds())} kinds, "
          f"{len(truth) - keys} decoys of {len(fakes.decoy_kinds())} kinds")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""What the real .env loaders read from a corpus of inputs: the expected answers of envguard's
portability warnings.

The corpus (``tests/fixtures/loaders/corpus.json``) is python-dotenv's and dotenv-linter's
own test inputs (repository, commit and path kept per input), the edge cases of
``tests/fixtures/dotenv-edge`` and generated hostile cases. Each input is written to a file
and read by:

- ``python-dotenv``: the pinned version, in-process, ``dotenv_values(path)`` with an empty
  ``os.environ`` (the reference: envguard reads what it reads);
- ``node-dotenv`` and ``dotenv-expand``: npm packages in ``tests/e2e/node`` (``read.js``);
- ``bash`` and ``dash``: ``env -i SHELL -c 'set -a; . ./.env'`` in a throw-away directory
  with a timeout, the environment dumped by an EXIT trap (so a line that aborts the shell
  still shows what was set before it);
- ``compose``: docker compose's parser, the ``dotenv`` package of compose-spec/compose-go
  built with Debian's Go (``tests/support/compose_dotenv``; only where a compose-go source
  tree is given, as CI has none: its readings are stored, not regenerated).

Each loader's readings are stored in ``tests/fixtures/loaders/<loader>.json`` with its
version. Usage::

    python -m tests.support.loader_readings corpus --python-dotenv DIR --dotenv-linter DIR
    python -m tests.support.loader_readings read [--loader NAME ...] [--compose-go DIR]
    python -m tests.support.loader_readings read --check   # compare, write nothing

``--check`` exits 1 when a regenerated reading differs from the stored one (``.ci/run``).
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
LOADERS_DIR = FIXTURES / "loaders"
CORPUS_FILE = LOADERS_DIR / "corpus.json"
NODE_DIR = ROOT / "tests" / "e2e" / "node"
COMPOSE_DIR = Path(__file__).resolve().parent / "compose_dotenv"
LOADERS = ("python-dotenv", "node-dotenv", "dotenv-expand", "bash", "dash", "compose")
SHELL_VARS = {"PWD", "OLDPWD", "SHLVL", "_"}  # set by the shell itself, not by the file
TIMEOUT = 10

Reading = dict[str, Any]  # {"vars": {key: value or None} or None, "error": str or None}


# -- the corpus -------------------------------------------------------------------------

def held_out(input_id: str) -> bool:
    """One input in four, by a hash of its id, is kept out of development."""
    return hashlib.sha256(input_id.encode()).digest()[0] % 4 == 0


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "--git-dir", str(repo), *args], check=True,
                          capture_output=True, text=True).stdout


def python_dotenv_inputs(repo: Path) -> Iterator[dict[str, Any]]:
    """The ``test_input`` strings of python-dotenv's parser tests (``parse_stream`` cases)."""
    commit = _git(repo, "rev-parse", "HEAD").strip()
    path = "tests/test_parser.py"
    tree = ast.parse(_git(repo, "show", f"HEAD:{path}"))
    n = 0
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "parametrize"):
            continue
        cases = node.args[1]
        if not isinstance(cases, ast.List):
            continue
        for case in cases.elts:
            if isinstance(case, ast.Tuple) and isinstance(case.elts[0], ast.Constant) \
                    and isinstance(case.elts[0].value, str):
                n += 1
                yield {"id": f"python-dotenv-{n:03d}", "text": case.elts[0].value,
                       "origin": {"repo": "theskumar/python-dotenv", "commit": commit,
                                  "path": path, "licence": "BSD-3-Clause"}}


_CHECK_TEST = re.compile(r"check_test\(\s*&mut\s+(\w+)[^,]*,\s*\[(.*?)\]\s*,?\s*\)", re.DOTALL)
_RUST_LINE = re.compile(r'\(\s*"((?:[^"\\]|\\.)*)"\s*,\s*(None|Some)')


def dotenv_linter_inputs(repo: Path) -> Iterator[dict[str, Any]]:
    """The lines of each ``check_test`` of dotenv-linter's checks, joined into one file; the
    check's name and whether it expects a warning are kept."""
    commit = _git(repo, "rev-parse", "HEAD").strip()
    files = [p for p in _git(repo, "ls-tree", "-r", "--name-only", "HEAD").splitlines()
             if p.startswith("dotenv-analyzer/src/check/") and p.endswith(".rs")]
    seen: set[str] = set()
    for path in sorted(files):
        check = Path(path).stem
        for n, m in enumerate(_CHECK_TEST.finditer(_git(repo, "show", f"HEAD:{path}")), 1):
            lines = [(_rust_unescape(s), flag == "Some") for s, flag in _RUST_LINE.findall(m[2])]
            if not lines:
                continue
            text = "".join(s + "\n" for s, _ in lines)
            if text in seen:
                continue
            seen.add(text)
            yield {"id": f"dotenv-linter-{check}-{n:02d}", "text": text,
                   "check": check, "positive": any(p for _, p in lines),
                   "origin": {"repo": "dotenv-linter/dotenv-linter", "commit": commit,
                              "path": path, "licence": "MIT"}}


def _rust_unescape(s: str) -> str:
    out = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", '"': '"', "'": "'", "0": "\0"}
    return re.sub(r"\\(.)", lambda m: out.get(m[1], "\\" + m[1]), s)


def edge_inputs() -> Iterator[dict[str, Any]]:
    for path in sorted((FIXTURES / "dotenv-edge").glob("*.env")):
        yield {"id": f"edge-{path.stem}", "text": path.read_bytes().decode("utf-8"),
               "origin": {"path": f"tests/fixtures/dotenv-edge/{path.name}"}}


# Generated hostile cases: value shapes, each unquoted, single- and double-quoted, with a
# defined A and an undefined U to refer to and a following line to show what a value swallows.
_VALUES = [
    "plain", "two words", "a#b", "a #c", "a\t#c", "#only", "a # c", "", " lead", "trail ",
    "${A}", "$A", "${A}x", "x$A", "${A:-d}", "${U:-d}", "${U-d}", "${A:+s}", "${U}", "$U",
    "${A", "${", "$", "$$", "$1", "$(echo hi)", "`echo hi`", "\\$A", "\\${A}", "\\n", "\\t",
    "\\\\", "C:\\Users", "a\\b", "a\\", "a\\\"b", "a\\'b", "it's", 'say "hi"', "a=b", "a;b",
    "a&b", "a|b", "a<b", "a>b", "(a)", "a*", "~/x", "héllo", "snow☃", "😀", "{\"k\": 1}",
    "a\u00a0b", "tab\tin", "%s", "a!b",
]
_PREFIXES = [
    "K=", "export K=", "K =", "K= ", "K = ", "'K'=", '"K"=', "  K=", "\tK=", "K:", "K: ",
    "k_lower=", "K.DOT=", "K-DASH=", "1K=", "export  K=", "K==", "K=\t", "set K=",
]


def generated_inputs() -> Iterator[dict[str, Any]]:
    n = 0

    def case(text: str) -> dict[str, Any]:
        nonlocal n
        n += 1
        return {"id": f"gen-{n:03d}", "text": text, "origin": {"generated": True}}

    for value in _VALUES:
        for quote in ("", "'", '"'):
            yield case(f"A=alpha\nK={quote}{value}{quote}\nNEXT=after\n")
    for prefix in _PREFIXES:
        yield case(f"A=alpha\n{prefix}value\nNEXT=after\n")
        yield case(f"A=alpha\n{prefix}'q v'\nNEXT=after\n")
    bases = ["K=value\nNEXT=after\n", "K=\"quoted\"\nNEXT=after\n", "K='single'\nN=x\n",
             "K=\"multi\nline\"\nNEXT=after\n", "K='multi\nline'\nNEXT=after\n",
             "K=a # c\nNEXT=after\n", "export K=v\nNEXT=after\n", "K=\nNEXT=after\n",
             "A=alpha\nK=${A}\n", "# comment\nK=v\n"]
    for base in bases:
        yield case(base.replace("\n", "\r\n"))
        yield case("\ufeff" + base)
        yield case("\ufeff" + base.replace("\n", "\r\n"))
        yield case(base.rstrip("\n"))
        yield case(base.replace("\n", "\r"))
    for text in [
        "K=first\nK=second\n", "K=first\nK\n", "K=first\nexport K\n", "K=a\nK=${K}b\n",
        "K=\"open\nNEXT=after\n", "K='open\nNEXT=after\n", "K=\"a\" trailing\nN=x\n",
        "K=\"a\"#c\nN=x\n", "K='a' #c\nN=x\n", "K=\"a\\\nb\"\nN=x\n", "K=a\\\nb\nN=x\n",
        "K=-----BEGIN KEY-----\nabc\n-----END KEY-----\nN=x\n", "K=${B}\nB=late\n",
        "K=\"${A}\"\nA=late\n", "K=\"\\u00e9\"\n", "K=\"\\x41\"\n", "K=\"\\101\"\n",
        "K=\"a\\rb\"\n", "K=\"\\f\\v\\b\\a\"\n", "K='\\\\'\n", "K=\"\\\\\"\n",
        "K=\"a\"\"b\"\n", "K='a''b'\n", "K=\"a\"'b'\n", "K=a\"b\"\n", "K=a'b'c\n",
        "K=$'a\\nb'\n", "K=\"$(echo hi)\"\n", "K='$(echo hi)'\n", "K=\"`echo hi`\"\n",
        "  # indented comment\nK=v\n", "K=v # c # d\n", "K=\"v\" # c \"q\"\n",
        "K=v\n\n\n", "\n\nK=v\n", "K=v\n#K=w\n", "K=v\nexport\n", "=v\nN=x\n",
        "K=a\u2028b\n", "K=\"a\u2028b\"\n", "K=\u00e9t\u00e9\n", "K\u00e9=v\n",
        "K=\"a\tb\"\n", "K=a  b\n", "K=\"trail \" \n", "K=v;N=x\n", "K=v N=x\n",
    ]:
        yield case(text)


def build_corpus(python_dotenv: Path, dotenv_linter: Path) -> list[dict[str, Any]]:
    corpus = [*python_dotenv_inputs(python_dotenv), *dotenv_linter_inputs(dotenv_linter),
              *edge_inputs(), *generated_inputs()]
    for item in corpus:
        item["held_out"] = held_out(item["id"])
    return corpus


def load_corpus() -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = json.loads(CORPUS_FILE.read_text(encoding="utf-8"))["inputs"]
    return items


# -- the loaders -------------------------------------------------------------------------

def _write_inputs(corpus: list[dict[str, Any]], into: Path) -> dict[str, Path]:
    paths = {}
    for item in corpus:
        d = into / item["id"]
        d.mkdir(parents=True)
        p = d / ".env"
        p.write_bytes(item["text"].encode("utf-8"))
        paths[item["id"]] = p
    return paths


def read_python_dotenv(paths: dict[str, Path]) -> tuple[str, dict[str, Reading]]:
    from importlib.metadata import version

    import dotenv

    saved = dict(os.environ)
    out: dict[str, Reading] = {}
    try:
        os.environ.clear()
        for key, path in paths.items():
            out[key] = {"vars": dict(dotenv.dotenv_values(path)), "error": None}
    finally:
        os.environ.update(saved)
    return version("python-dotenv"), out


def read_node(paths: dict[str, Path], work: Path) -> dict[str, tuple[str, dict[str, Reading]]]:
    if not (NODE_DIR / "node_modules" / "dotenv-expand").is_dir():
        raise LoaderMissing("node dotenv: run npm install in tests/e2e/node")
    node = shutil.which("node")
    if node is None:
        raise LoaderMissing("node is not installed")
    proc = subprocess.run([node, str(NODE_DIR / "read.js"), *map(str, paths.values())],
                          cwd=work, capture_output=True, text=True, timeout=120,
                          env={"PATH": os.environ.get("PATH", "/usr/bin:/bin")}, check=True)
    data = json.loads(proc.stdout)
    by_path = {str(p): k for k, p in paths.items()}
    plain = {by_path[f]: {"vars": r["dotenv"], "error": None} for f, r in data["readings"].items()}
    expanded = {by_path[f]: r["dotenv-expand"] for f, r in data["readings"].items()}
    v = data["versions"]
    return {"node-dotenv": (f"dotenv {v['dotenv']} (node {data['node']})", plain),
            "dotenv-expand": (f"dotenv-expand {v['dotenv-expand']} over dotenv {v['dotenv']} "
                              f"(node {data['node']})", expanded)}


class LoaderMissing(Exception):
    """A loader is not installed here."""


def shell_version(shell: str) -> str:
    if shell == "bash":
        out = subprocess.run(["bash", "--version"], capture_output=True, text=True).stdout
        return out.splitlines()[0]
    dpkg = shutil.which("dpkg-query")
    if dpkg:
        v = subprocess.run([dpkg, "-W", "-f=${Version}", "dash"], capture_output=True,
                           text=True).stdout
        if v:
            return f"dash {v}"
    return "dash"


def read_shell(shell: str, paths: dict[str, Path]) -> tuple[str, dict[str, Reading]]:
    exe = shutil.which(shell)
    if exe is None:
        raise LoaderMissing(f"{shell} is not installed (apt-get install -y {shell})")
    env_bin = shutil.which("env") or "/usr/bin/env"
    out: dict[str, Reading] = {}
    for key, path in paths.items():
        d = path.parent
        dump = d / "env.out"
        pid_file = d / "pid"
        script = f"echo $$ > {pid_file}; trap '{env_bin} -0 > {dump}' EXIT; set -a; . ./.env"
        try:
            proc = subprocess.run([env_bin, "-i", exe, "-c", script], cwd=d,
                                  capture_output=True, timeout=TIMEOUT, stdin=subprocess.DEVNULL)
            err = proc.stderr.decode("utf-8", "replace").replace(str(d), ".").strip()
            status = proc.returncode
        except subprocess.TimeoutExpired:
            err, status = "timeout", -1
        vars_: dict[str, str] | None = None
        pid = pid_file.read_text().strip() if pid_file.exists() else None
        if dump.exists():
            vars_ = {}
            for entry in dump.read_bytes().decode("utf-8", "replace").split("\0"):
                if "=" in entry:
                    k, v = entry.split("=", 1)
                    if k not in SHELL_VARS:  # $$ is the shell's pid: stored as <pid>
                        vars_[k] = v.replace(pid, "<pid>") if pid else v
            dump.unlink()
        error = f"exit {status}: {err.splitlines()[0][:200]}" if err else \
            (f"exit {status}" if status else None)
        out[key] = {"vars": vars_, "error": error}
    return shell_version(shell), out


def build_compose(compose_go: Path, work: Path) -> Path:
    """Copy compose-go's ``dotenv`` and ``template`` packages beside ``main.go`` and build
    them with the local Go toolchain, offline (its one outside import, logrus, is stubbed)."""
    go = shutil.which("go")
    if go is None:
        raise LoaderMissing("go is not installed (apt-get install -y golang-go)")
    src = work / "compose-go-build"
    for pkg in ("dotenv", "template"):
        (src / pkg).mkdir(parents=True)
        for name in _git(compose_go, "ls-tree", "--name-only", f"HEAD:{pkg}").splitlines():
            if name.endswith(".go") and not name.endswith("_test.go"):
                text = _git(compose_go, "show", f"HEAD:{pkg}/{name}")
                text = text.replace("github.com/compose-spec/compose-go/v2/template",
                                    "envguardloaders/template")
                text = text.replace("github.com/sirupsen/logrus", "envguardloaders/logrus")
                (src / pkg / name).write_text(text, encoding="utf-8")
    (src / "logrus").mkdir()
    shutil.copy(COMPOSE_DIR / "logrus.go.txt", src / "logrus" / "logrus.go")
    shutil.copy(COMPOSE_DIR / "main.go", src / "main.go")
    (src / "go.mod").write_text("module envguardloaders\n\ngo 1.19\n", encoding="utf-8")
    env = {**os.environ, "GOFLAGS": "-mod=mod", "GOPROXY": "off", "GOTOOLCHAIN": "local",
           "GOCACHE": str(work / "gocache"), "GOPATH": str(work / "gopath")}
    subprocess.run([go, "build", "-o", "compose-dotenv", "."], cwd=src, env=env, check=True)
    return src / "compose-dotenv"


def read_compose(paths: dict[str, Path], compose_go: Path,
                 work: Path) -> tuple[str, dict[str, Reading]]:
    exe = build_compose(compose_go, work)
    commit = _git(compose_go, "rev-parse", "HEAD").strip()
    go_version = subprocess.run(["go", "version"], capture_output=True, text=True).stdout.strip()
    proc = subprocess.run([str(exe), *map(str, paths.values())], capture_output=True, text=True,
                          timeout=120, check=True)
    data = json.loads(proc.stdout)
    by_path = {str(p): k for k, p in paths.items()}
    out = {by_path[f]: {"vars": r["vars"], "error": r["error"]} for f, r in data.items()}
    return f"compose-spec/compose-go {commit} dotenv.GetEnvFromFile ({go_version})", out


# -- storage -----------------------------------------------------------------------------

def loader_file(loader: str) -> Path:
    return LOADERS_DIR / f"{loader}.json"


def load_readings(loader: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(loader_file(loader).read_text(encoding="utf-8"))
    return loaded


def read_all(loaders: list[str], compose_go: Path | None) -> dict[str, dict[str, Any]]:
    corpus = load_corpus()
    with tempfile.TemporaryDirectory(prefix="envguard-loaders-") as tmp:
        work = Path(tmp)
        paths = _write_inputs(corpus, work / "inputs")
        results: dict[str, tuple[str, dict[str, Reading]]] = {}
        if "python-dotenv" in loaders:
            results["python-dotenv"] = read_python_dotenv(paths)
        if {"node-dotenv", "dotenv-expand"} & set(loaders):
            results.update(read_node(paths, work))
        for shell in ("bash", "dash"):
            if shell in loaders:
                results[shell] = read_shell(shell, paths)
        if "compose" in loaders:
            if compose_go is None:
                raise LoaderMissing("compose: give --compose-go DIR (a compose-go git dir)")
            results["compose"] = read_compose(paths, compose_go, work)
    return {name: {"loader": name, "version": version, "how": HOW[name],
                   "readings": dict(sorted(r.items()))}
            for name, (version, r) in results.items() if name in loaders}


HOW = {
    "python-dotenv": "dotenv.dotenv_values(path), os.environ emptied",
    "node-dotenv": "dotenv.parse(fs.readFileSync(path, 'utf8'))",
    "dotenv-expand": "expand({parsed: dotenv.parse(text), processEnv: {}}).parsed",
    "bash": "env -i bash -c \"trap 'env -0 > out' EXIT; set -a; . ./.env\"",
    "dash": "env -i dash -c \"trap 'env -0 > out' EXIT; set -a; . ./.env\"",
    "compose": "dotenv.GetEnvFromFile({}, [path]) of compose-go, built with Debian's golang-go",
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("corpus")
    c.add_argument("--python-dotenv", type=Path, required=True, help="its git dir")
    c.add_argument("--dotenv-linter", type=Path, required=True, help="its git dir")
    r = sub.add_parser("read")
    r.add_argument("--loader", action="append", choices=LOADERS)
    r.add_argument("--compose-go", type=Path)
    r.add_argument("--check", action="store_true", help="compare with the stored readings")
    args = parser.parse_args(argv)
    LOADERS_DIR.mkdir(parents=True, exist_ok=True)
    if args.cmd == "corpus":
        corpus = build_corpus(args.python_dotenv, args.dotenv_linter)
        CORPUS_FILE.write_text(json.dumps({
            "about": "inputs whose readings by the real loaders are in the other files here; "
                     "built by tests/support/loader_readings.py",
            "inputs": corpus}, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"{len(corpus)} inputs")
        return 0
    loaders = args.loader or [x for x in LOADERS if x != "compose" or args.compose_go]
    try:
        fresh = read_all(loaders, args.compose_go)
    except LoaderMissing as exc:
        print(f"loader_readings: {exc}", file=sys.stderr)
        return 2
    drift = 0
    for name, doc in fresh.items():
        if args.check:
            stored = load_readings(name)["readings"]
            changed = sorted(k for k in set(stored) | set(doc["readings"])
                             if stored.get(k, {}).get("vars") != doc["readings"].get(k, {})
                             .get("vars"))
            if changed:
                drift += 1
                print(f"{name}: {len(changed)} readings differ from the stored ones: "
                      + ", ".join(changed[:10]), file=sys.stderr)
            continue
        loader_file(name).write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n",
                                     encoding="utf-8")
        print(f"{name}: {len(doc['readings'])} readings ({doc['version']})")
    return 1 if drift else 0


if __name__ == "__main__":
    sys.exit(main())

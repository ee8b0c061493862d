"""Regenerate tests/fixtures/docker_kvfile/readings.json: what ``docker run --env-file``
reads from each case, from docker/cli's own parser (pkg/kvfile/kvfile.go) built with Go.

    python benchmarks/docker_kvfile_readings.py /path/to/docker-cli.git

The parser file is taken from the bare repository at its HEAD and built with a stub
main (stdlib only, no network). Host lookups find nothing, so a bare NAME is dropped, as
with an empty host environment. The error text is not stored (it quotes the line).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "docker_kvfile"
MAIN = '''package main

import (
\t"encoding/json"
\t"fmt"
\t"os"

\t"kvoracle/kvfile"
)

func main() {
\tfor _, name := range os.Args[1:] {
\t\tvars, err := kvfile.Parse(name, func(string) (string, bool) { return "", false })
\t\tout := map[string]interface{}{"vars": vars}
\t\tif err != nil {
\t\t\tout = map[string]interface{}{"error": true}
\t\t}
\t\tb, _ := json.Marshal(out)
\t\tfmt.Println(string(b))
\t}
}
'''

CASES: dict[str, str] = {
    "plain": "A=1\nB=two words\n",
    "crlf": "A=1\r\nB=2\r\n",
    "mixed-crlf": "A=1\r\nB=2\nC=3\r\n",
    "lone-cr-inside": "A=x\ry\nB=2\n",
    "bom": "\ufeffA=1\nB=2\n",
    "leading-blanks": "  A=1\n\tB=2\n",
    "trailing-blanks-kept": "A=1  \nB=2\t\n",
    "comment-lines": "# c\nA=1\n  # indented comment\nB=2 # not a comment\n",
    "hash-in-value": "A=a#b\nB=#x\n",
    "quotes-kept": "A=\"quoted\"\nB='single'\nC=\"open\n",
    "equals-in-value": "A=b=c==\nB==\n",
    "empty-value": "A=\nB=2\n",
    "bare-name-dropped": "A=1\nHOST_ONLY\nB=2\n",
    "dollar-literal": "A=$HOME/x\nB=${HOME}\n",
    "backslashes": "A=C:\\\\Users\\\\x\\\\\nB=\\n\n",
    "unicode": "A=héllo – 日本語 ✓\n",
    "no-final-newline": "A=1\nB=2",
    "blank-lines": "\n\nA=1\n\n\nB=2\n\n",
    "export-prefix": "export A=1\n",
    "space-before-equals": "A =1\n",
    "empty-key": "=value\n",
    "dotted-key": "a.b-c=1\n",
    "vertical-tab-leading": "\x0bA=1\n",
    "nbsp-leading": "\u00a0A=1\n",
    "flattened-pem": "K=-----BEGIN X-----\\nMIIB\\n-----END X-----\nZ=1\n",
}


def main(git_dir: str) -> None:
    source = subprocess.run(["git", f"--git-dir={git_dir}", "show", "HEAD:pkg/kvfile/kvfile.go"],
                            check=True, capture_output=True, text=True).stdout
    commit = subprocess.run(["git", f"--git-dir={git_dir}", "rev-parse", "HEAD"], check=True,
                            capture_output=True, text=True).stdout.strip()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        (work / "kvfile").mkdir()
        (work / "kvfile" / "kvfile.go").write_text(source)
        (work / "go.mod").write_text("module kvoracle\n\ngo 1.19\n")
        (work / "main.go").write_text(MAIN)
        env = {"GOCACHE": str(work / ".cache"), "GOPATH": str(work / ".gopath"),
               "GOFLAGS": "-mod=mod", "GOPROXY": "off", "PATH": "/usr/bin:/bin",
               "HOME": tmp}
        subprocess.run(["go", "build", "-o", "kvoracle", "."], cwd=work, env=env, check=True)
        files = []
        for name, text in CASES.items():
            path = work / f"{name}.env"
            path.write_bytes(text.encode("utf-8"))
            files.append(str(path))
        lines = subprocess.run([str(work / "kvoracle"), *files], check=True,
                               capture_output=True, text=True).stdout.splitlines()
    readings = {name: {"input": text, **json.loads(line)}
                for (name, text), line in zip(CASES.items(), lines, strict=True)}
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "readings.json").write_text(json.dumps({
        "provenance": {"repository": "docker/cli", "commit": commit,
                       "path": "pkg/kvfile/kvfile.go", "licence": "Apache-2.0",
                       "built_with": "Debian golang-go, stub main in "
                                     "benchmarks/docker_kvfile_readings.py"},
        "cases": readings}, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1])

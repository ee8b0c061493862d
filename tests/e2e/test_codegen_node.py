"""The generated TypeScript under real node, zod and t3-env (tests/e2e/node, installed by
``.ci/run`` with ``npm ci``): the zod module's verdict is ``envguard check``'s on every
example and ``mistakes/`` file of the four built-in stacks, and both modules type-check
with ``tsc --strict``. Skipped where node or the packages are missing, except under CI.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from envguard.sources import read_layers

ROOT = Path(__file__).resolve().parents[2]
NODE_DIR = ROOT / "tests" / "e2e" / "node"
STACKS = ("vibelog", "threadr", "threadly", "myapp")


def _node_ready() -> bool:
    return shutil.which("node") is not None and all(
        (NODE_DIR / "node_modules" / p / "package.json").is_file()
        for p in ("zod", "typescript", "@t3-oss/env-nextjs"))


@pytest.fixture(scope="module")
def node() -> str:
    if not _node_ready():
        if os.environ.get("CI") == "true":
            pytest.fail("node and tests/e2e/node/node_modules are needed under CI "
                        "(.ci/run installs them with npm ci)")
        pytest.skip("node or tests/e2e/node/node_modules missing (cd tests/e2e/node && npm ci)")
    return shutil.which("node") or "node"


def _example_files(stack: str) -> list[Path]:
    files = sorted((ROOT / "examples" / stack).rglob(".env.*"))
    assert files, stack
    return files


def _envguard(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["envguard", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=120, env={**os.environ, "NO_COLOR": "1"})


def _check_verdict(stack: str, path: Path, service: str | None) -> tuple[str, list[str]]:
    """envguard check's environment and the variables with an error, from its JSON."""
    args = ["check", "--stack", stack, str(path), "--format", "json"]
    if service:
        args += ["--service", service]
    result = _envguard(*args)
    assert result.returncode in (0, 1), result.stderr
    report = json.loads(result.stdout)
    environment = report["summary"]["runs"][0]["environment"]
    failing = sorted({f["key"] for f in report["findings"] if f["severity"] == "error"})
    assert (result.returncode == 1) == bool(failing)
    return environment, failing


def _service_of(stack: str, path: Path) -> str | None:
    parts = path.relative_to(ROOT / "examples" / stack).parts
    return next((p for p in parts if p in ("frontend", "backend")), None)


def _zod_verdicts(node: str, module: Path,
                  cases: list[dict[str, object]]) -> list[dict[str, object]]:
    result = subprocess.run([node, str(NODE_DIR / "verdicts.mjs"), str(module)],
                            input=json.dumps(cases), capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    verdicts: list[dict[str, object]] = json.loads(result.stdout)
    return verdicts


@pytest.mark.parametrize("by_service", [False, True], ids=["whole-stack", "per-service"])
@pytest.mark.parametrize("stack", STACKS)
def test_zod_module_gives_envguard_checks_verdict(node: str, tmp_path: Path, stack: str,
                                                  by_service: bool) -> None:
    """Per file: valid or not, and which variables fail, as `envguard check` says. With
    ``per-service``, a file under frontend/ or backend/ is checked (and the module
    generated) for that service only."""
    files = _example_files(stack)
    groups: dict[str | None, list[Path]] = {}
    for path in files:
        groups.setdefault(_service_of(stack, path) if by_service else None, []).append(path)
    if by_service and list(groups) == [None]:
        pytest.skip(f"{stack} has no services")
    compared = 0
    for service, paths in groups.items():
        module = tmp_path / f"{stack}-{service or 'all'}.ts"
        args = ["codegen", "--stack", stack, "--target", "zod", "-o", str(module)]
        result = _envguard(*args, *(["--service", service] if service else []))
        assert result.returncode == 0, result.stderr
        cases, expected = [], []
        for path in paths:
            environment, failing = _check_verdict(stack, path, service)
            envset, _ = read_layers([path])
            values = {k: v for k, v in envset.values().items() if v is not None}
            cases.append({"environment": environment, "values": values})
            expected.append({"valid": not failing, "failing": failing})
        got = _zod_verdicts(node, module, cases)
        for path, want, have in zip(paths, expected, got, strict=True):
            assert have == want, path.relative_to(ROOT)
            compared += 1
    assert compared == len(files)
    # the examples must exercise both verdicts, or the comparison proves little
    assert any(_check_verdict(stack, p, None)[1] for p in files if "mistakes" in p.parts)


def test_generated_modules_type_check(node: str, tmp_path: Path) -> None:
    """tsc --strict accepts the zod and t3-env modules of every built-in stack, and the
    README's Next.js example using the vibelog ones."""
    (tmp_path / "node_modules").symlink_to(NODE_DIR / "node_modules", target_is_directory=True)
    names = []
    for stack in STACKS:
        for target in ("zod", "t3-env"):
            name = f"{stack}-{target}.ts"
            result = _envguard("codegen", "--stack", stack, "--target", target,
                               "-o", str(tmp_path / name))
            assert result.returncode == 0, result.stderr
            names.append(name)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## `envguard codegen`", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```ts\n(.*?)```", section, re.S)
    assert blocks
    (tmp_path / "src").mkdir()
    for target, name in (("t3-env", "env.ts"), ("zod", "env.schema.ts")):
        result = _envguard("codegen", "--stack", "vibelog", "--target", target,
                           "-o", str(tmp_path / "src" / name))
        assert result.returncode == 0, result.stderr
    for n, block in enumerate(blocks):
        (tmp_path / "src" / f"readme{n}.ts").write_text(block)
        names.append(f"src/readme{n}.ts")
    config = {"compilerOptions": {"strict": True, "noEmit": True, "module": "esnext",
                                  "moduleResolution": "bundler", "target": "es2022",
                                  "lib": ["es2022", "dom"], "types": ["node"],
                                  "skipLibCheck": True, "baseUrl": ".",
                                  "paths": {"@/*": ["./src/*"]}},
              "files": names}
    (tmp_path / "tsconfig.json").write_text(json.dumps(config))
    tsc = NODE_DIR / "node_modules" / "typescript" / "bin" / "tsc"
    result = subprocess.run([node, str(tsc), "-p", str(tmp_path)], capture_output=True,
                            text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:]


_T3_RUN = """
import {{ readFileSync, writeFileSync }} from "node:fs";
import ts from "typescript";
const js = ts.transpileModule(readFileSync("env.ts", "utf8"), {{
  compilerOptions: {{ module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 }},
}}).outputText;
writeFileSync("env.mjs", js);
try {{
  const {{ env }} = await import("./env.mjs");
  process.stdout.write(JSON.stringify({{ ok: true, port: env.{port_key} ?? null }}));
}} catch (error) {{
  const message = String(error.message).slice(0, 200);
  process.stdout.write(JSON.stringify({{ ok: false, message }}));
}}
"""


def test_t3_env_module_runs_createenv(node: str, tmp_path: Path) -> None:
    """The threadr t3-env module under @t3-oss/env-nextjs: the valid development example
    passes, a required server variable removed fails, and an int comes out a number."""
    (tmp_path / "node_modules").symlink_to(NODE_DIR / "node_modules", target_is_directory=True)
    result = _envguard("codegen", "--stack", "myapp", "--target", "t3-env",
                       "-o", str(tmp_path / "env.ts"))
    assert result.returncode == 0, result.stderr
    text = (tmp_path / "env.ts").read_text()
    assert 'from "@t3-oss/env-nextjs"' in text
    server, client = text.split("  server: {", 1)[1].split("  client: {", 1)
    assert "NEXT_PUBLIC_API_URL: field(" in client and "NEXT_PUBLIC_" not in server
    assert "DATABASE_URL: field(" in server
    (tmp_path / "run.mjs").write_text(_T3_RUN.format(port_key="DATABASE_POOL_SIZE"))
    values: dict[str, str] = {}
    for part in ("backend", "frontend"):
        envset, _ = read_layers([ROOT / "examples" / "myapp" / part / ".env.development"])
        values.update({k: v for k, v in envset.values().items() if v is not None})
    base = {"PATH": os.environ.get("PATH", ""), "NODE_ENV": "development"}

    def run(env: dict[str, str]) -> dict[str, object]:
        out = subprocess.run([node, "run.mjs"], cwd=tmp_path, capture_output=True, text=True,
                             env={**base, **env}, timeout=120)
        assert out.returncode == 0, out.stderr[-2000:]
        answer: dict[str, object] = json.loads(out.stdout)
        return answer

    ok = run(values)
    assert ok["ok"] is True, ok
    assert isinstance(ok["port"], (int, type(None)))
    broken = run({k: v for k, v in values.items() if k != "DATABASE_URL"})
    assert broken["ok"] is False
    assert all(v not in str(broken["message"]) for v in values.values() if len(v) > 8)

"""envguard on what the real dotenvx writes (``@dotenvx/dotenvx`` from npm, installed in
tests/e2e/node by ``.ci/run``), not on ciphertext shaped by hand: ``dotenvx encrypt`` of a
file with realistic values (a multi-line PEM key, quotes, ``$HOME``, an empty value, ``=``
and ``#``), then envguard reads it, scans it, lets it past the no-env-files hook, refuses
it at load time, and loads it under ``dotenvx run``. Skipped where node or the package is
missing, except under CI.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest

import envguard
from tests import fakes

ROOT = Path(__file__).resolve().parents[2]
DOTENVX = ROOT / "tests" / "e2e" / "node" / "node_modules" / ".bin" / "dotenvx"


@pytest.fixture(scope="module")
def dotenvx() -> str:
    if shutil.which("node") is None or not DOTENVX.is_file():
        if os.environ.get("CI") == "true":
            pytest.fail("node and @dotenvx/dotenvx in tests/e2e/node are needed under CI "
                        "(.ci/run installs them with npm ci)")
        pytest.skip("node or tests/e2e/node/node_modules missing (cd tests/e2e/node && npm ci)")
    return str(DOTENVX)


def _values() -> dict[str, str]:
    return {
        "STRIPE_SECRET_KEY": fakes.stripe_key("sk", "live"),
        "DATABASE_URL": f"postgres://app:{quote(fakes.password(), safe='')}@db.acme.io:5432/app",
        "PRIVATE_KEY": fakes.pem(),
        "GREETING": 'say "hi" to $HOME # not a comment',
        "EMPTY": "",
        "PORT": "3000",
    }


def _dotenv_line(key: str, value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'{key}="{escaped}"'


def _encrypt(dotenvx: str, folder: Path, values: dict[str, str]) -> Path:
    path = folder / ".env.production"
    path.write_text("# production\n" + "\n".join(_dotenv_line(k, v) for k, v in values.items())
                    + "\n")
    proc = subprocess.run([dotenvx, "encrypt", "-f", path.name], cwd=folder,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert (folder / ".env.keys").is_file()
    return path


def _envguard(*args: str, cwd: Path,
              env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["envguard", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=120, env={**os.environ, "NO_COLOR": "1", **(env or {})})


def test_every_encrypted_value_is_read_as_present_and_withheld(dotenvx: str,
                                                               tmp_path: Path) -> None:
    values = _values()
    path = _encrypt(dotenvx, tmp_path, values)
    text = path.read_text()
    read = envguard.read(path)
    assert read.format == "dotenv"
    by_key = {v.key: v for v in read.vars}
    public = [k for k in by_key if k.startswith("DOTENV_PUBLIC_KEY")]
    assert public == ["DOTENV_PUBLIC_KEY_PRODUCTION"], sorted(by_key)
    assert not by_key[public[0]].withheld  # the public key is readable, and not secret
    assert {k for k, v in by_key.items() if v.withheld} == set(values)  # the empty one too
    lines = text.split("\n")
    for key, var in by_key.items():
        assert var.origin.line is not None and lines[var.origin.line - 1].startswith(key), key
    [info] = [f for f in read.findings if f.rule == "encrypted-value"]
    assert info.severity == envguard.Severity.INFO
    for value in values.values():
        for part in (value, *value.split("\n")):
            if len(part) >= 8:
                assert part not in text  # what dotenvx wrote really is ciphertext


def test_scan_and_the_hooks_take_the_encrypted_file_and_block_its_keys(
        dotenvx: str, tmp_path: Path) -> None:
    _encrypt(dotenvx, tmp_path, _values())
    scan = _envguard("scan", ".env.production", "--format", "json", cwd=tmp_path)
    assert scan.returncode == 0, scan.stdout + scan.stderr
    assert [f["rule"] for f in json.loads(scan.stdout)["findings"]
            if f["severity"] != "info"] == []
    hook = _envguard_hook("envguard-no-env-files", ".env.production", cwd=tmp_path)
    assert hook.returncode == 0, hook.stderr
    keys = _envguard_hook("envguard-no-env-files", ".env.keys", cwd=tmp_path)
    assert keys.returncode == 1 and ".env.keys" in keys.stderr
    private = (tmp_path / ".env.keys").read_text().split("DOTENV_PRIVATE_KEY_PRODUCTION=")[1]
    assert private.strip().strip('"')[:16] not in keys.stdout + keys.stderr


def _envguard_hook(hook: str, *files: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    exe = shutil.which(hook) or str(Path(sys.executable).parent / hook)
    return subprocess.run([exe, *files], cwd=cwd, capture_output=True, text=True, timeout=120)


def test_load_refuses_ciphertext_and_takes_what_dotenvx_run_decrypts(
        dotenvx: str, tmp_path: Path) -> None:
    values = _values()
    _encrypt(dotenvx, tmp_path, values)
    (tmp_path / "schema.toml").write_text(
        '[stack]\nname = "app"\nenvironments = ["development", "production"]\n'
        'include = ["stripe"]\n\n[vars.DATABASE_URL]\ntype = "postgres_url"\nrequired = true\n'
        "secret = true\n\n[vars.PORT]\ntype = \"port\"\nrequired = true\n")
    with pytest.raises(envguard.EnvError) as caught:
        envguard.load(tmp_path / "schema.toml", "production", environ={},
                      files=[tmp_path / ".env.production"])
    assert {f.rule for f in caught.value.findings} == {"encrypted-value"}
    assert {f.key for f in caught.value.findings} >= {"DATABASE_URL", "PORT"}
    code = ("import envguard; s = envguard.load('schema.toml', 'production', "
            "files=['.env.production']); "
            "print(s['PORT'], s['DATABASE_URL'].get_secret_value().startswith('post'))")
    env = {k: v for k, v in os.environ.items() if k not in values}
    proc = subprocess.run([dotenvx, "run", "-f", ".env.production", "--", sys.executable, "-c",
                           code], cwd=tmp_path, capture_output=True, text=True, timeout=120,
                          env=env)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split()[-2:] == ["3000", "True"]

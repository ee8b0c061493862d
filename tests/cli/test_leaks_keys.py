"""Issue 13: key material in the key position (an unquoted PEM body) never shows."""

from __future__ import annotations

import base64
import random
from pathlib import Path

import pytest

from envguard_hooks import dotenv as dotenv_hook
from tests.conftest import Run

FORMATS = ("text", "json", "sarif", "github", "markdown")


def _pem_lines(seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    return [base64.b64encode(bytes(rng.randrange(256) for _ in range(48))).decode()
            for _ in range(4)]


def _unquoted_pem(lines: list[str]) -> str:
    body = "\n".join(lines)
    return (f"APP_NAME=demo\nPRIVATE_KEY=-----BEGIN PRIVATE KEY-----\n{body}\n"
            "-----END PRIVATE KEY-----\nLOG_LEVEL=info\n")


SCHEMA = '[stack]\nname = "s"\n[vars.APP_NAME]\n[vars.PRIVATE_KEY]\nsecret = true\n'


def _schema(tmp_path: Path) -> list[str]:
    (tmp_path / "schema.toml").write_text(SCHEMA)
    return ["--schema", "schema.toml"]


def _runs(secret: str, n: int = 8) -> list[str]:
    return [secret[i:i + n] for i in range(len(secret) - n + 1)]


def assert_hidden(text: str, lines: list[str]) -> None:
    for line in lines:
        for run in _runs(line):
            assert run not in text, f"{run!r} of the key material leaked"


@pytest.mark.parametrize("fmt", FORMATS)
def test_unquoted_pem_lines_never_show_in_check(run_envguard: Run, tmp_path: Path,
                                                fmt: str) -> None:
    lines = _pem_lines()
    (tmp_path / ".env").write_text(_unquoted_pem(lines))
    (tmp_path / "schema.toml").write_text(
        '[stack]\nname = "s"\n[vars.APP_NAME]\n[vars.PRIVATE_KEY]\nsecret = true\n')
    out = run_envguard(["check", ".env", "--schema", "schema.toml", "--format", fmt])
    assert_hidden(out.stdout + out.stderr, lines)
    assert "unquoted-multiline" in out.stdout


def test_unquoted_pem_is_reported_on_its_begin_line(run_envguard: Run, tmp_path: Path) -> None:
    (tmp_path / ".env").write_text(_unquoted_pem(_pem_lines()))
    out = run_envguard(["check", ".env", *_schema(tmp_path), "--format", "json"])
    assert ".env:2" in out.stdout or '"line": 2' in out.stdout
    assert "multi-line value of PRIVATE_KEY not quoted" in out.stdout


def test_unquoted_pem_never_shows_in_compare_init_and_hook(
    run_envguard: Run, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    lines = _pem_lines(11)
    (tmp_path / ".env.staging").write_text(_unquoted_pem(lines))
    (tmp_path / ".env.production").write_text("APP_NAME=demo\n")
    (tmp_path / ".env.example").write_text(_unquoted_pem(lines))
    for fmt in ("text", "json", "markdown"):
        out = run_envguard(["compare", ".env.staging", ".env.production", "--format", fmt])
        assert_hidden(out.stdout + out.stderr, lines)
    out = run_envguard(["init", ".env.example", "-o", "schema.toml"])
    assert_hidden(out.stdout + out.stderr, lines)
    if (tmp_path / "schema.toml").exists():
        assert_hidden((tmp_path / "schema.toml").read_text(), lines)
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()
    dotenv_hook.main([".env.staging"])
    captured = capsys.readouterr()
    assert_hidden(captured.out + captured.err, lines)


def test_quoted_pem_in_a_docker_env_file_never_shows(run_envguard: Run, tmp_path: Path) -> None:
    lines = _pem_lines(3)
    body = "\n".join(lines)
    (tmp_path / "env.list").write_text(
        f'APP_NAME=demo\nPRIVATE_KEY="-----BEGIN PRIVATE KEY-----\n{body}\n'
        '-----END PRIVATE KEY-----"\n')
    for fmt in ("text", "json"):
        out = run_envguard(["check", "env.list", "--from", "docker-env-file",
                            *_schema(tmp_path), "--format", fmt])
        assert_hidden(out.stdout + out.stderr, lines)
        assert "unquoted-multiline" in out.stdout


def test_a_random_bare_key_is_redacted(run_envguard: Run, tmp_path: Path) -> None:
    material = _pem_lines(5)[0].replace("+", "A").replace("/", "B")[:40]
    (tmp_path / ".env").write_text(f"A=1\n{material}\n")
    out = run_envguard(["check", ".env", *_schema(tmp_path), "--format", "json"])
    assert_hidden(out.stdout + out.stderr, [material])
    assert "key-without-value" in out.stdout

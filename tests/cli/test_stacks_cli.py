"""The seed stacks through ``envguard check`` and ``envguard flags``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from envguard.sources.dotenv import read_dotenv
from tests.conftest import Run
from tests.unit.test_stacks import EXAMPLES, MISTAKES, clean_cases, clean_file


@pytest.mark.parametrize(("stack", "service", "env"), clean_cases())
def test_cli_clean_examples_exit_0(run_envguard: Run, stack: str, service: str | None,
                                   env: str) -> None:
    args = ["check", str(clean_file(stack, service, env)), "--stack", stack]
    proc = run_envguard(args + (["--service", service] if service else []))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "no problems found" in proc.stdout


@pytest.mark.parametrize(("stack", "service", "files", "expected"), MISTAKES,
                         ids=[f"{m[0]}-{m[1] or 'all'}" for m in MISTAKES])
def test_cli_mistakes_exit_1_naming_keys_without_values(
    run_envguard: Run, stack: str, service: str | None, files: list[str],
    expected: set[tuple[str, str]]
) -> None:
    paths = [EXAMPLES / f for f in files]
    args = ["check", *map(str, paths), "--stack", stack, "--format", "json"]
    proc = run_envguard(args + (["--service", service] if service else []))
    assert proc.returncode == 1, proc.stderr
    doc = json.loads(proc.stdout)
    assert {(f["key"], f["rule"]) for f in doc["findings"] if f["severity"] == "error"} == expected
    assert doc["summary"]["runs"][0]["environment"] == "production"  # from the file name
    assert_no_secret_shown(paths, proc.stdout)


def assert_no_secret_shown(paths: list[Path], output: str) -> None:
    """No secret of the files (by format or by name) appears, nor the distinctive part of
    it: the password of a URL, the body after a key's prefix (``EXAMPLEprdstripesk...``)."""
    import re

    from envguard.checks.hygiene import secret_format_of
    from envguard.model import looks_secret_by_name
    from envguard.schema.loader import builtin_credentials

    credentials = builtin_credentials()
    secrets = [v.value for p in paths for v in read_dotenv(p).vars
               if v.value and len(v.value) >= 20
               and (secret_format_of(v.value, credentials, v.key) or looks_secret_by_name(v.key))]
    assert secrets
    for secret in secrets:
        assert secret not in output
        password = re.match(r"[a-z]+://[^:/@]*:([^@]+)@", secret)
        body = password.group(1) if password else re.sub(r"^[A-Za-z]{1,10}[_.-]([a-z]{1,8}[_-])?",
                                                          "", secret)
        chunk = body[:20]
        if len(set(chunk)) >= 4:
            assert chunk not in output, f"part of a secret shown: {secret[:10]}..."


def test_cli_unknown_service_and_service_without_services_exit_2(run_envguard: Run) -> None:
    env = str(clean_file("threadr", "backend", "production"))
    proc = run_envguard(["check", env, "--stack", "threadr", "--service", "worker"])
    assert proc.returncode == 2
    assert "unknown service" in proc.stderr and "frontend, backend" in proc.stderr
    proc = run_envguard(["check", str(clean_file("threadly", None, "production")),
                         "--stack", "threadly", "--service", "web"])
    assert proc.returncode == 2 and "declares no services" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_cli_backend_key_in_the_frontend_service_is_unknown_there(run_envguard: Run,
                                                                   tmp_path: Path) -> None:
    front = tmp_path / ".env.production"
    front.write_text(clean_file("threadr", "frontend", "production").read_text()
                     + "LOG_LEVEL=info\n")
    proc = run_envguard(["check", str(front), "--stack", "threadr", "--service", "frontend",
                         "--format", "json"])
    doc = json.loads(proc.stdout)
    assert [(f["key"], f["rule"]) for f in doc["findings"]] == [("LOG_LEVEL", "unknown-key")]
    assert "frontend service" in doc["findings"][0]["message"]


def test_cli_platform_variables_and_withheld_values(run_envguard: Run, tmp_path: Path) -> None:
    """A `vercel env pull` file: platform variables are known, [SENSITIVE] values count as set."""
    lines = ["# Created by Vercel CLI"]
    for line in clean_file("threadly", None, "production").read_text().splitlines():
        if line and not line.startswith("#"):
            key, value = line.split("=", 1)
            sensitive = key in ("STRIPE_SECRET_KEY", "CLERK_SECRET_KEY", "DATABASE_URL")
            lines.append(f'{key}="{"[SENSITIVE]" if sensitive else value}"')
    lines += ['VERCEL_ENV="production"', 'VERCEL_URL="threadly-git-main.vercel.app"',
              'TURBO_REMOTE_ONLY="true"', 'NX_DAEMON="false"']
    pulled = tmp_path / ".env.production.local"
    pulled.write_text("\n".join(lines) + "\n")
    proc = run_envguard(["check", str(pulled), "--stack", "threadly", "--env", "production",
                         "--format", "json"])
    assert proc.returncode == 0, proc.stdout
    doc = json.loads(proc.stdout)
    assert {f["severity"] for f in doc["findings"]} <= {"info"}


def test_cli_debug_mode_on_in_production_is_a_flags_error(run_envguard: Run) -> None:
    vibelog = EXAMPLES / "vibelog"
    proc = run_envguard(["flags", str(vibelog / ".env.development"),
                         str(vibelog / ".env.staging"), str(vibelog / "mistakes/.env.production"),
                         "--stack", "vibelog", "--format", "json"])
    assert proc.returncode == 1
    doc = json.loads(proc.stdout)
    assert ("DEBUG_MODE", "flag-debug-in-production") in {
        (f["key"], f["rule"]) for f in doc["findings"]}

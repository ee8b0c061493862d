"""Platform exports through the installed ``envguard check`` command, as CI pipes them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from envguard.sources.dotenv import parse_dotenv_text
from tests import conftest, fakes
from tests.conftest import ROOT, Run

THREADR = ROOT / "examples" / "threadr"
FIXTURES = conftest.FIXTURES / "platforms"
SCHEMA = str(FIXTURES / "schema.toml")
RAILWAY_SYSTEM = {
    "RAILWAY_ENVIRONMENT": "production", "RAILWAY_ENVIRONMENT_NAME": "production",
    "RAILWAY_PROJECT_ID": "00000000-0000-4000-8000-000000000002",
    "RAILWAY_PRIVATE_DOMAIN": "api.railway.internal", "RAILWAY_SERVICE_NAME": "api",
}


def example_values(path: Path) -> dict[str, str]:
    read = parse_dotenv_text(path.read_text(), str(path), interpolate=False)
    return {v.key: v.value or "" for v in read.vars}


def railway_json(values: dict[str, str]) -> str:
    """What ``railway variables --json`` prints: sorted keys, two-space indent."""
    return json.dumps(dict(sorted({**values, **RAILWAY_SYSTEM}.items())), indent=2)


def test_railway_json_piped_to_check(run_envguard: Run) -> None:
    values = example_values(THREADR / "backend" / ".env.production")
    proc = run_envguard(["check", "-", "--stack", "threadr", "--env", "production",
                         "--service", "backend", "-v"], input=railway_json(values))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "<stdin>: read as railway-json (detected)" in proc.stderr
    assert proc.stdout.strip() == ("no problems found: 14 variables checked against threadr "
                                   "(backend service) for production")


def test_railway_json_with_a_test_key_in_production(run_envguard: Run) -> None:
    values = example_values(THREADR / "backend" / ".env.production")
    values["STRIPE_SECRET_KEY"] = fakes.stripe_key(mode="test")
    text = railway_json(values)
    line = next(n for n, row in enumerate(text.splitlines(), 1) if '"STRIPE_SECRET_KEY"' in row)
    proc = run_envguard(["check", "-", "--stack", "threadr", "--env", "production",
                         "--service", "backend", "--format", "json"], input=text)
    assert proc.returncode == 1
    found = json.loads(proc.stdout)["findings"]
    assert [(f["rule"], f["key"], f["source"]) for f in found] == [
        ("wrong-mode", "STRIPE_SECRET_KEY", f"<stdin>:{line}")]
    assert values["STRIPE_SECRET_KEY"] not in proc.stdout


def test_railway_kv_with_a_spilled_pem(run_envguard: Run, tmp_path: Path) -> None:
    values = example_values(THREADR / "backend" / ".env.production")
    values["SIGNING_KEY"] = ("-----BEGIN FAKE KEY-----\n" + fakes.token(64)
                             + "\n-----END FAKE KEY-----")
    kv = "".join(f"{k}={v}\n" for k, v in sorted({**values, **RAILWAY_SYSTEM}.items()))
    proc = run_envguard(["check", "-", "--from", "railway", "--stack", "threadr", "--env",
                         "production", "--service", "backend", "--format", "json", "-v"],
                        input=kv)
    assert "read as railway-kv (--from railway)" in proc.stderr
    found = {(f["rule"], f["key"]) for f in json.loads(proc.stdout)["findings"]}
    assert ("raw-multiline", "SIGNING_KEY") in found
    assert not {r for r, _ in found} & {"parse-error", "invalid-value", "missing-required"}


def test_vercel_pull_with_withheld_sensitive_values(run_envguard: Run, tmp_path: Path) -> None:
    values = example_values(THREADR / "frontend" / ".env.production")
    lines = [f'{k}="{v}"' for k, v in values.items()]
    lines += ['VERCEL="1"', 'VERCEL_ENV="production"', 'VERCEL_URL=""', 'NX_DAEMON="false"',
              'TURBO_CACHE="remote:rw"']
    (tmp_path / ".env.production.local").write_text(
        "# Created by Vercel CLI\n" + "\n".join(sorted(lines)) + "\n")
    proc = run_envguard(["check", ".env.production.local", "--stack", "threadr", "--env",
                         "production", "--service", "frontend", "-v"])
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "read as vercel (detected)" in proc.stderr


def test_sensitive_placeholder_is_presence_not_a_bad_value(run_envguard: Run,
                                                            tmp_path: Path) -> None:
    (tmp_path / "pulled.env").write_text(
        '# Created by Vercel CLI\nDATABASE_URL="[SENSITIVE]"\nLOG_LEVEL="info"\n'
        'STRIPE_SECRET_KEY="[SENSITIVE]"\n')
    proc = run_envguard(["check", "pulled.env", "--schema", SCHEMA, "--env", "production",
                         "--format", "json"])
    assert proc.returncode == 0, proc.stdout
    assert [f["rule"] for f in json.loads(proc.stdout)["findings"]] == ["values-withheld"]


@pytest.mark.parametrize(("sample", "fmt"), [
    ("k8s_secret.yaml", "kubernetes"),
    ("ssm_parameters.json", "aws-ssm"),
    ("doppler_download.yaml", "doppler-yaml"),
    ("heroku_config_shell.txt", "heroku-shell"),
    ("printenv.txt", "printenv"),
])
def test_every_family_through_the_command(run_envguard: Run, sample: str, fmt: str) -> None:
    proc = run_envguard(["check", str(FIXTURES / sample), "--schema", SCHEMA, "--env",
                         "development", "--format", "json", "-v"])
    assert f"read as {fmt} (detected)" in proc.stderr
    assert proc.returncode in (0, 1) and "Traceback" not in proc.stderr
    json.loads(proc.stdout)


def test_forced_format_overrides_detection(run_envguard: Run, tmp_path: Path) -> None:
    (tmp_path / ".env").write_text('LOG_LEVEL="info"\nDATABASE_URL=postgres://db/app\n')
    proc = run_envguard(["check", ".env", "--from", "docker-env-file", "--schema", SCHEMA,
                         "--env", "development", "-v", "--format", "json"])
    assert "read as docker-env-file (--from docker-env-file)" in proc.stderr
    found = {(f["rule"], f["key"]) for f in json.loads(proc.stdout)["findings"]}
    assert ("docker-quotes", "LOG_LEVEL") in found
    assert ("invalid-value", "LOG_LEVEL") in found  # '"info"' with its quotes is not an enum


def test_layering_an_export_over_a_dotenv(run_envguard: Run, tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("LOG_LEVEL=debug\nPORT=3000\n")
    (tmp_path / "prod.json").write_text('{"DATABASE_URL": "postgres://db/app",'
                                        ' "LOG_LEVEL": "warn"}')
    proc = run_envguard(["check", ".env", "prod.json", "--schema", SCHEMA, "--env",
                         "development", "-v"])
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert ".env: read as dotenv" in proc.stderr and "prod.json: read as json" in proc.stderr

"""``envguard compare`` end to end: the installed command on real files and exports."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests import fakes
from tests.conftest import FIXTURES, ROOT, Run

THREADLY = ROOT / "examples" / "threadly"
SCHEMA = str(FIXTURES / "compare" / "schema.toml")
CLEAN = [f"{env}={THREADLY / f'.env.{env}'}"
         for env in ("development", "preview", "staging", "production")]


def findings(proc_stdout: str) -> list[tuple[str, str]]:
    return sorted((f["rule"], f["key"]) for f in json.loads(proc_stdout)["findings"])


def test_threadly_clean_examples_show_no_drift(run_envguard: Run) -> None:
    proc = run_envguard(["compare", *CLEAN, "--stack", "threadly"])
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert re.search(r"4 environments, \d+ keys, schema threadly: no drift found\Z",
                     proc.stdout.rstrip())


def test_threadly_planted_drift_and_nothing_else(run_envguard: Run) -> None:
    """Production with the mistakes file against the clean development/preview/staging."""
    args = [*CLEAN[:3], f"production={THREADLY / 'mistakes' / '.env.production'}"]
    proc = run_envguard(["compare", *args, "--stack", "threadly", "--format", "json"])
    assert proc.returncode == 1
    assert findings(proc.stdout) == sorted([
        ("missing-required", "SENTRY_AUTH_TOKEN"),       # dropped from production
        ("missing-required", "UPSTASH_REDIS_URL"),       # token without URL
        ("missing-in-environment", "PUSHER_KEY"),        # set everywhere before production
        ("wrong-mode", "CLERK_SECRET_KEY"),              # a test key where live belongs
        ("wrong-mode", "NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY"),
        ("invalid-value", "DATABASE_URL"),               # direct URL, not -pooler
        ("shared-database", "DATABASE_URL_UNPOOLED"),    # migrations on staging's branch
        ("invalid-value", "PLATFORM_FEE_PERCENTAGE"),    # "5%"
        ("invalid-value", "RESEND_API_KEY"),             # the docs' placeholder
        ("invalid-value", "ENCRYPTION_KEY"),             # 16 bytes, not 32
        ("set-in-some-environments", "NEXT_PUBLIC_SENTRY_AUTH_TOKEN"),  # renamed, prod only
    ])


def test_env_names_from_dotenv_file_names(run_envguard: Run) -> None:
    proc = run_envguard(["compare", ".env.development", ".env.production", "--stack",
                         "threadly", "--format", "json"], cwd=THREADLY)
    assert proc.returncode == 0, proc.stderr
    assert [e["name"] for e in json.loads(proc.stdout)["environments"]] == [
        "development", "production"]


def test_exports_and_stdin_with_verbose(run_envguard: Run, tmp_path: Path) -> None:
    prod = {"DATABASE_URL": "postgres://app:FAKE@db-prod.example.com:5432/app",
            "SESSION_SECRET": "FAKE-session-secret-production",
            "PORT": "8080", "STRIPE_SECRET_KEY": fakes.stripe_key(n=24),
            "SENTRY_DSN": "https://0@o0.ingest.sentry.io/1",
            "RAILWAY_ENVIRONMENT": "production"}
    (tmp_path / ".env.staging").write_text(
        "DATABASE_URL=postgres://app:FAKE@db-staging.example.com:5432/app\n"
        "SESSION_SECRET=FAKE-session-secret-staging\nPORT=8080\n"
        f"STRIPE_SECRET_KEY={fakes.stripe_key(mode='test', n=24)}\n")
    proc = run_envguard(["compare", ".env.staging", "production=-", "--schema", SCHEMA, "-v",
                         "--format", "json"], input=json.dumps(prod, indent=2))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "production: <stdin> read as railway-json (detected)" in proc.stderr
    assert "staging: .env.staging read as dotenv (detected)" in proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["environments"][1]["formats"] == {"<stdin>": "railway-json"}
    assert findings(proc.stdout) == []  # RAILWAY_* in Railway's own export is expected


def test_layered_sources_per_environment(run_envguard: Run, tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("A=1\nB=base\n")
    (tmp_path / ".env.production").write_text("B=prod\n")
    (tmp_path / "dev.json").write_text('{"A": "1", "B": "dev"}')
    proc = run_envguard(["compare", "development=dev.json", "production=.env,.env.production",
                         "--format", "json"])
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["environments"][1]["sources"] == [".env", ".env.production"]
    b = next(k for k in doc["keys"] if k["key"] == "B")["environments"]
    assert (b["development"]["value"], b["production"]["value"]) == ("dev", "prod")
    assert b["production"]["source"] == ".env.production:1"


def test_markdown_to_a_file(run_envguard: Run, tmp_path: Path) -> None:
    proc = run_envguard(["compare", *CLEAN, "--stack", "threadly", "--format", "markdown",
                         "-o", "comment.md"])
    assert proc.returncode == 0 and proc.stdout == ""
    text = (tmp_path / "comment.md").read_text()
    assert text.startswith("### envguard compare: ✅ no problems found")
    assert "| Key | development | preview | staging | production |" in text


def test_configured_environments(run_envguard: Run, tmp_path: Path) -> None:
    (tmp_path / "envguard.toml").write_text(
        '[files]\nstaging = ["staging.env"]\nproduction = ["prod.json"]\n')
    (tmp_path / "staging.env").write_text("A=1\nB=2\n")
    (tmp_path / "prod.json").write_text('{"A": "1"}')
    proc = run_envguard(["compare", "--format", "json"])
    assert proc.returncode == 0, proc.stderr
    assert findings(proc.stdout) == [("missing-in-environment", "B")]


@pytest.mark.parametrize(("args", "message"), [
    (["compare", "production=a.json"], "at least two environments"),
    (["compare", "a.json", "b.json"], "which environment is this? write NAME=a.json"),
    (["compare", "x=a.env", "x=b.env"], "'x' is named twice"),
    (["compare", "a=-", "b=-"], "read only once"),
    (["compare", "prod=a.env", "staging=b.env", "--stack", "threadly"],
     "prod unknown to threadly"),
    (["compare", "a=missing.env", "b=missing2.env"], "missing.env: no such file"),
    (["compare", "a=x.env", "b=x.env", "--from", "nope"], "unknown format 'nope'"),
])
def test_usage_errors_exit_2(run_envguard: Run, tmp_path: Path, args: list[str],
                             message: str) -> None:
    for name in ("a.env", "b.env", "x.env", "a.json", "b.json"):
        (tmp_path / name).write_text("A=1\n")
    proc = run_envguard(args, input="A=1\n")
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert proc.stderr.startswith("envguard: error: ") and message in proc.stderr
    assert "Traceback" not in proc.stderr

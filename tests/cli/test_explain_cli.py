"""``envguard explain KEY`` through the CLI: text, JSON, the catalog fallback, bad keys."""

from __future__ import annotations

import json

from tests.conftest import Run


def test_cli_explain_text_json_and_fallback_to_the_catalog(run_envguard: Run) -> None:
    proc = run_envguard(["explain", "CLERK_SECRET_KEY", "--stack", "threadly"])
    assert proc.returncode == 0
    assert "key mode:    test in development, preview, staging; live in production" in proc.stdout
    proc = run_envguard(["explain", "SENDGRID_API_KEY", "--stack", "threadly", "--format",
                         "json"])
    doc = json.loads(proc.stdout)
    assert doc["provider"] == "SendGrid" and "not part of the threadly schema" in doc["note"]
    proc = run_envguard(["explain", "OPENAI_API_KEY"])
    assert proc.returncode == 0 and "OpenAI project API key" in proc.stdout


def test_cli_unknown_key_exits_2_with_suggestions(run_envguard: Run) -> None:
    proc = run_envguard(["explain", "STRIPE_SECRT_KEY", "--stack", "threadly"])
    assert proc.returncode == 2
    assert "did you mean STRIPE_SECRET_KEY" in proc.stderr
    assert "Traceback" not in proc.stderr
    proc = run_envguard(["explain", "STRIPE_SECRET_KEY", "--stack", "nope"])
    assert proc.returncode == 2 and "unknown stack" in proc.stderr

"""Cross-variable rules through ``envguard check`` on several environments."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import ROOT, Run


def test_check_warns_about_shared_secrets_when_checking_several_environments(
    run_envguard: Run, tmp_path: Path
) -> None:
    examples = ROOT / "examples" / "threadly"
    (tmp_path / "pyproject.toml").write_text(
        '[tool.envguard]\nstack = "threadly"\n[tool.envguard.files]\n'
        'staging = [".env.staging"]\nproduction = [".env.production"]\n')
    (tmp_path / ".env.staging").write_text((examples / ".env.staging").read_text())
    production = (examples / ".env.production").read_text()
    (tmp_path / ".env.production").write_text(production)
    clean = run_envguard(["check", "--format", "json"])
    assert clean.returncode == 0, clean.stderr
    assert not [f for f in json.loads(clean.stdout)["findings"] if f["rule"] == "shared-secret"]
    staging_key = next(line for line in (examples / ".env.staging").read_text().splitlines()
                       if line.startswith("ENCRYPTION_KEY="))
    production = "\n".join(staging_key if line.startswith("ENCRYPTION_KEY=") else line
                           for line in production.splitlines())
    (tmp_path / ".env.production").write_text(production + "\n")
    proc = run_envguard(["check", "--format", "json"])
    doc = json.loads(proc.stdout)
    shared = [f for f in doc["findings"] if f["rule"] == "shared-secret"]
    assert [(f["key"], f["severity"]) for f in shared] == [("ENCRYPTION_KEY", "warning")]
    assert staging_key.split("=", 1)[1] not in proc.stdout
    assert proc.returncode == 0  # a warning does not fail by default
    assert run_envguard(["check", "--fail-on", "warning"]).returncode == 1

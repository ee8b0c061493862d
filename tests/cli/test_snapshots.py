"""The text and Markdown reports on the four built-in stacks' ``mistakes/`` examples, at
80 and 120 columns, against stored snapshots (``tests/fixtures/snapshots/``).

A snapshot is what a person reads; a change to the layout shows up here as a diff to
look at. Regenerate after a deliberate change with ``ENVGUARD_UPDATE_SNAPSHOTS=1``.
Every snapshot is also checked to hold no secret value of the example files.
"""

from __future__ import annotations

import os
import re

import pytest

from envguard.secrecy import looks_secret_by_name, looks_secret_by_value
from tests.conftest import ROOT, Run

SNAPSHOTS = ROOT / "tests" / "fixtures" / "snapshots"
UPDATE = os.environ.get("ENVGUARD_UPDATE_SNAPSHOTS") == "1"

#: (name, stack, service, the mistakes file)
CASES = [
    ("vibelog", "vibelog", None, "examples/vibelog/mistakes/.env.production"),
    ("threadly", "threadly", None, "examples/threadly/mistakes/.env.production"),
    ("myapp-frontend", "myapp", "frontend", "examples/myapp/mistakes/frontend/.env.production"),
    ("myapp-backend", "myapp", "backend", "examples/myapp/mistakes/backend/.env.production"),
    ("threadr-frontend", "threadr", "frontend",
     "examples/threadr/mistakes/frontend/.env.production"),
    ("threadr-backend", "threadr", "backend",
     "examples/threadr/mistakes/backend/.env.production"),
]
COMMANDS = {
    "check": lambda stack, service, path: [
        "check", "--stack", stack, *(["--service", service] if service else []),
        "--env", "production", path],
    "check-md": lambda stack, service, path: [
        "check", "--stack", stack, *(["--service", service] if service else []),
        "--env", "production", path, "--format", "markdown"],
    "lint": lambda stack, service, path: ["lint", path],
    "scan": lambda stack, service, path: ["scan", path, "--no-plugins"],
    "scan-md": lambda stack, service, path: ["scan", path, "--no-plugins", "--format",
                                             "markdown"],
}
MARKDOWN = ("check-md", "scan-md")


def _secret_values(stack: str, path: str) -> list[str]:
    """The file's values the stack declares secret (else: secret by name or shape)."""
    from envguard.schema.loader import load_schema

    schema = load_schema(stack)
    values = []
    for line in (ROOT / path).read_text().splitlines():
        key, sep, value = line.partition("=")
        key, value = key.strip(), value.strip().strip("\"'")
        spec = schema.vars.get(key)
        secret = spec.secret if spec is not None and spec.secret is not None else (
            looks_secret_by_name(key) or looks_secret_by_value(value))
        if sep and len(value) >= 8 and secret:
            values.append(value)
    assert values
    return values


@pytest.mark.parametrize("columns", [80, 120])
@pytest.mark.parametrize("command", list(COMMANDS))
@pytest.mark.parametrize(("name", "stack", "service", "path"), CASES,
                         ids=[c[0] for c in CASES])
def test_snapshot(run_envguard: Run, name: str, stack: str, service: str | None, path: str,
                  command: str, columns: int) -> None:
    proc = run_envguard(COMMANDS[command](stack, service, path), cwd=ROOT,
                        env={"COLUMNS": str(columns)})
    assert proc.returncode in (0, 1), proc.stderr
    # the scan's time varies from run to run
    text = re.sub(r" in \d+\.\d+s\b", " in <T>s", proc.stdout)
    for value in _secret_values(stack, path):  # a redacted display keeps a short prefix only
        assert value not in text, (name, command, value[:4])
        if len(set(value[:16])) > 6:  # a run of zeros also occurs in public example keys
            assert value[:16] not in text, (name, command, value[:4])
    if command not in MARKDOWN:
        assert all(len(line) <= columns for line in text.splitlines()
                   if " " in line.strip()), text  # one unbreakable word (a URL) may stick out
    target = SNAPSHOTS / f"{command}-{name}-{columns}.{'md' if command in MARKDOWN else 'txt'}"
    if UPDATE or not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
        if not UPDATE:
            pytest.fail(f"{target.name} was missing and has been written: look at it, commit it")
    assert text == target.read_text(), (
        f"{target.name} differs; after a deliberate change run with "
        "ENVGUARD_UPDATE_SNAPSHOTS=1 and review the diff")

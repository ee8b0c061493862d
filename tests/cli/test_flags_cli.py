"""``envguard flags`` end to end: the installed command in a subprocess."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.fakes import token
from tests.support.flags import FIXTURES, run_cli, run_json, write_envs
from tests.support.flags import SEED_MATRIX as SEED

VIBELOG = FIXTURES / "vibelog"
ENV_ARGS = ["development=.env.development", "staging=.env.staging",
            "production=.env.production"]


@pytest.fixture
def vibelog(tmp_path: Path) -> Path:
    for path in VIBELOG.iterdir():
        shutil.copy(path, tmp_path / path.name)
    return tmp_path


@pytest.mark.parametrize("args", [
    [*ENV_ARGS, "--schema", "schema.toml"],
    ["flags.toml"],
    ["flags.json"],
    ["flags.toml", "--schema", "schema.toml"],
], ids=["env-files", "flags-toml", "flags-json", "flags-toml-with-schema"])
def test_seed_table_same_matrix_every_way(vibelog: Path, args: list[str]) -> None:
    code, doc = run_json(args, vibelog)
    assert code == 0
    assert doc["matrix"] == SEED
    assert doc["findings"] == []


def test_text_output(vibelog: Path) -> None:
    proc = run_cli([*ENV_ARGS, "--schema", "schema.toml"], vibelog)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0] == "4 flags x 3 environments"
    assert "FLAG              development  staging  production" in lines
    assert "NEW_EDITOR        on           on       off" in lines
    assert lines[-1] == "no problems found"
    assert "secret" not in proc.stdout.lower()  # NEXTAUTH_SECRET is in the files


def test_stack_declarations_are_used(vibelog: Path) -> None:
    code, doc = run_json([*ENV_ARGS, "--stack", "vibelog"], vibelog)
    assert code == 0
    assert doc["matrix"]["DEBUG_MODE"] == SEED["DEBUG_MODE"]  # recognised by name at least
    for flag, row in doc["matrix"].items():  # and whatever the stack declares reads the same
        assert row == SEED[flag]


def test_exit_1_on_error_findings_and_configurable(tmp_path: Path) -> None:
    args = write_envs(tmp_path, {"development": {"ENABLE_X": "false", "DEBUG": "true"},
                                 "staging": {"ENABLE_X": "false", "DEBUG": "false"},
                                 "production": {"ENABLE_X": "true", "DEBUG": "false"}})
    code, doc = run_json(args, tmp_path)
    assert code == 1
    [finding] = [f for f in doc["findings"] if f["severity"] == "error"]
    assert finding["rule"] == "flag-promotion-order"
    assert (finding["file"], finding["line"], finding["key"]) == (".env.production", 1,
                                                                  "ENABLE_X")
    assert run_cli([*args, "--severity", "flag-promotion-order=warning"], tmp_path).returncode == 0
    assert run_cli([*args, "--severity", "flag-promotion-order=off",
                    "--fail-on", "warning"], tmp_path).returncode == 0


def test_warnings_pass_unless_fail_on_warning(tmp_path: Path) -> None:
    args = write_envs(tmp_path, {"development": {"ENABLE_X": "true"},
                                 "production": {"ENABLE_X": "true"}})
    code, doc = run_json(args, tmp_path)
    assert code == 0 and [f["rule"] for f in doc["findings"]] == ["flag-stale"]
    assert run_cli([*args, "--fail-on", "warning"], tmp_path).returncode == 1


def test_invalid_spelling_is_reported_at_its_line(tmp_path: Path) -> None:
    args = write_envs(tmp_path, {"development": {"OTHER": "1", "ENABLE_X": "ture"},
                                 "production": {"ENABLE_X": "false"}})
    _, doc = run_json(args, tmp_path)
    [bad] = [f for f in doc["findings"] if f["rule"] == "flag-invalid-value"]
    assert (bad["file"], bad["line"]) == (".env.development", 2)
    assert "'ture', which must be a boolean" in bad["message"]
    assert doc["matrix"]["ENABLE_X"] == {"development": None, "production": False}


def test_project_config_supplies_sources_order_and_severities(tmp_path: Path) -> None:
    write_envs(tmp_path, {"dev": {"FEATURE_A": "true"}, "prod": {"FEATURE_A": "true"}})
    (tmp_path / "pyproject.toml").write_text(
        "[tool.envguard]\n"
        'files = { prod = ".env.prod", dev = ".env.dev" }\n'
        "[tool.envguard.flags]\n"
        'order = ["dev", "prod"]\n'
        'severity = { flag-stale = "error" }\n')
    code, doc = run_json([], tmp_path)
    assert code == 1
    assert doc["environments"] == ["dev", "prod"]
    assert [f["severity"] for f in doc["findings"]] == ["error"]


def test_code_scan(tmp_path: Path) -> None:
    args = write_envs(tmp_path, {"development": {"ENABLE_X": "true"},
                                 "production": {"ENABLE_X": "false"}})
    src = tmp_path / "src"
    (src / "node_modules" / "dep").mkdir(parents=True)
    (src / "app.ts").write_text("const a = process.env.ENABLE_X\n"
                                "if (process.env['ENABLE_BETA'] !== 'false') {}\n"
                                "const db = process.env.DATABASE_URL\n")
    (src / "worker.py").write_text('import os\nos.getenv("FF_QUEUE")\n')
    (src / "node_modules" / "dep" / "x.js").write_text("process.env.ENABLE_VENDORED\n")
    _, doc = run_json([*args, "--code", "src"], tmp_path)
    reads = {f["key"]: (f["file"], f["line"]) for f in doc["findings"]
             if f["rule"] == "flag-read-undefined"}
    assert reads == {"ENABLE_BETA": ("src/app.ts", 2), "FF_QUEUE": ("src/worker.py", 2)}
    assert "DATABASE_URL" not in doc["matrix"] and "ENABLE_VENDORED" not in doc["matrix"]


@pytest.mark.parametrize("fmt", ["text", "markdown", "json", "html"])
def test_no_secret_reaches_any_format(tmp_path: Path, fmt: str) -> None:
    secret = token(48)
    args = write_envs(tmp_path, {"development": {"API_SECRET": secret, "ENABLE_X": "true",
                                                 "FEATURE_KEY": secret},
                                 "production": {"API_SECRET": secret, "ENABLE_X": secret}})
    proc = run_cli([*args, "--format", fmt], tmp_path)
    assert proc.returncode in (0, 1)
    assert secret not in proc.stdout + proc.stderr
    assert "API_SECRET" not in proc.stdout


def test_writes_the_report_to_a_file(vibelog: Path) -> None:
    proc = run_cli(["flags.toml", "--format", "html", "-o", "report.html"], vibelog)
    assert proc.returncode == 0 and proc.stdout == ""
    assert (vibelog / "report.html").read_text().startswith("<!DOCTYPE html>")
    bad = run_cli(["flags.toml", "-o", "no/such/dir/report.txt"], vibelog)
    assert bad.returncode == 2 and "cannot write report" in bad.stderr


@pytest.mark.parametrize(("args", "message"), [
    (["staging=.env.staging", "staging=.env.production"],
     "environment 'staging' named twice"),
    (["../non_table_env.toml"], "non_table_env.toml:2: environment 'production' must be a table"),
    (["../duplicate_env.json"], "duplicate_env.json:4: environment 'staging' named twice"),
    ([*ENV_ARGS, "--schema", "../bad_expiry.toml"],
     "bad_expiry.toml:7: [flags.NEW_EDITOR] field 'expires': 'next quarter' is not a date"),
    (["flags.toml", "--as-of", "tomorrow"], "--as-of 'tomorrow': not a date"),
    (["flags.toml", "--severity", "flag-nope=error"], "unknown rule 'flag-nope'"),
    (["flags.toml", "--stack", "no-such-stack"], "unknown stack 'no-such-stack'"),
    (["production=missing.env"], "missing.env: no such file"),
    ([], "no sources given and none configured"),
    (["flags.toml", "--code", "nowhere"], "nowhere: no such file or directory"),
])
def test_bad_input_exits_2_with_a_clear_message(vibelog: Path, args: list[str],
                                                 message: str) -> None:
    work = vibelog / "work"
    work.mkdir()
    for path in vibelog.glob("*"):
        if path.is_file():
            shutil.copy(path, work / path.name)
    for name in ("non_table_env.toml", "duplicate_env.json", "bad_expiry.toml"):
        shutil.copy(FIXTURES / name, vibelog / name)
    proc = run_cli(args, work)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert message in proc.stderr
    assert "Traceback" not in proc.stderr and "internal error" not in proc.stderr
    assert proc.stdout == ""


def test_help_lists_the_command(tmp_path: Path) -> None:
    proc = run_cli(["--help"], tmp_path, command=())
    assert "flags" in proc.stdout
    sub = run_cli(["--help"], tmp_path)
    assert sub.returncode == 0 and "--format {text,markdown,json,html}" in sub.stdout


def test_json_output_parses_for_500_by_8(tmp_path: Path) -> None:
    envs = {f"e{j}": {f"FF_{i:03d}": "true" if (i + j) % 2 else "false" for i in range(500)}
            for j in range(8)}
    args = write_envs(tmp_path, envs)
    proc = run_cli([*args, "--order", ",".join(envs), "--format", "json"], tmp_path)
    assert proc.returncode == 1  # alternating values break the promotion order
    doc = json.loads(proc.stdout)
    assert len(doc["matrix"]) == 500 and len(doc["matrix"]["FF_000"]) == 8


def test_threadly_on_unless_false(tmp_path: Path) -> None:
    for path in (FIXTURES / "threadly").iterdir():
        shutil.copy(path, tmp_path / path.name)
    args = [".env.production", ".env.development", ".env.staging", ".env.preview",
            "--schema", "schema.toml"]
    code, doc = run_json(args, tmp_path)
    assert doc["environments"] == ["development", "preview", "staging", "production"]
    assert doc["matrix"] == {
        "ENABLE_AI_CHAT": dict.fromkeys(doc["environments"], True),  # "False" is not 'false'
        "ENABLE_NEW_CHECKOUT": {"development": True, "preview": True, "staging": True,
                                "production": False},
        "MAINTENANCE_MODE": dict.fromkeys(doc["environments"], False),
    }
    assert doc["defaulted"]["ENABLE_NEW_CHECKOUT"] == ["development", "preview"]
    found = {(f["rule"], f["key"], f.get("environment")) for f in doc["findings"]}
    assert ("flag-ambiguous-spelling", "ENABLE_AI_CHAT", "preview") in found
    assert ("flag-missing", "ENABLE_NEW_CHECKOUT", "development") in found
    assert not any(rule in ("flag-stale", "flag-dead") for rule, _, _ in found)  # kill switches
    assert code == 0
    text = run_cli(args, tmp_path).stdout
    assert "ENABLE_NEW_CHECKOUT  on*          on*      on       off" in text

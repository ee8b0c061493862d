"""``envguard check`` and ``envguard stacks`` end to end, through the installed command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import ROOT, Run
from tests.fakes import stripe_key

EXAMPLES = ROOT / "examples" / "vibelog"


def no_traceback(stderr: str) -> None:
    assert "Traceback" not in stderr


@pytest.mark.parametrize("env", ["development", "staging", "production"])
def test_clean_example_exits_0(run_envguard: Run, env: str) -> None:
    proc = run_envguard(["check", str(EXAMPLES / f".env.{env}"), "--stack", "vibelog"])
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "no problems found" in proc.stdout


def test_mistakes_exit_1_and_json_names_keys(run_envguard: Run) -> None:
    proc = run_envguard(["check", str(EXAMPLES / "mistakes" / ".env.production"),
                         "--stack", "vibelog", "--format", "json"])
    assert proc.returncode == 1
    doc = json.loads(proc.stdout)
    errors = {(f["key"], f["rule"]) for f in doc["findings"] if f["severity"] == "error"}
    assert ("STRIPE_SECRET_KEY", "wrong-mode") in errors
    assert ("SUPABASE_ANON_KEY", "invalid-value") in errors
    assert ("NEXT_PUBLIC_OPENAI_API_KEY", "secret-exposed") in errors
    assert all(f["file"].endswith(".env.production") and f["line"] for f in doc["findings"])
    assert doc["summary"]["errors"] == len([f for f in doc["findings"]
                                            if f["severity"] == "error"])
    assert "EXAMPLE000" not in proc.stdout


def test_layering_later_file_wins(run_envguard: Run, tmp_path: Path) -> None:
    base = tmp_path / ".env"
    base.write_text((EXAMPLES / ".env.production").read_text())
    override = tmp_path / ".env.production"
    override.write_text(f"STRIPE_SECRET_KEY={stripe_key('sk', 'test')}\n")
    proc = run_envguard(["check", ".env", ".env.production", "--stack", "vibelog",
                         "--format", "json"])
    doc = json.loads(proc.stdout)
    [finding] = [f for f in doc["findings"] if f["rule"] == "wrong-mode"]
    assert finding["file"] == ".env.production" and finding["line"] == 1
    assert doc["summary"]["runs"][0]["environment"] == "production"  # from the file name


def test_fail_on_warning(run_envguard: Run, tmp_path: Path) -> None:
    (tmp_path / ".env.production").write_text(
        (EXAMPLES / ".env.production").read_text() + "EXTRA_THING=1\n")
    args = ["check", ".env.production", "--stack", "vibelog"]
    assert run_envguard(args).returncode == 0
    assert run_envguard([*args, "--fail-on", "warning"]).returncode == 1


def test_stacks_lists_builtin_stacks(run_envguard: Run) -> None:
    proc = run_envguard(["stacks"])
    assert proc.returncode == 0
    assert any(line.startswith("vibelog ") for line in proc.stdout.splitlines())


def test_config_makes_plain_check_work(run_envguard: Run, tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.envguard]\nstack = "vibelog"\n'
        '[tool.envguard.files]\nproduction = ["env/.env.production"]\n'
        'staging = ["env/.env.staging"]\n')
    (tmp_path / "env").mkdir()
    for env in ("production", "staging"):
        (tmp_path / "env" / f".env.{env}").write_text((EXAMPLES / f".env.{env}").read_text())
    proc = run_envguard(["check", "--format", "json"])
    assert proc.returncode == 0, proc.stderr
    runs = json.loads(proc.stdout)["summary"]["runs"]
    assert [r["environment"] for r in runs] == ["production", "staging"]
    assert run_envguard(["check", "--env", "qa"]).returncode == 2


def test_model_option(run_envguard: Run, tmp_path: Path) -> None:
    (tmp_path / "appsettings.py").write_text(
        "from pydantic import BaseModel, SecretStr\n"
        "class Settings(BaseModel):\n    port: int\n    api_token: SecretStr\n")
    (tmp_path / ".env").write_text("PORT=eighty\n")
    proc = run_envguard(["check", ".env", "--model", "appsettings:Settings", "--format", "json"])
    assert proc.returncode == 1, proc.stderr
    found = {(f["key"], f["rule"]) for f in json.loads(proc.stdout)["findings"]}
    assert found == {("PORT", "invalid-value"), ("API_TOKEN", "missing-required")}
    assert "eighty" not in proc.stdout


def test_no_color_without_a_tty(run_envguard: Run) -> None:
    proc = run_envguard(["check", str(EXAMPLES / "mistakes" / ".env.production"),
                         "--stack", "vibelog"])
    assert "\033[" not in proc.stdout


# --- unusable input: exit 2 with a message naming the problem, never a traceback ---

def write_bytes(tmp_path: Path, data: bytes) -> str:
    (tmp_path / ".env").write_bytes(data)
    return ".env"


@pytest.mark.parametrize(("args", "message"), [
    (["check", "missing.env", "--stack", "vibelog"], "missing.env: no such file"),
    (["check", ".env", "--stack", "nope"], "unknown stack 'nope'; known stacks: "),
    (["check", ".env", "--model", "no_such_module:Settings"], "cannot import no_such_module"),
    (["check", ".env", "--model", "json"], "expected package.module:ClassName"),
    (["check", ".env", "--schema", "absent.toml"], "schema file not found"),
])
def test_unusable_input_exits_2(run_envguard: Run, tmp_path: Path, args: list[str],
                                message: str) -> None:
    (tmp_path / ".env").write_text("A=1\n")
    proc = run_envguard(args)
    assert proc.returncode == 2
    assert message in proc.stderr
    no_traceback(proc.stderr)


def test_bad_schema_names_file_and_line(run_envguard: Run, tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("A=1\n")
    (tmp_path / "schema.toml").write_text("[vars.A]\ntype = 'int'\ntype = 'str'\n")
    proc = run_envguard(["check", ".env", "--schema", "schema.toml"])
    assert proc.returncode == 2
    assert "schema.toml: invalid TOML" in proc.stderr and "line 3" in proc.stderr


def test_binary_file_exits_2(run_envguard: Run, tmp_path: Path) -> None:
    write_bytes(tmp_path, b"A=1\nB=\x00\x01\x02\n")
    proc = run_envguard(["check", ".env", "--stack", "vibelog"])
    assert proc.returncode == 2
    assert ".env:2: NUL byte" in proc.stderr


def test_directory_exits_2(run_envguard: Run, tmp_path: Path) -> None:
    (tmp_path / "envdir").mkdir()
    proc = run_envguard(["check", "envdir", "--stack", "vibelog"])
    assert proc.returncode == 2 and "is a directory" in proc.stderr


# --- awkward but usable input: read correctly, findings name the line ---

def run_json(run_envguard: Run, tmp_path: Path, data: bytes) -> tuple[int, dict[str, object]]:
    schema = tmp_path / "s.toml"
    schema.write_text("[vars.A]\n[vars.B]\n")
    write_bytes(tmp_path, data)
    proc = run_envguard(["check", ".env", "--schema", "s.toml", "--format", "json"])
    no_traceback(proc.stderr)
    assert proc.returncode in (0, 1), proc.stderr
    return proc.returncode, json.loads(proc.stdout)


def rules(doc: dict[str, object]) -> set[tuple[str, int]]:
    findings = doc["findings"]
    assert isinstance(findings, list)
    return {(f["rule"], f["line"]) for f in findings}


@pytest.mark.parametrize(("data", "code", "expected"), [
    (b"", 0, set()),
    (b"# only a comment\n\n# another\n", 0, set()),
    # read correctly, but a shell sourcing it sees "\ufeffA=1" (a command) and B=2\r
    (b"\xef\xbb\xbfA=1\r\nB=2\r\n", 0, {("portability", 1), ("portability", 2)}),
    (b"A=1\nB=caf\xe9\n", 1, {("invalid-utf8", 2)}),
    # python-dotenv skips the statement; node dotenv reads the rest of the line as the value
    (b"A=1\nB=\"never closed\n", 1, {("unterminated-quote", 2), ("portability", 2)}),
    (b"A=1\nA=2\n", 0, {("duplicate-key", 2)}),
])
def test_awkward_files(run_envguard: Run, tmp_path: Path, data: bytes, code: int,
                       expected: set[tuple[str, int]]) -> None:
    rc, doc = run_json(run_envguard, tmp_path, data)
    assert rc == code
    assert rules(doc) == expected


def test_ten_thousand_variables(run_envguard: Run, tmp_path: Path) -> None:
    lines = "".join(f"VAR_{i}=value-{i}\n" for i in range(10_000))
    rc, doc = run_json(run_envguard, tmp_path, lines.encode())
    assert rc == 0
    assert len(doc["findings"]) == 10_000  # type: ignore[arg-type]  # each unknown key


def test_five_megabyte_value(run_envguard: Run, tmp_path: Path) -> None:
    rc, doc = run_json(run_envguard, tmp_path, b"A=" + b"ab1" * 1_700_000 + b"\nB=1\n")
    assert (rc, rules(doc)) == (0, set())
    from envguard.sources.dotenv import read_dotenv

    [a, b] = read_dotenv(tmp_path / ".env").vars
    assert len(a.value or "") == 5_100_000 and (b.key, b.origin.line) == ("B", 2)


def test_ci_report_formats(run_envguard: Run) -> None:
    args = ["check", str(EXAMPLES / "mistakes" / ".env.production"), "--stack", "vibelog"]
    # run from inside the checkout: annotations name files relative to its root
    github = run_envguard([*args, "--format", "github"], cwd=EXAMPLES)
    assert github.returncode == 1
    assert any(line.startswith("::error file=examples/vibelog/mistakes/.env.production,")
               and "line=12" in line and "wrong-mode" in line
               for line in github.stdout.splitlines())
    sarif = json.loads(run_envguard([*args, "--format", "sarif"], cwd=EXAMPLES).stdout)
    assert sarif["version"] == "2.1.0"
    rules = {r["ruleId"] for r in sarif["runs"][0]["results"]}
    assert {"wrong-mode", "secret-exposed", "invalid-value"} <= rules
    markdown = run_envguard([*args, "--format", "markdown"]).stdout
    assert "STRIPE_SECRET_KEY" in markdown and "\n- ❌ `wrong-mode` " in markdown
    for out in (github.stdout, json.dumps(sarif), markdown):
        assert "EXAMPLE000" not in out

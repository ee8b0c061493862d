"""``envguard lint`` and ``envguard check`` without a schema: the rules that need none."""

from __future__ import annotations

import json
from pathlib import Path

import envguard
from tests.conftest import Run


def test_lint_reports_file_rules_and_fails_on_warnings(run_envguard: Run, tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("A=1\nfoo=bar\nB = 2\nA=3\n")
    proc = run_envguard(["lint", ".env", "--format", "json"], cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    found = {(f["rule"], f["line"]) for f in json.loads(proc.stdout)["findings"]}
    # line 3 also draws portability: bash and dash read ``B = 2`` as a command, B unset
    assert found == {("lowercase-key", 2), ("spaces-around-equals", 3), ("portability", 3),
                     ("duplicate-key", 4)}
    assert run_envguard(["lint", ".env", "--fail-on", "error"], cwd=tmp_path).returncode == 0


def test_check_without_a_schema_lints_instead_of_refusing(run_envguard: Run,
                                                          tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("foo=bar\n")
    proc = run_envguard(["check", ".env"], cwd=tmp_path)
    assert proc.returncode == 0  # warnings only; check fails on errors by default
    assert "lowercase-key" in proc.stdout and "only the file rules were checked" in proc.stderr
    assert run_envguard(["check"], cwd=tmp_path).returncode == 0  # ./.env by default


def test_a_secret_in_a_browser_variable_is_found_without_a_schema(run_envguard: Run,
                                                                  tmp_path: Path) -> None:
    from tests.fakes import stripe_key

    key = stripe_key("sk", "live")
    (tmp_path / ".env").write_text(f"NEXT_PUBLIC_STRIPE_KEY={key}\n")
    proc = run_envguard(["lint", ".env"], cwd=tmp_path)
    assert proc.returncode == 1 and "secret-exposed" in proc.stdout
    body = key.removeprefix("sk_live_")
    assert not any(body[i:i + 8] in proc.stdout + proc.stderr for i in range(len(body) - 7))


def test_utf16_env_file_is_an_error(run_envguard: Run, tmp_path: Path) -> None:
    """python-dotenv's load_dotenv() fails on it; envguard reads it, and says so."""
    (tmp_path / ".env").write_bytes("A=1\n".encode("utf-16"))
    proc = run_envguard(["lint", ".env", "--format", "json"], cwd=tmp_path)
    assert proc.returncode == 1
    assert [f["rule"] for f in json.loads(proc.stdout)["findings"]] == ["not-utf8-dotenv"]


def test_env_file_starting_with_a_bracket_is_not_json(run_envguard: Run, tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("[section]\nA=1\n")
    proc = run_envguard(["lint", ".env", "--format", "json"], cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    # read as a key: no loader sets it, and portability names each that skips it
    rules = [f["rule"] for f in json.loads(proc.stdout)["findings"]]
    assert rules == ["key-without-value", "portability"]
    (tmp_path / "export.env").write_text('{"A": "1"}')  # JSON content still reads as JSON
    assert envguard.read(str(tmp_path / "export.env")).format == "json"


def test_lint_lists_its_rules(run_envguard: Run) -> None:
    proc = run_envguard(["lint", "--list-rules", "--format", "json"])
    kinds = {r["kind"] for r in json.loads(proc.stdout)}
    assert proc.returncode == 0 and kinds == {"reader", "lint", "check"}


def test_public_reading_api(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("A=1\nA=2\n")
    read = envguard.read(str(tmp_path / ".env"))
    assert read.format == "dotenv" and [v.value for v in read.envset.definitions("A")] == [
        "1", "2"]
    kv = "B=1\nRAILWAY_ENVIRONMENT=x\nRAILWAY_PROJECT_ID=y\n"  # sorted, as railway --kv prints
    assert envguard.read_text(kv, "vars").format == "railway-kv"
    result = envguard.lint([str(tmp_path / ".env")])
    assert [f.rule for f in result.findings] == ["duplicate-key"] and result.exit_code == 1
    assert isinstance(read, envguard.SourceRead)


def test_a_device_is_refused_and_a_pipe_is_read(run_envguard: Run, tmp_path: Path) -> None:
    """``/dev/zero`` would be read without end; ``<(command)`` is a pipe and is read."""
    import os
    import threading

    proc = run_envguard(["lint", "/dev/zero"])
    assert proc.returncode == 2 and "not a regular file or a pipe" in proc.stderr
    fifo = tmp_path / "pulled"
    os.mkfifo(fifo)
    writer = threading.Thread(target=lambda: fifo.write_text("A=1\nA=2\n"))
    writer.start()
    proc = run_envguard(["lint", str(fifo), "--format", "json"])
    writer.join(timeout=30)
    assert proc.returncode == 1 and '"duplicate-key"' in proc.stdout


def test_flags_code_walk_skips_a_fifo(run_envguard: Run, tmp_path: Path) -> None:
    import os

    src = tmp_path / "src"
    src.mkdir()
    os.mkfifo(src / "blocked.py")
    (src / "app.py").write_text('import os\nflag = os.environ.get("ENABLE_X")\n')
    (tmp_path / ".env.development").write_text("ENABLE_X=true\n")
    (tmp_path / ".env.production").write_text("ENABLE_X=true\n")
    proc = run_envguard(["flags", ".env.development", ".env.production", "--code", "src"],
                        cwd=tmp_path)
    assert proc.returncode in (0, 1) and "Traceback" not in proc.stderr


def test_digits_python_alone_calls_digits_are_invalid_values(run_envguard: Run,
                                                             tmp_path: Path) -> None:
    """``"²".isdigit()`` is true and ``int("²")`` fails: a finding, never a crash."""
    (tmp_path / "s.toml").write_text('[vars.PORT]\ntype = "port"\n[vars.N]\ntype = "int"\n')
    (tmp_path / ".env").write_text("PORT=²\nN=٣\n")
    proc = run_envguard(["check", ".env", "--schema", "s.toml", "--format", "json"],
                        cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    import json

    assert {(f["key"], f["rule"]) for f in json.loads(proc.stdout)["findings"]} == {
        ("PORT", "invalid-value"), ("N", "invalid-value")}


def test_toml_nested_too_deeply_is_an_input_error(run_envguard: Run, tmp_path: Path) -> None:
    deep = "a = " + "[" * 50_000 + "]" * 50_000 + "\n"
    (tmp_path / "s.toml").write_text(deep)
    (tmp_path / ".env").write_text("A=1\n")
    proc = run_envguard(["check", ".env", "--schema", "s.toml"], cwd=tmp_path)
    assert proc.returncode == 2 and "s.toml: invalid TOML: nested too deeply" in proc.stderr
    (tmp_path / "envguard.toml").write_text(deep)
    proc = run_envguard(["lint", ".env"], cwd=tmp_path)
    assert proc.returncode == 2 and "envguard.toml: cannot read configuration" in proc.stderr

"""Bad exports: a clear message naming file and line, exit 2, never a traceback or a guess.

One test (at least) per bad input the issue lists: truncated JSON, an array or nested JSON
where an object is expected, a Kubernetes manifest with invalid base64, a names-only
export fed to a value check, duplicate keys, an empty export, and a Windows-encoded
(UTF-16 with BOM) file as PowerShell's ``>`` writes it.
"""

from __future__ import annotations

import base64
import json
import re
import subprocess
from pathlib import Path

import pytest

from envguard.errors import InputError
from envguard.sources import read_source
from tests import conftest
from tests.conftest import Run

FIXTURES = conftest.FIXTURES / "platforms"
SCHEMA = str(FIXTURES / "schema.toml")


def assert_input_error(proc: subprocess.CompletedProcess[str], *needles: str) -> None:
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.startswith("envguard: error: ")
    assert "Traceback" not in proc.stderr and proc.stdout == ""
    for needle in needles:
        assert needle in proc.stderr


@pytest.mark.parametrize(("content", "needles"), [
    ('{\n  "DATABASE_URL": "postgres://app:FAKE@db/app",\n  "LOG_LEVEL": "in',
     ("prod.json:3", "truncated")),
    ('{\n  "DATABASE_URL": "postgres://app:FAKE@db/app",\n', ("prod.json:3", "truncated")),
    ('[{"name": "A", "digest": "x"},', ("prod.json:1", "truncated")),
])
def test_truncated_json(run_envguard: Run, tmp_path: Path, content: str,
                        needles: tuple[str, ...]) -> None:
    (tmp_path / "prod.json").write_text(content)
    proc = run_envguard(["check", "prod.json", "--schema", SCHEMA, "--env", "production"])
    assert_input_error(proc, *needles)
    assert "FAKE@db" not in proc.stderr


@pytest.mark.parametrize(("content", "fmt", "needles"), [
    ('["DATABASE_URL", "LOG_LEVEL"]', "auto", ("JSON array where an object",)),
    ('[1, 2, 3]', "json", ("expected a JSON object", "an array")),
    ('[{"key": "A"}]', "railway-json", ("railway variables --json", "an array")),
    ('{"DATABASE_URL": {"value": "x"}}', "auto", ("prod.json:1", "DATABASE_URL",
                                                  "the value is an object")),
    ('{\n "A": "1",\n "B": [1, 2]\n}', "heroku-json", ("prod.json:3", "B", "an array")),
    ('{"kind": "Secret"}', "fly", ("fly secrets list --json", "an object")),
])
def test_array_or_nested_json_where_an_object_is_expected(
        run_envguard: Run, tmp_path: Path, content: str, fmt: str,
        needles: tuple[str, ...]) -> None:
    (tmp_path / "prod.json").write_text(content)
    proc = run_envguard(["check", "prod.json", "--from", fmt, "--schema", SCHEMA,
                         "--env", "production"])
    assert_input_error(proc, *needles)


def test_kubernetes_manifest_with_invalid_base64(run_envguard: Run, tmp_path: Path) -> None:
    good = base64.b64encode(b"postgres://app:FAKE@db/app").decode()
    (tmp_path / "secret.yaml").write_text(
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: app-env\ndata:\n"
        f"  DATABASE_URL: {good}\n  LOG_LEVEL: not base64 at all!\n")
    proc = run_envguard(["check", "secret.yaml", "--schema", SCHEMA, "--env", "production"])
    assert_input_error(proc, "secret.yaml:7", "Secret app-env: data.LOG_LEVEL",
                       "not valid base64", "stringData")
    assert "not base64 at all" not in proc.stderr


@pytest.mark.parametrize("bad", ["cGFzc3dvcmQ", "cGFz c3dvcmQ=", "cGFzc3dvcmQ=="])
def test_kubernetes_base64_is_strict(tmp_path: Path, bad: str) -> None:
    path = tmp_path / "s.json"
    path.write_text(json.dumps({"apiVersion": "v1", "kind": "Secret", "data": {"A": bad}}))
    with pytest.raises(InputError, match="not valid base64"):
        read_source(path)


def test_names_only_export_fed_to_a_value_check(run_envguard: Run, tmp_path: Path) -> None:
    """Presence is checked; withheld values produce no value findings, and it says so."""
    (tmp_path / "gh.json").write_text(json.dumps(
        [{"name": n, "updatedAt": "2026-05-01T12:00:00Z"}
         for n in ("DATABASE_URL", "LOG_LEVEL", "PORT", "STRIPE_SECRET_KEY")]))
    proc = run_envguard(["check", "gh.json", "--schema", SCHEMA, "--env", "production",
                         "--format", "json"])
    assert proc.returncode == 0, proc.stdout + proc.stderr
    rules = [f["rule"] for f in json.loads(proc.stdout)["findings"]]
    assert rules == ["values-withheld"]

    (tmp_path / "fly.json").write_text('[{"name": "PORT", "digest": "abc"}]')
    proc = run_envguard(["check", "fly.json", "--schema", SCHEMA, "--env", "production",
                         "--format", "json"])
    assert proc.returncode == 1
    findings = json.loads(proc.stdout)["findings"]
    assert sorted(f["key"] for f in findings if f["rule"] == "missing-required") == [
        "DATABASE_URL", "LOG_LEVEL", "STRIPE_SECRET_KEY"]
    assert not [f for f in findings if f["rule"] == "invalid-value"]


@pytest.mark.parametrize(("name", "content", "fmt", "lines"), [
    ("dup.json", '{\n  "LOG_LEVEL": "info",\n  "LOG_LEVEL": "debug"\n}', "auto", (2, 3)),
    ("dup.kv", "LOG_LEVEL=info\nPORT=1\nLOG_LEVEL=debug\n", "netlify-plain", (1, 3)),
    ("dup.yaml", "apiVersion: v1\nkind: ConfigMap\ndata:\n  LOG_LEVEL: info\n"
                 "  LOG_LEVEL: debug\n", "auto", (4, 5)),
    ("dup.txt", "LOG_LEVEL='info'\nLOG_LEVEL='debug'\n", "auto", (1, 2)),
    ("dup.list.json", '[{"name": "LOG_LEVEL", "value": "info", "updatedAt": "t"},\n'
                      '{"name": "LOG_LEVEL", "value": "debug", "updatedAt": "t"}]', "auto", (1, 2)),
])
def test_duplicate_keys_warn_and_the_last_wins(tmp_path: Path, name: str, content: str,
                                               fmt: str, lines: tuple[int, int]) -> None:
    path = tmp_path / name
    path.write_text(content)
    read = read_source(path, fmt)
    dups = [f for f in read.findings if f.rule == "duplicate-key"]
    assert len(dups) == 1 and dups[0].key == "LOG_LEVEL"
    assert dups[0].line == lines[1] and f"line {lines[0]}" in dups[0].message
    assert [v.value for v in read.vars if v.key == "LOG_LEVEL"] == ["info", "debug"]


def test_duplicate_keys_through_the_cli(run_envguard: Run, tmp_path: Path) -> None:
    (tmp_path / "prod.json").write_text(
        '{"DATABASE_URL": "postgres://db/app", "LOG_LEVEL": "info", "STRIPE_SECRET_KEY": "x",'
        '\n "LOG_LEVEL": "loud"}')
    proc = run_envguard(["check", "prod.json", "--schema", SCHEMA, "--env", "production"])
    assert proc.returncode == 1  # the later, invalid definition is the one validated
    assert re.search(r"^  2  warning  duplicate-key +LOG_LEVEL", proc.stdout, re.M), proc.stdout


@pytest.mark.parametrize(("stdin", "fmt", "needle"), [
    ("", "auto", "empty input"),
    ("\n\n  \n", "auto", "empty input"),
    ("{}", "auto", "empty export"),
    ("{}\n", "railway-json", "empty export"),
    ("[]", "auto", "empty export"),
    ("[]", "fly", "empty"),
    ("", "vercel", "empty"),
    ("", "railway-kv", "empty"),
    ("apiVersion: v1\nkind: Secret\nmetadata:\n  name: x\n", "auto", "empty manifest"),
])
def test_empty_export(run_envguard: Run, stdin: str, fmt: str, needle: str) -> None:
    proc = run_envguard(["check", "-", "--from", fmt, "--schema", SCHEMA, "--env",
                         "production"], input=stdin)
    assert_input_error(proc, needle)


def _utf16(text: str, bom: str) -> bytes:
    return text.encode("utf-16-le" if bom == "le" else "utf-16-be") \
        .join([b"\xff\xfe" if bom == "le" else b"\xfe\xff", b""])


@pytest.mark.parametrize("bom", ["le", "be"])
@pytest.mark.parametrize(("name", "text", "fmt"), [
    (".env.production", "DATABASE_URL=postgres://db/app\r\nLOG_LEVEL=info\r\n"
                        "STRIPE_SECRET_KEY=x\r\n", "dotenv"),
    ("vars.json", '{\r\n  "DATABASE_URL": "postgres://db/app",\r\n  "LOG_LEVEL": "info",\r\n'
                  '  "RAILWAY_ENVIRONMENT": "production",\r\n  "STRIPE_SECRET_KEY": "x"\r\n}\r\n',
     "railway-json"),
    ("env.txt", "HOME=/root\r\nPATH=/bin\r\nSHLVL=1\r\nDATABASE_URL=postgres://db/app\r\n"
                "LOG_LEVEL=info\r\nSTRIPE_SECRET_KEY=x\r\n", "printenv"),
])
def test_utf16_with_bom_is_decoded(tmp_path: Path, bom: str, name: str, text: str,
                                   fmt: str) -> None:
    path = tmp_path / name
    path.write_bytes(_utf16(text, bom))
    read = read_source(path)
    assert read.format == fmt
    assert {v.key: v.value for v in read.vars} == {
        "DATABASE_URL": "postgres://db/app", "LOG_LEVEL": "info", "STRIPE_SECRET_KEY": "x",
        **({"RAILWAY_ENVIRONMENT": "production"} if fmt == "railway-json" else {})}


def test_utf16_from_powershell_through_stdin(run_envguard: Run) -> None:
    data = _utf16('{"DATABASE_URL": "postgres://db/app", "LOG_LEVEL": "info", '
                  '"STRIPE_SECRET_KEY": "sk_test_placeholder"}', "le")
    proc = run_envguard(["check", "-", "--schema", SCHEMA, "--env", "development", "-v"],
                        input=data)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "read as json" in proc.stderr


def test_utf16_that_is_not_utf16(tmp_path: Path) -> None:
    path = tmp_path / "vars.json"
    path.write_bytes(b"\xff\xfe" + "{}".encode("utf-16-le") + b"\x00\xd8")  # lone surrogate
    with pytest.raises(InputError, match=r"vars\.json:1: not valid UTF-16"):
        read_source(path)


def test_unknown_from_lists_formats(run_envguard: Run, tmp_path: Path) -> None:
    (tmp_path / "x.json").write_text("{}")
    proc = run_envguard(["check", "x.json", "--from", "vercell", "--schema", SCHEMA])
    assert_input_error(proc, "unknown format 'vercell'", "vercel-ls", "kubernetes")


def test_unplaceable_file_is_exit_2_with_formats(run_envguard: Run, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("Remember to rotate the keys on Friday.\n")
    proc = run_envguard(["check", "notes.txt", "--schema", SCHEMA])
    assert_input_error(proc, "notes.txt", "cannot tell what format", "--from FORMAT",
                       "railway-json")


def test_stdin_twice_is_an_error(run_envguard: Run) -> None:
    proc = run_envguard(["check", "-", "-", "--schema", SCHEMA], input="A=1\n")
    assert_input_error(proc, "read only once")


def test_missing_file(run_envguard: Run) -> None:
    proc = run_envguard(["check", "nope.json", "--schema", SCHEMA])
    assert_input_error(proc, "nope.json: no such file")


def _vault_response(data: str, extra: str = "") -> str:
    return ('{\n  "request_id": "r",\n  "lease_id": "",\n  "lease_duration": 0,\n'
            f'  "renewable": false,\n  "data": {data},\n  "warnings": null{extra}\n}}\n')


@pytest.mark.parametrize(("content", "needles"), [
    (_vault_response('{\n    "data": null,\n    "metadata": {"created_time": "t", '
                     '"deletion_time": "t", "destroyed": true, "version": 3}\n  }'),
     ("secret.json:7", "deleted or destroyed")),
    (_vault_response("null", ',\n  "wrap_info": {"token": "hvs.FAKE", "ttl": 300}'),
     ("secret.json:8", "wrapped response", "vault unwrap")),
    (_vault_response('{\n    "DATABASE_URL": {"url": "postgres://app:FAKE@db/app"}\n  }'),
     ("secret.json:7", "DATABASE_URL", "the value is an object")),
])
def test_unusable_vault_response(run_envguard: Run, tmp_path: Path, content: str,
                                 needles: tuple[str, ...]) -> None:
    (tmp_path / "secret.json").write_text(content)
    proc = run_envguard(["check", "secret.json", "--schema", SCHEMA, "--env", "production"])
    assert_input_error(proc, *needles)
    assert "FAKE" not in proc.stderr


def test_key_vault_listing_is_checked_under_environment_names(run_envguard: Run,
                                                              tmp_path: Path) -> None:
    rows = [{"attributes": {"enabled": True}, "contentType": None, "managed": None,
             "id": f"https://fake-vault.vault.azure.net/secrets/{n}", "name": n, "tags": {}}
            for n in ("DATABASE-URL", "LOG-LEVEL", "PORT", "STRIPE-SECRET-KEY")]
    (tmp_path / "kv.json").write_text(json.dumps(rows, indent=2, sort_keys=True))
    proc = run_envguard(["check", "kv.json", "--schema", SCHEMA, "--env", "production",
                         "--format", "json"])
    assert proc.returncode == 0, proc.stdout + proc.stderr
    rules = sorted(f["rule"] for f in json.loads(proc.stdout)["findings"])
    assert rules == ["renamed-key", "values-withheld"]


def test_unusable_op_item_names_the_line(run_envguard: Run, tmp_path: Path) -> None:
    (tmp_path / "item.json").write_text(
        '{\n  "id": "i",\n  "title": "app",\n  "vault": {"id": "v", "name": "Fake"},\n'
        '  "category": "SECURE_NOTE",\n  "fields": [\n'
        '    {"id": "a", "type": "CONCEALED", "value": "FAKE-op-value"}\n  ]\n}\n')
    proc = run_envguard(["check", "item.json", "--schema", SCHEMA, "--env", "production"])
    assert_input_error(proc, "item.json:7", 'a field without a "label"')
    assert "FAKE" not in proc.stderr


def test_unusable_cloud_run_service_names_the_line(run_envguard: Run, tmp_path: Path) -> None:
    (tmp_path / "service.yaml").write_text(
        "apiVersion: serving.knative.dev/v1\nkind: Service\nspec:\n  template:\n    spec:\n"
        "      containers:\n      - env:\n        - value: FAKE-run-value\n")
    proc = run_envguard(["check", "service.yaml", "--schema", SCHEMA, "--env", "production"])
    assert_input_error(proc, "service.yaml:8", 'an env entry without a "name"')
    assert "FAKE" not in proc.stderr


def test_eb_printenv_without_its_title_names_the_line(run_envguard: Run, tmp_path: Path) -> None:
    (tmp_path / "printenv.txt").write_text("     DATABASE_URL = postgres://app:FAKE@db/app\n")
    proc = run_envguard(["check", "printenv.txt", "--schema", SCHEMA, "--from", "eb-printenv"])
    assert_input_error(proc, "printenv.txt:1", "Environment Variables:")
    assert "FAKE" not in proc.stderr


def test_unusable_do_app_spec_names_the_line(run_envguard: Run, tmp_path: Path) -> None:
    (tmp_path / "app.yaml").write_text("name: fake-app\nservices:\n- name: api\n  envs:\n"
                                       "  - value: FAKE-do-value\n")
    proc = run_envguard(["check", "app.yaml", "--schema", SCHEMA, "--env", "production"])
    assert_input_error(proc, "app.yaml:5", 'services api: an envs entry without a "key"')
    assert "FAKE" not in proc.stderr

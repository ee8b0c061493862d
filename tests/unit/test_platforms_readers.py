"""Every platform export reads into the same model as the equivalent .env file.

Each sample in ``fixtures/platforms`` carries its platform's quirks (quoting, multi-line
values, system variables, withheld values); next to it, ``*.expected.env`` writes the
same variables as a plain .env. Reading the sample with its format, and with ``auto``,
must give exactly the model python-dotenv gives for the .env.
"""

from __future__ import annotations

import json
import random
import string
from pathlib import Path
from typing import Any

import pytest

from envguard.errors import InputError
from envguard.findings import Severity
from envguard.sources import SourceRead, read_source, read_text
from envguard.sources.dotenv import parse_dotenv_text
from tests import conftest

FIXTURES = conftest.FIXTURES / "platforms"

#: (sample, --from format, equivalent .env, what auto-detection must pick)
SAMPLES = [
    ("vercel_pull.env", "vercel", "vercel_pull.expected.env", "vercel"),
    ("vercel_env_ls.json", "vercel-ls", "vercel_env_ls.expected.env", "vercel-ls"),
    ("railway_variables.json", "railway-json", "railway_variables.expected.env", "railway-json"),
    ("railway_variables.kv", "railway-kv", "railway_variables.kv.expected.env", "railway-kv"),
    ("heroku_config.json", "heroku-json", "heroku_config.expected.env", "heroku-json"),
    ("heroku_config_shell.txt", "heroku-shell", "heroku_config_shell.expected.env",
     "heroku-shell"),
    ("heroku_config_table.txt", "heroku-table", "heroku_config_table.expected.env",
     "heroku-table"),
    # Netlify filters its own variables out, so its JSON has no signature: the plain JSON
    # reader is the right one. --plain prints raw lines, which the raw reader handles.
    ("netlify_env.json", "netlify-json", "netlify_env.expected.env", "json"),
    ("netlify_env_plain.txt", "netlify-plain", "netlify_env_plain.expected.env", "raw"),
    ("doppler_download.json", "doppler-json", "doppler_download.expected.env", "doppler-json"),
    ("doppler_download_env.txt", "doppler-env", "doppler_download_env.expected.env",
     "doppler-env"),
    ("doppler_download.yaml", "doppler-yaml", "doppler_download.yaml.expected.env",
     "doppler-yaml"),
    ("doppler_secrets.json", "doppler-secrets", "doppler_secrets.expected.env",
     "doppler-secrets"),
    ("infisical_export.txt", "infisical-dotenv", "infisical_export.expected.env",
     "infisical-dotenv"),
    ("infisical_export_eval.txt", "infisical-dotenv", "infisical_export_eval.expected.env",
     "infisical-dotenv"),
    ("infisical_export.json", "infisical-json", "infisical_export.json.expected.env",
     "infisical-json"),
    ("infisical_export.csv", "infisical-csv", "infisical_export.csv.expected.env",
     "infisical-csv"),
    ("fly_secrets.json", "fly", "fly_secrets.expected.env", "fly"),
    ("fly_secrets_legacy.json", "fly", "fly_secrets_legacy.expected.env", "fly"),
    ("gh_secret_list.json", "gh-secrets", "gh_secret_list.expected.env", "gh-secrets"),
    ("gh_variable_list.json", "gh-variables", "gh_variable_list.expected.env", "gh-variables"),
    ("wrangler_secret_list.json", "wrangler-secrets", "wrangler_secret_list.expected.env",
     "wrangler-secrets"),
    # rendered by tests/support/cli_writers.py wrangler_pages_secrets (workers-sdk @f8308360)
    ("wrangler_pages_secret_list.txt", "wrangler-pages-secrets",
     "wrangler_pages_secret_list.expected.env", "wrangler-pages-secrets"),
    ("supabase_secrets.json", "supabase-secrets", "supabase_secrets.expected.env",
     "supabase-secrets"),
    ("ssm_parameters.json", "aws-ssm", "ssm_parameters.expected.env", "aws-ssm"),
    ("secretsmanager_secret.json", "aws-secrets", "secretsmanager_secret.expected.env",
     "aws-secrets"),
    ("vault_kv_get.json", "vault-kv", "vault_kv_get.expected.env", "vault-kv"),
    ("az_keyvault_secret_list.json", "az-keyvault", "az_keyvault_secret_list.expected.env",
     "az-keyvault"),
    ("az_webapp_appsettings.json", "az-appsettings", "az_webapp_appsettings.expected.env",
     "az-appsettings"),
    ("gcloud_secrets_list.json", "gcloud-secrets", "gcloud_secrets_list.expected.env",
     "gcloud-secrets"),
    ("render_env_vars.json", "render", "render_env_vars.expected.env", "render"),
    ("eb_printenv.txt", "eb-printenv", "eb_printenv.expected.env", "eb-printenv"),
    ("do_app_spec.yaml", "do-app-spec", "do_app_spec.expected.env", "do-app-spec"),
    ("op_item_get.json", "op-item", "op_item_get.expected.env", "op-item"),
    ("cloud_run_service.json", "cloud-run", "cloud_run_service.expected.env", "cloud-run"),
    ("k8s_secret.yaml", "kubernetes", "k8s_secret.expected.env", "kubernetes"),
    ("k8s_secret.json", "kubernetes", "k8s_secret.json.expected.env", "kubernetes"),
    ("docker_inspect.json", "docker-inspect", "docker_inspect.expected.env", "docker-inspect"),
    ("docker_env_array.json", "docker-inspect", "docker_env_array.expected.env",
     "docker-inspect"),
    ("printenv.txt", "printenv", "printenv.expected.env", "printenv"),
    ("plain.json", "json", "plain.expected.env", "json"),
    ("plain.yaml", "yaml", "plain.yaml.expected.env", "yaml"),
    # docker's --env-file dialect keeps quotes; which dialect a file is written in depends on
    # who reads it (docker run or compose), not on its content: auto reads it as dotenv.
    ("docker_run.envfile", "docker-env-file", "docker_run.expected.env", "dotenv"),
]

Model = dict[str, list[tuple[str | None, bool]]]


def model_of(read: SourceRead) -> Model:
    """Every definition of every key, in precedence order: what an EnvSet holds."""
    out: Model = {}
    for var in read.vars:
        out.setdefault(var.key, []).append((var.value, var.withheld))
    return out


def expected_model(path: Path) -> Model:
    text = path.read_text(encoding="utf-8")
    withheld = {name for line in text.splitlines() if line.startswith("# withheld:")
                for name in line.split(":", 1)[1].split()}
    read = parse_dotenv_text(text, str(path), interpolate=False)
    assert not [f for f in read.findings if f.rule in ("parse-error", "unterminated-quote")]
    out: Model = {}
    for var in read.vars:
        out.setdefault(var.key, []).append(
            ("" if var.key in withheld else var.value, var.key in withheld))
    return out


@pytest.mark.parametrize(("sample", "fmt", "expected", "detected"), SAMPLES,
                         ids=[s[0] for s in SAMPLES])
def test_sample_reads_as_its_equivalent_env(sample: str, fmt: str, expected: str,
                                            detected: str) -> None:
    read = read_source(FIXTURES / sample, fmt)
    assert read.format == fmt
    assert model_of(read) == expected_model(FIXTURES / expected)
    assert not [f for f in read.findings if f.severity >= Severity.ERROR]
    for var in read.vars:
        assert var.origin.source == str(FIXTURES / sample)
        assert var.origin.line is not None and var.origin.line >= 1


@pytest.mark.parametrize(("sample", "fmt", "expected", "detected"), SAMPLES,
                         ids=[s[0] for s in SAMPLES])
def test_auto_detection_picks_the_right_reader(sample: str, fmt: str, expected: str,
                                               detected: str) -> None:
    read = read_source(FIXTURES / sample)
    assert read.format == detected
    if sample != "docker_run.envfile":
        assert model_of(read) == expected_model(FIXTURES / expected)


def test_every_format_has_a_sample() -> None:
    from envguard.sources.platforms import FORMATS

    covered = {fmt for _, fmt, _, _ in SAMPLES} | {"dotenv", "raw"}
    assert covered == set(FORMATS)


def _line_of(read: SourceRead, key: str) -> int | None:
    return next(v.origin.line for v in read.vars if v.key == key)


def test_vercel_quirks() -> None:
    read = read_source(FIXTURES / "vercel_pull.env")
    vars_ = {v.key: v for v in read.vars}
    assert vars_["GREETING"].value == 'say "hello" to C:\\Users\\fake'  # runs to the last quote
    assert vars_["TEMPLATE"].value == "Hello ${NAME}, $5 off"  # no interpolation
    assert vars_["STRIPE_SECRET_KEY"].withheld  # "[SENSITIVE]"
    # a CLI that writes "[SENSITIVE]" writes "" only for a value that is empty
    assert not vars_["RESEND_API_KEY"].withheld and vars_["RESEND_API_KEY"].value == ""
    assert not vars_["VERCEL_URL"].withheld  # system variables are empty locally
    assert _line_of(read, "DATABASE_URL") == 2
    notes = [f for f in read.findings if f.rule == "values-withheld"]
    assert len(notes) == 1 and "1 value(s) withheld by Vercel (STRIPE_SECRET_KEY)" in notes[
        0].message


def test_vercel_older_cli_wrote_empty_for_a_sensitive_value() -> None:
    text = '# Created by Vercel CLI\nRESEND_API_KEY=""\nVERCEL_URL=""\nAPP_NAME=""\n'
    read = read_text(text, ".env.local")
    assert [(v.key, v.withheld) for v in read.vars] == [
        ("RESEND_API_KEY", True), ("VERCEL_URL", False), ("APP_NAME", False)]


def test_vercel_ls_reports_several_targets(tmp_path: Path) -> None:
    path = tmp_path / "ls.json"
    path.write_text('{"envs": [{"key": "API_URL", "value": "https://a", "type": "plain",'
                    ' "target": ["production"]},\n{"key": "API_URL", "value": "https://b",'
                    ' "type": "plain", "target": ["preview", "development"]}]}')
    read = read_source(path)
    assert [v.value for v in read.vars] == ["https://a", "https://b"]
    assert [f.rule for f in read.findings] == ["multiple-targets"]
    assert "production; preview, development" in read.findings[0].message


def test_railway_kv_reports_values_spilled_over_lines() -> None:
    read = read_source(FIXTURES / "railway_variables.kv")
    spilled = {f.key: f for f in read.findings if f.rule == "raw-multiline"}
    assert set(spilled) == {"MOTD", "SIGNING_CERT"}
    assert spilled["SIGNING_CERT"].line == _line_of(read, "SIGNING_CERT") == 8


def test_kubernetes_string_data_wins_over_data(tmp_path: Path) -> None:
    import base64

    path = tmp_path / "secret.yaml"
    encoded = base64.b64encode(b"from-data").decode()
    path.write_text("apiVersion: v1\nkind: Secret\nmetadata:\n  name: app\n"
                    f"data:\n  TOKEN: {encoded}\nstringData:\n  TOKEN: from-string-data\n")
    read = read_source(path)
    assert [v.value for v in read.vars] == ["from-data", "from-string-data"]
    assert [f.rule for f in read.findings] == ["duplicate-key"]


def test_kubernetes_list_and_binary_values(tmp_path: Path) -> None:
    import base64
    import json

    path = tmp_path / "list.json"
    items = [{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"},
              "data": {"A": "1"},
              "binaryData": {"BLOB": base64.b64encode(b"\xff\xfe\x00").decode()}},
             {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "d"}}]
    path.write_text(json.dumps({"apiVersion": "v1", "kind": "List", "items": items}, indent=2))
    read = read_source(path)
    assert read.format == "kubernetes"
    assert [(v.key, v.value, v.withheld) for v in read.vars] == [("A", "1", False),
                                                                  ("BLOB", "", True)]
    assert "binary-value" in {f.rule for f in read.findings}


def test_ssm_without_decryption_is_withheld(tmp_path: Path) -> None:
    path = tmp_path / "ssm.json"
    blob = "AQICAH" + "A" * 120 + "=="
    path.write_text('{"Parameters": [{"Name": "/app/prod/DB_PASSWORD", "Type": "SecureString",'
                    f' "Value": "{blob}"}}], "NextToken": "more"}}')
    read = read_source(path)
    assert [(v.key, v.withheld) for v in read.vars] == [("DB_PASSWORD", True)]
    rules = {f.rule for f in read.findings}
    assert {"encrypted-value", "incomplete-export"} <= rules


def test_docker_env_file_keeps_quotes_and_says_so() -> None:
    read = read_source(FIXTURES / "docker_run.envfile", "docker-env-file")
    assert {f.rule for f in read.findings} >= {"docker-quotes", "host-passthrough"}
    as_dotenv = read_source(FIXTURES / "docker_run.envfile")
    assert next(v.value for v in as_dotenv.vars if v.key == "GREETING") == "hello world"


def test_printenv_nul_separated(tmp_path: Path) -> None:
    path = tmp_path / "environ"
    path.write_bytes(b"HOME=/root\0MOTD=line one\nline two\0PORT=3000\0PATH=/bin\0")
    read = read_source(path)
    assert read.format == "printenv"
    assert model_of(read) == {"MOTD": [("line one\nline two", False)], "PORT": [("3000", False)]}
    assert _line_of(read, "PORT") == 2


def test_invalid_keys_are_reported_not_dropped() -> None:
    read = read_source(FIXTURES / "infisical_export.txt")
    assert "TEST-SECRET-1" in model_of(read)
    assert [f.key for f in read.findings if f.rule == "invalid-key"] == ["TEST-SECRET-1"]


@pytest.mark.parametrize(("family", "sample", "chosen"), [
    ("railway", "railway_variables.json", "railway-json"),
    ("railway", "railway_variables.kv", "railway-kv"),
    ("heroku", "heroku_config_table.txt", "heroku-table"),
    ("netlify", "netlify_env.json", "netlify-json"),
    ("netlify", "netlify_env_plain.txt", "netlify-plain"),
    ("doppler", "doppler_secrets.json", "doppler-secrets"),
    ("infisical", "infisical_export.json", "infisical-json"),
    ("gh", "gh_secret_list.json", "gh-secrets"),
    ("az", "az_keyvault_secret_list.json", "az-keyvault"),
    ("az", "az_webapp_appsettings.json", "az-appsettings"),
    ("k8s", "k8s_secret.yaml", "kubernetes"),
    ("docker", "docker_run.envfile", "docker-env-file"),
])
def test_from_a_family_picks_the_member(family: str, sample: str, chosen: str) -> None:
    assert read_source(FIXTURES / sample, family).format == chosen


def _vault(data: str, extra: str = "") -> str:
    return ('{\n  "request_id": "r",\n  "lease_id": "",\n  "lease_duration": 0,\n'
            f'  "renewable": false,\n  "data": {data},\n  "warnings": null{extra}\n}}\n')


_V2_META = '"metadata": {"created_time": "t", "deletion_time": "t", "destroyed": false, ' \
           '"version": 2}'


def _refused(path: Path, text: str, fmt: str, match: str) -> None:
    """Reading ``text`` as ``fmt`` is an InputError naming the file (and, by ``match``,
    the line), and showing no value (the cases' values are all ``fake-secret``)."""
    path.write_text(text)
    with pytest.raises(InputError, match=match) as err:
        read_source(path, fmt)
    assert str(err.value).startswith(str(path)) and "fake-secret" not in str(err.value)


@pytest.mark.parametrize(("text", "match"), [
    # a deleted or destroyed KV v2 version: vault prints it with data.data null
    (_vault('{\n    "data": null,\n    ' + _V2_META + "\n  }"), r":7: .*deleted or destroyed"),
    (_vault("null"), r":6: the response's data is null"),
    # -wrap-ttl: a wrapping token, not the secret
    (_vault("null", ',\n  "wrap_info": {"token": "hvs.x", "ttl": 60}'),
     r":8: a wrapped response"),
    (_vault('{\n    "A": "1",\n    "NESTED": {"x": "y"}\n  }'),
     r":8: NESTED: the value is an object, not text"),
    (_vault('{\n    "LIST": ["x"]\n  }'), r":7: LIST: the value is an array"),
    (_vault('{\n    "NOTHING": null\n  }'), r":7: NOTHING: the value is null"),
    ('{"A": "1"}', r"expected `vault kv get -format=json` output"),
    ("[]", r"expected `vault kv get -format=json` output"),
])
def test_vault_kv_unusable_input_names_the_line(tmp_path: Path, text: str, match: str) -> None:
    path = tmp_path / "secret.json"
    _refused(path, text, "vault-kv", match)
    if text.startswith("{\n"):
        with pytest.raises(InputError, match=match):  # auto-detected as vault, same error
            read_source(path)


def test_vault_kv_error_never_shows_a_value(tmp_path: Path) -> None:
    path = tmp_path / "secret.json"
    path.write_text(_vault('{"TOKEN": {"inner": "s3cr3t-fake-value"}}'))
    with pytest.raises(InputError) as err:
        read_source(path)
    assert "s3cr3t" not in str(err.value)


def test_vault_kv_v1_reads_the_data_map(tmp_path: Path) -> None:
    path = tmp_path / "secret.json"
    path.write_text(_vault('{\n    "API_KEY": "fake",\n    "metadata": "kept"\n  }'))
    read = read_source(path)
    assert read.format == "vault-kv"
    assert [(v.key, v.value, v.origin.line) for v in read.vars] == [
        ("API_KEY", "fake", 7), ("metadata", "kept", 8)]


def test_az_keyvault_names_read_as_the_application_reads_them() -> None:
    read = read_source(FIXTURES / "az_keyvault_secret_list.json")
    assert [(v.key, v.withheld, v.origin.line) for v in read.vars] == [
        ("DATABASE_URL", True, 15), ("SENDGRIDAPIKEY", True, 31)]
    renamed = [f for f in read.findings if f.rule == "renamed-key"]
    assert len(renamed) == 1 and "DATABASE-URL as DATABASE_URL" in renamed[0].message
    assert renamed[0].origin.line == 15
    assert not [f for f in read.findings if f.rule == "invalid-key"]


def test_az_appsettings_key_vault_reference_is_present_not_judged(tmp_path: Path) -> None:
    path = tmp_path / "appsettings.json"
    path.write_text('[{"name": "DB_PASSWORD", "slotSetting": false, "value": '
                    '"@Microsoft.KeyVault(SecretUri=https://fake-vault.vault.azure.net/'
                    'secrets/DB-PASSWORD/)"}, {"name": "A", "slotSetting": false, "value": "1"}]')
    read = read_source(path)
    assert read.format == "az-appsettings"
    assert [(v.key, v.value, v.withheld) for v in read.vars] == [("DB_PASSWORD", "", True),
                                                                  ("A", "1", False)]
    assert "Key Vault reference" in next(f.message for f in read.findings
                                         if f.rule == "encrypted-value")


@pytest.mark.parametrize(("text", "fmt", "match"), [
    ('[\n  {"id": "x"}\n]', "az-keyvault", r":2: an entry without a \"name\""),
    ('{"value": []}', "az-keyvault", r"expected `az keyvault secret list` output"),
    ('[\n  {"name": "A", "slotSetting": false, "value": true}\n]', "az-appsettings",
     r":2: A: \"value\" is a boolean, not text"),
    ('[\n  {"name": "A", "createTime": "t"},\n  {"name": "B/C", "createTime": "t"}\n]',
     "gcloud-secrets", r":2: \"name\" is not projects/PROJECT/secrets/NAME"),
    ('[\n  {"envVar": {"key": "A", "value": "1"}},\n  {"cursor": "c"}\n]', "render",
     r':3: an entry without an "envVar"'),
    ('[\n  {"envVar": {\n    "key": "A",\n    "value": null\n  }}\n]', "render",
     r':3: A: "value" is null, not text'),
    ('{"envVars": []}', "render", r"expected Render's"),
])
def test_cloud_listings_unusable_input_names_the_line(tmp_path: Path, text: str, fmt: str,
                                                     match: str) -> None:
    _refused(tmp_path / "export.json", text, fmt, match)


def _op_item(fields: str) -> str:
    return ('{\n  "id": "i",\n  "title": "app",\n  "vault": {"id": "v", "name": "Fake"},\n'
            f'  "category": "SECURE_NOTE",\n  "fields": [\n{fields}\n  ]\n}}\n')


def test_op_item_labels_are_the_variables(tmp_path: Path) -> None:
    path = tmp_path / "item.json"
    path.write_text(_op_item(
        '    {"id": "notesPlain", "type": "STRING", "purpose": "NOTES", "label": "notesPlain"},\n'
        '    {"id": "a", "type": "CONCEALED", "label": "API_KEY", "value": "fake-1"},\n'
        '    {"id": "b", "type": "STRING", "label": "REGION"},\n'
        '    {"id": "c", "section": {"id": "s2"}, "type": "STRING", "label": "API_KEY",\n'
        '     "value": "fake-2"}'))
    read = read_source(path)
    assert read.format == "op-item"
    assert [(v.key, v.value, v.withheld, v.origin.line) for v in read.vars] == [
        ("API_KEY", "fake-1", False, 8), ("REGION", "", True, 9), ("API_KEY", "fake-2", False, 10)]
    duplicate = [f for f in read.findings if f.rule == "duplicate-key"]
    assert len(duplicate) == 1 and duplicate[0].origin.line == 10
    assert "on line 8" in duplicate[0].message
    assert "fake" not in " ".join(f.message for f in read.findings)


@pytest.mark.parametrize(("text", "match"), [
    (_op_item('    {"id": "a", "type": "STRING", "label": "A", "value": "1"},\n'
              '    {"id": "b", "type": "STRING", "value": "fake-secret"}'),
     r':8: a field without a "label"'),
    (_op_item('    {"id": "a", "type": "STRING", "label": "A",\n'
              '     "value": {"x": "fake-secret"}}'), r':8: A: "value" is an object, not text'),
    (_op_item('    {"id": "n", "type": "STRING", "purpose": "NOTES", "label": "notesPlain"}'),
     r"empty 1Password item"),
    ('{"id": "i", "title": "app", "fields": "none"}', r"expected `op item get --format json`"),
])
def test_op_item_unusable_input_names_the_line(tmp_path: Path, text: str, match: str) -> None:
    _refused(tmp_path / "item.json", text, "op-item", match)


def _knative(containers: str) -> str:
    return ('{\n  "apiVersion": "serving.knative.dev/v1",\n  "kind": "Service",\n'
            '  "spec": {\n    "template": {\n      "spec": {\n        "containers": [\n'
            f'{containers}\n        ]\n      }}\n    }}\n  }}\n}}\n')


def test_cloud_run_reads_each_container_and_secret_references(tmp_path: Path) -> None:
    path = tmp_path / "service.json"
    path.write_text(_knative(
        '          {"env": [\n'
        '            {"name": "DB_PASSWORD", "valueFrom": {"secretKeyRef": {"key": "latest",\n'
        '             "name": "db-password"}}},\n'
        '            {"name": "LOG_LEVEL", "value": "info"},\n'
        '            {"name": "EMPTY"},\n'
        '            {"name": "LOG_LEVEL", "value": "debug"}\n'
        '          ]},\n'
        '          {"env": [\n'
        '            {"name": "LOG_LEVEL", "value": "warn"}\n'
        '          ]}'))
    read = read_source(path)
    assert read.format == "cloud-run"
    assert [(v.key, v.value, v.withheld, v.origin.line) for v in read.vars] == [
        ("DB_PASSWORD", "", True, 9), ("LOG_LEVEL", "info", False, 11), ("EMPTY", "", False, 12),
        ("LOG_LEVEL", "debug", False, 13), ("LOG_LEVEL", "warn", False, 16)]
    # a name twice in one container is reported; the sidecar's own LOG_LEVEL is not
    assert [f.origin.line for f in read.findings if f.rule == "duplicate-key"] == [13]
    assert "Secret Manager reference" in next(f.message for f in read.findings
                                              if f.rule == "encrypted-value")


def test_cloud_run_yaml_is_read_too(tmp_path: Path) -> None:
    path = tmp_path / "service.yaml"
    path.write_text("apiVersion: serving.knative.dev/v1\nkind: Service\nspec:\n  template:\n"
                    "    spec:\n      containers:\n      - env:\n        - name: PORT_NAME\n"
                    "          value: http1\n        image: fake\n")
    read = read_source(path)
    assert read.format == "cloud-run"
    assert [(v.key, v.value, v.origin.line) for v in read.vars] == [("PORT_NAME", "http1", 8)]


@pytest.mark.parametrize(("text", "match"), [
    (_knative('          {"env": [\n            {"value": "fake-secret"}\n          ]}'),
     r':9: an env entry without a "name"'),
    (_knative('          {"env": [\n            {"name": "N",\n'
              '             "value": ["fake-secret"]}\n          ]}'),
     r':10: N: "value" is an array, not text'),
    (_knative('          {"image": "x"}'), r"empty Cloud Run service"),
    ('{\n  "apiVersion": "serving.knative.dev/v1",\n  "kind": "Service",\n  "spec": []\n}',
     r":4: spec is an array, not an object"),
    ('{"apiVersion": "v1", "kind": "Secret"}', r"expected `gcloud run services describe"),
])
def test_cloud_run_unusable_input_names_the_line(tmp_path: Path, text: str, match: str) -> None:
    _refused(tmp_path / "service.json", text, "cloud-run", match)


def test_eb_printenv_splits_at_the_first_separator_and_continues_values(tmp_path: Path) -> None:
    path = tmp_path / "printenv.txt"
    path.write_text(" Environment Variables:\n     A = x = y\n     PEM = -----BEGIN-----\n"
                    "abc\n-----END-----\n     AWS_SECRET_KEY = *****\n     B = \n")
    read = read_source(path)
    assert read.format == "eb-printenv"
    assert [(v.key, v.value, v.withheld, v.origin.line) for v in read.vars] == [
        ("A", "x = y", False, 2), ("PEM", "-----BEGIN-----\nabc\n-----END-----", False, 3),
        ("AWS_SECRET_KEY", "", True, 6), ("B", "", False, 7)]


@pytest.mark.parametrize(("text", "match"), [
    ("Environment:\n     A = fake-secret\n", r":1: expected the ` Environment Variables:`"),
    ("\n Environment Variables:\n", r"empty `eb printenv` output"),
])
def test_eb_printenv_unusable_input_names_the_line(tmp_path: Path, text: str,
                                                   match: str) -> None:
    _refused(tmp_path / "printenv.txt", text, "eb-printenv", match)


def test_eb_printenv_stray_line_before_the_first_variable_is_a_parse_error(
        tmp_path: Path) -> None:
    path = tmp_path / "printenv.txt"
    path.write_text(" Environment Variables:\nfake-secret\n     A = 1\n")
    read = read_source(path)
    errors = [f for f in read.findings if f.rule == "parse-error"]
    assert [f.origin.line for f in errors] == [2] and "fake-secret" not in errors[0].message


def test_do_app_spec_overrides_are_not_duplicates_and_secrets_are_encrypted() -> None:
    read = read_source(FIXTURES / "do_app_spec.yaml")
    assert read.format == "do-app-spec"
    assert [(v.key, v.origin.line) for v in read.vars] == [
        ("LOG_LEVEL", 2), ("DATABASE_URL", 12), ("LOG_LEVEL", 16), ("FEATURE_FLAGS", 19),
        ("QUEUE_NAME", 25)]  # the BUILD_TIME-only variable is not in the run-time environment
    assert not [f for f in read.findings if f.rule == "duplicate-key"]
    assert "App Platform encrypted" in next(f.message for f in read.findings
                                            if f.rule == "encrypted-value")


@pytest.mark.parametrize(("text", "match"), [
    ("name: app\nenvs:\n- key: A\n  value: '1'\n- key: A\n  value: '2'\n", None),
    ("name: app\nenvs:\n- value: fake-secret\n", r':3: the app: an envs entry without a "key"'),
    ("name: app\nservices:\n- name: api\n  envs:\n  - key: A\n    value:\n      x: fake-secret\n",
     r':6: A: "value" is an object, not text'),
    ('{"name": "app", "services": {"api": {}}}', r':1: services is an object, not an array'),
    ("name: app\nservices:\n- name: api\n", r"empty app spec"),
])
def test_do_app_spec_unusable_input_names_the_line(tmp_path: Path, text: str,
                                                   match: str | None) -> None:

    path = tmp_path / "app.yaml"
    path.write_text(text)
    if match is None:  # twice in one list: a duplicate, naming the earlier line
        read = read_source(path)
        assert [f.message for f in read.findings if f.rule == "duplicate-key"] == [
            "A is also defined on line 3; this later definition wins"]
        return
    _refused(path, text, "do-app-spec", match)


@pytest.mark.parametrize(("fmt", "doc"), [
    ("infisical-json", lambda key: [{"key": key, "value": {"nested": 1}, "_id": "x"}]),
    ("aws-ssm", lambda key: {"Parameters": [{"Name": f"/app/{key}", "Value": [5]}]}),
    ("gh-variables", lambda key: [{"name": key, "value": [5]}]),
    ("op-item", lambda key: {"fields": [{"label": key, "value": [1]}]}),
])
def test_a_key_that_is_key_material_is_redacted_in_a_value_error(fmt: str, doc: Any) -> None:
    key = "sk_live_" + "".join(random.choice(string.ascii_letters + string.digits)
                               for _ in range(40))
    with pytest.raises(InputError) as caught:
        read_text(json.dumps(doc(key), indent=2), "<stdin>", fmt)
    assert "not text" in str(caught.value) and key not in str(caught.value)

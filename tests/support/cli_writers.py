"""Platform CLIs' export writers, reproduced from each CLI's own source, for test fixtures.

Each writer renders a set of variables exactly as its CLI prints or saves them, citing the
file and commit it ports, and says where each variable begins (the line a reader must
report). Shapes a CLI prints ambiguously are named in ``carries``: a writer is only given
values its CLI can round-trip (Vercel cannot tell a literal ``\\n`` from a newline).
Writers whose CLI cannot carry every value say so: ``carries`` drops what the platform
refuses (SSM has no empty or 10 KB values) and ``reads_as`` gives what a reader must see
(names-only listings withhold every value; Doppler's ``docker`` format flattens newlines).
Doppler's download formats are rendered by Doppler's API, not by the CLI
(DopplerHQ/cli pkg/cmd/secrets.go prints the body it is sent): those writers port what
the CLI's own tests pin down and say which escaping is assumed.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import yaml

from tests import fakes

Vars = dict[str, str]
#: what a reader must produce: a value, or None where the export withholds it
Readings = dict[str, str | None]


@dataclass(frozen=True)
class Rendering:
    """What the CLI wrote, and the line each variable begins on."""

    text: str
    lines: dict[str, int]


def _line_writer(entries: list[tuple[str, str]]) -> Rendering:
    """Each entry's text joined by newlines, remembering where each begins."""
    lines, n, parts = {}, 1, []
    for key, text in entries:
        lines[key] = n
        n += text.count("\n") + 1
        parts.append(text)
    return Rendering("\n".join(parts) + "\n", lines)


def _json_lines(text: str, keys: list[str], field: str = '"{key}"') -> dict[str, int]:
    lines, offset = {}, 0
    for key in keys:
        offset = text.index(field.format(key=key), offset)
        lines[key] = text.count("\n", 0, offset) + 1
    return lines


# -- Vercel: packages/cli/src/commands/env/pull.ts @17d9ebaf8e9b335d550dea1a243743a74edc772e
def vercel_pull(env: Vars) -> Rendering:
    """``CONTENTS_PREFIX`` then ``Object.keys(...).sort()`` as ``KEY="escapeValue(v)"``;
    escapeValue replaces only \\n and \\r."""
    def escape(value: str) -> str:
        return value.replace("\n", "\\n").replace("\r", "\\r")

    body = _line_writer([(k, f'{k}="{escape(env[k])}"') for k in sorted(env)])
    return Rendering("# Created by Vercel CLI\n" + body.text,
                     {k: n + 1 for k, n in body.lines.items()})


# -- Railway: src/commands/variable.rs @df3838bf117cfa332d0ea28e9d26405639a98b2b
# (variables come as a BTreeMap<String, String>, src/controllers/variables.rs: sorted)
RAILWAY_OWN = {"RAILWAY_ENVIRONMENT": "production",
               "RAILWAY_ENVIRONMENT_ID": "00000000-0000-4000-8000-000000000001",
               "RAILWAY_PROJECT_ID": "00000000-0000-4000-8000-000000000002",
               "RAILWAY_SERVICE_NAME": "api"}


def railway_kv(env: Vars) -> Rendering:
    """``println!("{key}={value}")`` for each pair."""
    return _line_writer([(k, f"{k}={v}") for k, v in sorted(env.items())])


def railway_json(env: Vars) -> Rendering:
    """``serde_json::to_string_pretty``: two-space indent, non-ASCII kept."""
    text = json.dumps(dict(sorted(env.items())), indent=2, ensure_ascii=False) + "\n"
    return Rendering(text, _json_lines(text, sorted(env)))


# -- Heroku: src/lib/config/quote.ts and src/commands/config/index.ts
# @c5fbf4b4321cfd8c97c78d0603685b2482bbce02 (heroku/cli 11.9.0); the table is hux.styledObject,
# heroku/heroku-cli-util src/ux/styled-object.ts @e20be687dd9f66f119e130cbff49c2e7341fb792
_HEROKU_SPECIAL = re.compile(r"[\"\s#!$&'()*,:;<=>?@\[\\\]^`{|}]")


def heroku_quote(value: str) -> str:
    if _HEROKU_SPECIAL.search(value):
        if re.search(r"['\n]", value):
            return '"' + re.sub(r'(["\\$`!])', r"\\\1", value).replace("\n", "\\n") + '"'
        return "'" + value + "'"
    return value


def heroku_shell(env: Vars) -> Rendering:
    """``heroku config -s``: ``${k}=${quote(v)}`` per entry, in the API's order."""
    return _line_writer([(k, f"{k}={heroku_quote(v)}") for k, v in env.items()])


def heroku_table(env: Vars, app: str = "fake-app") -> Rendering:
    """``styledHeader`` (``=== ⬢ app Config Vars`` and a blank line), then each value two
    columns past the longest name; ``prettyPrint('')`` is ``inspect('') == "''"``."""
    width = max(len(k) for k in env) + 2
    body = _line_writer([(k, f"{k}:" + " " * (width - len(k) - 1) + (v or "''"))
                         for k, v in env.items()])
    return Rendering(f"=== ⬢ {app} Config Vars\n\n" + body.text,
                     {k: n + 2 for k, n in body.lines.items()})


def js_stringify(env: Vars) -> Rendering:
    """``JSON.stringify(obj, null, 2)`` (heroku ``hux.styledJSON``, netlify ``logJson``)."""
    text = json.dumps(env, indent=2, ensure_ascii=False) + "\n"
    return Rendering(text, _json_lines(text, list(env)))


# -- Netlify: src/commands/env/env-list.ts @88ece2915554fbb121d69143fa4799b7559d2cdd
def netlify_plain(env: Vars) -> Rendering:
    """``entries.map(([key, variable]) => `${key}=${variable.value}`).join('\\n')``, logged."""
    return _line_writer([(k, f"{k}={v}") for k, v in env.items()])


# -- Infisical: packages/cmd/export.go @242df555bcbef217c288ca7df5e7ce5389830d82
def infisical_dotenv(env: Vars) -> Rendering:
    """formatAsDotEnv: ``fmt.Sprintf("%s='%s'\\n", key, value)``, nothing escaped."""
    return _line_writer([(k, f"{k}='{v}'") for k, v in env.items()])


def infisical_dotenv_export(env: Vars) -> Rendering:
    """formatAsDotEnvExport: ``export %s='%s'``, nothing escaped."""
    return _line_writer([(k, f"export {k}='{v}'") for k, v in env.items()])


def infisical_dotenv_eval(env: Vars) -> Rendering:
    """formatAsDotEnvEval: ``export %s=%s`` with posixShellQuote (``'`` -> ``'\\''``)."""
    return _line_writer([(k, "export " + k + "='" + v.replace("'", "'\\''") + "'")
                         for k, v in env.items()])


def infisical_json(env: Vars) -> Rendering:
    """formatAsJson: Go ``json.Marshal`` of the SingleEnvironmentVariable array, compact,
    with ``<``, ``>``, ``&``, U+2028 and U+2029 escaped as Go does."""
    items = [{"key": k, "workspace": "w1", "value": v, "type": "shared", "_id": f"id{i}",
              "secretPath": "/", "tags": None, "comment": "", "Etag": "",
              "skipMultilineEncoding": False} for i, (k, v) in enumerate(env.items())]
    text = json.dumps(items, ensure_ascii=False, separators=(",", ":"))
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                    ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, esc)
    return Rendering(text, dict.fromkeys(env, 1))


def infisical_csv(env: Vars) -> Rendering:
    """formatAsCSV: Go ``encoding/csv`` (a field is quoted when it holds ``,`` ``"`` CR or
    LF or starts with a space; ``"`` doubled; ``\\n`` line ends), a ``Key,Value`` header."""
    def field(value: str) -> str:
        if value and (any(c in value for c in ',"\r\n') or value[0] in " \t"):
            return '"' + value.replace('"', '""') + '"'
        return value

    body = _line_writer([(k, f"{field(k)},{field(v)}") for k, v in env.items()])
    return Rendering("Key,Value\n" + body.text, {k: n + 1 for k, n in body.lines.items()})


def _go_json(text: str, html: bool = True) -> str:
    """Go ``encoding/json`` escaping over Python's: ``<``, ``>``, ``&`` (unless the encoder
    has ``SetEscapeHTML(false)``), U+2028 and U+2029."""
    pairs = [("\u2028", "\\u2028"), ("\u2029", "\\u2029")]
    if html:
        pairs += [("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")]
    for ch, esc in pairs:
        text = text.replace(ch, esc)
    return text


def _go_indented(doc: object) -> str:
    """``json.MarshalIndent(v, "", "    ")`` / an Encoder with ``SetIndent("", "    ")``."""
    return _go_json(json.dumps(doc, indent=4, ensure_ascii=False))


def _withheld(env: Vars) -> Readings:
    return dict.fromkeys(env)


# -- Doppler: pkg/cmd/secrets.go (downloadSecrets: ``utils.Print(string(body))`` =
# fmt.Println of the API's body) and pkg/models/secrets_format.go
# @d441d94d999daf4a1b5727e462ba36691962007e. The API renders the body; what the CLI's
# tests fix: json is compact with sorted keys and env is sorted ``KEY="value"``
# (tests/e2e/*.sh), docker is unquoted with a newline written as ``\n``
# (pkg/controllers/secrets_test.go TestPrepareSecretsMountsRawBytes). Assumed: env escapes
# ``\``, ``"`` and newlines as ``\\``, ``\"`` and ``\n``; yaml is any YAML emitter's map.
DOPPLER_OWN = {"DOPPLER_CONFIG": "dev", "DOPPLER_ENVIRONMENT": "dev", "DOPPLER_PROJECT": "api"}


def doppler_json(env: Vars) -> Rendering:
    """``--format json``: one compact line, keys sorted, and Println's newline."""
    return Rendering(json.dumps(dict(sorted(env.items())), ensure_ascii=False,
                                separators=(",", ":")) + "\n", dict.fromkeys(env, 1))


def doppler_env(env: Vars) -> Rendering:
    def escape(value: str) -> str:
        return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")

    return _line_writer([(k, f'{k}="{escape(v)}"') for k, v in sorted(env.items())])


def doppler_env_no_quotes(env: Vars) -> Rendering:
    """``--format env-no-quotes``: ``KEY=value`` verbatim, so a PEM key spills over lines."""
    return _line_writer([(k, f"{k}={v}") for k, v in sorted(env.items())])


def doppler_docker(env: Vars) -> Rendering:
    """``--format docker`` (for ``docker run --env-file``): unquoted, newlines as ``\n``."""
    return _line_writer([(k, f"{k}={v}".replace("\n", "\\n")) for k, v in sorted(env.items())])


def doppler_docker_reads(env: Vars) -> Readings:
    """What docker (and envguard) read from the docker format: the ``\n`` stays two
    characters (docker/cli pkg/kvfile/kvfile.go keeps everything after ``=`` as is)."""
    return {k: v.replace("\n", "\\n") for k, v in env.items()}


def doppler_yaml(env: Vars) -> Rendering:
    text = yaml.safe_dump(dict(sorted(env.items())), allow_unicode=True,
                          default_flow_style=False, width=1 << 20)
    lines = {}
    for n, line in enumerate(text.split("\n"), start=1):
        key = line.split(":", 1)[0]
        if key in env and key not in lines and not line.startswith(" "):
            lines[key] = n
    return Rendering(text, lines)


def doppler_secrets(env: Vars) -> Rendering:
    """``doppler secrets --json``: pkg/printer/enclave.go ``Secrets`` builds
    ``{name: {note, computedVisibility, computedValueType, computed}}`` and ``JSON`` prints
    ``json.Marshal`` (compact, sorted keys, HTML-escaped) with Println."""
    doc = {k: {"computed": v, "computedValueType": {"type": "string"},
               "computedVisibility": "masked", "note": ""} for k, v in sorted(env.items())}
    return Rendering(_go_json(json.dumps(doc, ensure_ascii=False, separators=(",", ":")))
                     + "\n", dict.fromkeys(env, 1))


# -- Fly: internal/command/secrets/list.go (runList: ``render.JSON(out, secretsWithStatus)``
# of {name, digest, status}) and internal/render/render.go (``json.NewEncoder`` with
# ``SetIndent("", "    ")``) @ad0172face303b77584eea95b46fa3ddc61d5ddd
def fly_secrets(env: Vars) -> Rendering:
    rows = [{"name": k, "digest": fakes.token(16, "0123456789abcdef"), "status": "Deployed"}
            for k in sorted(env)]
    text = _go_indented(rows) + "\n"
    return Rendering(text, _json_lines(text, sorted(env), '"name": "{key}"'))


# -- GitHub: pkg/cmdutil/json_flags.go (jsonExporter.Write: ``json.NewEncoder`` with
# ``SetEscapeHTML(false)``, no indent when stdout is not a terminal; StructExportData gives a
# map, so keys come sorted), pkg/cmd/secret/list/list.go, pkg/cmd/variable/shared/shared.go
# @44ee17760709bedf1cad7e452e61751489b81a33. GitHub stores names upper-cased, sorted.
def gh_secrets(env: Vars) -> Rendering:
    """``gh secret list --json name,updatedAt``."""
    rows = [{"name": k, "updatedAt": "2026-01-02T03:04:05Z"} for k in sorted(env)]
    return Rendering(_go_json(json.dumps(rows, ensure_ascii=False, separators=(",", ":")),
                              html=False) + "\n", dict.fromkeys(env, 1))


def gh_variables(env: Vars) -> Rendering:
    """``gh variable list --json name,value,updatedAt``."""
    rows = [{"name": k, "updatedAt": "2026-01-02T03:04:05Z", "value": v}
            for k, v in sorted(env.items())]
    return Rendering(_go_json(json.dumps(rows, ensure_ascii=False, separators=(",", ":")),
                              html=False) + "\n", dict.fromkeys(env, 1))


# -- Cloudflare: packages/wrangler/src/secret/index.ts (secret list: ``logger.log(JSON.
# stringify(secrets, null, "  "))`` of the API's [{name, type: "secret_text"}]) and
# src/pages/secret/index.ts (pages secret list: a title line, then ``  - ${name}:
# ${chalk.italic("Value Encrypted")}``; chalk writes no colour to a pipe)
# @f8308360283f97d33e188aee2e19c1ef9c09524a
def wrangler_secrets(env: Vars) -> Rendering:
    text = json.dumps([{"name": k, "type": "secret_text"} for k in env], indent=2,
                      ensure_ascii=False) + "\n"
    return Rendering(text, _json_lines(text, list(env), '"name": "{key}"'))


def wrangler_pages_secrets(env: Vars) -> Rendering:
    title = ('The "production" environment of your Pages project "fake-site" has access to '
             "the following secrets:")
    body = _line_writer([(k, f"  - {k}: Value Encrypted") for k in env])
    return Rendering(title + "\n" + body.text, {k: n + 1 for k, n in body.lines.items()})


# -- AWS: awscli/formatter.py (JSONFormatter: ``json.dump(response, indent=4,
# ensure_ascii=False)`` and a newline) @07c4fe366b49c4dde816d674f4941134fc432673; the
# response shapes are botocore's GetParametersByPath and GetSecretValue outputs.
def ssm_carries(env: Vars) -> Vars:
    """SSM refuses an empty value and one over 8 KB (the advanced tier's limit)."""
    return {k: v for k, v in env.items() if v and len(v.encode()) <= 8192}


def aws_ssm(env: Vars) -> Rendering:
    params = [{"Name": f"/fake-app/prod/{k}", "Type": "SecureString", "Value": v, "Version": 1,
               "LastModifiedDate": "2026-01-02T03:04:05.678000+00:00",
               "ARN": f"arn:aws:ssm:eu-west-1:000000000000:parameter/fake-app/prod/{k}",
               "DataType": "text"} for k, v in env.items()]
    text = json.dumps({"Parameters": params}, indent=4, ensure_ascii=False) + "\n"
    return Rendering(text, _json_lines(text, list(env), '"Name": "/fake-app/prod/{key}"'))


def aws_secrets(env: Vars) -> Rendering:
    """``get-secret-value``: the console stores key/value pairs as compact JSON."""
    doc = {"ARN": "arn:aws:secretsmanager:eu-west-1:000000000000:secret:fake-app-AbCdEf",
           "Name": "fake-app", "VersionId": "00000000-0000-4000-8000-000000000003",
           "SecretString": json.dumps(env, ensure_ascii=False, separators=(",", ":")),
           "VersionStages": ["AWSCURRENT"], "CreatedDate": "2026-01-02T03:04:05.678000+00:00"}
    text = json.dumps(doc, indent=4, ensure_ascii=False) + "\n"
    line = text.count("\n", 0, text.index('"SecretString"')) + 1
    return Rendering(text, dict.fromkeys(env, line))


# -- Elastic Beanstalk (Apache-2.0): aws/aws-elastic-beanstalk-cli
# ebcli/operations/envvarops.py @114d0027fb9fd11b89f01100e79e23822462fb2c
# (print_environment_vars: ``io.echo(' Environment Variables:')`` then ``io.echo('    ',
# name, '=', value)`` per option, in the API's order), ebcli/core/io.py
# @0144d7b45c505e7a6a6513da6d06ceb07fbc5739 (echo: ``print`` with ``sep=' '``) and
# ebcli/lib/utils.py (mask_vars: ``*****`` for ``.*_CONNECTION_STRING``, AWS_ACCESS_KEY_ID
# and AWS_SECRET_KEY).
EB_OWN = {"DB_CONNECTION_STRING": "Server=db.internal;Database=app;Password=fake"}


def eb_carries(env: Vars) -> Vars:
    """``eb setenv NAME=`` removes a variable (no empty values); Beanstalk holds all
    environment properties in 4,096 bytes (its documented limit), so no 10 KB value."""
    return {k: v for k, v in env.items() if v and len(f"{k}={v}".encode()) <= 4096}


def eb_printenv(env: Vars) -> Rendering:
    def shown(key: str, value: str) -> str:
        masked = re.match(".*_CONNECTION_STRING", key) or key in (
            "AWS_ACCESS_KEY_ID", "AWS_SECRET_KEY")
        return "*****" if masked else value

    body = _line_writer([(k, " ".join(["    ", k, "=", shown(k, v)])) for k, v in env.items()])
    return Rendering(" Environment Variables:\n" + body.text,
                     {k: n + 1 for k, n in body.lines.items()})


def eb_reads(env: Vars) -> Readings:
    return {k: None if k.endswith("_CONNECTION_STRING") else v for k, v in env.items()}


# -- Docker: cli/command/inspect/inspector.go (NewIndentedInspector: ``json.Indent`` /
# ``json.MarshalIndent`` with four spaces, HTML-escaped) @28f756087eea5fa301f3fbf12b01ae62f91521c2
def docker_inspect(env: Vars) -> Rendering:
    doc = [{"Id": "0" * 64, "Name": "/fake-app",
            "Config": {"Hostname": "fake", "Env": [f"{k}={v}" for k, v in env.items()],
                       "Image": "fake-app:latest"}}]
    text = _go_indented(doc) + "\n"
    lines, offset = {}, text.index('"Env"')
    for k in env:
        offset = text.index(json.dumps(k + "=")[:-1], offset)
        lines[k] = text.count("\n", 0, offset) + 1
    return Rendering(text, lines)


# -- HashiCorp Vault (MPL-2.0 at these commits: the files predate the BUSL change and
# api/ stays MPL-2.0): command/kv_get.go @d8797178f064336733bc54b7688ee8742e348fe2 (any
# -format but table prints ``OutputSecret(secret)``), command/format.go
# @0018db9107b7f18dab28e41ed74625a29ecc2b1f (JsonFormatter: ``json.MarshalIndent(data, "",
# "  ")``, HTML-escaped, map keys sorted, ``ui.Output`` adds the newline), api/secret.go
# @01c88db77d4c1060ae8d293006a8107d253481c1 (the Secret struct's field order; auth,
# wrap_info and mount_type are omitempty).
def _vault_secret(data: object, lease_duration: int) -> dict[str, object]:
    return {"request_id": fakes._uuid(), "lease_id": "", "lease_duration": lease_duration,
            "renewable": False, "data": data, "warnings": None, "mount_type": "kv"}


def _vault_json(doc: object, env: Vars) -> Rendering:
    text = _go_json(json.dumps(doc, indent=2, ensure_ascii=False)) + "\n"
    lines, offset = {}, text.index('"data"')
    for key in sorted(env):  # Go marshals a map with its keys sorted
        offset = text.index(_go_json(json.dumps(key, ensure_ascii=False)) + ": ", offset)
        lines[key] = text.count("\n", 0, offset) + 1
    return Rendering(text, lines)


def vault_kv2(env: Vars) -> Rendering:
    """KV v2: the secret is ``data.data``, beside the version's ``metadata``."""
    metadata = {"created_time": "2026-01-02T03:04:05.678901234Z", "custom_metadata": None,
                "deletion_time": "", "destroyed": False, "version": 3}
    return _vault_json(_vault_secret({"data": dict(sorted(env.items())),
                                      "metadata": metadata}, 0), env)


def vault_kv1(env: Vars) -> Rendering:
    """KV v1: ``data`` is the secret; the mount's TTL is the lease (768h by default)."""
    return _vault_json(_vault_secret(dict(sorted(env.items())), 2764800), env)


# -- Azure CLI: microsoft/knack knack/output.py @c5fd67e7f533916817108fe0bf1bc6dfb74f1e2e
# (MIT; format_json: ``json.dumps(result, ensure_ascii=False, indent=2, sort_keys=True,
# separators=(',', ': ')) + '\\n'``, printed with ``end=''``). The rows are azure-cli's
# ``az keyvault secret list`` SecretProperties (attributes, contentType, id, managed, name,
# tags) and ``az webapp config appsettings list`` ({name, slotSetting, value}).
def _knack_json(rows: list[dict[str, object]], keys: list[str]) -> Rendering:
    text = json.dumps(rows, ensure_ascii=False, indent=2, sort_keys=True,
                      separators=(",", ": ")) + "\n"
    return Rendering(text, _json_lines(text, keys, '"name": {key}'))


def _key_vault_name(key: str) -> str:
    """How a team stores an application's variable in Key Vault, which refuses ``_``."""
    return key.replace("_", "-")


def az_keyvault(env: Vars) -> Rendering:
    rows: list[dict[str, object]] = []
    for key in sorted(env):
        name = _key_vault_name(key)
        rows.append({
            "attributes": {"created": "2026-01-02T03:04:05+00:00", "enabled": True,
                           "expires": None, "notBefore": None, "recoverableDays": 90,
                           "recoveryLevel": "Recoverable+Purgeable",
                           "updated": "2026-01-02T03:04:05+00:00"},
            "contentType": None, "id": f"https://fake-vault.vault.azure.net/secrets/{name}",
            "managed": None, "name": name, "tags": {}})
    rendering = _knack_json(rows, [json.dumps(_key_vault_name(k)) for k in sorted(env)])
    return Rendering(rendering.text, {k: rendering.lines[json.dumps(_key_vault_name(k))]
                                      for k in env})


def az_appsettings(env: Vars) -> Rendering:
    rows: list[dict[str, object]] = [{"name": k, "slotSetting": False, "value": v}
                                     for k, v in env.items()]
    rendering = _knack_json(rows, [json.dumps(k) for k in env])
    return Rendering(rendering.text, {k: rendering.lines[json.dumps(k)] for k in env})


# -- gcloud (Apache-2.0): google-cloud-sdk-unofficial/google-cloud-sdk
# lib/googlecloudsdk/core/resource/json_printer.py @797f815744270b89017608fb7c6651228bde5b72
# (JsonPrinter: ``[\\n``, each record ``json.dumps(indent=2, sort_keys=True,
# ensure_ascii=False, separators=(',', ': '))`` with every line indented two spaces,
# records joined by ``,\\n``, then ``\\n]\\n``); the records are Secret Manager's Secret
# resources (createTime, etag, name, replication).
def _gcloud_dump(record: object) -> str:
    """JsonPrinter.__Dump."""
    return json.dumps(record, ensure_ascii=False, indent=2, separators=(",", ": "),
                      sort_keys=True)


def gcloud_secrets(env: Vars) -> Rendering:
    out, delimiter = [], "[\n  "
    for key in sorted(env):
        record = {"createTime": "2026-01-02T03:04:05.678901Z",
                  "etag": '"' + fakes.token(14, fakes.HEX) + '"',
                  "name": f"projects/000000000000/secrets/{key}",
                  "replication": {"automatic": {}}}
        dumped = _gcloud_dump(record)
        for line in dumped.split("\n"):
            out.append(delimiter + line)
            delimiter = "\n  "
        delimiter = ",\n  "
    text = "".join(out) + "\n]\n" if out else "[]\n"
    return Rendering(text, _json_lines(text, sorted(env),
                                       '"name": "projects/000000000000/secrets/{key}"'))


# -- gcloud run services describe: a describe command prints one resource through
# ``PrintSingleRecord`` (the same json_printer.py: ``_AddRecord(record, delimit=False)``
# writes the dump and a newline, no brackets). The record is Cloud Run Admin API v1's
# Knative Service; an empty ``value`` is left out of the API's JSON; a variable whose name
# ends in ``_SECRET`` or ``_KEY`` is stored as a Secret Manager reference (``valueFrom.
# secretKeyRef``), as a team would. The YAML form is assumed to be any YAML dump of the same
# record (gcloud's yaml_printer is PyYAML's safe_dump with its own representers).
def _cloud_run_service(env: Vars) -> dict[str, object]:
    entries: list[dict[str, object]] = []
    for key, value in env.items():
        if key.endswith(("_SECRET", "_KEY")):
            entries.append({"name": key, "valueFrom": {"secretKeyRef": {
                "key": "latest", "name": key.lower().replace("_", "-")}}})
        else:
            entries.append({"name": key, "value": value} if value else {"name": key})
    container = {"env": entries, "image": "europe-docker.pkg.dev/fake/app/api:latest",
                 "ports": [{"containerPort": 8080, "name": "http1"}],
                 "resources": {"limits": {"cpu": "1000m", "memory": "512Mi"}}}
    return {"apiVersion": "serving.knative.dev/v1", "kind": "Service",
            "metadata": {"name": "fake-api", "namespace": "000000000000",
                         "labels": {"cloud.googleapis.com/location": "europe-west1"}},
            "spec": {"template": {"metadata": {"annotations": {
                "autoscaling.knative.dev/maxScale": "10"}},
                "spec": {"containerConcurrency": 80, "containers": [container],
                         "serviceAccountName": "fake@fake.iam.gserviceaccount.com",
                         "timeoutSeconds": 300}},
                "traffic": [{"latestRevision": True, "percent": 100}]},
            "status": {"url": "https://fake-api-000000000000.europe-west1.run.app"}}


def cloud_run_reads(env: Vars) -> Readings:
    return {k: None if k.endswith(("_SECRET", "_KEY")) else v for k, v in env.items()}


def cloud_run_json(env: Vars) -> Rendering:
    text = _gcloud_dump(_cloud_run_service(env)) + "\n"
    return Rendering(text, _json_lines(text, list(env), '"name": "{key}"'))


def cloud_run_yaml(env: Vars) -> Rendering:
    text = yaml.safe_dump(_cloud_run_service(env), allow_unicode=True,
                          default_flow_style=False, width=1 << 20)
    lines, offset = {}, text.index("env:")
    for key in env:
        offset = text.index(f"name: {key}\n", offset)
        lines[key] = text.count("\n", 0, offset) + 1
    return Rendering(text, lines)


# -- DigitalOcean App Platform: digitalocean/doctl commands/apps.go (RunAppsSpecGet:
# ``yaml.Marshal(spec)`` of sigs.k8s.io/yaml, which marshals through JSON so map keys come
# sorted, or a JSON encoder with ``SetIndent("", "  ")``) and digitalocean/godo apps.gen.go
# @46e5c8f1754daaf11b5b481f3e5a298d5c7e8e0b (AppSpec; AppVariableDefinition ``key``,
# ``value,omitempty``, ``scope``, ``type``). App Platform returns a SECRET's value encrypted
# (``EV[1:…:…]``). Assumed: PyYAML's emitter stands in for go-yaml's (same sorted, block
# style; its quoting may differ); a team marks a name with KEY, SECRET or PASSWORD SECRET.
def _do_secret(key: str) -> bool:
    return any(word in key for word in ("KEY", "SECRET", "PASSWORD"))


def do_app_spec(env: Vars) -> Rendering:
    def definition(key: str, value: str) -> dict[str, object]:
        item: dict[str, object] = {"key": key, "scope": "RUN_AND_BUILD_TIME"}
        if _do_secret(key):
            item["type"] = "SECRET"
            value = "EV[1:" + fakes.token(32, fakes.ALNUM + "+/") + ":" + fakes.token(
                44, fakes.ALNUM + "+/") + "]"
        if value:
            item["value"] = value
        return item

    spec = {"alerts": [{"rule": "DEPLOYMENT_FAILED"}],
            "envs": [definition("APP_STAGE", "production")],
            "name": "fake-app", "region": "ams",
            "services": [{"envs": [definition(k, v) for k, v in env.items()],
                          "github": {"branch": "main", "deploy_on_push": True,
                                     "repo": "fake/app"},
                          "http_port": 8080, "instance_count": 1,
                          "instance_size_slug": "apps-s-1vcpu-0.5gb", "name": "api"}]}
    text = yaml.safe_dump(spec, allow_unicode=True, default_flow_style=False,
                          width=1 << 20)
    lines, offset = {}, text.index("services:")
    for key in env:
        offset = text.index(f"- key: {key}\n", offset)
        lines[key] = text.count("\n", 0, offset) + 1
    lines["APP_STAGE"] = text.count("\n", 0, text.index("- key: APP_STAGE\n")) + 1
    return Rendering(text, lines)


def do_app_spec_reads(env: Vars) -> Readings:
    return {"APP_STAGE": "production",
            **{k: None if _do_secret(k) else v for k, v in env.items()}}


# -- Render: no ``render`` CLI command prints a service's variables (render-oss/cli); the
# export is the API's body for ``GET /v1/services/{serviceId}/env-vars`` (api-docs.render.com:
# ``[{"envVar": {"key", "value"}, "cursor"}]``), saved by curl as it comes. Assumed: the API
# writes compact JSON, keys in the documented order.
def render_env_vars(env: Vars) -> Rendering:
    rows = [{"envVar": {"key": k, "value": v}, "cursor": fakes.token(16)}
            for k, v in env.items()]
    return Rendering(json.dumps(rows, ensure_ascii=False, separators=(",", ":")),
                     dict.fromkeys(env, 1))


# -- 1Password: the op CLI is closed source, so this writer follows 1Password's documented
# item JSON, not a port of source (developer.1password.com/docs/cli/item-template-json,
# docs/cli/item-fields; ``op item get`` prints the item as its template shows it). Assumed:
# Go's ``json.MarshalIndent`` with two spaces, HTML-escaped; an empty field's ``value`` is
# omitted, as the documented ``notesPlain`` field shows; a Secure Note's notes come first.
def op_item(env: Vars) -> Rendering:
    section = {"id": fakes.token(26, "abcdefghijklmnopqrstuvwxyz0123456789"),
               "label": "production"}
    fields: list[dict[str, object]] = [{"id": "notesPlain", "type": "STRING",
                                        "purpose": "NOTES", "label": "notesPlain",
                                        "reference": "op://Fake Vault/fake-app/notesPlain"}]
    for key, value in env.items():
        field: dict[str, object] = {"id": fakes.token(26, "abcdefghijklmnopqrstuvwxyz"),
                                    "section": section,
                                    "type": "CONCEALED" if "KEY" in key else "STRING",
                                    "label": key}
        if value:
            field["value"] = value
        field["reference"] = f"op://Fake Vault/fake-app/production/{key}"
        fields.append(field)
    doc = {"id": fakes.token(26, "abcdefghijklmnopqrstuvwxyz"), "title": "fake-app",
           "version": 4, "vault": {"id": fakes.token(26, "abcdefghijklmnopqrstuvwxyz"),
                                   "name": "Fake Vault"},
           "category": "SECURE_NOTE", "last_edited_by": fakes.token(26, fakes.ALNUM.upper()),
           "created_at": "2026-01-02T03:04:05Z", "updated_at": "2026-01-02T03:04:05Z",
           "sections": [section], "fields": fields}
    text = _go_json(json.dumps(doc, indent=2, ensure_ascii=False)) + "\n"
    return Rendering(text, _json_lines(text, list(env), '"label": "{key}"'))


def op_item_reads(env: Vars) -> Readings:
    """An empty field has no ``value``: present, withheld."""
    return {k: v or None for k, v in env.items()}


@dataclass(frozen=True)
class Writer:
    """One CLI output: how to render it, its ``--from`` name, what ``auto`` must pick,
    the file name its users save it under, and the variables the CLI adds itself."""

    render: Callable[[Vars], Rendering]
    fmt: str
    detected: str
    filename: str
    own: Vars
    carries: Callable[[Vars], Vars] = field(default=lambda env: env)
    reads_as: Callable[[Vars], Readings] = field(default=lambda env: dict(env))


WRITERS: dict[str, Writer] = {
    "vercel env pull": Writer(vercel_pull, "vercel", "vercel", ".env.local",
                              {"VERCEL": "1", "VERCEL_ENV": "development"}),
    "railway variables --kv": Writer(railway_kv, "railway-kv", "railway-kv", ".env",
                                     RAILWAY_OWN),
    "railway variables --json": Writer(railway_json, "railway-json", "railway-json",
                                       "railway.json", RAILWAY_OWN),
    "heroku config -s": Writer(heroku_shell, "heroku-shell", "heroku-shell", "heroku.sh", {}),
    "heroku config": Writer(heroku_table, "heroku-table", "heroku-table", "config.txt", {}),
    "heroku config --json": Writer(js_stringify, "heroku-json", "json", "config.json", {}),
    "netlify env:list --plain": Writer(netlify_plain, "netlify-plain", "raw", "netlify.txt",
                                       {}),
    "netlify env:list --json": Writer(js_stringify, "netlify-json", "json", "netlify.json", {}),
    "infisical export": Writer(infisical_dotenv, "infisical-dotenv", "infisical-dotenv", ".env",
                               {}),
    "infisical export --format dotenv-export": Writer(
        infisical_dotenv_export, "infisical-dotenv", "infisical-dotenv", ".env", {}),
    "infisical export --format dotenv-eval": Writer(
        infisical_dotenv_eval, "infisical-dotenv", "infisical-dotenv", ".env", {}),
    "infisical export --format json": Writer(infisical_json, "infisical-json", "infisical-json",
                                             "secrets.json", {}),
    "infisical export --format csv": Writer(infisical_csv, "infisical-csv", "infisical-csv",
                                            "secrets.csv", {}),
    "doppler secrets download --no-file": Writer(doppler_json, "doppler-json", "doppler-json",
                                                 "doppler.json", DOPPLER_OWN),
    "doppler secrets download --no-file --format env": Writer(
        doppler_env, "doppler-env", "doppler-env", "doppler.env", DOPPLER_OWN),
    "doppler secrets download --no-file --format env-no-quotes": Writer(
        doppler_env_no_quotes, "raw", "raw", "doppler.env", DOPPLER_OWN),
    "doppler secrets download --no-file --format docker": Writer(
        doppler_docker, "docker-env-file", "raw", "doppler.env", DOPPLER_OWN,
        reads_as=doppler_docker_reads),
    "doppler secrets download --no-file --format yaml": Writer(
        doppler_yaml, "doppler-yaml", "doppler-yaml", "secrets.yaml", DOPPLER_OWN),
    "doppler secrets --json": Writer(doppler_secrets, "doppler-secrets", "doppler-secrets",
                                     "secrets.json", DOPPLER_OWN),
    "fly secrets list --json": Writer(fly_secrets, "fly", "fly", "secrets.json", {},
                                      reads_as=_withheld),
    "gh secret list --json name,updatedAt": Writer(gh_secrets, "gh-secrets", "gh-secrets",
                                                   "secrets.json", {}, reads_as=_withheld),
    "gh variable list --json name,value,updatedAt": Writer(
        gh_variables, "gh-variables", "gh-variables", "variables.json", {}),
    "wrangler secret list": Writer(wrangler_secrets, "wrangler-secrets", "wrangler-secrets",
                                   "secrets.json", {}, reads_as=_withheld),
    "wrangler pages secret list": Writer(
        wrangler_pages_secrets, "wrangler-pages-secrets", "wrangler-pages-secrets",
        "secrets.txt", {}, reads_as=_withheld),
    "aws ssm get-parameters-by-path --with-decryption": Writer(
        aws_ssm, "aws-ssm", "aws-ssm", "params.json", {}, carries=ssm_carries),
    "aws secretsmanager get-secret-value": Writer(aws_secrets, "aws-secrets", "aws-secrets",
                                                  "secret.json", {}),
    "vault kv get -format=json (KV v2)": Writer(vault_kv2, "vault-kv", "vault-kv",
                                                "secret.json", {}),
    "vault kv get -format=json (KV v1)": Writer(vault_kv1, "vault-kv", "vault-kv",
                                                "secret.json", {}),
    "az keyvault secret list": Writer(az_keyvault, "az-keyvault", "az-keyvault",
                                      "secrets.json", {}, reads_as=_withheld),
    "az webapp config appsettings list": Writer(az_appsettings, "az-appsettings",
                                                "az-appsettings", "appsettings.json", {}),
    "gcloud secrets list --format=json": Writer(gcloud_secrets, "gcloud-secrets",
                                                "gcloud-secrets", "secrets.json", {},
                                                reads_as=_withheld),
    "gcloud run services describe --format=json": Writer(
        cloud_run_json, "cloud-run", "cloud-run", "service.json", {}, reads_as=cloud_run_reads),
    "gcloud run services describe --format=yaml": Writer(
        cloud_run_yaml, "cloud-run", "cloud-run", "service.yaml", {}, reads_as=cloud_run_reads),
    "doctl apps spec get": Writer(do_app_spec, "do-app-spec", "do-app-spec", "app.yaml", {},
                                  reads_as=do_app_spec_reads),
    "render GET /v1/services/{id}/env-vars": Writer(render_env_vars, "render", "render",
                                                    "env-vars.json", {}),
    "op item get --format json": Writer(op_item, "op-item", "op-item", "item.json", {},
                                        reads_as=op_item_reads),
    "eb printenv": Writer(eb_printenv, "eb-printenv", "eb-printenv", "printenv.txt", EB_OWN,
                          carries=eb_carries, reads_as=eb_reads),
    "docker inspect": Writer(docker_inspect, "docker-inspect", "docker-inspect",
                             "inspect.json", {}),
}


def realistic_values(rng: random.Random) -> Vars:
    """The values that break readers: a fresh multi-line PEM key, quotes, backslashes,
    ``$HOME``, unicode, an empty value, ``=`` and ``#`` in values, a 10 KB value."""
    return {
        "API_URL": "https://api.example.com/v1?a=1&b=2#frag",
        "BIG_BLOB": fakes.token(10 * 1024, fakes.ALNUM + "+/"),
        "EMPTY_NOTE": "",
        "GREETING": "say \"hi\", it's fine",
        "HOME_DIR": "$HOME/app and ${HOME}",
        "JWT_PRIVATE_KEY": fakes.pem(rng),
        "MOTTO": "héllo – 日本語 ✓",
        "PASSWORD_HINT": "a=b#c d # not a comment",
        "WIN_PATH": "C:\\Users\\app\\bin\\",
    }

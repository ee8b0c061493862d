"""Auto-detection: the right reader from content and name, and never a silent guess."""

from __future__ import annotations

import pytest

from envguard.errors import InputError
from envguard.sources.detect import detect_format, resolve_format
from envguard.sources.platforms import FORMATS


@pytest.mark.parametrize(("text", "name", "expected"), [
    # JSON shapes
    ('{"envs": [{"key": "A", "type": "plain", "target": []}]}', "-", "vercel-ls"),
    ('{"Parameters": [{"Name": "/a/B", "Value": "1"}]}', "-", "aws-ssm"),
    ('{"Name": "app/prod", "SecretString": "{}"}', "-", "aws-secrets"),
    ('{"apiVersion": "v1", "kind": "Secret", "data": {}}', "-", "kubernetes"),
    ('{"A": {"computed": "1", "note": ""}}', "-", "doppler-secrets"),
    ('{"request_id": "r", "lease_id": "", "lease_duration": 0, "renewable": false, '
     '"data": {"data": {"A": "1"}, "metadata": {"created_time": "t", "version": 1}}, '
     '"warnings": null}', "-", "vault-kv"),
    ('{"request_id": "r", "lease_id": "", "lease_duration": 2764800, "renewable": false, '
     '"data": {"A": "1"}, "warnings": null, "mount_type": "kv"}', "-", "vault-kv"),
    ('{"DOPPLER_PROJECT": "p", "A": "1"}', "-", "doppler-json"),
    ('{"RAILWAY_PROJECT_ID": "p", "A": "1"}', "-", "railway-json"),
    ('{"HEROKU_APP_NAME": "p", "A": "1"}', "-", "heroku-json"),
    ('{"A": "1", "B": 2}', "-", "json"),
    ('["A=1", "B=c=d"]', "-", "docker-inspect"),
    ('[{"Id": "x", "Config": {"Env": ["A=1"]}}]', "-", "docker-inspect"),
    ('[{"name": "A", "digest": "d", "status": "Deployed"}]', "-", "fly"),
    ('[{"Name": "A", "Digest": "d"}]', "-", "fly"),
    ('[{"name": "A", "type": "secret_text"}]', "-", "wrangler-secrets"),
    ('[{"key": "A", "value": "1", "_id": "x", "type": "shared"}]', "-", "infisical-json"),
    ('[{"name": "A", "value": "abc", "updated_at": "t"}]', "-", "supabase-secrets"),
    ('[{"name": "A", "updatedAt": "t"}]', "-", "gh-secrets"),
    # the cloud listings have a name and fields of their own: never gh's
    ('[{"attributes": {"enabled": true}, "contentType": null, "id": '
     '"https://v.vault.azure.net/secrets/A-B", "managed": null, "name": "A-B", "tags": {}}]',
     "-", "az-keyvault"),
    ('[{"name": "A", "slotSetting": false, "value": "1"}]', "-", "az-appsettings"),
    ('[{"name": "A", "slotSetting": true, "value": null}]', "-", "az-appsettings"),
    ('[{"createTime": "t", "etag": "e", "name": "projects/p/secrets/A", '
     '"replication": {"automatic": {}}}]', "-", "gcloud-secrets"),
    ('[{"name": "projects/p/secrets/A"}]', "-", "gcloud-secrets"),
    ('[{"envVar": {"key": "A", "value": "1"}, "cursor": "c"}]', "-", "render"),
    # a gh listing whose names merely look like paths stays gh's
    ('[{"name": "A_B", "value": "projects/p/secrets/x", "updatedAt": "t"}]', "-",
     "gh-variables"),
    ('[{"name": "A", "value": "1", "updatedAt": "t"}]', "-", "gh-variables"),
    # text shapes
    ("# Created by Vercel CLI\nA=\"1\"\n", ".env.local", "vercel"),
    ("apiVersion: v1\nkind: ConfigMap\ndata:\n  A: b\n", "cm.yaml", "kubernetes"),
    ("=== ⬢ app Config Vars\n\nA: 1\n", "-", "heroku-table"),
    ("HOME=/root\nPATH=/bin\nSHLVL=1\nA=1\n", "-", "printenv"),
    ("A='1'\nB='two\nlines'\n", "-", "infisical-dotenv"),
    ("export A='1'\n", "-", "infisical-dotenv"),
    ('DOPPLER_CONFIG="dev"\nDOPPLER_ENVIRONMENT="dev"\nDOPPLER_PROJECT="p"\nA="1"\n', "-",
     "doppler-env"),
    # env-no-quotes: all three Doppler variables, unquoted values
    ("A=1 # kept\nDOPPLER_CONFIG=dev\nDOPPLER_ENVIRONMENT=dev\nDOPPLER_PROJECT=p\n", "-", "raw"),
    # one DOPPLER_* key (a user's token) says nothing about the format
    ('DOPPLER_TOKEN="dp.st.x"\nA="1"\n', "-", "dotenv"),
    ("A=1\nRAILWAY_ENVIRONMENT=production\nRAILWAY_PROJECT_ID=p\n", "-", "railway-kv"),
    # Railway sorts its keys: a hand-written unsorted file with Railway names is not --kv
    ("RAILWAY_PROJECT_ID=p\nZ=1\nRAILWAY_ENVIRONMENT=x\nB=2\nA=1\n", "-", "dotenv"),
    ("RAILWAY_TOKEN=t\nA=1\n", "-", "dotenv"),
    ("HEROKU_APP_NAME=app\nA='x y'\n", "-", "heroku-shell"),
    ("Key,Value\nA,1\n", "-", "infisical-csv"),
    ("A=1\nB=two # words\n", "-", "raw"),
    ("A=1\nB=two\nlines\n", "-", "raw"),
    ("A=1\nB=two\n", "-", "dotenv"),
    ("# comment\nA=1 # trailing comment\n", "-", "dotenv"),
    ("A=1\n", "settings.txt", "dotenv"),
    ("A: 1\nB: two\n", "-", "yaml"),
    ("DOPPLER_CONFIG: prd\nA: 1\n", "-", "doppler-yaml"),
    # a .env name is read as .env, unless a CLI's own signature says otherwise
    ("A=1\nB='x y'\n", ".env.production", "dotenv"),
    ("RAILWAY_ENVIRONMENT=x\nB=1 # c\n", "prod.env", "dotenv"),
    ("# comment\nA='1'\n", ".env", "dotenv"),
    ("A='1'\nB='C:\\\\Users'\n", ".env", "infisical-dotenv"),  # infisical export > .env
    ('DOPPLER_CONFIG="d"\nDOPPLER_ENVIRONMENT="d"\nDOPPLER_PROJECT="p"\n', "doppler.env",
     "doppler-env"),
    ("A=${x}\nRAILWAY_ENVIRONMENT=x\nRAILWAY_PROJECT_ID=y\n", ".env", "railway-kv"),
    ("HEROKU_APP_NAME=app\nURL='https://x'\n", ".env", "heroku-shell"),
    # heroku config -s without a HEROKU_* variable: its quoting, when the name says nothing
    ("LANG=en_US.UTF-8\nURL='postgres://u:p@h:5432/d'\nMOTD=\"it's \\$5\"\n", "-",
     "heroku-shell"),
    ("LANG=en_US.UTF-8\nURL='postgres://u:p@h:5432/d'\n", ".env", "dotenv"),
    # a raw export is raw for the whole text: one ${ or leading quote does not make it dotenv
    ("A=${NOT_EXPANDED}\nB=two # words\n", "-", "raw"),
    ("A='quoted'\nKEY=-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n", "-",
     "raw"),
    ('A="multi\nline"\nB=1\n', "-", "dotenv"),
    ("", ".env", "dotenv"),
])
def test_detects(text: str, name: str, expected: str) -> None:
    assert detect_format(text, name) == expected


@pytest.mark.parametrize(("text", "hint"), [
    ("Environment Variables found for team/app [1s]\n name  value  environments\n",
     "--format json"),
    ("NAME    DIGEST\nA       abc\n", "-o json"),
    ("hello there, this is prose\nand more prose\n", "Known formats"),
    ("<html><body>Login</body></html>\n", "Known formats"),
])
def test_unplaceable_input_is_an_error_listing_formats(text: str, hint: str) -> None:
    with pytest.raises(InputError) as err:
        detect_format(text, "export.txt")
    assert hint in str(err.value)
    assert str(err.value).startswith("export.txt")


def test_unknown_format_lists_every_known_one() -> None:
    with pytest.raises(InputError) as err:
        resolve_format("vercell", "A=1\n", "-")
    for name in FORMATS:
        assert name in str(err.value)


@pytest.mark.parametrize("text", ["", "   \n\n", "# only a comment\n"])
def test_empty_input_is_an_error(text: str) -> None:
    with pytest.raises(InputError, match="empty"):
        detect_format(text, "<stdin>")


@pytest.mark.parametrize(("text", "match"), [
    ("{}", "empty export"),
    ("[]", "empty export"),
    ('[1, 2]', "JSON array where an object"),
    ('"just a string"', "cannot tell what format"),
    ('{"A": {"nested": "x"}}', "A: the value is an object"),
    ('{"A": "1",\n "B": ["x"]}', ":2: B: the value is an array"),
])
def test_json_that_is_not_an_export(text: str, match: str) -> None:
    with pytest.raises(InputError, match=match):
        detect_format(text, "-")


def test_encrypted_doppler_download_is_refused() -> None:
    blob = "U2FsdGVkX1" + "Zm9vYmFy" * 20
    with pytest.raises(InputError, match=r"encrypted.*--no-file"):
        detect_format(blob, "doppler.json")


def test_family_falls_back_by_content() -> None:
    # plain KEY=value with no Railway variable: --from railway still means railway-kv
    assert resolve_format("railway", "A=1\n", "-") == "railway-kv"
    assert resolve_format("railway", '{"A": "1"}', "-") == "railway-json"
    with pytest.raises(InputError, match="not one of the aws formats"):
        resolve_format("aws", "A=1\n", "-")

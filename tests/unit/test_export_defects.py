"""Regression tests for exports read wrongly: each case is what the CLI really prints."""

from __future__ import annotations

import json

import pytest

from envguard.sources import read_text
from tests import fakes


def _values(text: str, name: str = "<stdin>", fmt: str = "auto") -> dict[str, str | None]:
    return {v.key: v.value for v in read_text(text, name, fmt).vars}


@pytest.mark.parametrize("name", ["<stdin>", ".env", "secrets.env"])
def test_infisical_export_saved_as_dotenv_keeps_its_values(name: str) -> None:
    # packages/cmd/export.go: fmt.Sprintf("%s='%s'\n", key, value), nothing escaped
    text = ("DB_URL='postgres://u:p@h/db?x=${HOME}'\nGREETING='it's fine'\n"
            "WIN='C:\\\\Users\\\\app'\n")
    read = read_text(text, name)
    assert read.format == "infisical-dotenv"
    assert {v.key: v.value for v in read.vars} == {
        "DB_URL": "postgres://u:p@h/db?x=${HOME}", "GREETING": "it's fine",
        "WIN": "C:\\\\Users\\\\app"}


@pytest.mark.parametrize("name", ["<stdin>", "doppler.env", ".env"])
def test_doppler_env_download_saved_under_its_default_name(name: str) -> None:
    text = ('DOPPLER_CONFIG="dev"\nDOPPLER_ENVIRONMENT="dev"\nDOPPLER_PROJECT="web"\n'
            'TEMPLATE="Hi ${NAME}"\n')
    read = read_text(text, name)
    assert read.format == "doppler-env"
    assert _values(text, name)["TEMPLATE"] == "Hi ${NAME}"  # no interpolation


def test_doppler_env_no_quotes_is_not_read_with_the_quoted_reader() -> None:
    key = fakes.pem()
    text = (f"API_KEY={key}\nDOPPLER_CONFIG=dev\nDOPPLER_ENVIRONMENT=dev\n"
            'DOPPLER_PROJECT=web\nQUOTE="kept"\n')
    read = read_text(text, "doppler.env")
    assert read.format == "raw"
    assert _values(text, "doppler.env")["API_KEY"] == key
    assert _values(text, "doppler.env")["QUOTE"] == '"kept"'


def test_railway_kv_saved_as_dotenv() -> None:
    key = fakes.pem()
    text = (f"A_KEY={key}\nHASH=https://x/#/y\nRAILWAY_ENVIRONMENT=production\n"
            "RAILWAY_PROJECT_ID=00000000-0000-4000-8000-000000000002\nTPL=${{shared.X}}\n")
    read = read_text(text, ".env")
    assert read.format == "railway-kv"
    got = {v.key: v.value for v in read.vars}
    assert (got["A_KEY"], got["HASH"], got["TPL"]) == (key, "https://x/#/y", "${{shared.X}}")


def test_a_lone_cr_in_a_doppler_value_does_not_shift_lines() -> None:
    text = ('DOPPLER_CONFIG="dev"\nDOPPLER_ENVIRONMENT="dev"\nDOPPLER_PROJECT="web"\n'
            'MOTD="one\rtwo"\nPORT="80"\n')
    read = read_text(text, "<stdin>")
    assert [(v.key, v.value, v.origin.line) for v in read.vars][3:] == [
        ("MOTD", "one\rtwo", 4), ("PORT", "80", 5)]


# -- JSON arrays with names --------------------------------------------------------------

def test_supabase_secrets_list_without_updated_at() -> None:
    # apps/cli-go/pkg/api/types.gen.go SecretResponse: updated_at is omitempty
    entries = [{"name": "SUPABASE_URL", "value": fakes.token(64, fakes.HEX)},
               {"name": "STRIPE_KEY", "value": fakes.token(64, fakes.HEX)}]
    read = read_text(json.dumps(entries, indent=2), "<stdin>")
    assert read.format == "supabase-secrets"
    assert all(v.withheld for v in read.vars)


def test_gh_variable_list_with_value_is_still_gh() -> None:
    read = read_text(json.dumps([{"name": "APP_URL", "value": "https://x"}]), "<stdin>")
    assert read.format == "gh-variables"


@pytest.mark.parametrize(("entries", "fmt"), [
    ([{"name": "projects/p/secrets/DB_PASSWORD", "createTime": "2026-01-01T00:00:00Z",
       "replication": {"automatic": {}}, "etag": "\"abc\""}], "gcloud-secrets"),
    ([{"attributes": {"enabled": True}, "contentType": None,
       "id": "https://v.vault.azure.net/secrets/db-password", "managed": None,
       "name": "db-password", "tags": {}}], "az-keyvault"),
])
def test_other_name_listings_are_not_taken_for_github(entries: list[object], fmt: str) -> None:
    read = read_text(json.dumps(entries), "<stdin>")
    assert read.format == fmt
    assert [(v.key, v.withheld) for v in read.vars] == [("DB_PASSWORD", True)]


# -- Heroku ----------------------------------------------------------------------------

def test_heroku_shell_without_heroku_variables_and_literal_single_quotes() -> None:
    # src/lib/config/quote.ts (11.9): single quotes verbatim, double quotes escape "\$`!
    text = ("LANG=en_US.UTF-8\nURL='postgres://u:p@h:5432/d'\nWIN='C:\\\\Users\\app'\n"
            'MOTD="it\'s \\$5 \\"off\\"\\nbye \\\\ \\!"\n')
    read = read_text(text, "<stdin>")
    assert read.format == "heroku-shell"
    assert {v.key: v.value for v in read.vars} == {
        "LANG": "en_US.UTF-8", "URL": "postgres://u:p@h:5432/d", "WIN": "C:\\\\Users\\app",
        "MOTD": "it's $5 \"off\"\nbye \\ !"}


def test_heroku_table_empty_and_padded_values() -> None:
    # heroku-cli-util src/ux/styled-object.ts: values start two past the longest name,
    # prettyPrint('') is inspect('') == "''"
    key = fakes.pem()
    encrypted = ("-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n"
                 "DEK-Info: AES-128-CBC,00FF\n\nAbC=\n-----END RSA PRIVATE KEY-----")
    text = ("=== ⬢ app Config Vars\n\n"
            "EMPTY:           ''\n"
            "INDENTED:          two blanks\n"
            "LONGEST_NAME_IS: x\n"
            f"PEM:             {key}\n"
            f"OLD_PEM:         {encrypted}\n"
            "NOTE:            first\nnot_a_key: second line\n")
    read = read_text(text, "<stdin>")
    assert read.format == "heroku-table"
    assert [(v.key, v.value) for v in read.vars] == [
        ("EMPTY", ""), ("INDENTED", "  two blanks"), ("LONGEST_NAME_IS", "x"), ("PEM", key),
        ("OLD_PEM", encrypted), ("NOTE", "first\nnot_a_key: second line")]
    assert [v.origin.line for v in read.vars][:4] == [3, 4, 5, 6]


# -- Vercel ----------------------------------------------------------------------------

def test_vercel_empty_is_empty_where_withheld_is_marked() -> None:
    text = ('# Created by Vercel CLI\nAPI_SECRET=""\nSTRIPE_SECRET_KEY="[SENSITIVE]"\n')
    read = read_text(text, ".env.local")
    assert [(v.key, v.value, v.withheld) for v in read.vars] == [
        ("API_SECRET", "", False), ("STRIPE_SECRET_KEY", "", True)]

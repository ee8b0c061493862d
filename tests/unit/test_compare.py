"""``envguard compare`` logic: the matrix, and one test per kind of drift."""

from __future__ import annotations

import json

import pytest

from envguard.checks.compare import Comparison, Environment, compare, value_kinds
from envguard.errors import InputError
from envguard.model import EnvSet
from envguard.reporters.compare import render
from envguard.schema.loader import builtin_credentials, load_schema
from envguard.schema.model import Schema
from envguard.sources.dotenv import parse_dotenv_text
from tests import fakes
from tests.conftest import FIXTURES

SCHEMA_PATH = FIXTURES / "compare" / "schema.toml"
ENVS = ("development", "preview", "staging", "production")


@pytest.fixture(scope="module")
def schema() -> Schema:
    return load_schema(SCHEMA_PATH)


def env(name: str, text: str, fmt: str = "dotenv") -> Environment:
    source = f".env.{name}"
    read = parse_dotenv_text(text, source)
    return Environment(name, EnvSet(read.vars), (source,), {source: fmt}, tuple(read.findings))


def base(name: str, **extra: str) -> str:
    """A clean environment for the test schema; ``extra`` adds or replaces lines."""
    mode = "live" if name == "production" else "test"
    values = {
        "DATABASE_URL": f"postgres://app:FAKE-{name}@db-{name}.example.com:5432/app",
        "SESSION_SECRET": f"session-secret-for-{name}-0123456789",
        "PORT": "3000",
        "STRIPE_SECRET_KEY": fakes.stripe_key(mode=mode, n=24),
        "SENTRY_DSN": f"https://0000@o0.ingest.sentry.io/{len(name)}",
    }
    values.update(extra)
    return "".join(f"{k}={v}\n" for k, v in values.items() if v != "<unset>")


def run(envs: list[Environment], schema: Schema | None) -> Comparison:
    return compare(envs, schema, credentials=builtin_credentials())


def rules(c: Comparison) -> list[tuple[str, str | None, str]]:
    return sorted((f.rule, f.key, str(f.severity)) for f in c.result.findings)


def test_clean_environments_show_no_drift(schema: Schema) -> None:
    c = run([env(n, base(n)) for n in ENVS], schema)
    assert rules(c) == []
    assert c.result.exit_code == 0
    assert [r.key for r in c.rows] == sorted(r.key for r in c.rows)
    assert {r.key for r in c.rows} == {"DATABASE_URL", "SESSION_SECRET", "PORT",
                                        "STRIPE_SECRET_KEY", "SENTRY_DSN"}
    for row in c.rows:
        assert set(row.cells) == set(ENVS)


def test_missing_required_is_an_error(schema: Schema) -> None:
    c = run([env("development", base("development")),
             env("production", base("production", STRIPE_SECRET_KEY="<unset>"))], schema)
    assert rules(c) == [("missing-required", "STRIPE_SECRET_KEY", "error")]
    finding = c.result.findings[0]
    assert "missing in production but required there (set in development)" in finding.message
    assert str(finding.origin) == ".env.production"
    assert c.result.exit_code == 1


def test_required_but_empty(schema: Schema) -> None:
    c = run([env("staging", base("staging")), env("production", base("production", PORT=""))],
            schema)
    assert rules(c) == [("missing-required", "PORT", "error")]
    assert "PORT is empty in production" in c.result.findings[0].message
    assert c.rows[[r.key for r in c.rows].index("PORT")].cells["production"].state == "empty"


def test_lost_on_the_way_to_a_later_environment(schema: Schema) -> None:
    c = run([env("development", base("development", ANALYTICS_ID="a1", FEATURE_X="on")),
             env("staging", base("staging", ANALYTICS_ID="a2", FEATURE_X="on")),
             env("production", base("production"))], schema)
    assert rules(c) == [("missing-in-environment", "ANALYTICS_ID", "warning"),
                        ("missing-in-environment", "FEATURE_X", "warning")]
    assert "set in development, staging before it" in c.result.findings[0].message
    assert c.result.exit_code == 0


def test_introduced_in_later_environments(schema: Schema) -> None:
    c = run([env("development", base("development")),
             env("staging", base("staging", ANALYTICS_ID="a", NEW_THING="1")),
             env("production", base("production", ANALYTICS_ID="b", NEW_THING="1"))], schema)
    # declared and optional: the schema sanctions the gap; undeclared: noted once
    assert rules(c) == [("set-in-some-environments", "NEW_THING", "info")]
    assert "only in staging, production (not in development)" in c.result.findings[0].message


def test_required_missing_everywhere_still_gets_a_row(schema: Schema) -> None:
    c = run([env("staging", base("staging")),
             env("production", base("production", SENTRY_DSN="<unset>"))], schema)
    row = next(r for r in c.rows if r.key == "SENTRY_DSN")
    assert row.required == ("production",)
    assert row.cells["production"].state == "missing"


@pytest.mark.parametrize(("with_schema", "severity"), [(True, "error"), (False, "warning")])
def test_test_key_where_live_belongs(schema: Schema, with_schema: bool, severity: str) -> None:
    c = run([env("staging", base("staging")),
             env("production", base("production",
                                    STRIPE_SECRET_KEY=fakes.stripe_key(mode="test", n=24)))],
            schema if with_schema else None)
    assert rules(c) == [("wrong-mode", "STRIPE_SECRET_KEY", severity)]
    finding = c.result.findings[0]
    assert "holds a test credential in production, which expects live" in finding.message
    assert finding.extra["mode"] == "test" and finding.extra["expected_mode"] == "live"


def test_live_key_outside_production(schema: Schema) -> None:
    c = run([env("staging", base("staging", STRIPE_SECRET_KEY=fakes.stripe_key(n=24))),
             env("production", base("production"))], schema)
    assert rules(c) == [("wrong-mode", "STRIPE_SECRET_KEY", "error")]
    assert "(live in production)" in c.result.findings[0].message


def test_schema_type_drift_is_an_error(schema: Schema) -> None:
    c = run([env("development", base("development")), env("staging", base("staging")),
             env("production", base("production", PORT="eighty"))], schema)
    assert rules(c) == [("invalid-value", "PORT", "error")]
    assert "(valid in development, staging)" in c.result.findings[0].message


def test_kind_drift_without_a_schema() -> None:
    c = run([env("development", "WORKERS=4\nDEBUG=1\nLABEL=a\n"),
             env("staging", "WORKERS=4\nDEBUG=true\nLABEL=b\n"),
             env("production", "WORKERS=four\nDEBUG=false\nLABEL=c\n")], None)
    assert rules(c) == [("type-drift", "WORKERS", "warning")]
    finding = c.result.findings[0]
    assert finding.message.endswith("integer in development, staging; text in production")
    assert finding.extra["environments"] == ["production"]


@pytest.mark.parametrize(("value", "kinds"), [
    ("1", {"integer", "number", "boolean"}), ("42", {"integer", "number"}),
    ("1.5", {"number"}), ("TRUE", {"boolean"}), ("https://x", {"URL"}),
    ('{"a": 1}', {"JSON"}), ("[1,", {"text"}), ("hello", {"text"}),
])
def test_value_kinds(value: str, kinds: set[str]) -> None:
    assert value_kinds(value) == kinds


def test_secret_shared_with_production(schema: Schema) -> None:
    shared = "the-same-session-secret-0123456789"
    c = run([env("development", base("development")),
             env("staging", base("staging", SESSION_SECRET=shared)),
             env("production", base("production", SESSION_SECRET=shared))], schema)
    assert rules(c) == [("shared-secret", "SESSION_SECRET", "warning")]
    assert "same secret value in staging and production" in c.result.findings[0].message
    row = next(r for r in c.rows if r.key == "SESSION_SECRET")
    assert row.cells["staging"].group == row.cells["production"].group == "A"
    assert row.cells["production"].shared_with == ("staging",)
    assert row.cells["development"].group is None


def test_secret_shared_between_non_live_environments_is_a_note(schema: Schema) -> None:
    shared = "the-same-session-secret-0123456789"
    c = run([env("development", base("development", SESSION_SECRET=shared)),
             env("preview", base("preview", SESSION_SECRET=shared)),
             env("production", base("production"))], schema)
    assert rules(c) == [("shared-secret", "SESSION_SECRET", "info")]


def test_equal_public_values_are_not_shared_secrets(schema: Schema) -> None:
    c = run([env(n, base(n, PUBLIC_LABEL="same everywhere")) for n in ENVS], schema)
    assert rules(c) == []


def test_production_pointing_at_the_staging_database(schema: Schema) -> None:
    staging_db = "postgres://app:FAKE-staging@db-staging.example.com:5432/app"
    c = run([env("staging", base("staging")),
             env("production", base("production", DATABASE_URL=staging_db.replace(
                 "FAKE-staging", "FAKE-prod")))], schema)
    assert rules(c) == [("shared-database", "DATABASE_URL", "warning")]
    assert "same database as in staging (db-staging.example.com:5432/app)" in \
        c.result.findings[0].message


def test_platform_key_set_by_hand() -> None:
    c = run([env("staging", "VERCEL_URL=staging.example.com\nRAILWAY_ENVIRONMENT=x\nA=1\n"),
             env("production", "VERCEL_ENV=production\nVERCEL_URL=\nRAILWAY_ENVIRONMENT=y\nA=1\n",
                 fmt="vercel")], None)
    found = rules(c)
    assert ("platform-key-set", "VERCEL_URL", "warning") in found
    assert ("platform-key-set", "RAILWAY_ENVIRONMENT", "warning") in found  # in both: by hand
    assert len([f for f in found if f[0] == "platform-key-set"]) == 3
    # a platform key missing elsewhere is not drift: the platform provides it
    assert not [f for f in found if f[0].startswith("missing") and f[1] == "VERCEL_ENV"]
    assert all(r.platform for r in c.rows if r.key != "A")


def test_withheld_values_count_as_present_and_are_not_judged(schema: Schema) -> None:
    prod = env("production", base("production", PORT="[SENSITIVE]"))
    withheld = EnvSet(v if v.key != "PORT" else
                      type(v)(v.key, "", v.origin, withheld=True) for v in prod.envset)
    prod = Environment("production", withheld, prod.sources, prod.formats)
    c = run([env("staging", base("staging")), prod], schema)
    assert rules(c) == []
    assert next(r for r in c.rows if r.key == "PORT").cells["production"].state == "withheld"


def test_unknown_environment_for_the_schema(schema: Schema) -> None:
    with pytest.raises(InputError, match=r"prod.*unknown to shop.*development, preview"):
        run([env("staging", base("staging")), env("prod", base("prod"))], schema)


def test_reading_problems_are_kept_but_lint_is_not() -> None:
    c = run([env("development", 'A=1\nA=2\nB="unterminated\n'),
             env("production", "A=1\nlower=x\n")], None)
    found = {f[0] for f in rules(c)}
    assert {"duplicate-key", "unterminated-quote"} <= found
    assert "lowercase-key" not in found


def test_json_report_contract(schema: Schema) -> None:
    shared = "the-same-session-secret-0123456789"
    c = run([env("staging", base("staging", SESSION_SECRET=shared)),
             env("production", base("production", SESSION_SECRET=shared, PORT="<unset>"))],
            schema)
    doc = json.loads(render(c, "json"))
    assert set(doc) == {"environments", "schema", "keys", "findings", "summary"}
    assert doc["schema"] == "shop"
    assert doc["environments"][0] == {"name": "staging", "sources": [".env.staging"],
                                      "formats": {".env.staging": "dotenv"}, "variables": 5}
    row = next(k for k in doc["keys"] if k["key"] == "SESSION_SECRET")
    assert set(row) == {"key", "declared", "secret", "platform", "required", "environments"}
    assert row["secret"] is True and row["required"] == ["staging", "production"]
    cell = row["environments"]["production"]
    assert set(cell) == {"state", "value", "mode", "kind", "source", "shared_with"}
    assert cell["state"] == "set" and cell["shared_with"] == ["staging"]
    assert cell["source"] == ".env.production:2" and shared not in json.dumps(doc)
    port = next(k for k in doc["keys"] if k["key"] == "PORT")["environments"]["production"]
    assert port == {"state": "missing", "value": None, "mode": None, "kind": None,
                    "source": None, "shared_with": []}
    stripe = next(k for k in doc["keys"] if k["key"] == "STRIPE_SECRET_KEY")
    assert stripe["environments"]["production"]["mode"] == "live"
    finding = doc["findings"][0]
    assert set(finding) >= {"rule", "severity", "file", "line", "key", "message", "hint",
                            "source", "fingerprint"}
    assert doc["summary"]["failed"] is True and doc["summary"]["environments"] == [
        "staging", "production"]


def test_table_report(schema: Schema) -> None:
    shared = "the-same-session-secret-0123456789"
    c = run([env("staging", base("staging", SESSION_SECRET=shared)),
             env("production", base("production", SESSION_SECRET=shared, PORT="<unset>",
                                    LOG_LEVEL="debug"))], schema)
    text = render(c, "table")
    lines = text.splitlines()
    assert lines[0].split() == ["KEY", "staging", "production"]
    port = next(line for line in lines if line.startswith("PORT "))
    assert port.split()[-2:] == ["!", "MISSING"]
    assert "[A] SESSION_SECRET: the same secret value in staging, production" in text
    assert "secret (live)" in text and "debug" in text
    assert text.splitlines()[-1].startswith("2 environments, 6 keys, schema shop: 1 error(s)")
    assert shared not in text and "FAKE-production" not in text


def test_markdown_report_escapes_input(schema: Schema) -> None:
    c = run([env("staging", base("staging", BANNER="a|b <script>")),
             env("production", base("production", BANNER="x", PORT="<unset>"))], schema)
    md = render(c, "markdown")
    assert md.startswith("### envguard compare: ❌ 1 error")
    assert "| Key | staging | production |" in md
    assert "`a\\|b <script>`" in md and "<script>" not in md.replace("`a\\|b <script>`", "")
    assert "❌ **missing**" in md
    assert "#### Findings" in md and "- ❌ `missing-required` " in md
    # the findings come before the matrix, which is folded
    assert md.index("#### Findings") < md.index("<details><summary>all") < md.index("| Key |")
    assert md.rstrip().endswith("<!-- envguard:compare -->")


def test_generic_markdown_reporter() -> None:
    from envguard.findings import Finding, Result, Severity
    from envguard.model import Origin
    from envguard.reporters import get_reporter

    render_md = get_reporter("markdown")
    assert render_md(Result(), False) == ("### envguard: ✅ no problems found\n\n"
                                          "<!-- envguard:report -->")
    result = Result(findings=[
        Finding("invalid-value", Severity.ERROR, "A must be <b>|bold</b>", key="A",
                origin=Origin("x|y.env", 3), hint="see `docs`"),
        Finding("unknown-key", Severity.WARNING, "B is not declared", key="B"),
        Finding("note", Severity.INFO, "C is fine", key="C", origin=Origin("a.env", 1)),
    ], command="check")
    md = render_md(result, False)
    lines = md.splitlines()
    assert lines[0] == "### envguard: ❌ 1 error, 1 warning, 1 info"
    # errors first (the info's file sorts before x|y.env), one bullet each, infos folded
    assert lines[2] == ("- ❌ `invalid-value` `x\\|y.env:3` A must be &lt;b&gt;\\|bold&lt;/b&gt; "
                        "— *see \\`docs\\`*")
    assert lines[3] == "- ⚠️ `unknown-key` B is not declared"
    assert lines[5] == "<details><summary>1 info finding</summary>"
    assert lines[7] == "- ℹ️ `note` `a.env:1` C is fine"
    assert lines[-1] == "<!-- envguard:check -->"


@pytest.mark.parametrize("with_schema", [True, False])
def test_dotenvx_public_keys_are_per_file_metadata_not_drift(schema: Schema,
                                                             with_schema: bool) -> None:
    # dotenvx writes DOTENV_PUBLIC_KEY into .env and DOTENV_PUBLIC_KEY_PRODUCTION into
    # .env.production: each file's own encryption key, never expected in the other files
    public = "02" + fakes.token(64, fakes.HEX)
    envs = [env("development", base("development", DOTENV_PUBLIC_KEY=public)),
            env("staging", base("staging")),
            env("production", base("production",
                                   DOTENV_PUBLIC_KEY_PRODUCTION="03" + fakes.token(64, fakes.HEX)))]
    c = run(envs, schema if with_schema else None)
    assert not [f for f in c.result.findings if f.key and f.key.startswith("DOTENV_PUBLIC_KEY")]
    assert not [r for r in c.rows if r.key.startswith("DOTENV_PUBLIC_KEY")]

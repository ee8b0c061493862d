"""The vibelog stack rejects what the seed's zod schema rejects, and the production mistakes."""

from __future__ import annotations

import pytest

from envguard.schema.loader import builtin_catalog, load_stack
from envguard.sources.dotenv import read_dotenv
from envguard.validate import check_env
from tests.conftest import ROOT
from tests.fakes import stripe_key, supabase_jwt

EXAMPLES = ROOT / "examples" / "vibelog"
REQUIRED_BY_ZOD = ["NODE_ENV", "NEXT_PUBLIC_APP_URL", "DATABASE_URL", "DIRECT_URL",
                   "NEXTAUTH_SECRET", "NEXTAUTH_URL", "OPENAI_API_KEY", "SUPABASE_URL",
                   "SUPABASE_ANON_KEY", "SUPABASE_SERVICE_ROLE_KEY"]


def errors_for(values: dict[str, str], env: str) -> set[tuple[str | None, str]]:
    from envguard.model import EnvVar, Origin

    variables = [EnvVar(k, v, Origin(".env", n)) for n, (k, v) in enumerate(values.items(), 1)]
    result = check_env(variables, load_stack("vibelog"), env, catalog=builtin_catalog())
    return {(f.key, f.rule) for f in result.findings if f.severity.name == "ERROR"}


def clean(env: str) -> dict[str, str]:
    return {v.key: v.value or "" for v in read_dotenv(EXAMPLES / f".env.{env}").vars}


@pytest.mark.parametrize("env", ["development", "staging", "production"])
def test_clean_examples_pass(env: str) -> None:
    assert errors_for(clean(env), env) == set()


@pytest.mark.parametrize("key", REQUIRED_BY_ZOD)
def test_zod_required_keys_are_required(key: str) -> None:
    values = clean("production")
    del values[key]
    assert (key, "missing-required") in errors_for(values, "production")


ZOD_REJECTS = [
    ("NODE_ENV", "prod"),
    ("NEXT_PUBLIC_APP_URL", "not a url"),
    ("DATABASE_URL", "not a url"),
    ("DIRECT_URL", "not a url"),
    ("NEXTAUTH_SECRET", "a1b2c3d4e5" * 3 + "f"),  # 31 characters
    ("NEXTAUTH_URL", "vibelog"),
    ("OPENAI_API_KEY", "pk-" + "a" * 40),
    ("SUPABASE_URL", "supabase"),
    ("SENTRY_DSN", "not a url"),
]


@pytest.mark.parametrize(("key", "value"), ZOD_REJECTS)
def test_rejects_what_zod_rejects(key: str, value: str) -> None:
    values = clean("staging") | {key: value}
    assert (key, "invalid-value") in errors_for(values, "staging")


PRODUCTION_MISTAKES = [
    ("STRIPE_SECRET_KEY", lambda: stripe_key("sk", "test"), "wrong-mode"),
    ("SUPABASE_ANON_KEY", lambda: supabase_jwt("service_role"), "invalid-value"),
    ("DATABASE_URL", lambda: "mysql://u:p@db.example.com/app", "invalid-value"),
    ("DIRECT_URL", lambda: "localhost:5432/postgres", "invalid-value"),  # zod's url() accepts it
    ("NEXT_PUBLIC_APP_URL", lambda: "http://vibelog.io", "invalid-value"),
    ("NEXTAUTH_URL", lambda: "http://localhost:3000", "localhost-in-production"),
    ("DEBUG_MODE", lambda: "true", "invalid-value"),
    ("NEXT_PUBLIC_STRIPE_KEY", lambda: stripe_key("sk", "live"), "secret-exposed"),
    ("RESEND_API_KEY", lambda: "your-resend-key-here", "placeholder"),
]


@pytest.mark.parametrize(("key", "make", "rule"), PRODUCTION_MISTAKES)
def test_rejects_production_mistakes(key: str, make: object, rule: str) -> None:
    assert callable(make)
    values = clean("production") | {key: make()}
    assert (key, rule) in errors_for(values, "production")


def test_live_stripe_key_in_development_is_rejected() -> None:
    values = clean("development") | {"STRIPE_SECRET_KEY": stripe_key("sk", "live")}
    assert ("STRIPE_SECRET_KEY", "wrong-mode") in errors_for(values, "development")


def test_placeholder_is_tolerated_in_development() -> None:
    values = clean("development") | {"RESEND_API_KEY": "your-resend-key-here"}
    assert errors_for(values, "development") == set()

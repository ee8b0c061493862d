"""The seed stacks: clean examples pass, every mistake is named by key and rule, services."""

from __future__ import annotations

from pathlib import Path

import pytest

from envguard.findings import Severity
from envguard.schema.loader import builtin_catalog, builtin_stacks, load_stack
from envguard.schema.services import restrict_to_service, service_keys
from envguard.sources.dotenv import read_dotenv
from envguard.validate import check_env
from tests.conftest import ROOT

EXAMPLES = ROOT / "examples"
STACKS = ["vibelog", "threadly", "threadr", "myapp"]
SERVICES = {"threadr": ("frontend", "backend"), "myapp": ("frontend", "backend")}


def clean_cases() -> list[tuple[str, str | None, str]]:
    cases: list[tuple[str, str | None, str]] = []
    for stack in STACKS:
        for env in load_stack(stack).environments:
            for service in SERVICES.get(stack, (None,)):
                cases.append((stack, service, env))
    return cases


def clean_file(stack: str, service: str | None, env: str) -> Path:
    return EXAMPLES / stack / (service or "") / f".env.{env}"


def findings(stack: str, files: list[Path], env: str, service: str | None = None) -> list:
    schema = load_stack(stack)
    if service:
        schema = restrict_to_service(schema, service)
    variables = [v for f in files for v in read_dotenv(f).vars]
    return check_env(variables, schema, env, catalog=builtin_catalog()).findings


def test_the_four_seed_stacks_are_built_in() -> None:
    assert set(STACKS) <= set(builtin_stacks())
    assert load_stack("threadly").environments == ("development", "preview", "staging",
                                                   "production")


@pytest.mark.parametrize(("stack", "service", "env"), clean_cases())
def test_clean_examples_have_no_findings(stack: str, service: str | None, env: str) -> None:
    found = findings(stack, [clean_file(stack, service, env)], env, service)
    assert [(f.key, f.rule) for f in found if f.severity >= Severity.WARNING] == []


@pytest.mark.parametrize("stack", ["threadr", "myapp"])
@pytest.mark.parametrize("env", ["development", "staging", "production"])
def test_whole_stack_is_both_services_together(stack: str, env: str) -> None:
    files = [clean_file(stack, s, env) for s in SERVICES[stack]]
    assert [f for f in findings(stack, files, env) if f.severity >= Severity.WARNING] == []
    # one service's file alone is not the whole stack: the other service's keys are missing
    alone = findings(stack, files[:1], env)
    assert any(f.rule == "missing-required" and f.key in service_keys(
        load_stack(stack), "backend") for f in alone)


MISTAKES: list[tuple[str, str | None, list[str], set[tuple[str, str]]]] = [
    ("threadly", None, ["threadly/mistakes/.env.production"], {
        ("NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY", "wrong-mode"),
        ("NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY", "mode-mismatch"),
        ("CLERK_SECRET_KEY", "wrong-mode"),
        ("CLERK_SECRET_KEY", "mode-mismatch"),
        ("DATABASE_URL", "invalid-value"),  # direct URL where the pooled one belongs
        ("DATABASE_URL_UNPOOLED", "target-mismatch"),  # migrations against another branch
        ("NEXT_PUBLIC_PUSHER_KEY", "same-value"),  # the Pusher secret in the browser
        ("NEXT_PUBLIC_PUSHER_CLUSTER", "values-differ"),
        ("ENCRYPTION_KEY", "invalid-value"),  # 16 bytes, not 32
        ("PLATFORM_FEE_PERCENTAGE", "invalid-value"),  # "5%"
        ("ALGOLIA_ADMIN_KEY", "missing-partner"),  # Algolia half configured
        ("STRIPE_WEBHOOK_SECRET", "same-value"),  # Clerk's webhook secret copied
        ("UPSTASH_REDIS_URL", "missing-required"),
        ("UPSTASH_REDIS_URL", "missing-partner"),
        ("RESEND_API_KEY", "placeholder"),
        ("SENTRY_AUTH_TOKEN", "missing-required"),
        ("NEXT_PUBLIC_SENTRY_AUTH_TOKEN", "secret-exposed"),
    }),
    ("threadr", "frontend", ["threadr/mistakes/frontend/.env.production"], {
        ("NEXT_PUBLIC_API_URL", "invalid-value"),
        ("NEXT_PUBLIC_API_URL", "localhost-in-production"),
        ("NEXT_PUBLIC_STRIPE_PUBLIC_KEY", "wrong-mode"),
        ("NEXT_PUBLIC_ENVIRONMENT", "invalid-value"),
        ("NEXT_PUBLIC_OPENAI_API_KEY", "secret-exposed"),  # the seed's API key exposure
    }),
    ("threadr", "backend", ["threadr/mistakes/backend/.env.production"], {
        ("OPENAI_API_KEY", "invalid-value"),  # an Anthropic key
        ("STRIPE_SECRET_KEY", "wrong-mode"),
        ("STRIPE_WEBHOOK_SECRET", "missing-required"),
        ("REDIS_URL", "invalid-value"),  # redis:// without TLS
        ("CORS_ORIGINS", "invalid-value"),
        ("LOG_LEVEL", "invalid-value"),
        ("RATE_LIMIT_MONTHLY", "out-of-order"),
    }),
    ("myapp", "frontend", ["myapp/mistakes/frontend/.env.production"], {
        ("NEXT_PUBLIC_SUPABASE_ANON_KEY", "invalid-value"),  # the service_role key
        ("NEXT_PUBLIC_SUPABASE_ANON_KEY", "secret-exposed"),
        ("NEXT_PUBLIC_STRIPE_SECRET_KEY", "secret-exposed"),  # sk_live_ with a public prefix
        ("NEXT_PUBLIC_API_URL", "invalid-value"),  # http in production
    }),
    ("myapp", "backend", ["myapp/mistakes/backend/.env.production"], {
        ("NODE_ENV", "invalid-value"),
        ("DATABASE_TIMEOUT", "invalid-value"),  # "30" without a unit
        ("DATABASE_POOL_SIZE", "invalid-value"),
        ("JWT_SECRET", "invalid-value"),
        ("REFRESH_TOKEN_EXPIRY", "out-of-order"),
        ("SUPABASE_SERVICE_KEY", "invalid-value"),  # the anon key
        ("SENDGRID_API_KEY", "invalid-value"),  # "SG.[REDACTED]" copied from the doc
        ("CDN_URL", "invalid-value"),
        ("STRIPE_SECRET_KEY", "wrong-mode"),
    }),
]


@pytest.mark.parametrize(("stack", "service", "files", "expected"), MISTAKES,
                         ids=[f"{m[0]}-{m[1] or 'all'}" for m in MISTAKES])
def test_every_mistake_is_named_by_key_and_rule(
    stack: str, service: str | None, files: list[str], expected: set[tuple[str, str]]
) -> None:
    found = findings(stack, [EXAMPLES / f for f in files], "production", service)
    assert {(f.key, f.rule) for f in found if f.severity == Severity.ERROR} == expected


def test_whole_stack_check_adds_the_cross_service_rules() -> None:
    files = [EXAMPLES / "threadr/mistakes/frontend/.env.production",
             EXAMPLES / "threadr/mistakes/backend/.env.production"]
    errors = {(f.key, f.rule) for f in findings("threadr", files, "production")
              if f.severity == Severity.ERROR}
    # ENVIRONMENT (backend) and NEXT_PUBLIC_ENVIRONMENT (frontend) must agree
    assert ("NEXT_PUBLIC_ENVIRONMENT", "values-differ") in errors
    for _, _, _, expected in MISTAKES[1:3]:
        assert expected <= errors


def test_flags_are_declared_for_threadly_and_vibelog() -> None:

    threadly = load_stack("threadly").flags
    assert {n: s.semantics for n, s in threadly.items()
            if n.startswith("ENABLE_")} == {"ENABLE_NEW_CHECKOUT": "default-on",
                                            "ENABLE_AI_CHAT": "default-on"}
    assert threadly["ENABLE_NEW_CHECKOUT"].default is True  # unset reads as on
    vibelog = load_stack("vibelog").flags
    assert set(vibelog) == {"NEW_EDITOR", "BATCH_PROCESSING", "TEAM_FEATURES", "DEBUG_MODE"}
    assert vibelog["DEBUG_MODE"].allowed_in == ("development",)

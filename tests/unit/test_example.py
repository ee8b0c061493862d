"""``envguard example``: a .env.example per stack that envguard itself accepts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from envguard.generate.example import literal_prefix, render_example, template_keys
from envguard.schema.loader import builtin_credentials, load_stack
from envguard.schema.services import restrict_to_service
from envguard.secrecy import is_placeholder
from envguard.sources.dotenv import read_dotenv

CASES = [(stack, service, env)
         for stack, services in [("vibelog", [None]), ("threadly", [None]),
                                 ("threadr", [None, "frontend", "backend"]),
                                 ("myapp", [None, "frontend", "backend"])]
         for service in services
         for env in [None, *load_stack(stack).environments]]


def parsed(stack: str, env: str | None = None) -> dict[str, str]:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / ".env.example"
        text = render_example(load_stack(stack), env)
        # commented-out optional lines count too: uncomment them
        path.write_text(re.sub(r"^# ([A-Z][A-Z0-9_]*=)", r"\1", text, flags=re.M))
        return {v.key: v.value or "" for v in read_dotenv(path).vars}


@pytest.mark.parametrize("stack", ["vibelog", "threadly", "threadr", "myapp"])
def test_no_placeholder_looks_like_a_real_credential(stack: str) -> None:
    credentials = builtin_credentials()
    for env in load_stack(stack).environments:
        for key, value in parsed(stack, env).items():
            real = [f.id for f in credentials.values() if f.secret and f.pattern.fullmatch(value)]
            assert not real, (key, value, real)


def test_credential_placeholders_have_the_environment_s_shape() -> None:
    dev, prod = parsed("threadly", "development"), parsed("threadly", "production")
    assert dev["STRIPE_SECRET_KEY"] == "<sk_test_...>"
    assert prod["STRIPE_SECRET_KEY"] == "<sk_live_...>"
    assert prod["NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY"] == "<pk_live_...>"
    assert dev["ENCRYPTION_KEY"] == "<32 random bytes as hex or base64>"
    assert dev["DATABASE_URL"].startswith("<postgresql://")
    assert all(is_placeholder(dev[k]) for k in ("STRIPE_SECRET_KEY", "ENCRYPTION_KEY",
                                                 "PUSHER_SECRET", "DATABASE_URL"))
    # settings get a usable value; a default-on kill switch is shown on, as unset reads
    assert dev["PLATFORM_FEE_PERCENTAGE"] == "5"
    assert dev["ENABLE_NEW_CHECKOUT"] == "true"
    assert parsed("threadr", "production")["LOG_LEVEL"] == "info"


def test_grouped_by_provider_with_description_and_requirement() -> None:
    text = render_example(load_stack("threadly"), "production")
    stripe = text.index("# ---- Stripe (https://dashboard.stripe.com/apikeys) ----")
    assert text.index("# ---- threadly ----") < stripe  # the app's own settings first
    block = text[stripe:text.index("# ----", stripe + 10)]
    assert "# Server-side Stripe API key" in block
    assert "# Required in production. Secret: never commit it" in block
    assert "\n# STRIPE_CONNECT_CLIENT_ID=" in block  # optional: commented out
    assert "\nSTRIPE_SECRET_KEY=" in block


def test_lists_the_stack_s_variables_not_every_provider_extra() -> None:
    keys = template_keys(load_stack("threadly"))
    assert "STRIPE_SECRET_KEY" in keys and "ENCRYPTION_KEY" in keys
    assert "STRIPE_RESTRICTED_KEY" not in keys  # the stripe piece declares it, threadly not
    assert not [k for k in keys if k.startswith(("VERCEL_", "RAILWAY_"))]
    frontend = template_keys(restrict_to_service(load_stack("threadr"), "frontend"))
    assert sorted(frontend) == ["NEXT_PUBLIC_API_URL", "NEXT_PUBLIC_ENVIRONMENT",
                        "NEXT_PUBLIC_STRIPE_PUBLIC_KEY"]


def test_literal_prefix() -> None:
    assert literal_prefix(r"sk_live_[0-9A-Za-z]{10,}") == "sk_live_"
    assert literal_prefix(r"SG\.[A-Za-z0-9_-]{22}") == "SG."
    assert literal_prefix(r"https://[0-9a-f]{32}@") == "https://"
    assert literal_prefix(r"[a-f0-9]{20}") == ""
    assert literal_prefix(r"abc?d") == "ab"

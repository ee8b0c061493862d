"""``envguard explain KEY``: meaning, format, where required, secrecy, where to get it."""

from __future__ import annotations

from envguard.commands.explain import explain_facts, render
from envguard.schema.loader import builtin_catalog, load_stack


def test_facts_of_a_provider_credential_in_a_stack() -> None:
    facts = explain_facts(load_stack("threadly"), "STRIPE_SECRET_KEY")
    assert facts["provider"] == "Stripe"
    assert [f["id"] for f in facts["formats"]] == ["stripe-secret-key", "stripe-restricted-key"]
    assert facts["required"].startswith("yes, in every environment")
    assert facts["secret"] is True and facts["docs"] == "https://dashboard.stripe.com/apikeys"
    assert facts["modes_by_environment"]["production"] == "live"
    assert facts["modes_by_environment"]["preview"] == "test"
    assert "stripe-key-mode" in [r["name"] for r in facts["rules"]]
    assert facts["declared_in"] == "stacks/threadly.toml"


def test_facts_of_a_stack_variable_with_overrides_and_services() -> None:
    facts = explain_facts(load_stack("threadr"), "REDIS_URL")
    assert facts["services"] == ["backend"]
    assert facts["per_environment"]["production"]["pattern"] == "rediss://.*"
    facts = explain_facts(load_stack("threadly"), "ENCRYPTION_KEY")
    assert facts["type"] == "hex_or_base64 of 32 bytes" and facts["provider"] is None
    facts = explain_facts(load_stack("threadly"), "PLATFORM_FEE_PERCENTAGE")
    assert facts["type"] == "float; min 0; max 100" and facts["example"] == "5"


def test_text_rendering() -> None:
    text = render(explain_facts(load_stack("threadly"), "NEXT_PUBLIC_PUSHER_KEY"))
    assert text.splitlines()[0] == "NEXT_PUBLIC_PUSHER_KEY  (threadly, provider Pusher Channels)"
    assert "  secret:      no, public by design (safe in browser code)" in text
    assert "pusher-secret-not-public (distinct with PUSHER_SECRET, PUSHER_KEY)" in text
    assert "  get it:      https://pusher.com/docs/clusters" in text


def test_platform_variable() -> None:
    text = render(explain_facts(builtin_catalog(), "VERCEL_ENV"))
    assert "never (set by the platform)" in text

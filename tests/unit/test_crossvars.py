"""Cross-variable rules, one kind at a time, and secrets shared between environments."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from envguard.checks.crossvars import check_rules, shared_secrets
from envguard.findings import Finding
from envguard.model import EnvSet, EnvVar, Origin
from envguard.schema.loader import load_schema, load_stack
from envguard.schema.model import Schema
from tests.fakes import HEX, clerk_publishable, stripe_key, token

pytestmark = pytest.mark.filterwarnings("error")


def envset(values: dict[str, str | None], withheld: tuple[str, ...] = ()) -> EnvSet:
    return EnvSet(EnvVar(k, v, Origin(".env", n), withheld=k in withheld)
                  for n, (k, v) in enumerate(values.items(), 1))


def rule_findings(schema: Schema, values: dict[str, str | None], env: str | None = None,
                  withheld: tuple[str, ...] = ()) -> list[Finding]:
    return list(check_rules(envset(values, withheld), schema, env))


def pairs(found: list[Finding]) -> set[tuple[str | None, str]]:
    return {(f.key, f.rule) for f in found}


def schema_with(tmp_path: Path, body: str, include: str = "[]") -> Schema:
    path = tmp_path / "schema.toml"
    path.write_text(f'[stack]\nname = "t"\ninclude = {include}\n\n{body}')
    return load_schema(path)


# --- same_mode: Stripe and Clerk key pairs ---------------------------------------------

def test_stripe_pair_in_one_mode_passes() -> None:
    values = {"STRIPE_SECRET_KEY": stripe_key("sk", "live"),
              "NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY": stripe_key("pk", "live")}
    assert rule_findings(load_stack("threadly"), values, "production") == []


def test_stripe_pair_mismatch_blames_the_key_the_environment_disagrees_with() -> None:
    secret = stripe_key("sk", "live")
    values = {"STRIPE_SECRET_KEY": secret,
              "NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY": stripe_key("pk", "test")}
    found = rule_findings(load_stack("threadly"), values, "production")
    assert pairs(found) == {("NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY", "mode-mismatch")}
    [finding] = found
    assert finding.extra["rule_name"] == "stripe-key-mode"
    assert finding.origin == Origin(".env", 2)
    assert secret not in finding.message and secret[8:20] not in json.dumps(finding.to_dict())
    # in development the live secret key is the odd one out
    found = rule_findings(load_stack("threadly"), values, "development")
    assert pairs(found) == {("STRIPE_SECRET_KEY", "mode-mismatch")}
    assert secret[8:] not in found[0].message


def test_stripe_pair_without_an_environment_follows_the_first_key() -> None:
    values = {"STRIPE_SECRET_KEY": stripe_key("sk", "test"),
              "NEXT_PUBLIC_STRIPE_PUBLIC_KEY": stripe_key("pk", "live")}
    assert pairs(rule_findings(load_stack("threadr"), values, None)) == {
        ("NEXT_PUBLIC_STRIPE_PUBLIC_KEY", "mode-mismatch")}


def test_clerk_pair_mismatch() -> None:
    values = {"CLERK_SECRET_KEY": "sk_test_" + token(43),
              "NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY": clerk_publishable("live", "clerk.shop.example")}
    assert pairs(rule_findings(load_stack("threadly"), values, "production")) == {
        ("CLERK_SECRET_KEY", "mode-mismatch")}


def test_mode_of_an_undeclared_key_comes_from_any_moded_format(tmp_path: Path) -> None:
    schema = schema_with(tmp_path, '[vars.PAY_SK]\n[vars.PAY_PK]\n\n[[rules]]\n'
                         'kind = "same_mode"\nkeys = ["PAY_SK", "PAY_PK"]\n', '["stripe"]')
    values = {"PAY_SK": stripe_key("sk", "live"), "PAY_PK": stripe_key("pk", "test")}
    assert pairs(rule_findings(schema, values)) == {("PAY_PK", "mode-mismatch")}


# --- equal / distinct --------------------------------------------------------------

def test_pusher_copies_must_be_equal() -> None:
    key, other = token(20, HEX), token(20, HEX)
    schema = load_stack("threadly")
    assert rule_findings(schema, {"PUSHER_KEY": key, "NEXT_PUBLIC_PUSHER_KEY": key}) == []
    found = rule_findings(schema, {"PUSHER_KEY": key, "NEXT_PUBLIC_PUSHER_KEY": other,
                                   "PUSHER_CLUSTER": "us2", "NEXT_PUBLIC_PUSHER_CLUSTER": "eu"})
    assert pairs(found) == {("NEXT_PUBLIC_PUSHER_KEY", "values-differ"),
                            ("NEXT_PUBLIC_PUSHER_CLUSTER", "values-differ")}


def test_pusher_secret_in_the_browser_variable_is_caught_by_comparison() -> None:
    secret = token(20, HEX)
    found = rule_findings(load_stack("threadly"), {
        "PUSHER_APP_ID": "1234567", "PUSHER_SECRET": secret, "NEXT_PUBLIC_PUSHER_KEY": secret})
    assert pairs(found) == {("NEXT_PUBLIC_PUSHER_KEY", "same-value")}
    assert secret not in found[0].message and secret not in (found[0].hint or "")


def test_algolia_admin_key_as_search_key() -> None:
    admin = token(32, HEX)
    found = rule_findings(load_stack("threadly"), {
        "NEXT_PUBLIC_ALGOLIA_APP_ID": "ABCDEFGH12", "ALGOLIA_ADMIN_KEY": admin,
        "NEXT_PUBLIC_ALGOLIA_SEARCH_KEY": admin})
    assert pairs(found) == {("NEXT_PUBLIC_ALGOLIA_SEARCH_KEY", "same-value")}


# --- same_target: Neon pooled and direct URLs ----------------------------------------

def neon(endpoint: str, pooled: bool, user: str = "neondb_owner", db: str = "neondb") -> str:
    host = f"{endpoint}{'-pooler' if pooled else ''}.us-east-2.aws.neon.tech"
    return f"postgresql://{user}:npg_{token(12)}@{host}/{db}?sslmode=require"


def test_pooled_and_direct_urls_of_one_database_pass() -> None:
    values = {"DATABASE_URL": neon("ep-cool-sun-a1b2c3d4", True),
              "DATABASE_URL_UNPOOLED": neon("ep-cool-sun-a1b2c3d4", False)}
    assert rule_findings(load_stack("threadly"), values, "production") == []


@pytest.mark.parametrize(("unpooled", "part"), [
    (neon("ep-other-branch-a9b8c7d6", False), "host"),
    (neon("ep-cool-sun-a1b2c3d4", False, user="app_user"), "user"),
    (neon("ep-cool-sun-a1b2c3d4", False, db="otherdb"), "database"),
])
def test_pooled_and_direct_urls_of_two_databases_fail(unpooled: str, part: str) -> None:
    values = {"DATABASE_URL": neon("ep-cool-sun-a1b2c3d4", True),
              "DATABASE_URL_UNPOOLED": unpooled}
    [finding] = rule_findings(load_stack("threadly"), values, "production")
    assert (finding.key, finding.rule) == ("DATABASE_URL_UNPOOLED", "target-mismatch")
    assert finding.extra["differ"] == [part]
    assert "npg_" not in finding.message  # hosts and names only, never the password


def test_bare_hosts_compare_too() -> None:
    values = {"PGHOST": "ep-a-1-pooler.eu-central-1.aws.neon.tech",
              "PGHOST_UNPOOLED": "ep-b-2.eu-central-1.aws.neon.tech"}
    assert pairs(rule_findings(load_stack("threadly"), values)) == {
        ("PGHOST_UNPOOLED", "target-mismatch")}


# --- requires / one_of ----------------------------------------------------------------

def test_half_configured_optional_feature() -> None:
    schema = load_stack("threadly")
    assert rule_findings(schema, {}) == []  # none set: fine, Algolia is optional
    found = rule_findings(schema, {"NEXT_PUBLIC_ALGOLIA_APP_ID": "ABCDEFGH12",
                                   "NEXT_PUBLIC_ALGOLIA_SEARCH_KEY": token(32, HEX)})
    assert pairs(found) == {("ALGOLIA_ADMIN_KEY", "missing-partner")}
    assert found[0].origin == Origin(".env", 1)  # points at the variable that needs it


def test_empty_partner_counts_as_missing_and_withheld_counts_as_set() -> None:
    schema = load_stack("threadly")
    values = {"UPSTASH_REDIS_TOKEN": "A" + token(43), "UPSTASH_REDIS_URL": ""}
    [finding] = rule_findings(schema, values)
    assert (finding.key, finding.rule) == ("UPSTASH_REDIS_URL", "missing-partner")
    assert "is empty" in finding.message
    assert rule_findings(schema, values | {"UPSTASH_REDIS_URL": "[SENSITIVE]"},
                         withheld=("UPSTASH_REDIS_URL",)) == []


def test_placeholder_does_not_trigger_a_requirement() -> None:
    assert rule_findings(load_stack("threadly"), {"ALGOLIA_ADMIN_KEY": "your-key-here"}) == []


def test_one_of() -> None:
    schema = load_stack("threadly")
    found = rule_findings(schema, {"PUSHER_SECRET": token(20, HEX), "PUSHER_APP_ID": "123456"})
    assert pairs(found) == {("PUSHER_KEY", "missing-one-of")}
    assert rule_findings(schema, {"PUSHER_SECRET": token(20, HEX), "PUSHER_APP_ID": "123456",
                                  "NEXT_PUBLIC_PUSHER_KEY": token(20, HEX)}) == []


# --- ordered --------------------------------------------------------------------------

def test_ordered_numbers_and_durations() -> None:
    threadr, myapp = load_stack("threadr"), load_stack("myapp")
    assert rule_findings(threadr, {"RATE_LIMIT_DAILY": "5", "RATE_LIMIT_MONTHLY": "5"}) == []
    assert pairs(rule_findings(threadr, {"RATE_LIMIT_DAILY": "50",
                                         "RATE_LIMIT_MONTHLY": "20"})) == {
        ("RATE_LIMIT_MONTHLY", "out-of-order")}
    assert rule_findings(myapp, {"JWT_EXPIRY": "15m", "REFRESH_TOKEN_EXPIRY": "30d"}) == []
    # strict: equal lifetimes are wrong too
    assert pairs(rule_findings(myapp, {"JWT_EXPIRY": "24h", "REFRESH_TOKEN_EXPIRY": "1d"})) == {
        ("REFRESH_TOKEN_EXPIRY", "out-of-order")}
    # an invalid value is invalid-value's business, not the rule's
    assert rule_findings(myapp, {"JWT_EXPIRY": "soon", "REFRESH_TOKEN_EXPIRY": "1d"}) == []


# --- rule options ---------------------------------------------------------------------

def test_environments_and_severity_options(tmp_path: Path) -> None:
    schema = schema_with(tmp_path, '[vars.A]\n[vars.B]\n\n[[rules]]\nkind = "equal"\n'
                         'keys = ["A", "B"]\nenvironments = ["production"]\nseverity = "warning"'
                         '\nhint = "keep them in sync"\n')
    values = {"A": "1", "B": "2"}
    assert rule_findings(schema, values, "staging") == []
    [finding] = rule_findings(schema, values, "production")
    assert str(finding.severity) == "warning" and finding.hint == "keep them in sync"


def test_rules_run_in_validate_and_load(tmp_path: Path) -> None:
    import envguard

    env_file = tmp_path / ".env"
    env_file.write_text(f"PUSHER_KEY={token(20, HEX)}\nNEXT_PUBLIC_PUSHER_KEY={token(20, HEX)}\n")
    with pytest.raises(envguard.EnvError) as exc:
        envguard.load("threadly", "development", files=[env_file], environ={})
    assert any(f.rule == "values-differ" for f in exc.value.findings)


# --- shared secrets across environments ------------------------------------------------

def test_shared_secret_between_environments_is_reported_without_the_value() -> None:
    secret = stripe_key("sk", "test")
    envs = [("staging", envset({"STRIPE_WEBHOOK_SECRET": "whsec_" + token(32),
                                "ENCRYPTION_KEY": secret, "NEXT_PUBLIC_PUSHER_CLUSTER": "eu"})),
            ("production", envset({"STRIPE_WEBHOOK_SECRET": "whsec_" + token(32),
                                   "ENCRYPTION_KEY": secret, "NEXT_PUBLIC_PUSHER_CLUSTER": "eu"}))]
    found = shared_secrets(envs, load_stack("threadly"))
    assert pairs(found) == {("ENCRYPTION_KEY", "shared-secret")}  # public values may repeat
    assert str(found[0].severity) == "warning"  # production is involved
    assert secret not in json.dumps([f.to_dict() for f in found])

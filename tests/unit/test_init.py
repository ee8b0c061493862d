"""``envguard init``: a schema inferred from an env template validates that template."""

from __future__ import annotations

from pathlib import Path

import pytest

from envguard._toml import loads_toml
from envguard.errors import InputError
from envguard.generate.infer import infer_schema_text
from tests import conftest
from tests.fakes import stripe_key, token

FIXTURES = conftest.FIXTURES / "init"
SHAPES = sorted(p.name for p in FIXTURES.glob("*.env.example") if not p.name.startswith("no-"))


def test_at_least_ten_shapes() -> None:
    assert len(SHAPES) >= 10


def inferred(tmp_path: Path, text: str) -> dict:
    path = tmp_path / ".env.example"
    path.write_text(text)
    schema, warnings = infer_schema_text(path, "t")
    assert warnings == []
    return loads_toml(schema)


def test_provider_variables_by_name_and_by_value(tmp_path: Path) -> None:
    doc = inferred(tmp_path, f"STRIPE_SECRET_KEY=\nPAYMENTS_KEY={stripe_key('sk', 'test')}\n"
                             "NEXT_PUBLIC_SUPABASE_URL=\n")
    assert doc["stack"]["include"] == ["stripe", "supabase"]
    assert doc["vars"]["STRIPE_SECRET_KEY"] == {"required": ["staging", "production"]}
    assert doc["vars"]["PAYMENTS_KEY"]["credential"] == "stripe-secret-key"


def test_types_secrets_and_descriptions(tmp_path: Path) -> None:
    doc = inferred(tmp_path, "\n".join([
        "# HTTP port the API listens on",
        "PORT=8080",
        "WORKERS=4",
        "RATIO=0.25",
        "DEBUG=false",
        "TIMEOUT=30s",
        "ADMIN_EMAIL=ops@example.com",
        'ALLOWED_ORIGINS="http://localhost:3000,https://app.example.com"',
        "MONGODB_URI=mongodb://root:example@mongo:27017/app",
        "CACHE_URL=redis://localhost:6379/0",
        'FEATURES={"beta": true}',
        "NODE_ENV=development",
        "APP_SIGNING_SECRET=",
        "TOKEN_TTL_SECONDS=3600",
        "NEXT_PUBLIC_API_URL=http://localhost:8080",
        "",
    ]))
    v = doc["vars"]
    assert v["PORT"] == {"type": "port", "description": "HTTP port the API listens on",
                         "example": "8080", "required": True}
    assert [v[k]["type"] for k in ("WORKERS", "RATIO", "DEBUG", "TIMEOUT", "ADMIN_EMAIL",
                                   "ALLOWED_ORIGINS", "MONGODB_URI", "CACHE_URL", "FEATURES",
                                   "NODE_ENV")] == [
        "int", "float", "bool", "duration", "email", "list", "url", "redis_url", "json", "enum"]
    assert v["MONGODB_URI"]["schemes"] == ["mongodb"] and v["MONGODB_URI"]["secret"] is True
    assert "example" not in v["MONGODB_URI"]  # a secret's value is never copied
    assert v["APP_SIGNING_SECRET"] == {"secret": True, "min_length": 32,
                                   "required": ["staging", "production"]}
    assert "secret" not in v["TOKEN_TTL_SECONDS"]  # a number is not a secret
    assert v["NEXT_PUBLIC_API_URL"]["public"] is True and "secret" not in v["NEXT_PUBLIC_API_URL"]


def test_optional_sections_and_inline_comments(tmp_path: Path) -> None:
    doc = inferred(tmp_path, "# Required\nA=1\n\n# Optional integrations\nB=\nC=2\n"
                             "# Required again\nD=x # optional\n")
    assert [doc["vars"][k]["required"] for k in "ABCD"] == [True, False, False, False]


def test_secret_values_never_reach_the_schema(tmp_path: Path) -> None:
    secret = token(48)
    key = stripe_key("sk", "test")
    path = tmp_path / ".env.example"
    path.write_text(f"APP_SECRET={secret}\nSTRIPE_SECRET_KEY={key}\nDATABASE_URL="
                    f"postgresql://app:{secret}@db.example.com:5432/app\n")
    text, _ = infer_schema_text(path)
    assert secret not in text and key not in text


def test_example_contradicting_its_provider_relaxes_only_that_variable(tmp_path: Path) -> None:
    doc = inferred(tmp_path, "STRIPE_SECRET_KEY=sk_test_your_key\nSTRIPE_WEBHOOK_SECRET=\n")
    assert doc["stack"]["include"] == ["stripe"]
    assert doc["vars"]["STRIPE_SECRET_KEY"]["credential"] == []
    assert doc["vars"]["STRIPE_WEBHOOK_SECRET"] == {"required": ["staging", "production"]}


def test_a_partner_left_empty_in_a_template_keeps_the_provider(tmp_path: Path) -> None:
    # Upstash's rule: the REST URL needs its token; a template leaves the token empty on purpose
    path = tmp_path / ".env.example"
    path.write_text("UPSTASH_REDIS_REST_URL=https://eu1-able-cat-31337.upstash.io\n"
                    "UPSTASH_REDIS_REST_TOKEN=\n")
    text, warnings = infer_schema_text(path, "t")
    assert warnings == []
    assert loads_toml(text)["stack"]["include"] == ["upstash"]


def test_provider_whose_rules_the_template_breaks_is_dropped_naming_the_rule(
        tmp_path: Path) -> None:
    # Stripe's rule: the keys of one deployment come from one mode
    secret, publishable = stripe_key("sk", "test"), stripe_key("pk", "live")
    path = tmp_path / ".env.example"
    path.write_text(f"STRIPE_SECRET_KEY={secret}\nNEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY={publishable}\n")
    text, _warnings = infer_schema_text(path, "t")
    assert "include" not in loads_toml(text)["stack"]
    assert "not using the stripe provider: the template breaks" in text
    assert "mode-mismatch (rule 'stripe-key-mode')" in text
    assert secret not in text and secret[8:24] not in text


def test_template_without_variables_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / ".env.example"
    path.write_text("# nothing yet\n\n")
    with pytest.raises(InputError, match="no variables found"):
        infer_schema_text(path)

"""``envguard.load()`` at application startup."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from pydantic import BaseModel, SecretStr, field_validator

import envguard
from envguard.loading import pick_environment
from tests.conftest import ROOT
from tests.fakes import stripe_key

EXAMPLES = ROOT / "examples" / "vibelog"


def env_of(path: Path) -> dict[str, str]:
    return {v.key: v.value or "" for v in envguard.read_dotenv(path).vars}


def test_load_vibelog_production_gives_typed_read_only_settings() -> None:
    environ = env_of(EXAMPLES / ".env.production")
    settings = envguard.load("vibelog", env="production", environ=environ)
    assert settings.environment == "production"
    assert settings.NODE_ENV == "production"
    assert settings.DEBUG_MODE is False
    assert isinstance(settings.STRIPE_SECRET_KEY, SecretStr)
    assert settings.STRIPE_SECRET_KEY.get_secret_value().startswith("sk_live_")
    assert settings.ANTHROPIC_API_KEY is None
    assert "sk_live_" not in repr(settings)
    with pytest.raises(AttributeError, match="read-only"):
        settings.NODE_ENV = "development"
    with pytest.raises(AttributeError, match="not declared"):
        _ = settings.NOT_A_VARIABLE


def test_load_raises_one_error_listing_every_problem() -> None:
    environ = env_of(EXAMPLES / "mistakes" / ".env.production")
    with pytest.raises(envguard.EnvError) as info:
        envguard.load("vibelog", environ=environ)
    keys = {f.key for f in info.value.findings}
    assert {"DATABASE_URL", "DIRECT_URL", "NEXTAUTH_SECRET", "OPENAI_API_KEY",
            "SUPABASE_ANON_KEY", "STRIPE_SECRET_KEY", "NEXT_PUBLIC_OPENAI_API_KEY"} <= keys
    text = str(info.value)
    assert "STRIPE_SECRET_KEY" in text and "production expects live" in text
    assert "<process environment>" in text  # the origin of each problem


def test_missing_variables_are_all_listed() -> None:
    with pytest.raises(envguard.EnvError) as info:
        envguard.load("vibelog", env="production", environ={})
    missing = {f.key for f in info.value.findings if f.rule == "missing-required"}
    assert {"NODE_ENV", "DATABASE_URL", "NEXTAUTH_SECRET", "OPENAI_API_KEY"} <= missing
    assert "STRIPE_SECRET_KEY" not in missing  # optional in the seed's schema


def test_environment_is_picked_from_variables() -> None:
    assert pick_environment(None, {"NODE_ENV": "staging"}) == "staging"
    assert pick_environment(None, {"ENVGUARD_ENV": "production", "NODE_ENV": "x"}) == "production"
    assert pick_environment(None, {"APP_ENV": "dev"}) == "dev"
    assert pick_environment(None, {"MY_ENV": "qa"}, env_var="MY_ENV") == "qa"
    assert pick_environment("explicit", {"NODE_ENV": "staging"}) == "explicit"
    assert pick_environment(None, {}) is None


def test_live_key_in_development_is_an_error() -> None:
    environ = env_of(EXAMPLES / ".env.development")
    environ["STRIPE_SECRET_KEY"] = stripe_key("sk", "live")
    with pytest.raises(envguard.EnvError, match="development expects test"):
        envguard.load("vibelog", environ=environ)


def test_files_layer_under_the_process_environment(tmp_path: Path) -> None:
    schema = tmp_path / "s.toml"
    schema.write_text("[vars.PORT]\ntype='port'\nrequired=true\n[vars.TTL]\ntype='duration'\n"
                      "default='30s'\n[vars.NAME]\n")
    base = tmp_path / ".env"
    base.write_text("PORT=80\nNAME=from-file\n")
    local = tmp_path / ".env.local"
    local.write_text("PORT=8080\n")
    settings = envguard.load(schema, files=[base, local], environ={"NAME": "from-process"})
    assert settings.PORT == 8080
    assert settings.NAME == "from-process"
    assert timedelta(seconds=30) == settings.TTL
    assert dict(settings) == {"PORT": 8080, "TTL": timedelta(seconds=30), "NAME": "from-process"}


class AppSettings(BaseModel):
    port: int
    api_token: SecretStr
    region: str = "eu"

    @field_validator("region")
    @classmethod
    def known_region(cls, value: str) -> str:
        if value not in ("eu", "us"):
            raise ValueError(f"unknown region {value}")  # echoes the input on purpose
        return value


def test_load_with_a_pydantic_model() -> None:
    settings = envguard.load(AppSettings, environ={"PORT": "8000", "API_TOKEN": "t0ps3cr3t-" * 3})
    assert isinstance(settings, AppSettings)
    assert settings.port == 8000


def test_pydantic_errors_hide_secret_values_and_keep_plain_ones() -> None:
    secret = stripe_key("sk", "live")  # secret by its shape, under a harmless name
    with pytest.raises(envguard.EnvError) as info:
        envguard.load(AppSettings, environ={"PORT": secret, "REGION": "production-mars"})
    text = str(info.value)
    assert secret[8:16] not in text and "input_value" not in text
    assert "unknown region production-mars" in text  # not secret: the message stays readable
    rules = {(f.key, f.rule) for f in info.value.findings}
    assert rules == {("PORT", "invalid-value"), ("API_TOKEN", "missing-required"),
                     ("REGION", "invalid-value")}


def test_load_with_pydantic_settings_prefix() -> None:
    from pydantic_settings import BaseSettings, SettingsConfigDict  # a test extra

    class Prefixed(BaseSettings):
        model_config = SettingsConfigDict(env_prefix="APP_")
        port: int

    assert envguard.load(Prefixed, environ={"APP_PORT": "81"}).port == 81


def test_a_secret_in_a_plain_variable_warns_where_load_is_called(tmp_path: Path) -> None:
    """The warning points at the caller's line (its stacklevel), carries the finding, and
    the value stays hidden in repr and str however the secrecy heuristics read it."""
    schema = tmp_path / "s.toml"
    schema.write_text("[vars.REGION]\n[vars.NAME]\n")
    secret = stripe_key("sk", "live", 40)
    with pytest.warns(envguard.EnvWarning) as caught:
        settings = envguard.load(schema, environ={"REGION": secret, "NAME": "app"})
    [warning] = caught
    assert warning.filename == __file__
    assert isinstance(warning.message, envguard.EnvWarning)
    finding = warning.message.finding
    assert (finding.rule, finding.key, finding.severity) == (
        "secret-in-plain-variable", "REGION", envguard.Severity.WARNING)
    for text in (repr(settings), str(settings), str(warning.message)):
        assert secret[8:] not in text and secret[12:20] not in text
    assert "NAME='app'" in repr(settings)


def test_only_declared_variables_warn_and_secret_ones_do_not(tmp_path: Path) -> None:
    """The process environment holds variables the application never reads: an undeclared
    one is check's business (unknown-key), not load()'s; a declared secret is no mistake."""
    schema = tmp_path / "s.toml"
    schema.write_text("[vars.NAME]\n[vars.PAYMENTS]\nsecret = true\n")
    environ = {"NAME": "app", "LEFTOVER": stripe_key("sk", "live", 40),
               "PAYMENTS": stripe_key("sk", "live", 40)}
    settings = envguard.load(schema, environ=environ)  # warnings are errors under pytest
    assert isinstance(settings.PAYMENTS, SecretStr)


def test_a_model_field_holding_a_secret_warns_too() -> None:
    class Plain(BaseModel):
        REGION: str

    secret = stripe_key("sk", "live", 40)
    with pytest.warns(envguard.EnvWarning, match="REGION is not declared secret"):
        model = envguard.load(Plain, environ={"REGION": secret})
    assert secret == model.REGION

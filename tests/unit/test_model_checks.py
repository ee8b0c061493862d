"""A model gets envguard's knowledge: named credentials, built-in variables, a schema too."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import pytest
from pydantic import SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

import envguard
from tests.conftest import Run
from tests.fakes import stripe_key, token


class Payments(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="APP_")
    billing_key: Annotated[SecretStr, envguard.credential("stripe.secret_key")]
    port: int = 8000


class Builtins(BaseSettings):
    stripe_secret_key: SecretStr
    openai_api_key: SecretStr | None = None
    database_url: str = "postgres://db.internal/app"


def _rules(exc: pytest.ExceptionInfo[envguard.EnvError]) -> set[tuple[str | None, str]]:
    return {(f.key, f.rule) for f in exc.value.findings}


def test_a_named_credential_gets_the_providers_mode_check() -> None:
    test_key = stripe_key("sk", "test")
    with pytest.raises(envguard.EnvError) as info:
        envguard.load(Payments, "production", environ={"APP_BILLING_KEY": test_key})
    assert _rules(info) == {("APP_BILLING_KEY", "wrong-mode")}
    assert test_key[8:] not in str(info.value)
    live = envguard.load(Payments, "production", environ={"APP_BILLING_KEY": stripe_key()})
    assert live.billing_key.get_secret_value().startswith("sk_live_")
    assert envguard.load(Payments, "development", environ={"APP_BILLING_KEY": test_key})


def test_a_malformed_named_credential_is_invalid() -> None:
    with pytest.raises(envguard.EnvError) as info:
        envguard.load(Payments, environ={"APP_BILLING_KEY": "sk_live_short"})
    assert _rules(info) == {("APP_BILLING_KEY", "invalid-value")}


def test_an_unknown_credential_id_is_an_input_error() -> None:
    class Typo(BaseSettings):
        key: Annotated[str, envguard.credential("stripe.secret_kee")]

    with pytest.raises(envguard.InputError, match="did you mean 'stripe-secret-key'"):
        envguard.load(Typo, environ={"KEY": "x"})


def test_fields_named_like_builtin_variables_get_their_checks() -> None:
    environ = {"STRIPE_SECRET_KEY": stripe_key("sk", "test"),
               "OPENAI_API_KEY": "sk-not-an-openai-key",
               "DATABASE_URL": "postgres://localhost:5432/app"}
    with pytest.raises(envguard.EnvError) as info:
        envguard.load(Builtins, "prod", environ=environ)
    assert _rules(info) == {("STRIPE_SECRET_KEY", "wrong-mode"),
                            ("OPENAI_API_KEY", "invalid-value"),
                            ("DATABASE_URL", "localhost-in-production")}
    # the same values are fine where test keys and localhost belong, except the malformed key
    with pytest.raises(envguard.EnvError) as info:
        envguard.load(Builtins, "development", environ=environ)
    assert _rules(info) == {("OPENAI_API_KEY", "invalid-value")}


def test_an_unknown_environment_for_a_model_is_refused() -> None:
    with pytest.raises(envguard.InputError, match="did you mean 'production'"):
        envguard.load(Builtins, "prodution", environ={"STRIPE_SECRET_KEY": stripe_key()})


MODEL = """
from typing import Annotated
from pydantic import SecretStr
from pydantic_settings import BaseSettings
import envguard

class Backend(BaseSettings):
    billing: Annotated[SecretStr, envguard.credential("stripe-secret-key")]
    database_url: str
"""


def test_check_model_alone_and_with_a_stack(run_envguard: Run, tmp_path: Path) -> None:
    (tmp_path / "backend_model.py").write_text(MODEL)
    test_key = stripe_key("sk", "test")
    (tmp_path / ".env.production").write_text(
        f"BILLING={test_key}\nDATABASE_URL=postgres://127.0.0.1/app\n")
    out = run_envguard(["check", ".env.production", "--model", "backend_model:Backend",
                        "--env", "production", "--format", "json"])
    assert out.returncode == 1, out.stderr
    assert '"wrong-mode"' in out.stdout and '"localhost-in-production"' in out.stdout
    assert test_key[8:] not in out.stdout + out.stderr
    both = run_envguard(["check", ".env.production", "--model", "backend_model:Backend",
                         "--stack", "vibelog", "--env", "production", "--format", "json"])
    assert both.returncode == 1, both.stderr
    # the stack's own requirements join the model's verdict
    assert '"missing-required"' in both.stdout and '"NEXTAUTH_SECRET"' in both.stdout
    assert '"wrong-mode"' in both.stdout and '"schema": "vibelog"' in both.stdout
    assert test_key[8:] not in both.stdout + both.stderr


def test_check_model_accepts_good_values(run_envguard: Run, tmp_path: Path) -> None:
    (tmp_path / "backend_model.py").write_text(MODEL)
    (tmp_path / ".env").write_text(
        f"BILLING={stripe_key()}\nDATABASE_URL=postgres://db.internal/{token(6)}\n")
    out = run_envguard(["check", ".env", "--model", "backend_model:Backend",
                        "--env", "production"])
    assert out.returncode == 0, out.stdout + out.stderr

"""Model errors never print a secret, and do not redact what is not secret.

Redaction is decided per value (a secret field's, a value named or shaped like a secret) and
applied to whole tokens: pydantic's ``input_value``, a validator quoting all or part of a
value, a ``Json[...]`` field whose keys come from a value (its ``loc``) all stay hidden; a
region or a port in the same message stays readable, and a short secret such as ``prod``
is hidden where it stands alone, not inside the word ``production``.
"""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import Json, SecretStr, field_validator
from pydantic_settings import BaseSettings

import envguard
from envguard.secrecy import scrub
from tests.fakes import ALNUM
from tests.strategies import key_material


class Leaky(BaseSettings):
    api_token: SecretStr
    cfg: Json[dict[str, int]] = {}  # type: ignore[assignment]
    region: str = "eu"
    port: int = 8000

    @field_validator("api_token")
    @classmethod
    def quote_the_token(cls, value: SecretStr) -> SecretStr:
        raw = value.get_secret_value()
        raise ValueError(f"bad token {raw} (starts {raw[:10]}, ends {raw[-9:]}, "
                         f"middle {raw[2:12]})")

    @field_validator("region")
    @classmethod
    def known_region(cls, value: str) -> str:
        if value not in ("eu", "us"):
            raise ValueError(f"unknown region {value}")
        return value


def _runs(secret: str, n: int = 8) -> set[str]:
    return {secret[i:i + n] for i in range(len(secret) - n + 1)}


def _printed(exc: envguard.EnvError) -> str:
    parts = [str(exc)] + [f"{f.message} {f.hint or ''} {f.extra}" for f in exc.findings]
    return "\n".join(parts)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(secret=key_material(ALNUM + "_-+/=.", min_size=12, max_size=80),
       region=st.sampled_from(["production-mars", "ap-south-9", "moon"]),
       port=st.sampled_from(["eighty", "80.5", "-"]))
def test_no_run_of_a_secret_in_any_model_error(secret: str, region: str, port: str) -> None:
    environ = {"API_TOKEN": secret, "CFG": f'{{"{secret[1:11]}": "x", "{secret[-10:]}": 1}}',
               "REGION": region, "PORT": port}
    try:
        envguard.load(Leaky, environ=environ)
    except envguard.EnvError as exc:
        text = _printed(exc)
        keys = {f.key for f in exc.findings}
    else:
        raise AssertionError("the model accepted a value its validator refuses")
    leaked = [run for run in _runs(secret) if run in text]
    assert not leaked, leaked
    assert "input_value" not in text
    assert f"unknown region {region}" in text  # not secret: shown as written
    assert keys >= {"API_TOKEN", "CFG", "REGION", "PORT"}


class Deploy(BaseSettings):
    db_password: str
    stage: str

    @field_validator("stage")
    @classmethod
    def known_stage(cls, value: str) -> str:
        raise ValueError(f"stage {value} is not production, nor prod-like")


def test_a_short_secret_is_hidden_as_a_whole_token_only() -> None:
    try:
        envguard.load(Deploy, environ={"DB_PASSWORD": "prod", "STAGE": "prod"})
    except envguard.EnvError as exc:
        text = str(exc)
    else:
        raise AssertionError("the model accepted a value its validator refuses")
    # "prod" is the password: hidden where it stands alone, never garbling "production"
    assert "production" in text and "prod-like" not in text
    assert not re.search(r"(?<![A-Za-z0-9])prod(?![A-Za-z0-9])", text), text
    assert "…[redacted]uction" not in text


@given(secret=st.text(alphabet=ALNUM, min_size=1, max_size=7),
       word=st.sampled_from(["production", "products", "reproduce"]))
def test_scrub_leaves_words_that_merely_contain_a_short_secret(secret: str, word: str) -> None:
    text = f"{word} {secret}; {word}"
    out = scrub(text, secrets=[secret])
    assert not re.search(rf"(?<![A-Za-z0-9]){re.escape(secret)}(?![A-Za-z0-9])", out)
    if secret not in word:
        assert out.count(word) == 2


def test_scrub_does_not_redact_values_that_are_not_passed_as_secrets() -> None:
    assert scrub("unknown region production-mars", secrets=["s3cr3t-value-1234"]) == \
        "unknown region production-mars"

"""``load(Model)`` on pydantic-settings classes, with pydantic-settings itself as the oracle.

Each row is a settings class and the variables a user would set. pydantic-settings reads
them from the real environment (monkeypatch) and, separately, from a ``.env`` file it is
given; envguard gets the same values as ``environ=`` and as ``files=``. The two must agree
on ``model_dump()``, or both refuse the input. Aliases, prefixes, nested delimiters, JSON
for complex types, case rules, ``env_ignore_empty`` and ``env_parse_none_str`` are all
pydantic-settings' own behaviour: envguard feeds its env source rather than copying it.
"""

from __future__ import annotations

import enum
import os
from pathlib import Path
from typing import Any, Literal

import pytest
from pydantic import AliasChoices, BaseModel, Field, SecretStr, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict, SettingsError

import envguard


class Sub(BaseModel):
    port: int = 5432
    host: str = "db"
    tags: list[str] = []


class Colour(enum.Enum):
    RED = "red"
    BLUE = "blue"


class Plain(BaseSettings):
    egx_port: int = 8000
    egx_name: str
    egx_debug: bool = False


class Prefixed(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="EGX_")
    port: int
    name: str = "app"


class CaseSensitive(BaseSettings):
    model_config = SettingsConfigDict(case_sensitive=True)
    EgxMode: str = "a"
    egx_mode: str = "b"


class Aliased(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="IGNORED_")
    url: str = Field(validation_alias="EGX_DATABASE_URL")
    token: str = Field("none", validation_alias=AliasChoices("EGX_TOKEN", "EGX_LEGACY_TOKEN"))
    plain_alias: int = Field(0, alias="EGX_COUNT")


class Complex(BaseSettings):
    egx_hosts: list[str] = []
    egx_limits: dict[str, int] = {}
    egx_ports: set[int] = set()
    egx_maybe: list[int] | None = None


class Nested(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="EGX_", env_nested_delimiter="__")
    db: Sub = Sub()
    name: str = "n"


class NestedMaxSplit(BaseSettings):
    model_config = SettingsConfigDict(env_nested_delimiter="_", env_nested_max_split=1,
                                      env_prefix="EGX_")
    db: dict[str, str] = {}


class NoneAndEmpty(BaseSettings):
    model_config = SettingsConfigDict(env_parse_none_str="null", env_ignore_empty=True)
    egx_limit: int | None = 3
    egx_label: str = "default"


class EmptyKept(BaseSettings):
    egx_label: str = "default"
    egx_note: str | None = None


class Kinds(BaseSettings):
    egx_colour: Colour = Colour.RED
    egx_level: Literal["low", "high"] = "low"
    egx_secret: SecretStr = SecretStr("unset")
    egx_ratio: float = 1.0


ROWS: list[tuple[str, type[BaseSettings], dict[str, str]]] = [
    ("plain", Plain, {"EGX_NAME": "svc", "EGX_PORT": "81", "EGX_DEBUG": "yes"}),
    ("plain-lower-case-keys", Plain, {"egx_name": "svc", "Egx_Port": "82"}),
    ("prefix", Prefixed, {"EGX_PORT": "9000", "EGX_NAME": "api"}),
    ("prefix-unprefixed-ignored", Prefixed, {"EGX_PORT": "1", "NAME": "nope"}),
    ("case-sensitive", CaseSensitive, {"EgxMode": "x", "egx_mode": "y"}),
    ("case-sensitive-wrong-case", CaseSensitive, {"EGXMODE": "x", "EGX_MODE": "y"}),
    ("validation-alias", Aliased, {"EGX_DATABASE_URL": "postgres://h/db"}),
    ("alias-choices-second", Aliased, {"EGX_DATABASE_URL": "u", "EGX_LEGACY_TOKEN": "old"}),
    ("alias-choices-both", Aliased, {"EGX_DATABASE_URL": "u", "EGX_TOKEN": "new",
                                     "EGX_LEGACY_TOKEN": "old"}),
    ("alias-no-prefix", Aliased, {"EGX_DATABASE_URL": "u", "EGX_COUNT": "4",
                                  "IGNORED_URL": "x"}),
    ("json-list-dict-set", Complex, {"EGX_HOSTS": '["a.example", "b.example"]',
                                     "EGX_LIMITS": '{"rps": 5, "burst": 10}',
                                     "EGX_PORTS": "[80, 443, 80]"}),
    ("json-optional-list", Complex, {"EGX_MAYBE": "[1, 2]"}),
    ("nested-delimiter", Nested, {"EGX_DB__PORT": "6543", "EGX_DB__HOST": "replica"}),
    ("nested-json-then-field", Nested, {"EGX_DB": '{"host": "j", "port": 1}',
                                        "EGX_DB__PORT": "2"}),
    ("nested-json-list-inside", Nested, {"EGX_DB__TAGS": '["x", "y"]', "egx_name": "low"}),
    ("nested-max-split", NestedMaxSplit, {"EGX_DB_READ_ONLY": "1", "EGX_DB_HOST": "h"}),
    ("parse-none-str", NoneAndEmpty, {"EGX_LIMIT": "null"}),
    ("ignore-empty", NoneAndEmpty, {"EGX_LIMIT": "", "EGX_LABEL": ""}),
    ("empty-kept", EmptyKept, {"EGX_LABEL": "", "EGX_NOTE": ""}),
    ("enum-literal-secret", Kinds, {"EGX_COLOUR": "blue", "EGX_LEVEL": "high",
                                    "EGX_SECRET": "hunter22", "EGX_RATIO": "0.25"}),
    # refused by both
    ("bad-int", Prefixed, {"EGX_PORT": "eighty"}),
    ("bad-json", Complex, {"EGX_HOSTS": "a.example,b.example"}),
    ("missing-required", Plain, {"EGX_PORT": "1"}),
    ("bad-literal", Kinds, {"EGX_LEVEL": "medium"}),
]


def _oracle(model: type[BaseSettings], **kwargs: Any) -> dict[str, Any] | None:
    try:
        return model(**kwargs).model_dump()
    except (ValidationError, SettingsError):
        return None


def _envguard(model: type[BaseSettings], **kwargs: Any) -> dict[str, Any] | None:
    try:
        return envguard.load(model, **kwargs).model_dump()
    except envguard.EnvError:
        return None


@pytest.fixture
def clean_environ(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in list(os.environ):
        if name.upper().startswith(("EGX", "IGNORED_", "NAME")):
            monkeypatch.delenv(name)
    return monkeypatch


@pytest.mark.parametrize(("name", "model", "values"), ROWS, ids=[r[0] for r in ROWS])
def test_same_result_as_pydantic_settings_from_the_environment(
        name: str, model: type[BaseSettings], values: dict[str, str],
        clean_environ: pytest.MonkeyPatch) -> None:
    with clean_environ.context() as patch:
        for key, value in values.items():
            patch.setenv(key, value)
        expected = _oracle(model, _env_file=None)
    # the oracle must not agree only because both sides fail
    assert (expected is None) == name.startswith(("bad-", "missing-"))
    assert _envguard(model, environ=values) == expected


#: Rows whose file holds a variable the class does not read. pydantic-settings' dotenv
#: source refuses those (``extra_forbidden``, BaseSettings' default ``extra``); envguard does
#: not, by design: one .env file serves several services, and unknown variables are
#: envguard's own findings (``check``), not a startup failure. There envguard must agree with
#: pydantic-settings reading the same values from the environment.
FILE_EXTRAS = {"case-sensitive-wrong-case", "alias-no-prefix"}


@pytest.mark.parametrize(("name", "model", "values"), ROWS, ids=[r[0] for r in ROWS])
def test_same_result_as_pydantic_settings_from_a_dotenv_file(
        name: str, model: type[BaseSettings], values: dict[str, str], tmp_path: Path,
        clean_environ: pytest.MonkeyPatch) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("".join(f"{key}='{value}'\n" for key, value in values.items()))
    try:
        expected = model(_env_file=env_file).model_dump()
    except ValidationError as exc:
        types = {e["type"] for e in exc.errors()}
        assert (types == {"extra_forbidden"}) == (name in FILE_EXTRAS), types
        with clean_environ.context() as patch:
            for key, value in values.items():
                patch.setenv(key, value)
            expected = _oracle(model, _env_file=None)
    except SettingsError:
        expected = None
    assert _envguard(model, files=[env_file], environ={}) == expected


class OwnEnvFile(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_prefix="EGX_")
    port: int = 1


def test_the_models_own_env_file_is_not_read(tmp_path: Path,
                                             clean_environ: pytest.MonkeyPatch) -> None:
    (tmp_path / ".env").write_text("EGX_PORT=7777\n")
    clean_environ.chdir(tmp_path)
    assert OwnEnvFile().port == 7777  # pydantic-settings reads it behind the caller's back
    assert envguard.load(OwnEnvFile, environ={}).port == 1
    passed = tmp_path / "given.env"
    passed.write_text("EGX_PORT=8888\n")
    assert envguard.load(OwnEnvFile, files=[passed], environ={}).port == 8888


def test_environ_is_hermetic(clean_environ: pytest.MonkeyPatch) -> None:
    clean_environ.setenv("EGX_PORT", "1111")
    clean_environ.setenv("EGX_NAME", "from-os")
    settings = envguard.load(Prefixed, environ={"EGX_PORT": "2222"})
    assert (settings.port, settings.name) == (2222, "app")
    with pytest.raises(envguard.EnvError) as info:
        envguard.load(Prefixed, environ={})
    assert [(f.key, f.rule) for f in info.value.findings] == [("EGX_PORT", "missing-required")]


def test_findings_name_the_variable_the_user_set(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("EGX_DB__PORT=not-a-port\nEGX_LEGACY_TOKEN=x\n")
    with pytest.raises(envguard.EnvError) as info:
        envguard.load(Nested, files=[env_file], environ={})
    (finding,) = info.value.findings
    assert finding.key == "EGX_DB__PORT" and finding.origin is not None
    assert finding.origin.line == 1 and "(at port)" in finding.message
    with pytest.raises(envguard.EnvError) as info:
        envguard.load(Aliased, environ={"EGX_LEGACY_TOKEN": "x"})
    assert [f.key for f in info.value.findings] == ["EGX_DATABASE_URL"]
    with pytest.raises(envguard.EnvError) as info:
        envguard.load(Complex, environ={"EGX_HOSTS": "a,b"})
    (finding,) = info.value.findings
    assert finding.key == "EGX_HOSTS" and "not valid JSON" in finding.message

"""Issue 13: pydantic and user-code text, load() reprs, and init's examples never leak."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

import envguard
from envguard.findings import EnvError
from tests.conftest import Run
from tests.fakes import ALNUM, token


def _secret(seed: int) -> str:
    return "sk_live_" + token(40, ALNUM, random.Random(seed))


def assert_hidden(text: str, secret: str) -> None:
    material = secret.removeprefix("sk_live_")
    for i in range(len(material) - 7):
        assert material[i:i + 8] not in text, f"{material[i:i + 8]!r} leaked"


IMPORT_TIME = """
from pydantic_settings import BaseSettings
class Settings(BaseSettings):
    api_port: int
settings = Settings()
"""

VALIDATORS = """
from pydantic import Json, field_validator
from pydantic_settings import BaseSettings
class Settings(BaseSettings):
    api_key: str
    cfg: Json[dict[str, int]] = {}
    @field_validator("api_key")
    @classmethod
    def check(cls, value: str) -> str:
        raise ValueError(f"bad key near {value[6:30]}")
"""


def test_model_built_at_import_time_does_not_print_input_value(run_envguard: Run,
                                                               tmp_path: Path) -> None:
    secret = _secret(1)
    (tmp_path / "leaky_import.py").write_text(IMPORT_TIME)
    (tmp_path / ".env").write_text("A=1\n")
    out = run_envguard(["check", ".env", "--model", "leaky_import:Settings"],
                       env={"API_PORT": secret})
    assert out.returncode == 2
    assert "cannot import" in out.stderr
    assert_hidden(out.stdout + out.stderr, secret)


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github", "markdown"])
def test_validator_messages_and_json_keys_are_scrubbed(run_envguard: Run, tmp_path: Path,
                                                       fmt: str) -> None:
    secret = _secret(2)
    (tmp_path / "leaky_validators.py").write_text(VALIDATORS)
    (tmp_path / ".env").write_text(f'API_KEY={secret}\nCFG=\'{{"{secret[8:30]}": "x"}}\'\n')
    out = run_envguard(["check", ".env", "--model", "leaky_validators:Settings",
                        "--format", fmt])
    assert "invalid-value" in out.stdout
    assert_hidden(out.stdout + out.stderr, secret)


def test_settings_repr_hides_a_secret_shaped_value_under_a_plain_name(tmp_path: Path) -> None:
    secret = _secret(3)
    schema = tmp_path / "s.toml"
    schema.write_text('[stack]\nname = "s"\n[vars.NOTIFY_TARGET]\nsecret = false\n'
                      "[vars.GREETING]\n")
    with pytest.warns(envguard.EnvWarning, match="secret-in-plain-variable: NOTIFY_TARGET"):
        settings = envguard.load(schema, environ={"NOTIFY_TARGET": secret,
                                                  "GREETING": "hello"})
    assert_hidden(repr(settings), secret)
    assert "'hello'" in repr(settings)
    webhook = ("https://hooks.slack.com/services/T0123456789/B0123456789/"
               + token(24, ALNUM, random.Random(4)))
    with pytest.warns(envguard.EnvWarning, match="NOTIFY_TARGET"):  # a Slack webhook
        settings = envguard.load(schema, environ={"NOTIFY_TARGET": webhook})
    assert webhook.rsplit("/", 1)[1] not in repr(settings)


def test_secret_in_a_plain_variable_is_a_finding(run_envguard: Run, tmp_path: Path) -> None:
    secret = _secret(5)
    (tmp_path / "s.toml").write_text('[stack]\nname = "s"\ninclude = ["stripe"]\n'
                                     "[vars.NOTIFY_TARGET]\nsecret = false\n")
    (tmp_path / ".env").write_text(f"NOTIFY_TARGET={secret}\n")
    out = run_envguard(["check", ".env", "--schema", "s.toml", "--format", "json"])
    assert "secret-in-plain-variable" in out.stdout
    assert_hidden(out.stdout + out.stderr, secret)


def test_load_error_text_is_scrubbed(tmp_path: Path) -> None:
    secret = _secret(6)
    schema = tmp_path / "s.toml"
    schema.write_text('[stack]\nname = "s"\n[vars.PORT]\ntype = "port"\nrequired = true\n')
    with pytest.raises(EnvError) as err:
        envguard.load(schema, environ={"PORT": secret})
    assert_hidden(str(err.value), secret)


def test_init_never_copies_a_secret_shaped_example(run_envguard: Run, tmp_path: Path) -> None:
    value = token(40, ALNUM, random.Random(7))
    comment_secret = _secret(8)
    (tmp_path / ".env.example").write_text(
        f"# the webhook, e.g. {comment_secret}\nNOTIFY_TARGET={value}\nGREETING=hello\n")
    out = run_envguard(["init", ".env.example", "-o", "schema.toml"])
    assert out.returncode == 0, out.stderr
    written = (tmp_path / "schema.toml").read_text()
    for i in range(len(value) - 7):
        assert value[i:i + 8] not in written
    assert_hidden(written, comment_secret)
    assert 'example = "hello"' in written
    for command in (["explain", "NOTIFY_TARGET", "--schema", "schema.toml"],
                    ["example", "--schema", "schema.toml"]):
        shown = run_envguard(command)
        assert value[:8] not in shown.stdout + shown.stderr


def test_load_warns_of_a_secret_in_a_plain_variable_as_check_reports_it(
        run_envguard: Run, tmp_path: Path) -> None:
    """One rule, one definition: load() and ``envguard check`` read the same file and
    agree on the finding (rule, key, message), and neither prints the key."""
    import json

    secret = _secret(9)
    (tmp_path / "s.toml").write_text('[stack]\nname = "s"\n[vars.REGION]\n[vars.PORT]\n'
                                     'type = "port"\n')
    (tmp_path / ".env").write_text(f"REGION={secret}\nPORT=8080\n")
    out = run_envguard(["check", ".env", "--schema", "s.toml", "--format", "json"])
    assert out.returncode == 0, out.stderr
    checked = {(f["rule"], f["key"], f["message"]) for f in json.loads(out.stdout)["findings"]
               if f["rule"] == "secret-in-plain-variable"}
    with pytest.warns(envguard.EnvWarning) as caught:
        settings = envguard.load(tmp_path / "s.toml", files=[tmp_path / ".env"], environ={})
    loaded = {(w.message.finding.rule, w.message.finding.key, w.message.finding.message)
              for w in caught if isinstance(w.message, envguard.EnvWarning)}
    assert loaded == checked == {("secret-in-plain-variable", "REGION",
                                  "REGION is not declared secret but holds a secret credential "
                                  "(sk_live_…[redacted])")}
    assert secret == settings.REGION  # the application still gets its value
    assert_hidden(out.stdout + out.stderr + repr(settings) + str(settings), secret)

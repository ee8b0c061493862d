"""No output format, exception or repr ever contains a secret value."""

from __future__ import annotations

import functools
import json
import random
import string
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings

import envguard
from envguard.findings import Result
from envguard.model import EnvSet, EnvVar, Origin
from envguard.reporters import get_reporter
from envguard.schema.loader import load_schema
from envguard.secrecy import REDACTED, redact
from envguard.sources.dotenv import parse_dotenv_text
from envguard.validate import check_env
from tests.strategies import key_material

SECRETS = key_material(string.ascii_letters + string.digits + "_-+/=.~!@%^*", 12, 80)

SCHEMA = """
[stack]
name = "leaky"
include = ["stripe"]
[vars.API_SECRET]
type = "int"
secret = true
required = true
[vars.SESSION_SECRET]
secret = true
min_length = 200
[vars.DB_PASSWORD]
secret = true
prefix = "never-"
[vars.DATABASE_URL]
type = "https_url"
[vars.STRIPE_SECRET_KEY]
required = true
"""


@functools.lru_cache(maxsize=1)
def leaky_schema() -> envguard.Schema:
    path = Path(tempfile.mkdtemp()) / "leaky.toml"
    path.write_text(SCHEMA)
    return load_schema(path)


def _env_text(secret: str) -> str:
    return (
        f'API_SECRET="{secret}"\n'
        f'SESSION_SECRET="{secret}"\n'
        f'DB_PASSWORD="{secret}"\n'
        f'DATABASE_URL="postgres://admin:{secret}@db.example.com/app"\n'
        f'STRIPE_SECRET_KEY="sk_test_{secret}"\n'
        f'NEXT_PUBLIC_SESSION_SECRET="{secret}"\n'
        f'UNKNOWN_TOKEN="{secret}"\n'
        f'API_SECRET="{secret}"\n'
    )


@settings(max_examples=150, deadline=None)
@given(SECRETS)
def test_reports_never_contain_a_secret(secret: str) -> None:
    schema = leaky_schema()
    read = parse_dotenv_text(_env_text(secret).replace('"', "'"), ".env.production")
    result = check_env(read.vars, schema, "production", reading_findings=read.findings)
    assert result.findings, "the schema is built so that every variable has a problem"
    for fmt in ("text", "json"):
        assert secret not in get_reporter(fmt)(result, False)
    assert secret not in repr(result.findings)
    assert secret not in repr(EnvSet(read.vars))
    assert secret not in repr(read.vars)


@settings(max_examples=100, deadline=None)
@given(SECRETS)
def test_redact_never_returns_the_value(secret: str) -> None:
    shown = redact(secret)
    assert secret not in shown
    assert REDACTED in shown


@settings(max_examples=100, deadline=None)
@given(SECRETS)
def test_env_error_never_contains_a_secret(secret: str) -> None:
    schema = leaky_schema()
    env = {"API_SECRET": secret, "SESSION_SECRET": secret, "DB_PASSWORD": secret,
           "DATABASE_URL": f"postgres://u:{secret}@h/db", "STRIPE_SECRET_KEY": f"sk_live_{secret}",
           "NODE_ENV": "production"}
    with pytest.raises(envguard.EnvError) as info:
        envguard.load(Path(schema.source), environ=env)
    assert secret not in str(info.value)
    assert secret not in repr(info.value.findings)


def test_redaction_keeps_a_useful_prefix() -> None:
    assert redact("sk_live_" + "a1B2c3D4e5" * 5) == "sk_live_" + REDACTED
    assert redact("postgres://admin:hunter2hunter2@db.example.com:5432/app") == (
        "postgres://admin:" + REDACTED + "@db.example.com:5432"
    )
    assert redact("short") == REDACTED


def test_envvar_repr_and_format_hide_secret() -> None:
    var = EnvVar("X", "sk_live_" + "Zq9" * 20, Origin(".env", 3), secret=True)
    for text in (repr(var), str(var), f"{var}", json.dumps(str(var))):
        assert "Zq9Zq9" not in text


def test_json_report_has_documented_shape() -> None:
    schema = leaky_schema()
    read = parse_dotenv_text("API_SECRET=abc\n", ".env")
    result: Result = check_env(read.vars, schema, "production")
    doc = json.loads(get_reporter("json")(result, False))
    assert set(doc) == {"findings", "summary"}
    for finding in doc["findings"]:
        assert {"rule", "severity", "file", "line", "key", "message"} <= set(finding)
        assert finding["severity"] in ("error", "warning", "info")
    assert doc["summary"]["errors"] == result.count(envguard.Severity.ERROR)


# -- shapes the hypothesis leak test found (tests/cli/test_leaks_everywhere.py) -------------
def test_key_material_in_the_key_position_hex_and_leading_digit() -> None:
    from envguard.secrecy import is_key_material

    rng = random.Random(3)
    hexkey = "".join(rng.choice("0123456789abcdef") for _ in range(32))
    assert is_key_material(hexkey) and is_key_material(hexkey.upper())
    assert is_key_material("31662791321278168018" + "gJIEgapyfWwEBsmd")
    for name in ("NEXT_PUBLIC_SUPABASE_ANON_KEY", "nextPublicSupabaseAnonKey", "DEADBEEF_TOKEN",
                 "sha256_checksum_value", "X1"):
        assert not is_key_material(name), name


HELD_OUT_NAMES = Path(__file__).resolve().parents[1] / "fixtures" / "identifiers" / \
    "typescript-lib.txt"


def test_mixed_case_tokens_are_key_material_and_camel_case_names_are_not() -> None:
    """A random mixed-case token with few or no digits reads like a camelCase name to a
    count of short words; its letters' order does not (benchmarks/name_bigrams.py). Fresh
    tokens are hidden nearly always, and TypeScript's own names, which the letter-pair
    table never saw, are kept nearly always (measured: 99.6%)."""
    from envguard.secrecy import is_key_material

    rng = random.Random()

    def tokens(alphabet: str, low: int, high: int) -> list[str]:
        return ["".join(rng.choice(alphabet) for _ in range(rng.randint(low, high)))
                for _ in range(2000)]

    # (tokens, the share that may still be shown): a short token has few letter pairs to
    # judge (16-23 letters: 1.9% shown when measured; 24-48: 0.02%)
    for drawn, allowed in ((tokens(string.ascii_letters, 24, 48), 0.005),
                           (tokens(string.ascii_letters * 12 + string.digits, 24, 48), 0.005),
                           (tokens(string.ascii_letters, 16, 23), 0.05)):
        shown = [t for t in drawn if not is_key_material(t)]
        assert len(shown) <= allowed * len(drawn), shown[:5]
    names = [n for n in HELD_OUT_NAMES.read_text().split("\n") if n and not n.startswith("#")]
    assert len(names) > 4000
    hidden = [n for n in names if is_key_material(n)]
    assert len(hidden) <= len(names) // 200, hidden[:10]


def test_a_short_password_with_a_symbol_is_secret_whatever_its_entropy() -> None:
    from envguard.secrecy import looks_secret_by_value

    assert looks_secret_by_value("zZcb#16P1Bv16")
    assert looks_secret_by_value("Qw!9rt$Zx1aa")
    for plain in ("v1.2.3-beta", "release-2024-x", "ABC#DEF#GHI#1"):
        assert not looks_secret_by_value(plain), plain


def test_token_shaped_values_are_not_shown_where_no_one_needs_them() -> None:
    from envguard.flags.values import shown
    from envguard.secrecy import is_token_shaped

    rng = random.Random(4)
    hexkey = "".join(rng.choice("0123456789abcdef") for _ in range(32))
    assert is_token_shaped(hexkey) and hexkey[:8] not in shown("ENABLE_BETA", hexkey)
    assert shown("ROLLOUT", "variant-a") == "variant-a"
    assert not is_token_shaped("gradual rollout 2") and not is_token_shaped("abcdefghijklmnopq")


def test_a_path_keeps_its_words_and_loses_its_key_material() -> None:
    from envguard.secrecy import shown_path
    from tests import fakes

    for path in ("examples/vibelog/mistakes/.env.production",
                 "migrations/20240115123456_create_users.sql", "dist/chunk-5f3d2a1b9c8e7f6a.js",
                 "src/components/UserProfileCardComponent.tsx",
                 "/tmp/pytest-of-root/pytest-8/test_an_invalid_environment_do0/x.env",
                 "C:\\Users\\me\\AppData\\Local\\Temp\\tmpa8x9k2lq\\.env"):
        assert shown_path(path) == path
    key = fakes.stripe_key()
    assert shown_path(f"secrets/{key}.env") == "secrets/sk_live_…[redacted].env"
    # an AWS key id's body alone: one case, base32, few vowels. 16 characters are too few
    # to hide every one without hiding real names (0 of 196,548 file names under this
    # machine's Python, node_modules, /usr/share and /usr/lib were when this was measured)
    bodies = [fakes.token(16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") for _ in range(400)]
    assert sum(body not in shown_path(f"{body}.env") for body in bodies) >= 0.65 * 400
    for words in ("CHANGELOG_2024_RELEASES.md", "HTTP2SERVERPUSHES.txt", "XMLHTTPREQUEST16.js"):
        assert shown_path(words) == words
    token = fakes.token(40)
    assert token not in shown_path(f"{token}/app.py") and shown_path(f"{token}/app.py").endswith(
        "/app.py")



def test_a_long_key_holding_a_short_stand_in_mark_by_chance_is_still_a_key() -> None:
    """One in ten thousand random 100-character keys holds ``xXxX`` or ``fake``: found by
    the hypothesis leak test as a Stripe key that was ignored as a placeholder."""
    from envguard.secrecy import is_stand_in
    from tests import fakes

    body = fakes.token(90, fakes.ALNUM)
    for mark in ("xxXX", "Fake", "abcdefg", "1234567"):
        assert not is_stand_in(f"sk_live_{body[:40]}{mark}{body[40:]}"), mark
        assert not is_stand_in(f"sk_live_{body}{mark}"), mark
    for stand_in in ("sk_live_" + "x" * 40, "sk_test_fake_" + body, "sk_live_51Hxxxx",
                     "AKIAXXXXXXXXXXXXXXXX", "sk_live_" + "0" * 40, "ghp_" + "X" * 36):
        assert is_stand_in(stand_in), stand_in

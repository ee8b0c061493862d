"""Issue 13: secret-shaped values with spaces or in URLs, and the safe prefix of redact()."""

from __future__ import annotations

import random
import re
import string
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from envguard import _toml
from envguard.model import EnvVar, Origin
from envguard.secrecy import (
    KNOWN_PREFIXES,
    REDACTED,
    is_key_material,
    looks_secret_by_value,
    redact,
    redact_key,
    scrub,
)
from tests.fakes import ALNUM, URLSAFE, token

ROOT = Path(__file__).resolve().parents[2]
ORIGIN = Origin(".env", 1)


def _values() -> dict[str, str]:
    rng = random.Random(13)
    t = lambda n, a=ALNUM: token(n, a, rng)  # noqa: E731
    digits = string.digits
    return {
        "bearer": f"Bearer {t(40, URLSAFE)}",
        "basic": f"Basic {t(32)}==",
        "slack": f"https://hooks.slack.com/services/T{t(10, digits)}/B{t(10, digits)}/{t(24)}",
        "discord": f"https://discord.com/api/webhooks/{t(18, digits)}/{t(68, URLSAFE)}",
        "s3": (f"https://bucket.s3.amazonaws.com/report.csv?X-Amz-Algorithm=AWS4-HMAC-SHA256"
               f"&X-Amz-Credential=AKIA{t(16, string.ascii_uppercase)}%2F20250101"
               f"&X-Amz-Signature={t(64, '0123456789abcdef')}"),
    }


def test_whitespace_and_url_values_are_secret_shaped_and_redacted() -> None:
    for kind, value in _values().items():
        assert looks_secret_by_value(value), kind
        shown = EnvVar("NOTIFY_TARGET", value, ORIGIN, secret=False).display
        assert REDACTED in shown
        material = value.split("/", 3)[-1] if "://" in value else value.split()[1]
        for i in range(len(material) - 7):
            assert material[i:i + 8] not in shown, kind
        if "://" in value:
            host = value.split("/")[2]
            assert shown.startswith(f"https://{host}/")


def test_plain_values_stay_visible() -> None:
    for value in ("https://example.com/docs/getting-started", "correct horse battery staple",
                  "The internationalization framework", "https://api.example.com/v1?page=2"):
        assert not looks_secret_by_value(value), value


@settings(max_examples=300)
@given(st.text(alphabet=URLSAFE, min_size=24, max_size=64))
def test_redact_keeps_no_prefix_of_a_random_token(value: str) -> None:
    shown = redact(value)
    kept = shown.removesuffix(REDACTED)
    assert kept == "" or any(value.startswith(p) and kept == p for p in KNOWN_PREFIXES)


def test_redact_keeps_no_first_word_of_a_passphrase() -> None:
    assert redact("correct-horse-battery-staple") == REDACTED
    assert redact("mUtWzBmd_jK-" + "a1B2c3D4e5F6g7H8") == REDACTED
    assert redact("sk_live_" + token(30)) == "sk_live_" + REDACTED


def test_known_prefixes_cover_every_provider_prefix() -> None:
    missing = set()
    for path in sorted((ROOT / "schemas" / "providers").glob("*.toml")):
        doc = _toml.load_toml(path)
        for fmt in doc.get("credentials", {}).values():
            for keyword in fmt.get("keywords", []):
                literal = re.fullmatch(r"[A-Za-z][A-Za-z0-9_.-]*[_.-]", keyword)
                if literal and keyword not in KNOWN_PREFIXES:
                    missing.add(keyword)
    assert not missing, f"add to secrecy.KNOWN_PREFIXES: {sorted(missing)}"


def test_key_material_and_names() -> None:
    rng = random.Random(2)
    for _ in range(50):
        assert is_key_material(token(64, ALNUM + "+/", rng))
    for name in ("NEXT_PUBLIC_SUPABASE_ANON_KEY", "MyVeryLongVariableName", "spring.datasource.url",
                 "OTEL_EXPORTER_OTLP_ENDPOINT", "featureFlagEnableNewCheckoutFlowV2"):
        assert not is_key_material(name) and redact_key(name) == name


def test_scrub_redacts_runs_of_inputs_and_token_words() -> None:
    secret = "sk_live_" + token(30)
    text = f"bad value {secret[10:22]!r} [type=value_error, input_value='{secret}']"
    out = scrub(text, [secret])
    for i in range(len(secret) - 7):
        assert secret[i:i + 8] not in out
    assert "type=value_error" in out

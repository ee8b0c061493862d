"""The shared vocabularies: numbers, environments and credential identification mean the
same to every caller."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from envguard import environments
from envguard.numbers import is_integer, is_number
from envguard.schema.credentials import identify, matches
from envguard.schema.loader import builtin_credentials
from tests import fakes


@given(st.text(alphabet="0123456789+-.eE _٣x", max_size=12))
def test_numbers_are_what_every_loader_reads_as_numbers(text: str) -> None:
    """Whatever envguard calls a number Python reads as one (and so do JavaScript's
    ``Number()`` and zod's coercion: ASCII digits, sign, point, exponent only)."""
    if is_integer(text):
        assert int(text) == float(text) and is_number(text)
    if is_number(text):
        assert not math.isnan(float(text))  # 1e999 overflows to inf, as in JavaScript
        assert text.isascii() and "_" not in text and " " not in text


@pytest.mark.parametrize("text", ["1_000", "٣", "0x1F", "inf", "nan", "1e", "", " 1", "--1"])
def test_not_numbers(text: str) -> None:
    assert not is_number(text)


@pytest.mark.parametrize("text", ["0", "-7", "+3", "3.14", ".5", "2.", "1e-3", "6.02E23"])
def test_numbers(text: str) -> None:
    assert is_number(text)


def test_one_set_of_live_environments_for_every_feature() -> None:
    from envguard.flags.policy import DEFAULT_PRODUCTION
    from envguard.schema.model import Schema

    assert Schema("x").live_environments == DEFAULT_PRODUCTION == environments.LIVE_ENVIRONMENTS
    assert environments.is_live("prod") and not environments.is_live("staging")
    assert environments.is_local(None) and environments.is_local("dev")


def test_identify_prefers_the_provider_the_name_mentions() -> None:
    credentials = builtin_credentials()
    key = fakes.stripe_key("sk", "live")
    stripe = identify(key, credentials, "STRIPE_SECRET_KEY")
    assert stripe is not None and stripe.provider == "stripe" and matches(stripe, key)
    assert stripe.mode_of(key) == "live"
    assert identify("https://example.com/x", credentials) is None  # not distinctive
    assert identify(fakes.stripe_key("pk", "test"), credentials, secret_only=True) is None

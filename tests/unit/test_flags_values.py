"""Value normalisation: boolean idioms, spellings, typed flags, safe display."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from envguard.flags.spec import FlagSpec
from envguard.flags.values import (
    infer_type,
    json_value,
    read_value,
    show,
    shown,
    spelling_family,
)
from envguard.schema.types import FALSE_WORDS, TRUE_WORDS
from tests.fakes import stripe_key, token

STRICT = FlagSpec("F")
ON = FlagSpec("F", semantics="default-on", default=True)
OFF = FlagSpec("F", semantics="default-off", default=False)
TRUTHY = FlagSpec("F", semantics="truthy", default=False)

# The table in the flags facts doc: unset, "false", "False", "0", "no", "true", "TRUE", "1", "yes"
IDIOM_TABLE = [
    (ON, [True, False, True, True, True, True, True, True, True]),
    (OFF, [False, False, False, False, False, True, False, False, False]),
    (TRUTHY, [False, True, True, True, True, True, True, True, True]),
]
SPELLINGS = [None, "false", "False", "0", "no", "true", "TRUE", "1", "yes"]


@pytest.mark.parametrize(("spec", "expected"), IDIOM_TABLE, ids=["default-on", "default-off",
                                                                 "truthy"])
def test_idioms_read_the_doc_table(spec: FlagSpec, expected: list[bool]) -> None:
    assert [read_value(spec, raw).value for raw in SPELLINGS] == expected


def _cased(word: str, flips: list[bool]) -> str:
    flips = (flips + [False] * len(word))[: len(word)]
    return "".join(c.upper() if flip else c for c, flip in zip(word, flips, strict=True))


bool_words = st.sampled_from(sorted((TRUE_WORDS | FALSE_WORDS) - {""}))


@given(bool_words, st.lists(st.booleans(), max_size=10))
def test_strict_reads_every_spelling_in_any_case(word: str, flips: list[bool]) -> None:
    raw = _cased(word, flips)
    reading = read_value(STRICT, raw)
    assert reading.value is (word in TRUE_WORDS)
    assert reading.problem is None
    # Only the exact words true/false are unambiguous to every string-comparing idiom.
    assert (reading.misread is None) == (raw in ("true", "false"))


@given(st.text(max_size=12))
def test_default_on_is_off_only_for_exact_false(raw: str) -> None:
    assert read_value(ON, raw).value is (raw != "false")


@given(st.text(max_size=12))
def test_default_off_is_on_only_for_exact_true(raw: str) -> None:
    assert read_value(OFF, raw).value is (raw == "true")


@given(st.text(max_size=12))
def test_truthy_is_on_for_any_non_empty_string(raw: str) -> None:
    assert read_value(TRUTHY, raw).value is (raw != "")


@given(bool_words, st.lists(st.booleans(), max_size=10))
def test_a_misread_is_reported_exactly_when_the_idiom_contradicts_the_word(
        word: str, flips: list[bool]) -> None:
    raw = _cased(word, flips)
    for spec in (ON, OFF, TRUTHY):
        reading = read_value(spec, raw)
        assert (reading.misread is not None) == (reading.value != (word in TRUE_WORDS))


@given(bool_words, bool_words)
def test_spelling_family_groups_a_pair_in_one_case(a: str, b: str) -> None:
    from envguard.flags.values import _SPELLING_PAIRS

    same_pair = _SPELLING_PAIRS[a] == _SPELLING_PAIRS[b]
    assert (spelling_family(a) == spelling_family(b)) == same_pair
    assert spelling_family(a.upper()) != spelling_family(a) or a.isdigit()


def test_spelling_families() -> None:
    assert spelling_family("true") == spelling_family("false") == "true/false"
    assert spelling_family("TRUE") == "TRUE/FALSE"
    assert spelling_family("False") == "True/False"
    assert spelling_family("1") == spelling_family("0") == "1/0"
    assert spelling_family("maybe") is None


def test_invalid_boolean_is_a_problem_without_echoing_the_value() -> None:
    reading = read_value(STRICT, "maybe")
    assert reading.value is None
    assert reading.problem and "maybe" not in reading.problem


@given(st.integers(0, 100), st.booleans())
def test_percent_reads_with_or_without_sign(n: int, sign: bool) -> None:
    spec = FlagSpec("P", type="percent")
    assert read_value(spec, f"{n}{'%' if sign else ''}").value == n


@pytest.mark.parametrize(("spec", "raw", "value", "ok"), [
    (FlagSpec("P", type="percent"), "12.5", 12.5, True),
    (FlagSpec("P", type="percent"), "150", None, False),
    (FlagSpec("P", type="percent"), "-1%", None, False),
    (FlagSpec("P", type="percent"), "half", None, False),
    (FlagSpec("I", type="int"), " 42 ", 42, True),
    (FlagSpec("I", type="int", max=10), "42", None, False),
    (FlagSpec("I", type="int"), "4.2", None, False),
    (FlagSpec("X", type="float"), "nan", None, False),
    (FlagSpec("E", type="enum", values=("a", "b")), "b", "b", True),
    (FlagSpec("E", type="enum", values=("a", "b")), "B", None, False),
    (FlagSpec("J", type="json"), '{"a": [1, 2]}', {"a": [1, 2]}, True),
    (FlagSpec("J", type="json"), "{a: 1}", None, False),
    (FlagSpec("S", type="string"), "anything", "anything", True),
])
def test_typed_values(spec: FlagSpec, raw: str, value: object, ok: bool) -> None:
    reading = read_value(spec, raw)
    assert reading.value == value
    assert (reading.problem is None) == ok


def test_unset_takes_the_default() -> None:
    assert read_value(ON, None).value is True
    assert read_value(STRICT, None).value is None
    assert read_value(FlagSpec("P", type="percent", default=0), None).value == 0


@pytest.mark.parametrize(("raws", "expected"), [
    (["true", "0", "YES"], "bool"),
    (["true", "maybe", "false"], "bool"),  # mostly booleans: "maybe" is the odd one out
    (["3", "10"], "int"),
    (["25%", "50%"], "percent"),
    (["0.5", "1"], "float"),
    (["true", "express:*"], "string"),
    ([], "bool"),
])
def test_undeclared_flags_get_a_type_from_their_values(raws: list[str], expected: str) -> None:
    assert infer_type(raws) == expected


def test_names_that_say_boolean_are_booleans_whatever_the_values() -> None:
    assert infer_type(["ture"], "ENABLE_CHAT") == "bool"
    assert infer_type(["ture"], "NEXT_PUBLIC_CHAT_ENABLED") == "bool"
    assert infer_type(["ture"], "FEATURE_CHAT") == "string"


def test_display_hides_secret_looking_values() -> None:
    key = stripe_key("sk", "live")
    assert key[12:] not in shown("FEATURE_CONFIG", key)
    secret = token(40)
    assert secret not in shown("FEATURE_TOKEN", secret)
    assert secret not in shown("FEATURE_PAYLOAD", secret)  # by value, whatever the name
    assert json_value("FEATURE_CONFIG", key) != key
    assert shown("FEATURE_VARIANT", "blue") == "blue"
    assert show(FlagSpec("P", type="percent"), 25) == "25%"
    assert shown("F", True) == "on" and shown("F", None) == "-"

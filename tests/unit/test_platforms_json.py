"""The located JSON reader: same values as ``json.loads``, plus lines and duplicate keys."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from envguard.errors import InputError
from envguard.sources.platforms.jsondoc import JSONNumber, parse_json
from tests import fakes
from tests.strategies import trees

SCALARS = st.none() | st.booleans() | st.integers() | st.text() \
    | st.floats(allow_nan=False, allow_infinity=False)
DOCS = trees(SCALARS, st.text(max_size=8), max_leaves=20)


def plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, JSONNumber):
        return json.loads(value)
    return value


@given(DOCS, st.sampled_from([None, 0, 2, 4]), st.booleans())
def test_same_values_as_json_loads(doc: Any, indent: int | None, ascii_only: bool) -> None:
    text = json.dumps(doc, indent=indent, ensure_ascii=ascii_only)
    assert plain(parse_json(text, "t.json")) == json.loads(text)


@given(st.lists(st.text(min_size=1, max_size=10), min_size=1, max_size=8))
def test_key_lines_in_pretty_output(keys: list[str]) -> None:
    text = "{\n" + ",\n".join(f"  {json.dumps(k)}: {json.dumps(i)}"
                              for i, k in enumerate(keys)) + "\n}"
    doc = parse_json(text, "t.json")
    assert [(k, line) for k, line, _ in doc.pairs] == [(k, i + 2) for i, k in enumerate(keys)]


def test_numbers_keep_their_spelling() -> None:
    doc = parse_json('{"A": 1.50, "B": -0, "C": 1e3}', "t.json")
    assert dict(doc) == {"A": "1.50", "B": "-0", "C": "1e3"}


@pytest.mark.parametrize(("text", "line", "match"), [
    ('{\n  "A": "1",\n  "B": "2', 3, "ends early"),
    ('{\n  "A": "1",\n', 3, "ends early"),
    ('{"A": "1"', 1, "ends early"),
    ('[\n  {"name": "A"},\n  {"name": ', 3, "ends early"),
    ('{"A": 1}\n{"B": 2}\n', 2, "more than one JSON document"),
    ('{"A": 1,}', 1, "not valid JSON"),
])
def test_bad_json_names_the_line(text: str, line: int, match: str) -> None:
    with pytest.raises(InputError, match=match) as err:
        parse_json(text, "x.json")
    assert str(err.value).startswith(f"x.json:{line}:")


def test_error_never_quotes_the_document() -> None:
    secret = fakes.token(32)
    for text in (f'{{"A": "{secret}"', f'{{"A": "{secret}",, }}', f'{{"A": {secret}}}'):
        with pytest.raises(InputError) as err:
            parse_json(text, "x.json")
        assert secret not in str(err.value)

"""The small YAML reader agrees with a real YAML parser on what kubectl and friends write.

PyYAML is only a test oracle here (it comes with pre-commit, a test dependency); envguard
itself reads YAML without it.
"""

from __future__ import annotations

import string
from typing import Any

import pytest
import yaml  # type: ignore[import-untyped]  # a test oracle only
from hypothesis import given, settings
from hypothesis import strategies as st

from envguard.errors import InputError
from envguard.sources.platforms.yamldoc import parse_yaml_documents
from tests.strategies import trees, unicode_text

KEYS = st.text(alphabet=string.ascii_letters + string.digits + "_.-", min_size=1, max_size=20) \
    .filter(lambda k: k[0] in string.ascii_letters + "_")
# YAML 1.1 line breaks: PyYAML does not round-trip them raw
VALUES = unicode_text(120, exclude="\ufeff\x85\u2028\u2029")
TREES = trees(VALUES, KEYS, max_leaves=12)


def plain(value: Any) -> Any:
    """Located containers as plain dicts and lists, for comparison."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def as_text(value: Any) -> Any:
    """What a YAML loader without type resolution gives, with the null spellings as None."""
    if isinstance(value, dict):
        return {k: as_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_text(v) for v in value]
    return None if value in (None, "", "~", "null", "Null", "NULL") else value


def oracle(text: str) -> Any:
    return as_text(yaml.load(text, Loader=yaml.BaseLoader))  # BaseLoader: no tags, all text


def parse(text: str) -> Any:
    docs = parse_yaml_documents(text, "t.yaml")
    assert len(docs) == 1
    return plain(docs[0])


@settings(max_examples=300)
@given(st.dictionaries(KEYS, VALUES, min_size=1, max_size=8), st.booleans(), st.integers(20, 90))
def test_flat_maps_as_pyyaml_writes_them(data: dict[str, str], unicode: bool, width: int) -> None:
    text = yaml.safe_dump(data, allow_unicode=unicode, width=width)
    assert parse(text) == yaml.safe_load(text) == data


@settings(max_examples=200)
@given(st.dictionaries(KEYS, TREES, min_size=1, max_size=5), st.booleans())
def test_nested_documents_as_pyyaml_writes_them(data: dict[str, Any], flow: bool) -> None:
    text = yaml.safe_dump(data, default_flow_style=flow, width=60)
    assert parse(text) == yaml.safe_load(text)


@given(st.lists(st.text(alphabet=string.ascii_letters + string.digits + " {}:#'\"-_",
                        min_size=1).map(str.strip).filter(bool), min_size=1, max_size=6),
       st.sampled_from(["|", "|-", "|+", ">", ">-"]))
def test_block_scalars(lines: list[str], header: str) -> None:
    text = "KEY: " + header + "\n" + "".join(f"  {line}\n" for line in lines) + "\nNEXT: x\n"
    assert parse(text) == yaml.safe_load(text)


@pytest.mark.parametrize("text", [
    "a: 1\nb:\n  c: 2\n  d:\n  - x\n  - y: z\n    w: v\n",
    "items:\n- name: a\n  value: '1'\n- name: b\n  value: \"2\"\n",
    "a: |2\n    indented\n  less\nb: c\n",
    "a: >\n  folded\n  text\n\n  para\n    more indented\n  back\n",
    "a: \"multi\n  line\n\n  quoted\"\nb: 'single\n  folded'\n",
    "a: \"escaped \\\n  break\"\n",
    "a: plain # comment\nb: url#fragment\nc: 'quoted # kept'\n",
    "a: {x: 1, y: [p, q], z: {}}\nb: []\n",
    "a: [one\n  two,\n\n  three\n\n  four]\n",
    "meta: {name: app,\n  labels: {tier: web}}\n",
    "a:\nb: ~\nc: null\nd: ''\n",
    "%YAML 1.2\n---\na: 1\n...\n",
    "- a\n- - b\n  - c\n-\n  d: e\n",
    "key with spaces: v\n\"quoted: key\": w\n'it''s': x\n",
])
def test_hand_written_shapes(text: str) -> None:
    assert as_text(parse(text)) == oracle(text)


def test_documents_and_lines() -> None:
    docs = parse_yaml_documents("a: 1\n---\n# c\nb:\n  c: 2\n---\n", "t.yaml")
    assert [plain(d) for d in docs] == [{"a": "1"}, {"b": {"c": "2"}}]
    assert docs[1].line_of("b") == 4 and docs[1]["b"].line_of("c") == 5


def test_duplicate_keys_are_kept_in_pairs() -> None:
    doc = parse_yaml_documents("A: 1\nB: 2\nA: 3\n", "t.yaml")[0]
    assert doc.pairs == [("A", 1, "1"), ("B", 2, "2"), ("A", 3, "3")]


@pytest.mark.parametrize(("text", "line", "match"), [
    ("a: 1\n\tb: 2\n", 2, "tab"),
    ("a: &anchor 1\nb: *anchor\n", 1, "anchors"),
    ("a: !!binary aGk=\n", 1, "tags"),
    ("base: {x: 1}\nderived:\n  <<: {y: 2}\n", 3, "merge keys"),
    ("a: \"never closed\nb: 2\n", 1, "never closed"),
    ("a: 1\n   b: 2\n", 2, "indentation"),
    ("a: b: c\n", 1, "key: value' inside a value"),
    ("a:\n  - x\n  y: z\n", 3, "expected 'key: value'|unexpected"),
    ("a: 'x' trailing\n", 1, "after the closing quote"),
    ("a: \"bad \\q escape\"\n", 1, "unknown escape"),
    ("a: {x: 1\n", 1, "never closed"),
    ("a: |x\n  b\n", 1, "block scalar header"),
])
def test_errors_name_the_line(text: str, line: int, match: str) -> None:
    with pytest.raises(InputError, match=match) as err:
        parse_yaml_documents(text, "m.yaml")
    assert str(err.value).startswith(f"m.yaml:{line}: YAML")

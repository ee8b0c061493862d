"""The YAML adapter reads what kubectl and friends write as PyYAML does, keeping the lines.

PyYAML is the reader and the oracle: these tests pin what the adapter adds on top of it
(every scalar kept as text, null spellings as None, located containers, refusals with a
line, errors that never quote the input), under libyaml and the pure-Python fallback alike.
"""

from __future__ import annotations

import gc
import string
import subprocess
import sys
import time
from typing import Any

import pytest
import yaml  # type: ignore[import-untyped]  # no stubs installed
from hypothesis import given, settings
from hypothesis import strategies as st

from envguard.errors import InputError
from envguard.sources.platforms.yamlnodes import parse_yaml_documents
from tests.fakes import stripe_key
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


@pytest.fixture(params=["libyaml", "pure-python"])
def loader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Each test using this runs with PyYAML's C loader and with its pure-Python fallback."""
    if request.param == "pure-python":
        monkeypatch.delattr(yaml, "CSafeLoader", raising=False)
    elif not hasattr(yaml, "CSafeLoader"):
        pytest.skip("PyYAML built without libyaml")
    return str(request.param)


def test_scalars_stay_text(loader: str) -> None:
    doc = parse_yaml_documents(
        "a: true\nb: 0123\nc: 1e3\nd: 2024-01-01\ne: 0x1F\nf: =\ng: !!str 5\nh: !!int 7\n"
        "i: ~\nj: null\nk:\nl: ''\nm: 'null'\n~: tilde key\n", "t.yaml")[0]
    assert plain(doc) == {"a": "true", "b": "0123", "c": "1e3", "d": "2024-01-01", "e": "0x1F",
                          "f": "=", "g": "5", "h": "7", "i": None, "j": None, "k": None,
                          "l": "", "m": "null", "~": "tilde key"}


def test_every_key_and_item_keeps_its_own_line(loader: str) -> None:
    doc = parse_yaml_documents("meta: {name: app,\n  labels: {tier: web}}\nlist: [a,\n  b]\n"
                               "seq:\n- x\n-\n  y: z\n", "t.yaml")[0]
    assert doc["meta"].line_of("name") == 1 and doc["meta"].line_of("labels") == 2
    assert doc["list"].lines == [3, 4]
    assert doc["seq"].lines == [6, 8]


def test_empty_documents_are_skipped(loader: str) -> None:
    assert parse_yaml_documents("", "t.yaml") == []
    assert parse_yaml_documents("# only a comment\n", "t.yaml") == []
    assert [plain(d) for d in parse_yaml_documents("---\n---\na: 1\n---\n", "t.yaml")] \
        == [{"a": "1"}]
    assert parse_yaml_documents("~\n", "t.yaml") == [None]


@pytest.mark.parametrize(("text", "line", "match"), [
    ("a: 1\n\tb: 2\n", 2, "tab|cannot start any token"),
    ("a: &anchor 1\nb: *anchor\n", 1, "anchors and aliases.*alias on line 2"),
    ("- &l [x]\n- *l\n", 1, "anchors and aliases"),
    ("a: &l [x]\nb: [*l, *l]\n", 1, "anchors and aliases"),
    ("a: &x 1\nb: &x 2\n", 2, "duplicate anchor"),
    ("a: *nope\n", 1, "undefined alias"),
    ("a: !!binary aGk=\n", 1, "tags"),
    ("a: !custom x\n", 1, "tags"),
    ("a: !!set {x}\n", 1, "tags"),
    ("a: !x!y z\n", 1, "undefined tag handle"),
    ("base: {x: 1}\nderived:\n  <<: {y: 2}\n", 3, "merge keys"),
    ("a: \"never closed\nb: 2\n", 3, "end of stream .while scanning a quoted scalar, from line 1"),
    ("a: 1\n   b: 2\n", 2, "mapping values are not allowed"),
    ("a: b: c\n", 1, "mapping values are not allowed"),
    ("a:\n  - x\n  y: z\n", 3, "expected '-' indicator|expected <block end>, but found '[?]'"),
    ("a: 'x' trailing\n", 1, "did not find expected key|expected <block end>"),
    ("a: \"bad \\q escape\"\n", 1, "unknown escape"),
    ("a: {x: 1\n", 2, "expected ',' or '}'.*flow mapping, from line 1"),
    ("a: |x\n  b\n", 1, "block scalar"),
    ("[a]: b\n", 1, "key must be text"),
    ("a: 1\n\u00e9\u00e9: \"\u00e9\x01\"\n", 2, "does not allow"),
    ("a: 1\nb: x\udcff\n", 2, "not valid Unicode|does not allow"),
    ("a: " + "[" * 5000 + "\n", 1, "nest"),
])
def test_errors_name_the_line(loader: str, text: str, line: int, match: str) -> None:
    with pytest.raises(InputError, match=match) as err:
        parse_yaml_documents(text, "m.yaml")
    assert str(err.value).startswith(f"m.yaml:{line}: YAML") or (
        "nest" in match and str(err.value).startswith("m.yaml: YAML"))


SECRET = stripe_key("sk", "live")  # generated fresh: no key-shaped literal in the repo


@pytest.mark.parametrize("text", [
    f"a: \"{SECRET}\n",
    f"a: {SECRET}: x\n",
    f"a: '{SECRET}' {SECRET}\n",
    f"a: \"{SECRET}\\q\"\n",
    f"a: *{SECRET}\n",
    f"a: &{SECRET} 1\nb: &{SECRET} 2\n",
    f"a: !{SECRET}!x y\n",
    f"a: |{SECRET}\n  b\n",
    f"a: {{{SECRET}: 1\n",
    f"a:\n\t{SECRET}\n",
    f"a: {SECRET}\x01\n",
    f"a: 1\n- {SECRET}\n",
    f"a: !!binary {SECRET}\n",
])
def test_errors_never_quote_the_input(loader: str, text: str) -> None:
    with pytest.raises(InputError) as err:
        parse_yaml_documents(text, "m.yaml")
    assert str(err.value).startswith("m.yaml:")
    for piece in (SECRET, SECRET[:8], SECRET[-8:], "\\q", "'q'", "'\\t'", "'x'"):
        assert piece not in str(err.value), str(err.value)


def test_import_envguard_does_not_import_yaml() -> None:
    code = ("import envguard, sys\n"
            "import envguard.sources.platforms.kubernetes, envguard.sources.platforms.plain\n"
            "print('yaml' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "False"


LONG_SHAPES = {
    "multi-line quoted value":
        lambda n: 'A: "' + "".join(f"line {i} of a quoted value\n  " for i in range(n)) + 'end"\n',
    "long folded plain scalar":
        lambda n: "A: start\n" + "".join(f"  word{i} more words here\n" for i in range(n)),
    "flow mapping over many lines":
        lambda n: "A: {" + "".join(f"k{i}: v{i},\n  " for i in range(n)) + "end: x}\n",
}


def _best_times(texts: list[str], rounds: int = 5) -> list[float]:
    """The fastest of several runs per text, interleaved so a busy spell hits every size."""
    best = [float("inf")] * len(texts)
    gc.disable()  # a collection landing in one sample would skew the ratio
    try:
        for _ in range(rounds):
            for k, text in enumerate(texts):
                start = time.perf_counter()
                parse_yaml_documents(text, "t.yaml")
                best[k] = min(best[k], time.perf_counter() - start)
    finally:
        gc.enable()
    return best


@pytest.mark.parametrize("shape", sorted(LONG_SHAPES))
def test_long_values_take_linear_time(loader: str, shape: str) -> None:
    """Doubling the input three times must not cost 64x (quadratic), as the hand parser did.

    A ratio, not an absolute time, so a slow machine does not fail it: linear is 8x, and
    16x leaves room for noise while still catching anything quadratic. The smallest size is
    grown until it takes a few milliseconds (timer noise dominates below that), and a
    ratio spoilt by a busy machine is measured again: quadratic time fails every attempt.
    """
    make = LONG_SHAPES[shape]
    n = 250
    while n < 200_000 and _best_times([make(n)], rounds=3)[0] < 0.005:
        n *= 2
    ratios = []
    for _ in range(3):
        times = _best_times([make(n * k) for k in (1, 2, 4, 8)])
        ratios.append(times[3] / times[0])
        if ratios[-1] < 16:
            return
    pytest.fail(f"t(8n)/t(n) for n={n}: {', '.join(f'{r:.1f}' for r in ratios)}")

"""``[flags.NAME]`` declarations: what they mean, and clear errors for the ones that are wrong."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from envguard.errors import SchemaError
from envguard.findings import Severity
from envguard.schema.loader import load_schema
from tests.conftest import ROOT
from tests.support.flags import FIXTURES


def _load(tmp_path: Path, body: str) -> dict[str, object]:
    path = tmp_path / "schema.toml"
    path.write_text('[stack]\nname = "t"\n\n' + body, encoding="utf-8")
    return dict(load_schema(path).flags)


def test_a_full_declaration(tmp_path: Path) -> None:
    specs = _load(tmp_path, """
[flags.ENABLE_NEW_CHECKOUT]
type = "bool"
semantics = "default-on"
kind = "kill-switch"
owner = "payments"
expires = 2027-01-31
created = "2026-01-01"
allowed_in = ["development", "staging"]
severity = { flag-stale = "off", flag-missing = "error" }
""")
    spec = specs["ENABLE_NEW_CHECKOUT"]
    assert spec.default is True  # implied by "on unless 'false'"
    assert spec.kind == "kill-switch" and spec.owner == "payments"
    assert spec.expires == dt.date(2027, 1, 31) and spec.created == dt.date(2026, 1, 1)
    assert spec.allowed_in == ("development", "staging")
    assert spec.severity == {"flag-stale": None, "flag-missing": Severity.ERROR}
    assert spec.source and spec.source.endswith("schema.toml") and spec.line == 5
    assert spec.line_of("expires") == 10


@pytest.mark.parametrize(("semantics", "default"), [
    ("strict", None), ("default-on", True), ("default-off", False), ("truthy", False)])
def test_semantics_imply_the_default(tmp_path: Path, semantics: str, default: object) -> None:
    specs = _load(tmp_path, f'[flags.F]\nsemantics = "{semantics}"\n')
    assert specs["F"].default is default  # type: ignore[attr-defined]


def test_typed_defaults(tmp_path: Path) -> None:
    specs = _load(tmp_path, """
[flags.ROLLOUT]
type = "percent"
default = 25
[flags.BACKEND]
type = "enum"
values = ["pg", "algolia"]
default = "pg"
[flags.LIMITS]
type = "json"
default = { max = 3 }
[flags.STRICT_ON]
default = true
""")
    assert [s.default for s in specs.values()] == [25, "pg", {"max": 3}, True]  # type: ignore[attr-defined]


BAD = [
    ('expires = "soon"', "field 'expires'", "is not a date", 5),
    ("expires = 2027", "field 'expires'", "is not a date", 5),
    ('created = "2026-13-01"', "field 'created'", "is not a date", 5),
    ('tpye = "bool"', "", ": unknown field 'tpye' (did you mean 'type'?)", 5),
    ('type = "boolean"', "field 'type'", "not one of", 5),
    ('type = "int"\nsemantics = "default-on"', "field 'semantics'", "type 'bool' only", 6),
    ('type = "enum"', "field 'type'", "needs 'values'", 5),
    ('semantics = "default-on"\ndefault = false', "field 'default'", "contradicts", 6),
    ('type = "percent"\ndefault = 150', "field 'default'", "at most 100", 6),
    ('default = "maybe"', "field 'default'", "must be a boolean", 5),
    ('kind = "forever"', "field 'kind'", "not one of", 5),
    ("allowed_in = [1]", "field 'allowed_in'", "list of strings", 5),
    ('severity = { flag-stael = "off" }', "field 'severity'", "unknown rule 'flag-stael'", 5),
    ('severity = { flag-stale = "loud" }', "field 'severity'", "level must be one of", 5),
    ('owner = 3', "field 'owner'", "must be a string", 5),
    ('dev_only = "yes"', "field 'dev_only'", "true or false", 5),
]


@pytest.mark.parametrize(("line", "field", "message", "lineno"), BAD)
def test_bad_declarations_name_file_table_field_and_line(
        tmp_path: Path, line: str, field: str, message: str, lineno: int) -> None:
    with pytest.raises(SchemaError) as err:
        _load(tmp_path, f"[flags.F]\n{line}\n")
    text = str(err.value)
    assert f"schema.toml:{lineno}: [flags.F]{' ' if field else ''}{field}" in text
    assert message in text


def test_fixture_with_an_expiry_that_is_not_a_date() -> None:
    with pytest.raises(SchemaError, match=r"bad_expiry\.toml:\d+: \[flags\.NEW_EDITOR\] field "
                                          r"'expires': 'next quarter' is not a date"):
        load_schema(FIXTURES / "bad_expiry.toml")


def test_the_readme_examples_parse(tmp_path: Path) -> None:
    """schemas/README.md's Flags section is what stack authors copy: it must load."""
    readme = (ROOT / "schemas" / "README.md").read_text()
    section = readme[readme.index("## Flags"):]
    blocks = section.split("```toml\n")[1:]
    declarations = blocks[0].split("```")[0]
    specs = _load(tmp_path, declarations)
    assert set(specs) == {"ENABLE_NEW_CHECKOUT", "NEW_EDITOR", "DEBUG_MODE", "CHECKOUT_ROLLOUT",
                          "SEARCH_BACKEND"}
    from envguard.flags.rules import RULES

    for rule in RULES:  # every rule id is documented
        assert f"`{rule}`" in section

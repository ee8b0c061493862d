"""envguard reads every edge case exactly as python-dotenv does, and says where it bends.

The corpus and python-dotenv's answers (``expected*.json``) are copied from the shared
reference material; these tests pin both envguard's reading and python-dotenv's parser
(``parse_stream`` is not a documented API, so a python-dotenv upgrade that changes it
fails here first).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from dotenv import dotenv_values

from envguard.checks.dotenv_lint import lint_reads
from envguard.findings import Finding
from envguard.sources.dotenv import read_dotenv
from tests.conftest import FIXTURES

CORPUS = FIXTURES / "dotenv-edge"
EXPECTED = json.loads((CORPUS / "expected.json").read_text())
EXPECTED_RAW = json.loads((CORPUS / "expected_no_interpolation.json").read_text())


@pytest.fixture(autouse=True)
def _clean_environ(monkeypatch: pytest.MonkeyPatch) -> None:
    # the expected answers were produced with none of the referenced variables set
    for name in ("BASE", "LATER", "ENVGUARD_UNSET_VAR", "KEY", "HOME"):
        monkeypatch.delenv(name, raising=False)


def findings_of(path: Path) -> list[Finding]:
    """What reading and the lint rules say about a file (as ``envguard check`` reports)."""
    read = read_dotenv(path)
    return [*read.findings, *lint_reads([read])]


def _values(path: Path, interpolate: bool = True) -> dict[str, str | None]:
    return {v.key: v.value for v in read_dotenv(path, interpolate=interpolate).vars}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_reading_equals_python_dotenv(name: str) -> None:
    assert _values(CORPUS / name) == EXPECTED[name]


@pytest.mark.parametrize("name", sorted(EXPECTED_RAW))
def test_reading_without_interpolation(name: str) -> None:
    assert _values(CORPUS / name, interpolate=False) == EXPECTED_RAW[name]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_installed_python_dotenv_still_agrees(name: str) -> None:
    assert dotenv_values(CORPUS / name) == EXPECTED[name]


FINDINGS = {
    "01_basic.env": set(),
    "02_spaces_around_equals.env": {("portability", 1), ("spaces-around-equals", 1)},
    "09_hash_without_space.env": {("portability", 1)},
    "14_multiline_unquoted_continuation.env": {
        ("portability", 1),
        ("key-without-value", 2),
        ("portability", 2),
    },
    "16_interpolation_bare_dollar.env": {("portability", 2)},
    "17_interpolation_in_single_quotes.env": {("portability", 2)},
    "20_interpolation_forward_reference.env": {("portability", 1), ("undefined-reference", 1)},
    "24_key_without_equals.env": {("key-without-value", 1), ("portability", 1)},
    "25_duplicate_keys.env": {("duplicate-key", 2)},
    "26_utf8_bom.env": {("portability", 1)},
    "27_crlf_line_endings.env": {("portability", 1), ("portability", 2), ("portability", 3)},
    "30_backtick_quoted.env": {("portability", 1)},
    "34_command_substitution.env": {("portability", 1)},
    "35_dotted_and_dashed_keys.env": {
        ("invalid-key", 1),
        ("portability", 1),
        ("invalid-key", 2),
        ("portability", 2),
    },
    "36_unterminated_double_quote.env": {
        ("portability", 1),
        ("unterminated-quote", 1),
        ("portability", 2),
    },
    "37_export_without_value.env": {
        ("duplicate-key", 2),
        ("key-without-value", 2),
        ("portability", 2),
    },
    "38_tab_before_comment.env": {("portability", 1)},
    "40_comment_and_blank_lines.env": set(),
    "42_no_trailing_newline.env": set(),
    "43_quoted_with_trailing_text.env": {("parse-error", 1), ("portability", 1)},
    "44_lowercase_and_leading_digit_keys.env": {
        ("lowercase-key", 1),
        ("invalid-key", 2),
        ("portability", 2),
    },
    "45_empty_value_then_comment.env": {("portability", 1)},
    "46_quoted_alternatives_with_pipe.env": {
        ("parse-error", 1),
        ("portability", 1),
        ("portability", 2),
    },
    "47_trailing_whitespace.env": set(),
}


@pytest.mark.parametrize(("name", "expected"), sorted(FINDINGS.items()))
def test_findings_name_rule_and_line(name: str, expected: set[tuple[str, int]]) -> None:
    found = {(f.rule, f.line) for f in findings_of(CORPUS / name)}
    assert found == expected


def test_portability_warning_names_the_loader_that_differs() -> None:
    [finding] = findings_of(CORPUS / "09_hash_without_space.env")
    assert "node dotenv" in finding.message
    [finding] = findings_of(CORPUS / "38_tab_before_comment.env")
    assert "docker compose" in finding.message


def test_dropped_statement_is_reported_not_lost() -> None:
    read = read_dotenv(CORPUS / "36_unterminated_double_quote.env")
    assert [v.key for v in read.vars] == ["OTHER"]
    assert read.findings[0].key == "KEY"


def test_lines_of_multiline_values_point_at_their_start() -> None:
    read = read_dotenv(CORPUS / "12_multiline_double_quoted.env")
    assert [(v.key, v.origin.line) for v in read.vars] == [("KEY", 1), ("NEXT", 4)]

"""Columns: where in its line a finding is (1-based, in characters), in every report,
and never part of what identifies a finding (a re-indented line is the same finding)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from envguard.findings import Finding, Result, Severity
from envguard.model import Origin
from envguard.reporters import github, markdown, sarif, text
from envguard.reporters import json as json_report
from envguard.secrets import Scanner
from envguard.sources.dotenv import parse_dotenv_text
from envguard.sources.gitdiff import FilePatch
from tests.fakes import stripe_key


def _columns(source: str) -> dict[str, int | None]:
    return {v.key: v.origin.column for v in parse_dotenv_text(source, "a.env").vars}


def test_a_variable_points_at_its_key_after_blanks_and_export() -> None:
    assert _columns("A=1\n   B=2\nexport C=3\n\t export  D=4\n  'E'=5\n") == {
        "A": 1, "B": 4, "C": 8, "D": 11, "E": 3}


def test_the_key_column_counts_from_the_editor_line() -> None:
    # a lone CR in a file with LF line ends is not a line break to an editor
    assert _columns("A=1\n\nB=2\rC=3\n") == {"A": 1, "B": 1, "C": 5}
    # CRLF and classic-Mac files
    assert _columns("A=1\r\n  B=2\r\n") == {"A": 1, "B": 3}
    assert _columns("A=1\r  B=2\r") == {"A": 1, "B": 3}
    read = parse_dotenv_text("A=1\r  B=2\r", "x", universal_newlines=False)
    assert [str(v.origin) for v in read.vars] == ["x:1:1", "x:2:3"]


def test_findings_about_a_variable_point_at_its_key() -> None:
    read = parse_dotenv_text("A=1\n  export A=${NOPE}\n", "a.env")
    assert {(f.rule, f.line, f.column) for f in read.findings} == {
        ("duplicate-key", 2, 10), ("undefined-reference", 2, 10)}


@pytest.mark.parametrize(("source", "rule", "column"), [
    ('A="never closed\n', "unterminated-quote", 3),
    ('  export A=\'open\nB=1\n', "unterminated-quote", 12),
    ('A="quoted" trailing\n', "parse-error", 12),
    ("1NOPE X\n", "parse-error", 1),
])
def test_a_parse_error_points_where_reading_went_wrong(source: str, rule: str,
                                                       column: int) -> None:
    [found] = [f for f in parse_dotenv_text(source, "a.env").findings if f.rule == rule]
    assert (found.line, found.column) == (1, column)


def test_origin_shows_the_column_but_is_the_same_place_without_it() -> None:
    at = Origin("a.env", 4, 7)
    assert str(at) == "a.env:4:7" and at.shown(column=False) == "a.env:4"
    assert str(Origin("a.env", 4)) == "a.env:4" and str(Origin("<stdin>")) == "<stdin>"
    # de-duplication by origin (a variable's place) does not depend on a column
    assert at == Origin("a.env", 4) and hash(at) == hash(Origin("a.env", 4))
    assert len({at, Origin("a.env", 4, 1), Origin("a.env", 4)}) == 1


def _scan(*lines: str, path: str = "config/settings.py") -> list[Finding]:
    patch = FilePatch(path=path, status="modified", numbers=list(range(1, len(lines) + 1)),
                      texts=list(lines))
    return [d.finding for d in Scanner().scan_patch(patch)]


def test_a_secret_in_the_middle_of_a_line_is_found_at_its_column() -> None:
    key = stripe_key()
    line = f'client = make_client(retries=3, api_key="{key}")  # prod'
    [found] = _scan("import os", line)
    assert (found.line, found.column) == (2, line.index(key) + 1)
    assert "column" not in found.extra  # on the origin, not a rule-specific fact
    assert key not in json.dumps(found.to_dict())


def test_a_reindented_line_keeps_its_fingerprint() -> None:
    key = stripe_key()
    [flat] = _scan(f'API_KEY = "{key}"')
    [indented] = _scan(f'        API_KEY = "{key}"')
    assert (flat.column, indented.column) == (12, 20)
    assert flat.fingerprint == indented.fingerprint
    root = Path.cwd()
    docs = [json.loads(sarif.render(Result([f]), root=root)) for f in (flat, indented)]
    results = [doc["runs"][0]["results"][0] for doc in docs]
    assert results[0]["partialFingerprints"] == results[1]["partialFingerprints"]
    regions = [r["locations"][0]["physicalLocation"]["region"] for r in results]
    assert regions == [{"startLine": 1, "startColumn": 12}, {"startLine": 1, "startColumn": 20}]


def test_a_reindented_env_line_keeps_its_fingerprint() -> None:
    def lint_finding(source: str) -> Finding:
        read = parse_dotenv_text(source, "a.env")
        [found] = [f for f in read.findings if f.rule == "duplicate-key"]
        return found

    flat, indented = lint_finding("A=1\nA=2\n"), lint_finding("A=1\n    A=2\n")
    assert (flat.column, indented.column) == (1, 5)
    assert flat.fingerprint == indented.fingerprint


def _result(*findings: Finding) -> Result:
    return Result(list(findings))


def _at(line: int, column: int | None, rule: str = "invalid-value",
        file: str = "a.env") -> Finding:
    return Finding(rule, Severity.ERROR, "A is wrong", key="A",
                   origin=Origin(file, line, column), hint="fix it")


def test_sarif_region_has_the_start_column_only_when_known(tmp_path: Path) -> None:
    doc = json.loads(sarif.render(_result(_at(4, 3), _at(5, None)), root=tmp_path))
    assert doc["runs"][0]["columnKind"] == "unicodeCodePoints"
    regions = [r["locations"][0]["physicalLocation"]["region"]
               for r in doc["runs"][0]["results"]]
    assert regions == [{"startLine": 4, "startColumn": 3}, {"startLine": 5}]


def test_annotation_has_col(tmp_path: Path) -> None:
    assert github.annotation(_at(4, 3), tmp_path, str(tmp_path)).startswith(
        "::error file=a.env,line=4,col=3,title=")
    assert ",col=" not in github.annotation(_at(4, None), tmp_path, str(tmp_path))


def test_json_has_a_column_beside_the_line() -> None:
    doc = json.loads(json_report.render(_result(_at(4, 3), _at(5, None))))
    first, second = doc["findings"]
    assert list(first)[:5] == ["rule", "severity", "file", "line", "column"]
    assert (first["line"], first["column"], first["source"]) == (4, 3, "a.env:4")
    assert (second["line"], second["column"]) == (5, None)


def test_markdown_shows_line_and_column() -> None:
    shown = markdown.render(_result(_at(4, 3), _at(5, None)))
    assert "`a.env:4:3`" in shown and "`a.env:5`" in shown


def test_text_rows_show_line_col_with_the_colons_aligned() -> None:
    out = text.render(_result(_at(4, 1), _at(12, 10), _at(7, None)), columns=100)
    rows = [line for line in out.splitlines() if "invalid-value" in line]
    assert [row[:12] for row in rows] == ["   4:1   err", "   7     err", "  12:10  err"]
    hints = [line for line in out.splitlines() if "hint:" in line]
    assert all(h.startswith(" " * 9 + "hint: ") for h in hints), out


def test_text_rows_of_a_file_without_columns_show_just_the_line() -> None:
    out = text.render(_result(_at(4, None), _at(12, 10, file="b.env")), columns=100)
    rows = [line for line in out.splitlines() if "invalid-value" in line]
    assert rows[0].startswith("  4  error    invalid-value  A is wrong"), out
    assert rows[1].startswith("  12:10  error    invalid-value  A is wrong"), out

"""Line numbers and newlines of .env files: CRLF, lone CR, and quotes left open.

python-dotenv counts every CR as a line break and keeps ``\\r\\n`` inside a quoted value
when handed text; reading a file it opens it in text mode, so CRLF and CR are newlines.
envguard reads what python-dotenv reads from the file and reports the lines an editor
shows (SARIF and annotations inherit them).
"""

from __future__ import annotations

import pytest

from envguard.sources import read_bytes
from envguard.sources.dotenv import parse_dotenv_text
from tests import fakes

LF = 'A=1\nBAD="x" y\nB="two\nlines"\nALSO_BAD=\'p\' q\nC=3\nD=4\n'
EXPECTED = [("A", "1", 1), ("B", "two\nlines", 3), ("C", "3", 6), ("D", "4", 7)]
ERRORS = [2, 5]


def _reading(data: bytes) -> tuple[list[tuple[str, str | None, int | None]], list[int | None]]:
    read = read_bytes(data, ".env")
    return (
        [(v.key, v.value, v.origin.line) for v in read.vars],
        [f.origin.line for f in read.findings if f.rule == "parse-error"],
    )


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"], ids=["lf", "crlf", "cr"])
def test_lines_and_values_do_not_depend_on_the_newline(newline: str) -> None:
    assert _reading(LF.replace("\n", newline).encode()) == (EXPECTED, ERRORS)


def test_crlf_lines_do_not_drift_after_several_dropped_statements() -> None:
    text = "".join(f'BAD{i}="x" y\r\nGOOD{i}={i}\r\n' for i in range(30))
    vars_, errors = _reading(text.encode())
    assert [line for _, _, line in vars_] == list(range(2, 61, 2))
    assert errors == list(range(1, 60, 2))


def test_lone_cr_inside_a_quoted_value_does_not_shift_later_lines() -> None:
    vars_, _ = _reading(b'A="one\rtwo"\nB=2\nC="x\ry\rz"\nD=4\n')
    assert vars_ == [("A", "one\ntwo", 1), ("B", "2", 2), ("C", "x\ny\nz", 3), ("D", "4", 4)]


def test_an_export_keeps_a_lone_cr_in_its_value() -> None:
    read = parse_dotenv_text('A="one\rtwo"\nB="2"\n', "-", universal_newlines=False)
    assert [(v.key, v.value, v.origin.line) for v in read.vars] == [
        ("A", "one\rtwo", 1),
        ("B", "2", 2),
    ]


@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
def test_a_quote_left_open_names_the_statements_it_swallows(newline: str) -> None:
    text = 'A=1\nTOKEN="starts here\nSTRIPE_SECRET_KEY=x\nexport PORT=80\nC="y"\nD=4\n'
    read = read_bytes(text.replace("\n", newline).encode(), ".env")
    assert [(v.key, v.origin.line) for v in read.vars] == [("A", 1), ("D", 6)]
    [finding] = read.findings
    assert (finding.rule, finding.key, finding.origin.line) == ("unterminated-quote", "TOKEN", 2)
    assert "line 5" in finding.message
    assert finding.message.endswith("swallows STRIPE_SECRET_KEY, PORT, C")
    assert "text after the closing quote" not in finding.message


def test_a_swallowed_name_that_is_key_material_is_not_shown() -> None:
    material = fakes.token(44, fakes.ALNUM + "+/")
    read = read_bytes(f"A='open\n{material}=x\nB=2'z\n".encode(), ".env")
    [finding] = read.findings
    assert finding.rule == "unterminated-quote"
    assert material not in finding.message and "B" in finding.message

"""Properties of .env reading: agreement with python-dotenv, exact lines, no crashes."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

from dotenv import dotenv_values
from hypothesis import given, settings
from hypothesis import strategies as st

from envguard.errors import InputError
from envguard.secrecy import redact_key
from envguard.sources.dotenv import parse_dotenv_bytes
from tests.strategies import env_keys

KEYS = env_keys(12, first="A-Z_")
SAFE = st.text(
    alphabet=st.characters(
        min_codepoint=0x21, max_codepoint=0x2FF,
        blacklist_characters="\"'#\\$`",
        blacklist_categories=("Cc", "Zs", "Zl", "Zp"),  # python-dotenv strips these
    ),
    max_size=30,
)


@st.composite
def binding(draw: st.DrawFn) -> tuple[str, str, str]:
    """(key, value python-dotenv should read, the line(s) of text that define it)."""
    key = draw(KEYS)
    style = draw(st.sampled_from(["bare", "single", "double", "multiline"]))
    value = draw(SAFE)
    export = draw(st.sampled_from(["", "export "]))
    if style == "bare":
        text = f"{export}{key}={value}"
    elif style == "single":
        text = f"{export}{key}='{value}'"
    elif style == "double":
        text = f'{export}{key}="{value}"'
    else:
        value = f"{value}\n{draw(SAFE)}"
        text = f'{export}{key}="{value}"'
    return key, value, text


@st.composite
def env_file(draw: st.DrawFn) -> tuple[str, list[tuple[str, str, int]]]:
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    lines: list[str] = []
    expected: list[tuple[str, str, int]] = []
    for _ in range(draw(st.integers(0, 12))):
        for _ in range(draw(st.integers(0, 2))):
            lines.append(draw(st.sampled_from(["", "# a comment", "   ", "  # indented"])))
        key, value, text = draw(binding())
        expected.append((key, value, len(lines) + 1))  # a file is read in text mode
        lines.extend(text.split("\n"))
    body = newline.join(lines) + draw(st.sampled_from(["", newline]))
    return body, expected


@settings(max_examples=300, deadline=None)
@given(env_file())
def test_values_and_lines_match_python_dotenv(case: tuple[str, list[tuple[str, str, int]]]) -> None:
    text, expected = case
    read = parse_dotenv_bytes(text.encode(), "gen.env", interpolate=False)
    assert [(v.key, v.value, v.origin.line) for v in read.vars] == expected
    with tempfile.TemporaryDirectory() as tmp:  # python-dotenv opens a file in text mode
        path = Path(tmp) / ".env"
        path.write_bytes(text.encode())
        reference = dotenv_values(path, interpolate=False)
    assert {v.key: v.value for v in read.vars} == reference
    assert not [f for f in read.findings if f.rule in ("parse-error", "unterminated-quote")]


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_arbitrary_bytes_never_crash(data: bytes) -> None:
    try:
        read = parse_dotenv_bytes(data, "fuzz.env")
    except InputError as exc:
        assert str(exc).startswith("fuzz.env:")
        return
    for var in read.vars:
        assert var.origin.line is not None and var.origin.line >= 1


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_arbitrary_text_matches_python_dotenv_keys(text: str) -> None:
    if "\x00" in text or "\ufffd" in text or any(0xD800 <= ord(c) < 0xE000 for c in text):
        return
    read = parse_dotenv_bytes(text.encode(), "fuzz.env", interpolate=False)
    reference = dotenv_values(stream=io.StringIO(text.removeprefix("\ufeff")), interpolate=False)
    # a key that is key material (not a plausible name) is kept only in redacted form
    assert {v.key: v.value for v in read.vars} == {
        redact_key(k): v for k, v in reference.items()
    }

"""The plain-line fast paths (python-dotenv's bindings, the shell reading) read exactly
what the full parsers read, whatever surrounds the plain lines: a quote left open above
them, a continuation, a pipeline, CRLF, a BOM."""

from __future__ import annotations

import io
import re

import pytest
from dotenv.parser import parse_stream
from hypothesis import given, settings
from hypothesis import strategies as st

from envguard.checks.portability import shell
from envguard.sources import dotenv as dotenv_reader

_PLAIN = st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,6}=[A-Za-z0-9_./:@+,%-]{0,8}", fullmatch=True)
_HOSTILE = st.sampled_from([
    "A='open", 'B="still open', "C=x \\", "D=a |", "E=b &&", "export F=1", " G=2", "H=$G",
    "I=${H}", "# note", "J=k # c", "K=`cmd`", "L=(a b)", "M=1;N=2", "O=v\r", "\ufeffP=1",
    "Q=\"a\nb\"", "R=~/x", "S=a=b", "T= u", "", "'U'=1", "V=1 2",
])
_FILES = st.lists(st.one_of(_PLAIN, _PLAIN, _HOSTILE), max_size=12).map("\n".join)




@settings(max_examples=300, deadline=None)
@given(_FILES)
def test_bindings_match_python_dotenv_parse_stream(text: str) -> None:
    ours = [(b.key, b.value, b.original, b.error) for b in dotenv_reader._bindings(text)]
    theirs = [(b.key, b.value, b.original, b.error) for b in parse_stream(io.StringIO(text))]
    assert ours == theirs


@settings(max_examples=300, deadline=None)
@given(_FILES, st.booleans())
def test_shell_reading_matches_the_word_by_word_reading(text: str, bash: bool) -> None:
    fast = shell.read_shell(text, bash=bash)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(shell, "PLAIN_LINE", re.compile(r"(?!)()()"))
        slow = shell.read_shell(text, bash=bash)
    assert fast == slow


def test_the_fast_path_is_taken_for_plain_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    """Guard against a fast path that silently never matches: plain lines are read without
    python-dotenv's parser or the shell's word reader."""
    calls = {"binding": 0, "command": 0}
    real_binding, real_command = dotenv_reader.parse_binding, shell._Reader.command

    def binding(reader: object) -> object:
        calls["binding"] += 1
        return real_binding(reader)  # type: ignore[arg-type]

    def command(self: shell._Reader) -> object:
        calls["command"] += 1
        return real_command(self)

    monkeypatch.setattr(dotenv_reader, "parse_binding", binding)
    monkeypatch.setattr(shell._Reader, "command", command)
    text = "".join(f"VAR_{i}=value-{i}\n" for i in range(50)) + "X='quoted value'\n"
    assert len(list(dotenv_reader._bindings(text))) == 51
    assert shell.read_shell(text, bash=True)["VAR_7"] == "value-7"
    assert calls == {"binding": 1, "command": 1}

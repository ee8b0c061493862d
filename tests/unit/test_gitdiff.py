"""The unified-diff parser: only added lines, each with its new path and exact line number."""

from __future__ import annotations

import difflib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from envguard.errors import InputError
from envguard.sources.gitdiff import (
    FilePatch,
    parse_diff,
    parse_diff_text,
    read_lines,
    unquote_path,
)
from tests import conftest
from tests.strategies import unicode_text

FIXTURES = conftest.FIXTURES / "scan"


def load(name: str) -> list[FilePatch]:
    return parse_diff_text((FIXTURES / name).read_bytes(), name)


def added(patches: list[FilePatch]) -> list[tuple[str, int, str]]:
    return [(p.path, n, t) for p in patches for n, t in zip(p.numbers, p.texts, strict=True)]


def test_binary_patches_are_skipped_and_parsing_resumes_after_them() -> None:
    patches = load("binary.diff")
    assert [(p.path, p.binary) for p in patches] == [
        ("logo.png", True), ("img.gif", True), ("notes.txt", False)]
    assert added(patches) == [("notes.txt", 2, "after binary")]


def test_renames_copies_and_mode_changes() -> None:
    patches = load("rename_copy_mode.diff")
    assert [(p.path, p.old_path, p.status) for p in patches] == [
        ("new name.txt", "old name.txt", "renamed"),
        ("src/b.py", "src/a.py", "copied"),
        ("run.sh", "run.sh", "mode"),
    ]
    assert added(patches) == [("src/b.py", 3, "    return 2")]


def test_quoted_paths_with_spaces_non_ascii_and_escapes() -> None:
    patches = load("quoted_paths.diff")
    assert [p.path for p in patches] == ["dir with space/äö.env", "tab\there.txt"]
    assert patches[0].status == "added"
    assert added(patches)[0] == ("dir with space/äö.env", 1, "A=1")


def test_no_newline_marker_and_crlf_do_not_shift_lines() -> None:
    assert added(load("no_newline_crlf.diff")) == [("w.txt", 2, "new"), ("w.txt", 3, "last")]


def test_non_utf8_bytes_survive_as_escapes() -> None:
    (first, second) = added(load("non_utf8.diff"))
    assert first[:2] == ("latin.txt", 1)
    assert first[2].encode("utf-8", "surrogateescape") == b"caf\xe9 = 1"
    assert second == ("latin.txt", 2, "ok")


def test_combined_merge_diff_keeps_only_lines_new_to_every_parent() -> None:
    assert added(load("combined.diff")) == [("merged.txt", 2, "resolved by hand")]


def test_plain_diff_u_output() -> None:
    assert added(load("plain_unified.diff")) == [
        ("settings.ini", 2, "user = b"), ("settings.ini", 3, "host = c"), ("other.ini", 5, "y")]


def test_empty_diff_has_no_patches() -> None:
    assert parse_diff_text(b"") == []
    assert parse_diff_text("\n\n") == []


def test_truncated_hunk_names_the_source_and_line() -> None:
    with pytest.raises(InputError, match=r"truncated\.diff: line 8: truncated hunk"):
        load("truncated.diff")


@pytest.mark.parametrize(("text", "message"), [
    ("--- a/x\n+++ b/x\n@@ -1,2 +1,2 @@\n x\nnot a hunk line\n", "line 5: truncated hunk"),
    ("--- a/x\n+++ b/x\n@@ -1 +1 @@\n+a\n+b\n", "line 5: hunk is longer than its header"),
    ("--- a/x\n+++ b/x\n@@ -0,0 +1 @@\n+a\n+b\n", None),
    ("@@ -1 +1 @@\n+a\n", "line 1: hunk header before any file header"),
    ("--- a/x\n+++ b/x\n@@ -1,x +1 @@\n", "line 3: malformed hunk header"),
])
def test_malformed_input_is_an_input_error(text: str, message: str | None) -> None:
    if message is None:  # a '+' line after a finished hunk is a header line: ignored
        assert added(parse_diff_text(text)) == [("x", 1, "a")]
        return
    with pytest.raises(InputError, match=message):
        parse_diff_text(text, "p.diff")


def test_log_commit_headers_and_indented_messages() -> None:
    text = (
        "commit 1111111111111111111111111111111111111111\nAuthor: A <a@b>\n\n"
        "    --- a message line that looks like a header\n    +++ and another\n\n"
        "diff --git a/f b/f\n--- a/f\n+++ b/f\n@@ -1,0 +2,2 @@\n++++ plus-prefixed\n+x\n"
        "commit 2222222222222222222222222222222222222222\n\n"
        "diff --git a/g b/g\nnew file mode 100644\n--- /dev/null\n+++ b/g\n@@ -0,0 +1 @@\n+y\n"
    )
    patches = parse_diff_text(text)
    assert [(p.path, p.commit[:4] if p.commit else None) for p in patches] == [
        ("f", "1111"), ("g", "2222")]
    assert added(patches) == [("f", 2, "+++ plus-prefixed"), ("f", 3, "x"), ("g", 1, "y")]


def test_unquote_path_octal_and_escapes() -> None:
    assert unquote_path('"a\\\\b\\"c\\t\\303\\244"') == 'a\\b"c\tä'
    assert unquote_path("plain") == "plain"


def test_read_lines_keeps_multibyte_characters_across_chunks() -> None:
    import io

    data = ("é" * 10 + "\n") * 50
    assert list(read_lines(io.BytesIO(data.encode()), chunk_size=7)) == ["é" * 10] * 50


def test_read_lines_takes_what_has_arrived_and_counts_lines() -> None:
    """A pipe's reads are short (``read1``): lines cut across reads, a line longer than
    many reads and an empty last line come out whole, and the count is exact."""
    import io

    from envguard.sources.gitdiff import LineCount

    class Trickle(io.RawIOBase):
        def __init__(self, data: bytes) -> None:
            self.data = data

        def readable(self) -> bool:
            return True

        def readinto(self, buffer: bytearray) -> int:  # type: ignore[override]
            n = min(3, len(buffer), len(self.data))
            buffer[:n], self.data = self.data[:n], self.data[n:]
            return n

    text = "ab\n" + "x" * 1000 + "\n\nlast é\n\n"
    counter = LineCount()
    lines = list(read_lines(io.BufferedReader(Trickle(text.encode())), 1 << 20, counter))
    assert lines == text.split("\n")[:-1]
    assert counter.lines == len(lines)


def test_errors_are_numbered_from_first_line() -> None:
    """A part of a longer stream (a run of a parallel history scan) numbers its errors as
    the whole stream would."""
    diff = ["diff --git a/x b/x", "--- a/x", "+++ b/x", "@@ -0,0 +1,2 @@", "+a"]
    for first, hunk, end in ((0, 4, 6), (100, 104, 106)):
        with pytest.raises(InputError, match=rf"^log: line {end}: truncated hunk: the input "
                                             rf"ends while the hunk at line {hunk} still"):
            list(parse_diff(diff, "log", first_line=first))


def test_read_lines_does_not_split_on_unicode_line_breaks() -> None:
    import io

    assert list(read_lines(io.BytesIO("a\x0cb\u2028c\nd".encode()))) == ["a\x0cb\u2028c", "d"]


# --- properties -------------------------------------------------------------------------

_line = unicode_text(12, exclude="\n\r")


@settings(max_examples=200, deadline=None)
@given(old=st.lists(_line, max_size=25), new=st.lists(_line, max_size=25),
       context=st.integers(0, 3))
def test_added_line_numbers_map_back_exactly_to_the_new_file(
    old: list[str], new: list[str], context: int,
) -> None:
    diff = "".join(difflib.unified_diff(
        [x + "\n" for x in old], [x + "\n" for x in new], "a/f.txt", "b/f.txt", n=context))
    patches = parse_diff_text(diff)
    for path, number, text in added(patches):
        assert path == "f.txt"
        assert new[number - 1] == text
    # every line of the new file that is not in a context/equal block is reported once
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    inserted = {j + 1 for tag, _, _, j1, j2 in matcher.get_opcodes() if tag in ("replace", "insert")
                for j in range(j1, j2)}
    assert {n for _, n, _ in added(patches)} == inserted


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_parser_never_crashes_on_arbitrary_bytes(data: bytes) -> None:
    try:
        parse_diff_text(data, "fuzz")
    except InputError as exc:
        assert str(exc).startswith("fuzz: line ")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([
    "diff --git a/x b/x", "--- a/x", "+++ b/x", "@@ -1,2 +1,2 @@", "@@ -0,0 +1 @@", " ctx",
    "+add", "-del", "\\ No newline at end of file", "", "Binary files a/x and b/x differ",
    "commit 0123456789abcdef0123456789abcdef01234567", "rename to y", "@@@ -1 -1 +1 @@@",
    "++both", "GIT binary patch",
]), max_size=30))
def test_parser_never_crashes_on_shuffled_diff_lines(lines: list[str]) -> None:
    try:
        for patch in parse_diff(lines, "mix"):
            assert len(patch.numbers) == len(patch.texts)
    except InputError as exc:
        assert str(exc).startswith("mix: line ")

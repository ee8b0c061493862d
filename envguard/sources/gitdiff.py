"""Unified diffs -> the lines they add, each with its new path and exact new line number.

Only added lines can leak a secret that is not already in the repository, so the parser
keeps those and counts the rest. It follows hunk headers' line counts rather than line
prefixes, which is what makes it exact: in ``git log -p`` output an indented commit
message looks like context and an added line ``++ x`` looks like a file header, and only
the counts tell them apart. A hunk that ends before its counts say is an error naming the
line, never a silent guess.

Handled: git and plain ``diff -u`` headers, renames and copies, mode-only changes,
binary patches (skipped), C-quoted paths (spaces, non-ASCII), ``\\ No newline at end of
file``, CRLF, bytes that are not UTF-8 (kept as surrogate escapes), combined merge diffs
(``@@@``), ``git log -p`` commit headers. Running git (``--staged``, a range, the whole
history) streams its output through the same parser, so memory stays flat.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain, islice
from operator import itemgetter
from typing import IO

from envguard.errors import InputError

_HUNK = re.compile(r"@@ -\d+(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")
_COMBINED = re.compile(r"(@{3,}) ((?:-\d+(?:,\d+)? )+)\+(\d+)(?:,(\d+))? @{3,}")
_COMMIT = re.compile(r"commit ([0-9a-f]{7,64})\b")
_TAIL = itemgetter(slice(1, None))
_ESCAPES = {"a": 7, "b": 8, "t": 9, "n": 10, "v": 11, "f": 12, "r": 13, '"': 34, "\\": 92}


@dataclass
class FilePatch:
    """One file's part of a diff: where it lives now and the lines the diff adds to it.

    ``numbers[i]`` is the line number of ``texts[i]`` in the new file. Parallel lists
    rather than one object per line, because a history has millions of lines and the
    scanner joins ``texts`` into one string per file. ``texts`` stays out of ``repr``:
    it may hold the very secret being reported.
    """

    path: str
    old_path: str | None = None
    status: str = "modified"  # added, modified, deleted, renamed, copied, mode, file
    binary: bool = False
    commit: str | None = None
    numbers: list[int] = field(default_factory=list)
    texts: list[str] = field(default_factory=list, repr=False)


def unquote_path(text: str) -> str:
    """A path as git prints it: C-quoted (``"a/\\303\\244 b"``) when it has special bytes."""
    if len(text) < 2 or not (text.startswith('"') and text.endswith('"')):
        return text
    raw = bytearray()
    body, i = text[1:-1], 0
    while i < len(body):
        ch = body[i]
        if ch == "\\" and i + 1 < len(body):
            nxt = body[i + 1]
            octal = body[i + 1:i + 4]
            if len(octal) == 3 and all(c in "01234567" for c in octal):
                raw.append(int(octal, 8) & 0xFF)
                i += 4
                continue
            raw.append(_ESCAPES.get(nxt, ord(nxt) if ord(nxt) < 128 else 63))
            i += 2
            continue
        raw += ch.encode("utf-8", "surrogateescape")
        i += 1
    return raw.decode("utf-8", "surrogateescape")


def _closing_quote(text: str) -> int:
    """Index of the quote closing the C-quoted string that opens ``text``, or -1."""
    i = 1
    while i < len(text):
        if text[i] == "\\":
            i += 2
        elif text[i] == '"':
            return i
        else:
            i += 1
    return -1


def _split_header_paths(rest: str) -> tuple[str, str] | None:
    """The two paths of ``diff --git A B``; unquoted names with spaces are split in half."""
    if rest.startswith('"'):
        end = _closing_quote(rest)
        if end == -1 or rest[end + 1:end + 2] != " ":
            return None
        return unquote_path(rest[:end + 1]), unquote_path(rest[end + 2:])
    if rest.endswith('"'):
        start = rest.rfind(' "')
        return (rest[:start], unquote_path(rest[start + 1:])) if start != -1 else None
    mid = len(rest) // 2
    if len(rest) % 2 == 1 and rest[mid] == " ":
        return rest[:mid], rest[mid + 1:]
    parts = rest.split(" ")
    return (parts[0], parts[-1]) if len(parts) == 2 else None


def _strip_prefix(path: str, prefix: str) -> str:
    return path[len(prefix):] if prefix and path.startswith(prefix) else path


def _file_path(text: str) -> str:
    """The path of a ``---``/``+++``/``rename to`` line: unquoted, timestamp dropped."""
    text = text.rstrip("\r")
    if text.startswith('"'):
        end = _closing_quote(text)
        return unquote_path(text[:end + 1]) if end != -1 else text
    return text.split("\t", 1)[0]


class _Parser:
    """State of one parse; ``run`` is a single loop so the common case stays cheap."""

    def __init__(self, source: str, on_commit: Callable[[str], None] | None,
                 first_line: int = 0) -> None:
        self.source = source
        self.first_line = first_line
        self.on_commit = on_commit
        self.commit: str | None = None
        self.cur: FilePatch | None = None
        self.prefixes = ("", "")
        self.saw_old = False
        self.saw_new = False
        self.hunks = 0
        self.binary_block = False

    def error(self, lineno: int, message: str) -> InputError:
        return InputError(f"{self.source}: line {lineno}: {message}")

    def new_file(self, path: str) -> FilePatch | None:
        done, self.cur = self.cur, FilePatch(path=path, commit=self.commit)
        self.saw_old = self.saw_new = False
        self.hunks = 0
        self.binary_block = False
        self.prefixes = ("", "")
        return done

    def header(self, line: str, lineno: int) -> FilePatch | None:
        """A line outside any hunk; returns a finished patch when one ends here."""
        if line.startswith("diff --git "):
            pair = _split_header_paths(line[11:])
            old, new = pair if pair else ("", line[11:])
            pa = old[:2] if len(old) > 2 and old[1] == "/" else ""
            pb = new[:2] if len(new) > 2 and new[1] == "/" else ""
            done = self.new_file(_strip_prefix(new, pb))
            self.prefixes = (pa, pb)
            assert self.cur is not None
            self.cur.old_path = _strip_prefix(old, pa)
            return done
        if line.startswith(("diff --cc ", "diff --combined ")):
            name = unquote_path(line.split(" ", 2)[2])
            done = self.new_file(name)
            self.prefixes = ("a/", "b/")  # the ---/+++ lines of a combined diff carry them
            return done
        if line.startswith("--- ") and self.cur is not None and not self.saw_old and (
            not self.hunks
        ):
            self.saw_old = True
            old = _file_path(line[4:])
            if old != "/dev/null":
                self.cur.old_path = _strip_prefix(old, self.prefixes[0])
            else:
                self.cur.status = "added"
            return None
        if line.startswith("--- "):  # a plain ``diff -u`` file, or the next file of one
            done = self.new_file(_file_path(line[4:]))
            self.saw_old = True
            assert self.cur is not None
            if self.cur.path == "/dev/null":
                self.cur.status = "added"
            return done
        if line.startswith("+++ ") and self.cur is not None and not self.saw_new:
            self.saw_new = True
            new = _file_path(line[4:])
            if new == "/dev/null":
                self.cur.status = "deleted"
                self.cur.path = self.cur.old_path or self.cur.path
            else:
                prefix = self.prefixes[1]
                before = self.cur.old_path
                if not prefix and new.startswith("b/") and (
                    before is None or before.startswith("a/") or self.cur.status == "added"
                ):  # a plain diff in git's a/ b/ (``patch -p1``) convention
                    prefix = "b/"
                    self.cur.old_path = _strip_prefix(before, "a/") if before else None
                self.cur.path = _strip_prefix(new, prefix)
            return None
        commit = _COMMIT.match(line)
        if commit and not self.binary_block:
            done, self.cur = self.cur, None
            self.commit = commit.group(1)
            if self.on_commit:
                self.on_commit(self.commit)
            return done
        cur = self.cur
        if cur is None:
            return None
        if line.startswith("new file mode"):
            cur.status = "added"
        elif line.startswith("deleted file mode"):
            cur.status = "deleted"
        elif line.startswith(("rename to ", "copy to ")):
            cur.status = "renamed" if line[0] == "r" else "copied"
            cur.path = _file_path(line.split(" ", 2)[2])
        elif line.startswith(("rename from ", "copy from ")):
            cur.old_path = _file_path(line.split(" ", 2)[2])
        elif line.startswith(("old mode ", "new mode ")) and cur.status == "modified":
            cur.status = "mode"
        elif line.startswith(("Binary files ", "GIT binary patch")):
            cur.binary = True
            self.binary_block = line.startswith("GIT")
        return None

    def run(self, lines: Iterable[str]) -> Iterator[FilePatch]:
        """Header lines are read here; each hunk's body is consumed by :meth:`hunk`."""
        it = iter(lines)
        lineno = self.first_line
        for line in it:
            lineno += 1
            if line.endswith("\r"):
                line = line[:-1]
            if line.startswith("@@"):
                lineno = self.hunk(line, lineno, it)
                continue
            done = self.header(line, lineno)
            if done is not None:
                yield done
        if self.cur is not None:
            yield self.cur

    def hunk(self, header: str, lineno: int, it: Iterator[str]) -> int:
        """Consume one hunk's lines from ``it``; returns the number of the last line read.

        Lines are taken in blocks of ``max(old, new)`` lines still expected: the hunk
        cannot end inside such a block, so nothing is over-read. A block made only of
        additions (new files, ``-U0`` output) is recorded with C-level list operations.
        """
        cur = self.cur
        if cur is None:
            raise self.error(lineno, "hunk header before any file header")
        self.hunks += 1
        m = _HUNK.match(header)
        if m is None:
            return self.combined_hunk(header, lineno, it)
        old_left = 1 if m.group(1) is None else int(m.group(1))
        new_no = int(m.group(2))
        new_left = 1 if m.group(3) is None else int(m.group(3))
        start = lineno
        numbers, texts = cur.numbers, cur.texts
        while old_left > 0 or new_left > 0:
            want = max(old_left, new_left)
            block = list(islice(it, want))
            joined = "\n".join(block)
            if "\r" not in joined:
                n = len(block)
                if n <= new_left and joined.count("\n+") + (joined[:1] == "+") == n:
                    numbers.extend(range(new_no, new_no + n))
                    texts.extend(map(_TAIL, block))
                    new_no += n
                    new_left -= n
                    lineno += n
                    if n < want:
                        break
                    continue
                if n <= old_left and joined.count("\n-") + (joined[:1] == "-") == n:
                    old_left -= n
                    lineno += n
                    if n < want:
                        break
                    continue
            for line in block:
                lineno += 1
                if line.endswith("\r"):
                    line = line[:-1]
                c = line[:1]
                if c == "+":
                    numbers.append(new_no)
                    texts.append(line[1:])
                    new_no += 1
                    new_left -= 1
                elif c == " " or not line:
                    new_no += 1
                    new_left -= 1
                    old_left -= 1
                elif c == "-":
                    old_left -= 1
                elif c != "\\":
                    raise self._truncated(lineno, start, old_left, new_left)
                if new_left < 0 or old_left < 0:
                    raise self.error(lineno, "hunk is longer than its header says")
            if len(block) < want:
                break
        if old_left > 0 or new_left > 0:
            raise self._truncated(lineno + 1, start, old_left, new_left, eof=True)
        return lineno

    def combined_hunk(self, header: str, lineno: int, it: Iterator[str]) -> int:
        """A merge's ``@@@`` hunk: one marker column per parent.

        A line is in the merge result unless some column says ``-``; it is new content
        only when every column says ``+`` (otherwise it came from a parent, whose own
        commit is where it was added and scanned).
        """
        cur = self.cur
        assert cur is not None
        c = _COMBINED.match(header)
        if not c or len(c.group(1)) - 1 != c.group(2).count("-"):
            raise self.error(lineno, "malformed hunk header")
        cols = len(c.group(1)) - 1
        olds = [int(r.split(",")[1]) if "," in r else 1 for r in c.group(2).split()]
        new_no = int(c.group(3))
        new_left = 1 if c.group(4) is None else int(c.group(4))
        start = lineno
        while new_left > 0 or max(olds) > 0:
            line = next(it, None)
            if line is None:
                raise self._truncated(lineno + 1, start, max(olds), new_left, eof=True)
            lineno += 1
            if line.endswith("\r"):
                line = line[:-1]
            if line.startswith("\\"):
                continue
            marks = line[:cols].ljust(cols)
            if marks.strip(" +-"):
                raise self._truncated(lineno, start, max(olds), new_left)
            if "-" not in marks:
                if marks.count("+") == cols:
                    cur.numbers.append(new_no)
                    cur.texts.append(line[cols:])
                new_no += 1
                new_left -= 1
            # A removed line is in the parents marked '-'; a kept one in those marked ' '.
            had = "-" if "-" in marks else " "
            olds = [n - 1 if m == had else n for n, m in zip(olds, marks, strict=True)]
            if new_left < 0 or min(olds) < 0:
                raise self.error(lineno, "hunk is longer than its header says")
        return lineno

    def _truncated(self, lineno: int, hunk_line: int, old_left: int, new_left: int,
                   eof: bool = False) -> InputError:
        where = "the input ends" if eof else "a line that is not part of a hunk"
        return self.error(
            lineno,
            f"truncated hunk: {where} while the hunk at line {hunk_line} still expects "
            f"{max(old_left, 0)} old and {max(new_left, 0)} new line(s)",
        )


def parse_diff(
    lines: Iterable[str],
    source: str = "<diff>",
    on_commit: Callable[[str], None] | None = None,
    first_line: int = 0,
) -> Iterator[FilePatch]:
    """Patches of a unified diff given as lines without their ``\\n``; lazily.

    Raises :class:`InputError` naming ``source`` and the line for a truncated or
    malformed hunk. ``on_commit`` is called with each ``commit <sha>`` header (progress).
    ``first_line`` is how many lines of the same stream came before ``lines`` (a part of
    a history scanned on its own numbers its errors as the whole stream would).
    """
    return _Parser(source, on_commit, first_line).run(lines)


def parse_diff_text(data: str | bytes, source: str = "<diff>") -> list[FilePatch]:
    """The whole of a diff held in memory (tests, small inputs)."""
    text = data.decode("utf-8", "surrogateescape") if isinstance(data, bytes) else data
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return list(parse_diff(lines, source))


class LineCount:
    """How many lines :func:`read_lines` has handed out so far (counted per chunk)."""

    def __init__(self) -> None:
        self.lines = 0

    def count(self, chunks: Iterable[list[str]]) -> Iterator[list[str]]:
        for chunk in chunks:
            self.lines += len(chunk)
            yield chunk


def read_lines(stream: IO[bytes], chunk_size: int = 1 << 20,
               counter: LineCount | None = None) -> Iterator[str]:
    """Lines of a byte stream, decoded as UTF-8 with undecodable bytes kept as escapes.

    Chunks are cut at a newline before decoding, so a multi-byte character is never
    split. ``str.split("\\n")`` rather than ``splitlines``: form feeds and other Unicode
    line breaks inside a line must not shift line numbers. Lines are handed out by
    ``chain`` over per-chunk lists, with no Python frame per line.
    """
    chunks = _chunks(stream, chunk_size)
    return chain.from_iterable(counter.count(chunks) if counter else chunks)


def _chunks(stream: IO[bytes], chunk_size: int) -> Iterator[list[str]]:
    """``read1`` where the stream has it: what has arrived, up to ``chunk_size``, so a
    pipe's writer (git) keeps writing while the lines read so far are scanned; ``read``
    would wait for the whole chunk, and git for the reader, one after the other. A line
    longer than one read is joined once, at its end (never re-copied per read)."""
    read = getattr(stream, "read1", stream.read)
    pending: list[bytes] = []
    while True:
        chunk = read(chunk_size)
        if not chunk:
            break
        cut = chunk.rfind(b"\n")
        if cut == -1:
            pending.append(chunk)
            continue
        head = chunk[:cut]
        if pending:
            pending.append(head)
            head = b"".join(pending)
            pending = []
        yield head.decode("utf-8", "surrogateescape").split("\n")
        if cut + 1 < len(chunk):
            pending.append(chunk[cut + 1:])
    if pending:
        yield [b"".join(pending).decode("utf-8", "surrogateescape")]

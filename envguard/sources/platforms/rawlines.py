"""Raw ``KEY=value`` lines with no quoting at all, as several CLIs print them.

``railway variables --kv``, ``netlify env:list --plain``, ``printenv`` and Doppler's
``env-no-quotes`` write the value verbatim, so a multi-line value (a PEM key) spills onto
the following lines and a ``#`` or a quote is part of the value. Which lines start a
variable is decided for the whole text, in this order:

1. a value that opens a PEM block (``-----BEGIN X-----``) runs to its matching
   ``-----END X-----`` line, whatever the lines between look like (about one base64 body
   in four ends in a line shaped like ``KEY=``);
2. a long mixed-case "key" is base64 key material, not a name;
3. where the CLI sorts its keys (Railway's ``BTreeMap``), the variables are the heaviest
   strictly increasing run of ``KEY=`` lines (conventional upper-case names weigh more),
   so one continuation line shaped like ``KEY=`` cannot swallow the variables after it;
4. any other ``KEY=`` line starts a variable; every other line continues the previous value.

Every spilled value is reported, since outside a PEM block the reading is a best guess.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Collection, Sequence

from envguard.findings import Severity
from envguard.sources.base import SourceRead
from envguard.sources.platforms.common import Collector

_ASSIGN = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)=(.*)", re.DOTALL)
_CONVENTIONAL = re.compile(r"[A-Z][A-Z0-9_]*")
_PEM_BEGIN = re.compile(r"-----BEGIN ([A-Z0-9 ]{1,64})-----")
_PEM_END = re.compile(r"-----END ([A-Z0-9 ]{1,64})-----")


def split_lines(text: str) -> list[str]:
    """Physical lines; CRLF only when every line ends so (a value may hold a lone CR)."""
    if "\r\n" in text and text.count("\r\n") == text.count("\n"):
        text = text.replace("\r\n", "\n")
    return text.rstrip("\n").split("\n") if text.strip() else []


def looks_like_key_material(name: str) -> bool:
    return (
        len(name) >= 24
        and any(ch.islower() for ch in name)
        and any(ch.isupper() for ch in name)
        and any(ch.isdigit() for ch in name)
    )


def pem_continuations(lines: Sequence[str]) -> list[bool]:
    """For each line, whether it lies inside a PEM block opened on an earlier line (up to
    and including the matching END line). A BEGIN with no matching END later is ignored:
    a truncated key must not swallow the rest of the export."""
    ends: dict[str, list[int]] = {}
    for n, line in enumerate(lines):
        for m in _PEM_END.finditer(line):
            ends.setdefault(m.group(1), []).append(n)
    inside = [False] * len(lines)
    n = 0
    while n < len(lines):
        end = _block_end(lines[n], n, ends)
        if end is None:
            n += 1
            continue
        for k in range(n + 1, end + 1):
            inside[k] = True
        n = end  # the END line may open the next block of a chain (a certificate bundle)
        if _block_end(lines[n], n, ends) is None:
            n += 1
    return inside


def _block_end(line: str, n: int, ends: dict[str, list[int]]) -> int | None:
    """The line of the END matching the last BEGIN left open on line ``n``, if any."""
    opened = None
    for m in _PEM_BEGIN.finditer(line):
        opened = m
    if opened is None or f"-----END {opened.group(1)}-----" in line[opened.end() :]:
        return None
    later = ends.get(opened.group(1), [])
    k = bisect_right(later, n)
    return later[k] if k < len(later) else None


def _sorted_starts(keys: Sequence[tuple[int, str]]) -> set[int]:
    """The lines of the heaviest strictly increasing run of keys (the first one always in).

    A weighted longest-increasing-subsequence over a Fenwick tree of key ranks: n log n."""
    if not keys:
        return set()
    ranks = {k: r for r, k in enumerate(sorted({k for _, k in keys}), start=1)}
    size = len(ranks)
    tree: list[tuple[int, int]] = [(0, -1)] * (size + 1)  # (best weight, index in keys)
    best: list[tuple[int, int]] = []
    for i, (_, key) in enumerate(keys):
        r, found = ranks[key] - 1, (0, -1)
        while r > 0:
            found = max(found, tree[r])
            r -= r & -r
        if i and found[1] < 0:
            best.append((-1, -1))  # nothing before it, and only the first key may start a run
            continue
        weight = 10**6 if i == 0 else (3 if _CONVENTIONAL.fullmatch(key) else 1)
        here = (found[0] + weight, found[1])
        best.append(here)
        r = ranks[key]
        while r <= size:
            tree[r] = max(tree[r], (here[0], i))
            r += r & -r
    i = max(range(len(best)), key=lambda j: best[j][0])
    chosen = set()
    while i >= 0:
        chosen.add(keys[i][0])
        i = best[i][1]
    return chosen


def sorted_share(lines: Sequence[str]) -> float:
    """How many of the ``KEY=`` lines fit one increasing run of keys: 1.0 for what a
    sorting CLI printed, far less for a file written by hand."""
    candidates = _candidates(lines)
    return len(_sorted_starts(candidates)) / len(candidates) if candidates else 0.0


def _starts(lines: Sequence[str], sorted_keys: bool) -> set[int]:
    candidates = _candidates(lines)
    if sorted_keys:
        return _sorted_starts(candidates)
    return {n for n, _ in candidates}


def _candidates(lines: Sequence[str]) -> list[tuple[int, str]]:
    """``(line index, key)`` of the lines that may start a variable."""
    inside = pem_continuations(lines)
    candidates: list[tuple[int, str]] = []
    for n, line in enumerate(lines):
        m = _ASSIGN.fullmatch(line)
        if m is None or inside[n]:
            continue
        if candidates and looks_like_key_material(m.group(1)):
            continue
        candidates.append((n, m.group(1)))
    return candidates


def read_raw_lines(
    text: str,
    c: Collector,
    *,
    sorted_keys: bool = False,
    skip: Collection[str] = (),
    skip_prefixes: tuple[str, ...] = (),
) -> SourceRead:
    lines = split_lines(text)
    starts = _starts(lines, sorted_keys)
    current: tuple[str, int] | None = None
    parts: list[str] = []

    def flush() -> None:
        if current is None:
            return
        key, line = current
        if len(parts) > 1:
            c.note(
                "raw-multiline",
                Severity.WARNING,
                f"{key}'s value continues over {len(parts) - 1} more line(s) of a raw "
                "KEY=value export; outside a PEM block a continuation line that looks "
                "like KEY=value cannot be told apart from a new variable",
                line=line,
                key=key,
                hint="prefer the JSON export of the same command, which keeps values exact",
            )
        if key not in skip and not key.startswith(skip_prefixes):
            c.add(key, "\n".join(parts), line)

    for n, line in enumerate(lines):
        if n in starts:
            flush()
            key, _, value = line.partition("=")
            current, parts = (key, n + 1), [value]
        elif current is not None:
            parts.append(line)
        elif line.strip():
            c.note(
                "parse-error",
                Severity.ERROR,
                "not a KEY=value line, and no variable before it to continue",
                line=n + 1,
                hint="check that this is the output of the export command",
            )
    flush()
    return c.finish()


def read_raw(text: str, source: str) -> SourceRead:
    return read_raw_lines(text, Collector(source, "raw", "the export"))

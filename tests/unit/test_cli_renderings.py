"""Each platform CLI's output, rendered by a port of the CLI's own writer
(tests/support/cli_writers.py), reads back exactly: every value and every line, from a
file and from standard input, with the format given and auto-detected."""

from __future__ import annotations

import io
import random
import sys
from pathlib import Path

import pytest

from envguard.sources import read_source
from tests.support.cli_writers import WRITERS, realistic_values

SEEDS = range(12)  # a fresh PEM key (and blob) for each


def _read(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, data: bytes, where: str,
          filename: str, fmt: str):  # type: ignore[no-untyped-def]
    if where == "stdin":
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
        return read_source("-", fmt)
    path = tmp_path / filename
    path.write_bytes(data)
    return read_source(path, fmt)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("how", ["auto", "explicit"])
@pytest.mark.parametrize("where", ["file", "stdin"])
@pytest.mark.parametrize("cli", sorted(WRITERS))
def test_cli_rendering_reads_back_exactly(cli: str, where: str, how: str, seed: int,
                                          monkeypatch: pytest.MonkeyPatch,
                                          tmp_path: Path) -> None:
    writer = WRITERS[cli]
    env = writer.carries({**realistic_values(random.Random(f"{cli}-{seed}")), **writer.own})
    rendering = writer.render(env)
    expected = writer.reads_as(env)
    read = _read(monkeypatch, tmp_path, rendering.text.encode("utf-8"), where,
                 writer.filename, "auto" if how == "auto" else writer.fmt)
    assert read.format == (writer.detected if how == "auto" else writer.fmt)
    got = [(v.key, None if v.withheld else v.value, v.origin.line) for v in read.vars]
    assert sorted(got, key=str) == sorted(((k, v, rendering.lines[k])
                                           for k, v in expected.items()), key=str)
    assert not [f for f in read.findings if f.rule in ("parse-error", "unterminated-quote",
                                                        "duplicate-key")]


def test_the_renderings_hold_the_hard_cases() -> None:
    env = realistic_values(random.Random(1))
    assert "\n" in env["JWT_PRIVATE_KEY"] and env["EMPTY_NOTE"] == ""
    assert len(env["BIG_BLOB"]) >= 10 * 1024
    kv = WRITERS["railway variables --kv"].render(env).text
    assert "-----BEGIN" in kv and kv.count("\n") > len(env)  # the key spills over lines

"""The parsed-schema cache serves what the files say, and never a stale copy."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest

from envguard._toml import load_toml
from envguard.schema import cache
from envguard.schema.loader import schemas_dir


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("ENVGUARD_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("ENVGUARD_NO_CACHE", raising=False)
    cache.parsed_tree.cache_clear()
    root = tmp_path / "schemas"
    shutil.copytree(schemas_dir(), root)
    return root


def test_cache_round_trip_equals_parsing(tree: Path) -> None:
    fresh = cache.parsed_tree(tree, load_toml)
    cache.parsed_tree.cache_clear()
    cached = cache.parsed_tree(tree, load_toml)
    assert cached == fresh
    assert cached == {str(p.relative_to(tree)): load_toml(p) for p in tree.rglob("*.toml")}
    assert len(list((tree.parent / "cache").glob("schemas-*.json"))) == 1


def test_an_edited_file_is_never_served_stale(tree: Path) -> None:
    cache.parsed_tree(tree, load_toml)
    target = tree / "stacks" / "vibelog.toml"
    target.write_text(target.read_text().replace('name = "vibelog"', 'name = "edited"'))
    os.utime(target, ns=(1, 1))
    cache.parsed_tree.cache_clear()
    assert cache.parsed_tree(tree, load_toml)["stacks/vibelog.toml"]["stack"]["name"] == "edited"


def test_dates_survive_the_cache(tree: Path) -> None:
    (tree / "stacks" / "dated.toml").write_text("[flags.X]\nexpires = 2026-01-31\n")
    cache.parsed_tree(tree, load_toml)
    cache.parsed_tree.cache_clear()
    table = cache.parsed_tree(tree, load_toml)["stacks/dated.toml"]
    assert table["flags"]["X"]["expires"] == dt.date(2026, 1, 31)


def test_unwritable_cache_folder_is_not_an_error(tree: Path, monkeypatch: pytest.MonkeyPatch,
                                                  tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("")
    monkeypatch.setenv("ENVGUARD_CACHE_DIR", str(blocker / "sub"))
    assert cache.parsed_tree(tree, load_toml)["stacks/vibelog.toml"]["stack"]["name"] == "vibelog"

"""The parsed-schema cache serves what the files say, never a stale copy, keeps checked
typed pieces, and survives a bad cache file."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from pathlib import Path

import pytest

from envguard._toml import load_toml
from envguard.schema import cache, loader
from envguard.schema.loader import schemas_dir
from envguard.schema.piece import Piece


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


# -- typed pieces: checked once, round-tripped, a bad cache file rebuilt ------------------
def _pieces(root: Path) -> dict[str, Piece]:
    cache.parsed_tree.cache_clear()
    return cache.parsed_tree(root, loader._parse_piece, Piece)


def test_typed_pieces_round_trip(tree: Path) -> None:
    fresh = _pieces(tree)
    cached = _pieces(tree)  # read back from the JSON file
    assert cached == fresh
    assert cached["stacks/vibelog.toml"].flags
    rules = [r for p in cached.values() for r in p.rules]
    assert rules and all(type(r.keys) is tuple for r in rules)
    assert cached["providers/stripe.toml"].provider == fresh["providers/stripe.toml"].provider
    severities = [s for p in cached.values() for f in p.flags.values() for s in f.severity.values()]
    assert all(s is None or type(s).__name__ == "Severity" for s in severities)


def test_a_schema_composed_from_the_cache_equals_one_parsed_now(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("ENVGUARD_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("ENVGUARD_NO_CACHE", raising=False)

    def compose() -> object:
        cache.parsed_tree.cache_clear()
        loader._load_cached.cache_clear()
        return loader.load_stack("vibelog")

    first = compose()  # writes the cache
    assert list((tmp_path / "cache").glob("schemas-*.json"))
    assert compose() == first  # served from it
    monkeypatch.setenv("ENVGUARD_NO_CACHE", "1")
    assert compose() == first
    loader._load_cached.cache_clear()


def test_the_builtin_catalog_from_the_cache_equals_one_composed_now(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The scanner and every check start from the cached catalog: it must be the catalog."""
    monkeypatch.setenv("ENVGUARD_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("ENVGUARD_NO_CACHE", raising=False)

    def catalog() -> object:
        cache.parsed_tree.cache_clear()
        loader.builtin_catalog.cache_clear()
        return loader.builtin_catalog()

    first = catalog()  # composes and writes
    served = catalog()
    assert served == first
    assert served is not first
    monkeypatch.setenv("ENVGUARD_NO_CACHE", "1")
    assert catalog() == first
    loader.builtin_catalog.cache_clear()


def test_an_edited_provider_file_recomposes_the_catalog(tree: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loader, "schemas_dir", lambda: tree)
    loader.builtin_catalog.cache_clear()
    assert "ACME_TOKEN" not in loader.builtin_catalog().vars
    piece = tree / "providers" / "stripe.toml"
    piece.write_text(piece.read_text() + "\n[vars.ACME_TOKEN]\nsecret = true\n")
    loader.builtin_catalog.cache_clear()
    cache.parsed_tree.cache_clear()
    assert loader.builtin_catalog().vars["ACME_TOKEN"].secret
    loader.builtin_catalog.cache_clear()


@pytest.mark.parametrize("content", [
    "[1, 2, 3]",
    '{"version": 1, "files": {}}',
    '{"version": VERSION, "files": {"stacks/vibelog.toml": {"stack": {"name": "stale"}}}}',
    '{"version": VERSION, "files": {"x.toml": {"__dataclass__": "Rule", "nope": 1}}}',
    '{"version": VERSION, "files": {"x.toml": {"__dataclass__": "Rule", "kind": "equal"}}}',
    '{"version": VERSION, "files": {"x.toml": {"__dataclass__": "Os"}}}',
    '{"version": VERSION, "files": {"x.toml": {"__toml_date__": "soon", "kind": "date"}}}',
    "not json at all",
])
def test_a_cache_file_of_the_wrong_shape_is_rebuilt(tree: Path, content: str) -> None:
    _pieces(tree)
    [target] = (tree.parent / "cache").glob("schemas-*.json")
    target.write_text(content.replace("VERSION", str(cache._VERSION)))
    rebuilt = _pieces(tree)
    assert all(isinstance(p, Piece) for p in rebuilt.values())
    assert rebuilt["stacks/vibelog.toml"].header["name"] == "vibelog"
    assert json.loads(target.read_text())["version"] == cache._VERSION  # written again


def test_the_format_version_is_part_of_the_file_name(tree: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """A cache written by the previous version is never even opened."""
    _pieces(tree)
    monkeypatch.setattr(cache, "_VERSION", 1)
    _pieces(tree)
    assert len(list((tree.parent / "cache").glob("schemas-*.json"))) == 2

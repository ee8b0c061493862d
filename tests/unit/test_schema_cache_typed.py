"""The parsed-schema cache keeps checked, typed pieces, and survives a bad cache file."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from envguard.schema import cache, loader
from envguard.schema.piece import Piece


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("ENVGUARD_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("ENVGUARD_NO_CACHE", raising=False)
    cache.parsed_tree.cache_clear()
    root = tmp_path / "schemas"
    shutil.copytree(loader.schemas_dir(), root)
    return root


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


@pytest.mark.parametrize("content", [
    "[1, 2, 3]",
    '{"version": 1, "files": {}}',
    '{"version": 2, "files": {"stacks/vibelog.toml": {"stack": {"name": "stale"}}}}',
    '{"version": 2, "files": {"x.toml": {"__dataclass__": "Rule", "nope": 1}}}',
    '{"version": 2, "files": {"x.toml": {"__dataclass__": "Rule", "kind": "equal"}}}',
    '{"version": 2, "files": {"x.toml": {"__dataclass__": "Os"}}}',
    '{"version": 2, "files": {"x.toml": {"__toml_date__": "soon", "kind": "date"}}}',
    "not json at all",
])
def test_a_cache_file_of_the_wrong_shape_is_rebuilt(tree: Path, content: str) -> None:
    _pieces(tree)
    [target] = (tree.parent / "cache").glob("schemas-*.json")
    target.write_text(content)
    rebuilt = _pieces(tree)
    assert all(isinstance(p, Piece) for p in rebuilt.values())
    assert rebuilt["stacks/vibelog.toml"].header["name"] == "vibelog"
    assert json.loads(target.read_text())["version"] == 2  # written again


def test_the_format_version_is_part_of_the_file_name(tree: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """A cache written by the previous version is never even opened."""
    _pieces(tree)
    monkeypatch.setattr(cache, "_VERSION", 1)
    _pieces(tree)
    assert len(list((tree.parent / "cache").glob("schemas-*.json"))) == 2

"""A parsed copy of the built-in schema files, so a hook or app start skips TOML parsing.

``tomllib`` is pure Python: parsing the ~40 built-in pieces costs ~20 ms, more than the
scan of a typical commit, and checking them again costs more. What each file parses to
(for the loader, a checked :class:`~envguard.schema.piece.Piece` with typed rules, flags
and provider; see :mod:`envguard.schema.codec`) is kept as JSON in the user's cache folder
(``$ENVGUARD_CACHE_DIR``, else ``$XDG_CACHE_HOME/envguard``, else ``~/.cache/envguard``),
keyed by every file's name, size and modification time, so an edited or upgraded schema
is never served stale. ``ENVGUARD_NO_CACHE=1`` turns it off; an unwritable folder just
means no cache, and a cache file of the wrong shape is ignored and rewritten.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

# Imports inside functions are deliberate: the codec loads only when a cache file is read or
# written.

#: Bumped whenever what is cached changes shape: older files are then never read.
_VERSION = 4


def cache_dir() -> Path:
    explicit = os.environ.get("ENVGUARD_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "envguard"


@lru_cache(maxsize=4)
def parsed_tree(root: Path, parse: Callable[[Path], Any], kind: type[Any] = dict) -> dict[str, Any]:
    """``{relative path: parse(file)}`` for every ``*.toml`` under ``root``; every value
    is a ``kind`` (a cache file holding anything else is rebuilt)."""

    def build(files: list[Path]) -> dict[str, Any]:
        return {str(p.relative_to(root)): parse(p) for p in files}

    def fits(tree: object) -> bool:
        return isinstance(tree, dict) and all(isinstance(v, kind) for v in tree.values())

    return _cached(root, f"tree-{kind.__name__}", build, fits)  # type: ignore[no-any-return]


def composed(root: Path, name: str, build: Callable[[], Any], kind: type[Any]) -> Any:
    """``build()``, cached beside the parsed tree and under the same key: what is composed
    from the files (the built-in catalog) is rebuilt whenever any of them changes. Composing
    the catalog costs more than reading all its files from the tree cache."""
    return _cached(root, name, lambda _files: build(), lambda value: isinstance(value, kind))


def _cached(root: Path, name: str, build: Callable[[list[Path]], Any],
            fits: Callable[[object], bool]) -> Any:
    files = sorted(root.rglob("*.toml"))
    stamp = hashlib.sha256(repr((_VERSION, str(root), name, [
        (str(p.relative_to(root)), p.stat().st_size, p.stat().st_mtime_ns) for p in files
    ])).encode()).hexdigest()[:24]
    use_cache = not os.environ.get("ENVGUARD_NO_CACHE")
    target = cache_dir() / f"schemas-{stamp}.json"
    if use_cache:
        loaded = _load(target, fits)
        if loaded is not None:
            return loaded
    value = build(files)
    if use_cache:
        from envguard.schema.codec import encode

        _write(target, json.dumps({"version": _VERSION, "files": value}, default=encode))
    return value


def _load(target: Path, fits: Callable[[object], bool]) -> Any:
    """The cached value, or None when there is none or it is not what this version writes."""
    try:
        text = target.read_text()
    except OSError:
        return None
    from envguard.schema.codec import decode

    try:
        loaded = json.loads(text, object_hook=decode)
    except (ValueError, TypeError, KeyError):
        return None
    if not isinstance(loaded, dict) or loaded.get("version") != _VERSION:
        return None
    value = loaded.get("files")
    return value if fits(value) else None


def _write(target: Path, text: str) -> None:
    import tempfile  # only when the cache is written: a hook start reads it

    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
        with os.fdopen(fd, "w") as fh:
            fh.write(text)
        os.replace(tmp, target)
    except OSError:
        pass  # a read-only home is fine: next time parses again

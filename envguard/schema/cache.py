"""A parsed copy of the built-in schema files, so a hook or app start skips TOML parsing.

``tomllib`` is pure Python: parsing the ~40 built-in pieces costs ~20 ms, more than the
scan of a typical commit. The parsed tables are kept as JSON in the user's cache folder
(``$ENVGUARD_CACHE_DIR``, else ``$XDG_CACHE_HOME/envguard``, else ``~/.cache/envguard``),
keyed by every file's name, size and modification time, so an edited or upgraded schema
is never served stale. ``ENVGUARD_NO_CACHE=1`` turns it off; an unwritable folder just
means no cache.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

_VERSION = 1


def cache_dir() -> Path:
    explicit = os.environ.get("ENVGUARD_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "envguard"


@lru_cache(maxsize=4)
def parsed_tree(root: Path, parse: Callable[[Path], dict[str, Any]]) -> dict[str, Any]:
    """``{relative path: parsed table}`` for every ``*.toml`` under ``root``."""
    files = sorted(root.rglob("*.toml"))
    stamp = hashlib.sha256(repr((_VERSION, str(root), [
        (str(p.relative_to(root)), p.stat().st_size, p.stat().st_mtime_ns) for p in files
    ])).encode()).hexdigest()[:24]
    use_cache = not os.environ.get("ENVGUARD_NO_CACHE")
    target = cache_dir() / f"schemas-{stamp}.json"
    if use_cache:
        try:
            loaded: dict[str, Any] = json.loads(target.read_text(), object_hook=_decode)
            return loaded
        except (OSError, ValueError):
            pass
    tree = {str(p.relative_to(root)): parse(p) for p in files}
    if use_cache:
        _write(target, json.dumps(tree, default=_encode))
    return tree


def _write(target: Path, text: str) -> None:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
        with os.fdopen(fd, "w") as fh:
            fh.write(text)
        os.replace(tmp, target)
    except OSError:
        pass  # a read-only home is fine: next time parses again


def _encode(value: object) -> object:
    if isinstance(value, (dt.date, dt.time)):  # datetime is a date too
        return {"__toml_date__": value.isoformat(), "kind": type(value).__name__}
    raise TypeError(f"cannot cache {type(value).__name__}")


def _decode(obj: dict[str, Any]) -> Any:
    if "__toml_date__" in obj:
        kind: Any = {"date": dt.date, "datetime": dt.datetime, "time": dt.time}[obj["kind"]]
        return kind.fromisoformat(obj["__toml_date__"])
    return obj

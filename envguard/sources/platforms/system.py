"""Which variables a platform sets itself, and which export formats come from which platform.

Used to tell a platform-provided variable that arrived in the platform's own export
(normal: ``vercel env pull`` adds ``VERCEL_ENV``) from one written by hand into a .env
file or another platform's settings (a value the platform will override or that drifts).
Tokens that users set for the platform's CLI (``VERCEL_TOKEN``, ``RAILWAY_TOKEN``) share
the prefix but are user configuration, so they are listed as exceptions.

The facts live in the ``[platform]`` table of ``schemas/platforms/<id>.toml`` (one file per
platform; the schema loader ignores the table)::

    [platform]
    name = "Heroku"
    prefixes = ["HEROKU_"]        # else the file's [provider] platform_prefixes
    names = ["DYNO"]              # variables it sets without the prefix
    user_set = ["HEROKU_API_KEY"] # prefixed names that users set
    formats = ["heroku-json"]     # the --from formats its own tooling writes

A new platform is a new file; nothing here changes, but run
``python -m envguard.sources.platforms.system`` to refresh ``platforms.json``, the
snapshot that spares a .env read the TOML parser (a snapshot whose checksum does not
match the files is never used: the files are read instead). The facts are read once per
process, on first use.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Platform:
    id: str
    name: str
    prefixes: tuple[str, ...]
    names: frozenset[str]
    user_set: frozenset[str]
    formats: frozenset[str]


#: the fields of a ``[platform]`` table (also the JSON Schema's, envguard.generate.jsonschema)
PLATFORM_FIELDS = {
    "name": "the platform's name in messages",
    "prefixes": "prefixes of the variables it sets (else [provider] platform_prefixes)",
    "names": "variables it sets without a prefix",
    "user_set": "prefixed variables that users set (CLI tokens)",
    "formats": "the --from formats its own tooling writes",
}


def platforms_dir() -> Path:
    """``schemas/platforms``: inside the wheel, or in a source checkout (the same two places
    as :func:`envguard.schema.loader.schemas_dir`, which this layer may not import)."""
    here = Path(__file__).resolve().parents[3]
    shipped = here / "envguard" / "_schemas"
    return (shipped if shipped.is_dir() else here / "schemas") / "platforms"


def _strings(table: dict[str, Any], name: str, path: Path) -> tuple[str, ...]:
    value = table.get(name, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"{path}: [platform] {name} must be a list of strings")
    return tuple(value)


SNAPSHOT = "platforms.json"


def _checksum(files: list[Path]) -> int:
    """CRC-32 of the files' names and bytes: what the snapshot was made from (not their
    modification times, which a checkout sets in any order)."""
    import zlib

    crc = 0
    for path in files:
        crc = zlib.crc32(path.name.encode() + b"\0" + path.read_bytes(), crc)
    return crc


@lru_cache(maxsize=1)
def platforms() -> tuple[Platform, ...]:
    """Every ``[platform]`` table, in file-name order: from the JSON snapshot beside the
    files when it was made from them as they are (reading a .env file must not import a
    TOML parser), else from the files themselves."""
    import json

    folder = platforms_dir()
    files = sorted(folder.glob("*.toml"))
    try:
        snapshot = json.loads((folder / SNAPSHOT).read_text(encoding="utf-8"))
        if snapshot["checksum"] == _checksum(files):
            return tuple(Platform(r["id"], r["name"], tuple(r["prefixes"]),
                                  frozenset(r["names"]), frozenset(r["user_set"]),
                                  frozenset(r["formats"])) for r in snapshot["platforms"])
    except (OSError, ValueError, KeyError, TypeError):
        pass
    return from_files(files)


def from_files(files: list[Path]) -> tuple[Platform, ...]:
    """The ``[platform]`` tables of ``files`` (the source of truth)."""
    from envguard._toml import load_toml

    found = []
    for path in files:
        data = load_toml(path)
        table = data.get("platform")
        if not isinstance(table, dict):
            continue
        unknown = sorted(set(table) - set(PLATFORM_FIELDS))
        if unknown:
            raise ValueError(f"{path}: [platform] has unknown fields {unknown}; "
                             f"allowed: {', '.join(PLATFORM_FIELDS)}")
        provider = data.get("provider", {})
        prefixes = _strings(table, "prefixes", path) or _strings(
            provider, "platform_prefixes", path)
        found.append(Platform(path.stem, str(table.get("name", path.stem)), prefixes,
                              frozenset(_strings(table, "names", path)),
                              frozenset(_strings(table, "user_set", path)),
                              frozenset(_strings(table, "formats", path))))
    return tuple(found)


@lru_cache(maxsize=1)
def _format_platform() -> dict[str, str]:
    return {fmt: p.id for p in platforms() for fmt in p.formats}


@lru_cache(maxsize=1)
def _user_set() -> frozenset[str]:
    return frozenset().union(*(p.user_set for p in platforms()))


def format_platform(fmt: str) -> str | None:
    """The platform whose own tooling writes ``fmt``, if any."""
    return _format_platform().get(fmt)


def platform_of(key: str) -> str | None:
    """The platform that sets ``key`` itself, or None for user configuration."""
    if key in _user_set():
        return None
    for platform in platforms():
        if key in platform.names:
            return platform.id
    for platform in platforms():
        if key.startswith(platform.prefixes):
            return platform.id
    return None


def set_by_hand(key: str, fmt: str, platform: str | None = None) -> bool:
    """True when a platform variable came from somewhere other than its platform's export."""
    owner = platform or platform_of(key)
    own = format_platform(fmt)
    return own != owner if owner else own is None


def snapshot_text() -> str:
    """What ``platforms.json`` must hold; ``python -m envguard.sources.platforms.system``
    rewrites it after a ``[platform]`` table changes (a test checks it is current)."""
    import json

    files = sorted(platforms_dir().glob("*.toml"))
    rows = [{"id": p.id, "name": p.name, "prefixes": list(p.prefixes),
             "names": sorted(p.names), "user_set": sorted(p.user_set),
             "formats": sorted(p.formats)} for p in from_files(files)]
    return json.dumps({"checksum": _checksum(files), "platforms": rows}, indent=1) + "\n"


if __name__ == "__main__":
    (platforms_dir() / SNAPSHOT).write_text(snapshot_text(), encoding="utf-8")

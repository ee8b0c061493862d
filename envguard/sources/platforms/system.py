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

A new platform is a new file; nothing here changes. The files are read once per process,
on first use (reading a .env file needs them only when its lines could be an export).
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


@lru_cache(maxsize=1)
def platforms() -> tuple[Platform, ...]:
    """Every ``[platform]`` table, in file-name order."""
    from envguard._toml import load_toml

    found = []
    for path in sorted(platforms_dir().glob("*.toml")):
        data = load_toml(path)
        table = data.get("platform")
        if not isinstance(table, dict):
            continue
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

"""Where a flag matrix comes from: ``NAME=path`` env sources, or one flags file.

Env sources go through :func:`envguard.sources.read_source`, so anything ``envguard check``
reads (dotenv files, platform exports) works here too. A flags file (TOML or JSON) holds
one table per environment; every key in it is a flag, since the file exists to hold them.
Both produce the same thing: one :class:`EnvInput` per environment, in the order given.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from envguard._toml import TOMLDecodeError, loads_toml
from envguard.checks.dotenv_lint import lint_reads
from envguard.envfiles import environment_argument, is_env_file, split_pair
from envguard.errors import InputError
from envguard.findings import Finding
from envguard.flags.lines import json_index, toml_index
from envguard.model import EnvSet, EnvVar, Origin
from envguard.sources import read_source
from envguard.sources.base import decode, read_input

FLAGS_FILE_SUFFIXES = (".toml", ".json")


@dataclass
class EnvInput:
    """One environment's definitions. ``all_flags``: every key is a flag (a flags file)."""

    name: str
    source: str
    vars: list[EnvVar] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    all_flags: bool = False
    origin: Origin | None = None


def read_inputs(args: Sequence[str]) -> list[EnvInput]:
    """The command line's sources: ``NAME=path`` pairs, ``.env.NAME`` paths, or one flags file."""
    if not args:
        raise InputError("no sources: give NAME=PATH pairs (development=.env.development ...) "
                         "or one flags file (flags.toml, flags.json)")
    pairs: list[tuple[str, list[str]]] = []
    for arg in args:
        exists = Path(arg).exists()
        if (split_pair(arg, exists) is None and not is_env_file(arg)
                and Path(arg).suffix.lower() in FLAGS_FILE_SUFFIXES):
            if len(args) > 1:
                raise InputError(f"{arg}: a flags file holds every environment and is read "
                                 "alone; to read a platform export, write NAME=PATH")
            return read_flags_file(Path(arg))
        pairs.append(environment_argument(arg, exists))
    return read_env_sources(pairs)


def read_env_sources(pairs: Sequence[tuple[str, Sequence[str]]]) -> list[EnvInput]:
    """Each environment's files layered in order (later overrides earlier), as loaders do."""
    seen: dict[str, str] = {}
    out = []
    for env, paths in pairs:
        shown = ", ".join(str(p) for p in paths)
        if env in seen:
            raise InputError(f"environment {env!r} named twice ({seen[env]} and {shown}); "
                             "name each environment once")
        seen[env] = shown
        envset = EnvSet()
        findings: list[Finding] = []
        for path in paths:
            read = read_source(path, context=envset.values())
            envset.extend(read.vars)
            findings += [*read.findings, *lint_reads([read])]
        out.append(EnvInput(env, shown, list(envset), findings))
    return out


def read_flags_file(path: Path) -> list[EnvInput]:
    """One table per environment: ``[production]`` ``NEW_EDITOR = false`` (or JSON objects)."""
    text = _read_text(path)
    is_json = path.suffix.lower() == ".json"
    data = _parse_json(text, path) if is_json else _parse_toml(text, path)
    lines = json_index(text) if is_json else toml_index(text)

    def line_of(*keys: str) -> int | None:
        found = lines.get(keys)
        return found[0] if found else None

    if not data:
        raise InputError(f"{path}: no environments; write one table per environment, "
                         "e.g. [production] with NEW_EDITOR = false")
    out = []
    for env, table in data.items():
        if not isinstance(table, Mapping):
            where = f"{path}:{line_of(env)}" if line_of(env) else str(path)
            raise InputError(
                f"{where}: environment {env!r} must be a table of FLAG = value, not "
                f"{_kind(table)}; write [{env}] followed by one FLAG = value per line")
        env_vars = [EnvVar(str(key), text_of(value), Origin(str(path), line_of(env, str(key))))
                    for key, value in table.items() if value is not None]
        out.append(EnvInput(str(env), str(path), env_vars, all_flags=True,
                            origin=Origin(str(path), line_of(env))))
    return out


def text_of(value: Any) -> str:
    """A typed file value as the string an env var would hold (``true``, ``50``, JSON)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float, str)):
        return str(value)
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return json.dumps(value, separators=(",", ":"), default=str)


def _kind(value: Any) -> str:
    names = {str: "a string", bool: "a boolean", int: "a number", float: "a number",
             list: "a list"}
    return names.get(type(value), type(value).__name__)


def _read_text(path: Path) -> str:
    """A flags file is configuration: text that does not decode is refused, not guessed."""
    name, data = read_input(path, "flags file")
    text, problems = decode(data, name)
    if problems:
        raise InputError(f"{problems[0].origin}: not UTF-8 text; re-save the file as UTF-8")
    return text


def _parse_toml(text: str, path: Path) -> dict[str, Any]:
    try:
        return loads_toml(text)
    except TOMLDecodeError as exc:
        raise InputError(f"{path}: invalid TOML: {exc}") from None


def _parse_json(text: str, path: Path) -> dict[str, Any]:
    """JSON with duplicate keys refused: ``json`` would silently keep the last one."""
    duplicates: list[list[str]] = []

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        seen: dict[str, Any] = {}
        dups = []
        for key, value in items:
            if key in seen:
                dups.append(key)
            seen[key] = value
        duplicates.append(dups)
        return seen

    try:
        data = json.loads(text, object_pairs_hook=pairs)
    except ValueError as exc:
        raise InputError(f"{path}: invalid JSON: {exc}") from None
    if not isinstance(data, dict):
        raise InputError(f"{path}: a flags file is an object of environments, "
                         "e.g. {\"production\": {\"NEW_EDITOR\": false}}")
    index = json_index(text)
    if duplicates and duplicates[-1]:
        env = duplicates[-1][0]
        lines = index.get((env,), [])
        at = f":{lines[1]}" if len(lines) > 1 else ""
        raise InputError(f"{path}{at}: environment {env!r} named twice; name each environment once")
    for inner in duplicates[:-1]:
        for key in inner:
            where = [(p, ls) for p, ls in index.items() if p[-1:] == (key,) and len(ls) > 1]
            at = f":{where[0][1][1]}" if where else ""
            raise InputError(f"{path}{at}: key {key!r} appears twice in one table")
    return data

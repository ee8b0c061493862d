"""Project defaults from ``[tool.envguard]`` in pyproject.toml, or ``envguard.toml``.

Looked up from the working directory upwards to the repository root, so that a plain
``envguard check`` (or a pre-commit hook) in a configured repo needs no options.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from envguard._toml import TOMLDecodeError, load_toml
from envguard.errors import InputError

_FIELDS = {"stack", "schema", "model", "env", "env_var", "environments", "files", "fail_on",
           "scan", "flags", "hooks", "compare", "severity"}
#: Levels ``[tool.envguard] severity = {rule-id = LEVEL}`` accepts; "off" drops the finding.
SEVERITY_LEVELS = ("off", "info", "warning", "error")


@dataclass(frozen=True)
class Config:
    """Settings a repository declares once; command-line options win over them."""

    stack: str | None = None
    schema: str | None = None
    model: str | None = None
    env: str | None = None
    env_var: str = "ENVGUARD_ENV"
    environments: tuple[str, ...] = ()
    files: dict[str, tuple[str, ...]] = field(default_factory=dict)
    fail_on: str = "error"
    sections: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: rule id -> level, as written; ids are checked against the rule registry where the
    #: overrides are applied (:mod:`envguard.overrides`), which keeps the registry out of here.
    severity: dict[str, str] = field(default_factory=dict)
    root: Path | None = None
    source: str | None = None

    def section(self, name: str) -> dict[str, Any]:
        """A sub-table such as ``[tool.envguard.scan]`` for the feature that owns it."""
        return self.sections.get(name, {})

    def schema_ref(self) -> str | None:
        if self.schema and self.root is not None:
            return str((self.root / self.schema).resolve())
        return self.stack or self.schema


def find_config(start: Path | None = None) -> Config:
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        for name in ("envguard.toml", "pyproject.toml"):
            path = folder / name
            if path.is_file():
                table = _read(path)
                if name == "envguard.toml":
                    return _parse(table.get("tool", {}).get("envguard", table), path)
                if "envguard" in table.get("tool", {}):
                    return _parse(table["tool"]["envguard"], path)
        if (folder / ".git").exists():
            break
    return Config()


def _read(path: Path) -> dict[str, Any]:
    try:
        return load_toml(path)
    except (OSError, UnicodeDecodeError, TOMLDecodeError) as exc:
        raise InputError(f"{path}: cannot read configuration: {exc}") from None


def _parse(table: dict[str, Any], path: Path) -> Config:
    unknown = sorted(set(table) - _FIELDS)
    if unknown:
        raise InputError(f"{path}: [tool.envguard] unknown key(s): {', '.join(unknown)}")
    files = table.get("files", {})
    if not isinstance(files, dict):
        raise InputError(f"{path}: [tool.envguard.files] must map environment -> list of files")
    return Config(
        stack=table.get("stack"),
        schema=table.get("schema"),
        model=table.get("model"),
        env=table.get("env"),
        env_var=table.get("env_var", "ENVGUARD_ENV"),
        environments=tuple(table.get("environments", ())),
        files={k: (v,) if isinstance(v, str) else tuple(v) for k, v in files.items()},
        fail_on=table.get("fail_on", "error"),
        sections={k: v for k, v in table.items()
                  if isinstance(v, dict) and k not in ("files", "severity")},
        severity=_severity(table.get("severity", {}), path),
        root=path.parent,
        source=str(path),
    )


def _severity(table: Any, path: Path) -> dict[str, str]:
    """``severity = {rule-id = "off" | "info" | "warning" | "error"}``, levels checked here."""
    where = f"{path}: [tool.envguard] severity"
    if not isinstance(table, dict):
        raise InputError(f"{where} must be a table of rule-id = level")
    out: dict[str, str] = {}
    for rule, level in table.items():
        if not isinstance(level, str) or level.strip().lower() not in SEVERITY_LEVELS:
            raise InputError(f"{where}: {rule} = {level!r}: use one of "
                             f"{', '.join(SEVERITY_LEVELS)}")
        out[str(rule)] = level.strip().lower()
    return out

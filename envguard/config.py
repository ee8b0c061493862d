"""Project defaults from ``[tool.envguard]`` in pyproject.toml, or ``envguard.toml``.

Looked up from the working directory upwards to the repository root, so that a plain
``envguard check`` (or a pre-commit hook) in a configured repo needs no options.

Every key of every section is declared here, once, and checked when the file is read:
a misspelled key or a value of the wrong shape is an input error naming the file and
line, never a setting silently ignored (a hook that ignores its allow-list fails open).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from envguard._toml import TOMLDecodeError, loads_toml
from envguard.errors import InputError
from envguard.findings import CONFIDENCES
from envguard.tables import (
    Document,
    boolean,
    check_table,
    display_path,
    mapping_of,
    one_of,
    string,
    strings,
)

LEVELS = ("error", "warning", "info")
OVERRIDE_LEVELS = ("off", *LEVELS)


@dataclass(frozen=True)
class ScanConfig:
    """``[tool.envguard.scan]``: what ``envguard scan`` and the secrets hook skip and use."""

    exclude: tuple[str, ...] = ()
    baseline: str | None = None
    plugins: bool = True
    test_key_severity: str = "warning"
    #: findings below this confidence are not reported (``--min-confidence``)
    min_confidence: str = "medium"


@dataclass(frozen=True)
class FlagsConfig:
    """``[tool.envguard.flags]``: promotion order, production names, per-rule severities."""

    order: tuple[str, ...] = ()
    production: tuple[str, ...] = ()
    severity: Mapping[str, str] = field(default_factory=dict)
    patterns: tuple[str, ...] = ()
    code: tuple[str, ...] = ()


@dataclass(frozen=True)
class HooksConfig:
    """``[tool.envguard.hooks]``: settings only the pre-commit hooks read."""

    allow_env_files: tuple[str, ...] = ()


_SECTIONS: dict[str, tuple[type[Any], dict[str, Any]]] = {
    "scan": (ScanConfig, {"exclude": strings, "baseline": string, "plugins": boolean,
                          "test_key_severity": one_of(*LEVELS),
                          "min_confidence": one_of(*CONFIDENCES)}),
    "flags": (FlagsConfig, {"order": strings, "production": strings,
                            "severity": mapping_of(one_of(*OVERRIDE_LEVELS, fold_case=True)),
                            "patterns": strings, "code": strings}),
    "hooks": (HooksConfig, {"allow_env_files": strings}),
}
_TOP: dict[str, Any] = {
    "stack": string, "schema": string, "model": string, "env": string,
    "environments": strings, "fail_on": one_of(*LEVELS, fold_case=True),
    "files": mapping_of(strings),
    "severity": mapping_of(one_of(*OVERRIDE_LEVELS, fold_case=True)),
    **{name: None for name in _SECTIONS},
}


@dataclass(frozen=True)
class Config:
    """Settings a repository declares once; command-line options win over them."""

    stack: str | None = None
    schema: str | None = None
    model: str | None = None
    env: str | None = None
    environments: tuple[str, ...] = ()
    files: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    fail_on: str = "error"
    severity: Mapping[str, str] = field(default_factory=dict)
    scan: ScanConfig = field(default_factory=ScanConfig)
    flags: FlagsConfig = field(default_factory=FlagsConfig)
    hooks: HooksConfig = field(default_factory=HooksConfig)
    root: Path | None = None
    source: str | None = None
    document: Document | None = field(default=None, compare=False, repr=False)

    def schema_ref(self) -> str | None:
        if self.schema and self.root is not None:
            return str((self.root / self.schema).resolve())
        return self.stack or self.schema

    def where(self, *path: str) -> str:
        """``pyproject.toml:14`` for a key, so later checks (a rule id in ``severity``, a
        file in ``files``) can point at the line too."""
        if self.document is None:
            return self.source or "configuration"
        return self.document.where(tuple(path))


def find_config(start: Path | None = None) -> Config:
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        for name in ("envguard.toml", "pyproject.toml"):
            path = folder / name
            if path.is_file():
                text, table = _read(path)
                tool = table.get("tool", {})
                envguard = tool.get("envguard") if isinstance(tool, dict) else None
                if name == "envguard.toml":
                    prefix: tuple[str, ...] = ("tool", "envguard") if envguard else ()
                    return parse_config(envguard or table, path, text, prefix)
                if envguard is not None:
                    return parse_config(envguard, path, text, ("tool", "envguard"))
        if (folder / ".git").exists():
            break
    return Config()


def _read(path: Path) -> tuple[str, dict[str, Any]]:
    shown = display_path(path)
    try:
        text = path.read_bytes().decode("utf-8")
        return text, loads_toml(text)
    except UnicodeDecodeError:
        raise InputError(f"{shown}: cannot read configuration: not UTF-8 text") from None
    except OSError as exc:
        raise InputError(f"{shown}: cannot read configuration: {exc.strerror}") from None
    except TOMLDecodeError as exc:
        raise InputError(f"{shown}: cannot read configuration: {exc}") from None


def parse_config(table: Any, path: Path, text: str | None = None,
                 prefix: tuple[str, ...] = ()) -> Config:
    """Check every key of ``table`` (the ``[tool.envguard]`` part) and build the Config."""
    doc = Document(display_path(path), text, prefix)
    values = check_table(doc, table, {k: v or _is_table for k, v in _TOP.items()})
    sections = {name: cls(**check_table(doc, values.pop(name, {}), fields, (name,)))
                for name, (cls, fields) in _SECTIONS.items()}
    return Config(**values, **sections, root=path.parent, source=str(path), document=doc)


def _is_table(value: Any) -> Any:
    return value  # sections are checked key by key by parse_config

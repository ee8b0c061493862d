"""One schema file checked on its own: its header, provider, rules and flags, typed.

Everything a file says that does not depend on other files is validated and typed here,
once per file version: the parsed-schema cache stores pieces, so a built-in piece is
neither parsed nor re-validated on the happy path. Variables and credential formats stay
raw tables, because composing a stack merges them across files field by field (the
loader types them after the merge).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from envguard.schema.model import Provider
from envguard.schema.rules import Rule, parse_rules
from envguard.tables import Document, reject_unknown
from envguard.tomllines import KeyPath

if TYPE_CHECKING:  # annotations only: the flags module loads when a flag does
    from envguard.schema.flagspec import FlagSpec

HEADER_FIELDS = {
    "stack": frozenset({"name", "description", "environments", "live_environments", "include",
                        "services"}),
    "provider": frozenset({"id", "name", "description", "docs", "include",
                           "platform_prefixes"}),
}
#: ``[platform]`` holds the export readers' facts about a platform (read by
#: envguard.sources.platforms.system, not by the schema)
TOP_LEVEL = frozenset({"stack", "provider", "vars", "credentials", "rules", "flags", "platform"})


@dataclass(frozen=True)
class Piece:
    """A schema file after its own checks. ``data`` keeps the raw ``[stack]``/``[provider]``,
    ``[vars]`` and ``[credentials]`` tables; ``[[rules]]`` and ``[flags]`` are typed."""

    data: Mapping[str, Any]
    provider: Provider | None = None
    rules: tuple[Rule, ...] = ()
    flags: Mapping[str, FlagSpec] = field(default_factory=dict)

    @property
    def kind(self) -> str | None:
        """``stack``, ``provider`` or None (a plain user schema without a header)."""
        return "stack" if "stack" in self.data else "provider" if "provider" in self.data \
            else None

    @property
    def header(self) -> Mapping[str, Any]:
        kind = self.kind
        return self.data[kind] if kind else {}


def parse_piece(path: Path, data: Mapping[str, Any], doc: Document, *,
                implicit: bool) -> Piece:
    """Check and type one file's tables; ``implicit``: a platform piece every stack gets."""
    reject_unknown(doc, data, TOP_LEVEL, noun="table", section="the top level")
    kind = "stack" if "stack" in data else "provider" if "provider" in data else None
    header: Any = data[kind] if kind else {}
    if kind:
        if not isinstance(header, Mapping):
            doc.fail((kind,), f"[{kind}] must be a table")
        reject_unknown(doc, header, HEADER_FIELDS[kind], (kind,), noun="field")
    provider = _provider(path, header, doc, implicit) if kind == "provider" else None
    source = str(path)
    return Piece(
        data={k: v for k, v in data.items() if k not in ("rules", "flags", "platform")},
        provider=provider,
        rules=parse_rules(doc, data.get("rules"), source),
        flags=_parse_flags(doc, data.get("flags", {}), source),
    )


def _provider(path: Path, header: Mapping[str, Any], doc: Document, implicit: bool) -> Provider:
    def text(name: str, default: str | None) -> str | None:
        value = header.get(name, default)
        if value is not None and not isinstance(value, str):
            doc.fail(("provider", name), f"[provider] field {name!r}: must be a string")
        return value

    pid = text("id", path.stem) or path.stem
    return Provider(
        id=pid,
        name=text("name", pid) or pid,
        description=text("description", "") or "",
        docs=text("docs", None),
        includes=str_tuple(header, "include", doc, ("provider",)),
        platform_prefixes=str_tuple(header, "platform_prefixes", doc, ("provider",)),
        source=str(path),
        implicit=implicit,
    )


def str_tuple(table: Mapping[str, Any], name: str, doc: Document, where: KeyPath,
              default: tuple[str, ...] = ()) -> tuple[str, ...]:
    """A string or a list of strings as a tuple; anything else fails at its line."""
    if name not in table:
        return default
    value = table[name]
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        doc.fail((*where, name), f"{doc.section(where)} field {name!r}: must be a string or "
                                 "a list of strings")
    return tuple(value)


def _parse_flags(doc: Document, raw: Any, source: str) -> dict[str, FlagSpec]:
    # imported here: with the parsed-schema cache warm, a process never parses a flag
    from envguard.schema.flagparse import parse_flags

    return parse_flags(doc, raw, source)

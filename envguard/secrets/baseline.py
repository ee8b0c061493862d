"""Known, accepted findings: a file of salted hashes, never the secrets themselves.

Each entry is ``(file, rule, hash)`` where ``hash = HMAC-SHA256(salt, SHA-256(secret))``.
The salt is random per baseline, so the file cannot be checked against a list of leaked
keys, and the inner SHA-256 means the scanner never needs to keep a secret around to
compare later. Line numbers are not stored: a baselined secret stays accepted when
lines move above it, and becomes a finding again when it moves to another file.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets as _random
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from envguard.errors import InputError

VERSION = 1


@dataclass
class Baseline:
    path: Path
    salt: str = field(default_factory=lambda: _random.token_hex(16))
    entries: set[tuple[str, str, str]] = field(default_factory=set)

    @classmethod
    def load(cls, path: Path, missing_ok: bool = False) -> Baseline:
        """Read a baseline; a missing file is an error unless we are about to create it."""
        if not path.exists():
            if missing_ok:
                return cls(path)
            raise InputError(f"{path}: baseline file not found (create it with --update-baseline)")
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"{path}: cannot read baseline: {exc}") from None
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}: line {exc.lineno}: baseline is not valid JSON") from None
        return cls(path, *_parse(data, path))

    def digest(self, secret_digest: bytes) -> str:
        return hmac.new(self.salt.encode(), secret_digest, hashlib.sha256).hexdigest()

    def entry(self, file: str | None, rule: str, secret_digest: bytes) -> tuple[str, str, str]:
        return (file or "", rule, self.digest(secret_digest))

    def __contains__(self, item: object) -> bool:
        return item in self.entries

    def add(self, entries: Iterable[tuple[str, str, str]]) -> int:
        before = len(self.entries)
        self.entries.update(entries)
        return len(self.entries) - before

    def save(self) -> None:
        doc = {
            "version": VERSION,
            "generated_by": "envguard scan --update-baseline",
            "salt": self.salt,
            "secrets": [{"file": f, "rule": r, "hash": d} for f, r, d in sorted(self.entries)],
        }
        tmp = self.path.with_name(self.path.name + ".tmp")
        try:
            tmp.write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
            os.replace(tmp, self.path)
        except OSError as exc:
            raise InputError(f"{self.path}: cannot write baseline: {exc.strerror}") from None


def _parse(data: Any, path: Path) -> tuple[str, set[tuple[str, str, str]]]:
    if not isinstance(data, dict) or data.get("version") != VERSION:
        raise InputError(f"{path}: not an envguard baseline (expected \"version\": {VERSION})")
    salt = data.get("salt")
    items = data.get("secrets", [])
    if not isinstance(salt, str) or len(salt) < 16 or not isinstance(items, list):
        raise InputError(f"{path}: baseline needs a \"salt\" string and a \"secrets\" list")
    entries = set()
    for i, item in enumerate(items):
        if not isinstance(item, dict) or not all(
            isinstance(item.get(k), str) for k in ("file", "rule", "hash")
        ):
            raise InputError(f"{path}: secrets[{i}] needs string fields file, rule and hash")
        entries.add((item["file"], item["rule"], item["hash"]))
    return salt, entries

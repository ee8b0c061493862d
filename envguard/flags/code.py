"""Names that source code reads: ``process.env.X``, ``os.environ["X"]``, ``os.getenv("X")``.

A flag the code reads but no environment defines is a flag whose behaviour nobody chose.
This is a text scan, not a parser: it finds literal names only (``process.env[name]`` with
a variable is invisible to it), and never reads values, only names.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path

from envguard.errors import InputError
from envguard.model import Origin

_NAME = r"([A-Za-z_][A-Za-z0-9_]*)"
_READS = re.compile(
    "|".join([
        rf"process\.env\.{_NAME}",
        rf"process\.env\[\s*['\"`]{_NAME}['\"`]\s*\]",
        rf"import\.meta\.env\.{_NAME}",
        rf"os\.environ\[\s*['\"]{_NAME}['\"]\s*\]",
        rf"os\.environ\.get\(\s*['\"]{_NAME}['\"]",
        rf"os\.getenv\(\s*['\"]{_NAME}['\"]",
    ])
)
SUFFIXES = frozenset({".js", ".jsx", ".ts", ".tsx", ".mjs", ".cjs", ".mts", ".cts", ".py",
                      ".vue", ".svelte", ".astro"})
SKIP_DIRS = frozenset({"node_modules", ".git", ".next", ".nuxt", "dist", "build", "out",
                       "__pycache__", ".venv", "venv", ".tox", ".mypy_cache", "coverage"})
MAX_FILE_BYTES = 2 * 1024 * 1024


def reads_in_text(text: str, source: str) -> dict[str, list[Origin]]:
    out: dict[str, list[Origin]] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if "env" not in line:
            continue
        for match in _READS.finditer(line):
            name = next(g for g in match.groups() if g)
            out.setdefault(name, []).append(Origin(source, number))
    return out


def _files(root: Path) -> Iterable[Path]:
    if root.is_file():
        yield root
        return
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS)
        for name in sorted(files):
            path = Path(folder) / name
            # a FIFO or device in the tree would block or never end: regular files only
            if path.suffix in SUFFIXES and path.is_file():
                yield path


def scan_code(paths: Iterable[str | Path]) -> dict[str, list[Origin]]:
    """``{NAME: [where it is read]}`` over files and directory trees (vendored dirs skipped)."""
    out: dict[str, list[Origin]] = {}
    for given in paths:
        root = Path(given)
        if not root.exists():
            raise InputError(f"{root}: no such file or directory (--code)")
        for path in _files(root):
            try:
                if path.stat().st_size > MAX_FILE_BYTES:
                    continue
                text = path.read_text(encoding="utf-8", errors="replace")
            except OSError:
                continue
            for name, origins in reads_in_text(text, str(path)).items():
                out.setdefault(name, []).extend(origins)
    return out

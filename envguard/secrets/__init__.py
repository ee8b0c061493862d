"""Secret-leak detection for diffs, histories and files (``envguard scan``).

Provider rules come from ``schemas/providers/*.toml``; generic heuristics, detect-secrets
plugins (loaded only when a line needs them), false-positive filters and a salted-hash
baseline complete it. Importing this package does not import detect_secrets.
"""

from __future__ import annotations

from envguard.secrets.engine import Detection, Scanner, ScanOptions, ScanStats

# Imports inside functions are deliberate: the diff parser loads only when a diff is scanned.

__all__ = ["Detection", "ScanOptions", "ScanStats", "Scanner", "scan_diff"]


def scan_diff(diff: str | bytes, options: ScanOptions | None = None) -> list[Detection]:
    """Every detection in the added lines of a unified diff held in memory."""
    from envguard.sources.gitdiff import parse_diff_text

    return list(Scanner(options=options).scan(parse_diff_text(diff)))

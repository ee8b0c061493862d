"""Checks about a flag's life: expiry, fully rolled out (stale), never on (dead), read in
code but defined nowhere, and undeclared names.

A flag is meant to be removed once its rollout is over; these checks find the ones whose
removal is due. Kill switches and permission flags are permanent by design (Unleash's
convention), so they are never stale, and a kill switch that is off everywhere is armed,
not dead.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from envguard.findings import Finding
from envguard.flags.matrix import Cell
from envguard.flags.rules import finding
from envguard.model import Origin
from envguard.schema.flagspec import LIFETIME_DAYS, FlagSpec

PERMANENT_KINDS = ("kill-switch", "permission")


def is_on(spec: FlagSpec, value: Any) -> bool | None:
    """Whether a value turns the feature on; None when unknown."""
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return value != 0
    if spec.has_default:
        return bool(value != spec.default)
    return value not in ("", [], {})


def _declared_at(spec: FlagSpec, field: str | None = None) -> Origin | None:
    """The declaration's line (or the line of one of its fields) in the schema file."""
    if not spec.source:
        return None
    return Origin(spec.source, spec.line_of(field))


def check_expired(flag: str, spec: FlagSpec, today: dt.date) -> Iterator[Finding]:
    """Past ``expires``, or past the kind's expected lifetime counted from ``created``."""
    if spec.expires is not None:
        if spec.expires < today:
            days = (today - spec.expires).days
            yield finding("flag-expired", flag,
                           f"{flag} expired on {spec.expires.isoformat()} ({days} day(s) ago)"
                           + (f"; owner: {spec.owner}" if spec.owner else ""),
                           _declared_at(spec, "expires"),
                           "remove the flag and the code behind it, or move expires "
                           "with a reason", expires=spec.expires.isoformat())
        return
    kind = spec.kind or "release"
    lifetime = LIFETIME_DAYS.get(kind)
    if spec.created is None or lifetime is None:
        return
    due = spec.created + dt.timedelta(days=lifetime)
    if due < today:
        yield finding("flag-expired", flag,
                       f"{flag} is a {kind} flag created on {spec.created.isoformat()}; "
                       f"{kind} flags are expected to live {lifetime} days "
                       f"(due {due.isoformat()})"
                       + (f"; owner: {spec.owner}" if spec.owner else ""),
                       _declared_at(spec, "created"),
                       "remove it, or declare expires = YYYY-MM-DD to say how long it stays",
                       expires=due.isoformat())


def _everywhere(spec: FlagSpec, row: list[tuple[str, Cell]], full: bool) -> bool:
    """All (>= 2) environments known and fully on (100%) or fully off (0%)."""
    if spec.type not in ("bool", "percent") or len(row) < 2:
        return False
    target: Any = (True if spec.type == "bool" else 100) if full else \
        (False if spec.type == "bool" else 0)
    return all(cell.known and cell.value == target and cell.problem is None for _, cell in row)


def _first_origin(row: list[tuple[str, Cell]], spec: FlagSpec) -> Origin | None:
    return next((cell.origin for _, cell in row if cell.origin), None) or _declared_at(spec)


def check_stale(flag: str, spec: FlagSpec, row: list[tuple[str, Cell]]) -> Iterator[Finding]:
    if spec.kind in PERMANENT_KINDS or not _everywhere(spec, row, full=True):
        return
    state = "on" if spec.type == "bool" else "at 100%"
    yield finding("flag-stale", flag,
                   f"{flag} is {state} in every environment ({len(row)}): fully rolled out",
                   _first_origin(row, spec),
                   "remove the flag and the code path for off, or declare "
                   "kind = \"kill-switch\" or \"permission\" if it is meant to stay")


def check_dead(flag: str, spec: FlagSpec, row: list[tuple[str, Cell]]) -> Iterator[Finding]:
    if spec.kind == "kill-switch" or not _everywhere(spec, row, full=False):
        return
    state = "off" if spec.type == "bool" else "at 0%"
    yield finding("flag-dead", flag,
                   f"{flag} is {state} in every environment ({len(row)}): the code behind it "
                   "never runs", _first_origin(row, spec),
                   "remove the flag and its code, or declare kind = \"kill-switch\"")


def check_read_undefined(flag: str, spec: FlagSpec, row: list[tuple[str, Cell]],
                         reads: Sequence[Origin]) -> Iterator[Finding]:
    """Code reads a flag that no environment sets and that has no default to fall back on."""
    if not reads or spec.has_default or any(cell.is_set for _, cell in row):
        return
    others = f" (and {len(reads) - 1} more place(s))" if len(reads) > 1 else ""
    yield finding("flag-read-undefined", flag,
                   f"{flag} is read in code{others} but no environment defines it and it "
                   "has no default", reads[0],
                   "define it in every environment, or declare a default",
                   reads=[str(o) for o in reads])


def check_undeclared(flag: str, spec: FlagSpec, row: list[tuple[str, Cell]],
                     specs: Mapping[str, FlagSpec],
                     reads: Sequence[Origin] = ()) -> Iterator[Finding]:
    if spec.declared:
        return
    declared = [n for n, s in specs.items() if s.declared]
    close = difflib.get_close_matches(flag, declared, n=1, cutoff=0.8)
    hint = f"did you mean {close[0]}?" if close else f"declare it as [flags.{flag}]"
    yield finding("flag-undeclared", flag,
                   f"{flag} looks like a flag but the schema does not declare it",
                   _first_origin(row, spec) or (reads[0] if reads else None), hint,
                   **({"suggestion": close[0]} if close else {}))

"""Which credential format a value is: the one question validation, inference, exposure,
mode pairing and compare all ask of the provider declarations.

A format *matches* a value when its regex matches the whole value and every structure
check (checksum, decoded host, JWT claim) passes. It is *distinctive* when it carries a
literal marker (``sk_live_``, ``ghp_``): "an https URL" or "32 hex characters" could be
anything, and calling such a value a credential would be noise. Where shapes collide
(Stripe's and Clerk's ``sk_live_``), the provider the variable's name mentions wins.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from envguard.schema.model import CredentialFormat, Schema, VarSpec
from envguard.schema.structure import run_check

#: Keywords too common to mark a format as distinctive (any URL has them).
_GENERIC_KEYWORDS = frozenset({"http", "http://", "https://"})


def matches(fmt: CredentialFormat, value: str) -> bool:
    """The whole value has the format's shape and passes its structure checks."""
    return fmt.pattern.fullmatch(value) is not None and not any(
        run_check(check, value) for check in fmt.checks)


def is_distinctive(fmt: CredentialFormat) -> bool:
    return bool(fmt.keywords) and not set(fmt.keywords) & _GENERIC_KEYWORDS


def declared_format(spec: VarSpec, value: str,
                    credentials: Mapping[str, CredentialFormat]) -> CredentialFormat | None:
    """The first of the variable's declared formats whose regex the value matches (its
    structure checks are then judged by the caller, which reports them)."""
    for cid in spec.credential:
        fmt = credentials[cid]
        if fmt.pattern.fullmatch(value):
            return fmt
    return None


def identify(value: str, credentials: Mapping[str, CredentialFormat], key: str = "", *,
             secret_only: bool = False, errors_only: bool = False, moded: bool = False,
             distinctive: bool = True) -> CredentialFormat | None:
    """The format ``value`` is, judged on the value alone (``key`` only breaks ties).

    ``secret_only`` skips public formats; ``errors_only`` keeps formats whose leak is an
    error (not a database URL's warning); ``moded`` keeps formats with a live/test marker;
    ``distinctive`` (the default) keeps only formats with a literal marker.
    """
    found: list[CredentialFormat] = []
    # distinctive: only the formats one of whose keywords is in the value, found in one pass
    for fmt in (_index(credentials).candidates(value) if distinctive
                else credentials.values()):
        if (secret_only and not fmt.secret) or (errors_only and fmt.severity != "error"):
            continue
        if moded and "mode" not in fmt.pattern.groupindex:
            continue
        if matches(fmt, value):
            found.append(fmt)
    upper = key.upper()
    found.sort(key=lambda f: (f.provider.upper() not in upper, not f.secret))
    return found[0] if found else None


class _KeywordIndex:
    """The distinctive formats of one credentials mapping, by keyword: one regex pass over a
    value names the formats whose keyword it holds (most values hold none), where testing
    every keyword of every format cost a Python loop of hundreds of steps per value."""

    def __init__(self, credentials: Mapping[str, CredentialFormat]) -> None:
        self.formats = tuple(credentials.values())
        by_keyword: dict[str, set[int]] = {}
        for i, fmt in enumerate(self.formats):
            if is_distinctive(fmt):
                for keyword in fmt.keywords:
                    by_keyword.setdefault(keyword, set()).add(i)
        keywords = sorted(by_keyword, key=len, reverse=True)
        # at each position the longest keyword there matches; one found implies every
        # keyword inside it (``sk_live_`` holds ``sk_``) is in the value too
        self.implied = {k: frozenset().union(*(by_keyword[o] for o in keywords if o in k))
                        for k in keywords}
        self.finder = re.compile("(?=(" + "|".join(map(re.escape, keywords)) + "))") \
            if keywords else None

    def candidates(self, value: str) -> list[CredentialFormat]:
        """The formats with a keyword in ``value``, in the mapping's order."""
        if self.finder is None:
            return []
        found: set[int] = set()
        for m in self.finder.finditer(value):
            found |= self.implied[m.group(1)]
        return [self.formats[i] for i in sorted(found)]


_MERGED: dict[tuple[int, ...], tuple[tuple[Mapping[str, CredentialFormat], ...],
                                     Mapping[str, CredentialFormat]]] = {}


def merged(*layers: Mapping[str, CredentialFormat]) -> Mapping[str, CredentialFormat]:
    """The layers as one mapping, later layers winning: the same object for the same
    layers, so that a settings class validated again reuses its keyword index."""
    layers = tuple(layer for layer in layers if layer)
    if len(layers) <= 1:
        return layers[0] if layers else {}
    key = tuple(map(id, layers))
    held = _MERGED.get(key)
    if held is not None and all(a is b for a, b in zip(held[0], layers, strict=True)):
        return held[1]
    if len(_MERGED) >= 16:
        _MERGED.clear()
    out: dict[str, CredentialFormat] = {}
    for layer in layers:
        out.update(layer)
    _MERGED[key] = (layers, out)
    return out


#: id(mapping) -> (mapping, its index). Credentials mappings are built once, when a schema
#: or catalog loads, and never changed; the mapping is kept so its id cannot be reused.
_INDEXES: dict[int, tuple[Mapping[str, CredentialFormat], _KeywordIndex]] = {}


def _index(credentials: Mapping[str, CredentialFormat]) -> _KeywordIndex:
    held = _INDEXES.get(id(credentials))
    if held is not None and held[0] is credentials:
        return held[1]
    if len(_INDEXES) >= 16:
        _INDEXES.clear()
    index = _INDEXES[id(credentials)] = (credentials, _KeywordIndex(credentials))
    return index[1]


def declared_secrets(schema: Schema) -> dict[str, bool]:
    """Which declared keys are secret: declared so, or carrying a secret credential."""
    return {
        key: spec.secret or any(schema.credentials[c].secret for c in spec.credential)
        for key, spec in schema.vars.items()
    }

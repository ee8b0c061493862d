"""Which credential format a value is: the one question validation, inference, exposure,
mode pairing and compare all ask of the provider declarations.

A format *matches* a value when its regex matches the whole value and every structure
check (checksum, decoded host, JWT claim) passes. It is *distinctive* when it carries a
literal marker (``sk_live_``, ``ghp_``): "an https URL" or "32 hex characters" could be
anything, and calling such a value a credential would be noise. Where shapes collide
(Stripe's and Clerk's ``sk_live_``), the provider the variable's name mentions wins.
"""

from __future__ import annotations

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
    for fmt in credentials.values():
        if (secret_only and not fmt.secret) or (errors_only and fmt.severity != "error"):
            continue
        # the keyword test first: it is the cheap one, and rules out almost every format
        if distinctive and not (fmt.keywords and any(k in value for k in fmt.keywords)
                                and is_distinctive(fmt)):
            continue
        if moded and "mode" not in fmt.pattern.groupindex:
            continue
        if matches(fmt, value):
            found.append(fmt)
    upper = key.upper()
    found.sort(key=lambda f: (f.provider.upper() not in upper, not f.secret))
    return found[0] if found else None


def declared_secrets(schema: Schema) -> dict[str, bool]:
    """Which declared keys are secret: declared so, or carrying a secret credential."""
    return {
        key: spec.secret or any(schema.credentials[c].secret for c in spec.credential)
        for key, spec in schema.vars.items()
    }

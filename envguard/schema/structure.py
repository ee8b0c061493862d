"""Offline structure checks a credential format can name in its ``checks`` list.

Each check answers "does this value have the inner structure its format promises?" and
returns a problem description (never the value) or None. Names as used in TOML:

- ``jwt``: three base64url parts whose header and payload are JSON objects.
- ``jwt:CLAIM=VALUE``: a JWT whose payload has ``CLAIM`` equal to ``VALUE``.
- ``clerk-publishable``: base64 after ``pk_live_``/``pk_test_`` decodes to a host ending ``$``,
  and the prefix agrees with the host (``pk_test_`` only for ``*.clerk.accounts.dev``).
- ``crc32-base62``: GitHub/npm token checksum (last 6 chars = base62 CRC32 of the 30 before).
- ``base64-json:FIELD[,FIELD...]``: the part after the first ``_`` (or the whole value) is
  base64 of a JSON object carrying these fields (UploadThing tokens, Sentry org tokens).
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import string
import zlib
from collections.abc import Callable
from typing import Any

_B62 = string.digits + string.ascii_uppercase + string.ascii_lowercase
_CLERK_DEV_HOST = re.compile(r"(?i)(([a-z]+)-){2}([0-9]{1,2})\.clerk\.accounts([a-z.]*)(dev|com)")


def _b64decode(part: str) -> bytes | None:
    padded = part + "=" * (-len(part) % 4)
    try:
        return base64.urlsafe_b64decode(padded.replace("+", "-").replace("/", "_"))
    except (binascii.Error, ValueError):
        return None


def jwt_payload(value: str) -> dict[str, Any] | None:
    """The decoded payload of a JWT-shaped value, or None if it is not one."""
    parts = value.split(".")
    if len(parts) != 3:
        return None
    try:
        header = json.loads(_b64decode(parts[0]) or b"")
        payload = json.loads(_b64decode(parts[1]) or b"")
    except (ValueError, UnicodeDecodeError):
        return None
    if not isinstance(header, dict) or not isinstance(payload, dict):
        return None
    return payload


def _check_jwt(value: str, arg: str | None) -> str | None:
    payload = jwt_payload(value)
    if payload is None:
        return "is not a well-formed JWT"
    if arg is None:
        return None
    claim, _, expected = arg.partition("=")
    actual = payload.get(claim)
    if str(actual) != expected:
        shown = "missing" if actual is None else f"{claim}={actual}"
        return f"is a JWT with {shown}, expected {claim}={expected}"
    return None


def _check_clerk_publishable(value: str, arg: str | None) -> str | None:
    body = value.split("_", 2)[-1]
    decoded = _b64decode(body)
    try:
        host = decoded.decode("ascii") if decoded else ""
    except UnicodeDecodeError:
        host = ""
    if not host.endswith("$") or "." not in host:
        return "does not decode to a Clerk frontend API host ending in '$'"
    # Clerk's own rule (clerk/javascript keys.ts): development instances live on
    # <word>-<word>-<n>.clerk.accounts.dev, and only those get pk_test_ keys.
    development = bool(_CLERK_DEV_HOST.fullmatch(host[:-1]))
    if value.startswith("pk_test_") and not development:
        return "is a pk_test_ key for a production Clerk host"
    if value.startswith("pk_live_") and development:
        return "is a pk_live_ key for a development Clerk host"
    return None


def _check_crc32(value: str, arg: str | None) -> str | None:
    if len(value) != 40 or value[3] != "_":
        return "has the wrong length for a checksummed token"
    body, chk = value[4:-6], value[-6:]
    if any(c not in _B62 for c in body + chk):
        return "has characters outside base62"
    n = 0
    for c in chk:
        n = n * 62 + _B62.index(c)
    return None if zlib.crc32(body.encode("ascii")) == n else "fails its CRC32 checksum"


def _check_base64_json(value: str, arg: str | None) -> str | None:
    body = value.split("_", 1)[1] if "_" in value[:8] else value
    for candidate in (body, body.split("_")[0]):
        decoded = _b64decode(candidate)
        try:
            data = json.loads(decoded or b"")
        except (ValueError, UnicodeDecodeError):
            continue
        if isinstance(data, dict):
            missing = [f for f in (arg or "").split(",") if f and f not in data]
            return f"decodes to JSON without {', '.join(missing)}" if missing else None
    return "does not decode to a base64 JSON object"


CHECKS: dict[str, Callable[[str, str | None], str | None]] = {
    "jwt": _check_jwt,
    "clerk-publishable": _check_clerk_publishable,
    "crc32-base62": _check_crc32,
    "base64-json": _check_base64_json,
}


def run_check(spec: str, value: str) -> str | None:
    name, _, arg = spec.partition(":")
    return CHECKS[name](value, arg or None)


def known_check(spec: str) -> bool:
    return spec.partition(":")[0] in CHECKS

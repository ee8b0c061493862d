"""Fake credentials generated at test time.

Real-looking keys are never committed as literals (scanners, push protection and the
project's own hooks would rightly flag them); tests build them from their shapes here.
"""

from __future__ import annotations

import base64
import json
import random
import string
import zlib

ALNUM = string.ascii_letters + string.digits
HEX = "0123456789abcdef"
B62 = string.digits + string.ascii_uppercase + string.ascii_lowercase

_rng = random.Random(20261122)


def token(n: int, alphabet: str = ALNUM, rng: random.Random | None = None) -> str:
    r = rng or _rng
    return "".join(r.choice(alphabet) for _ in range(n))


def stripe_key(kind: str = "sk", mode: str = "live", n: int = 99) -> str:
    return f"{kind}_{mode}_{token(n)}"


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def jwt(payload: dict[str, object], header: dict[str, object] | None = None) -> str:
    head = header or {"alg": "HS256", "typ": "JWT"}
    return ".".join([
        b64url(json.dumps(head).encode()),
        b64url(json.dumps(payload).encode()),
        b64url(token(32).encode()),
    ])


def supabase_jwt(role: str, ref: str | None = None) -> str:
    return jwt({"iss": "supabase", "ref": ref or token(20, string.ascii_lowercase),
                "role": role, "iat": 1700000000, "exp": 2000000000})


def checksummed(prefix: str) -> str:
    """A GitHub/npm style token (prefix of 4 chars incl. '_') with a valid CRC32 checksum."""
    body = token(30)
    n = zlib.crc32(body.encode())
    chk = ""
    while n:
        n, r = divmod(n, 62)
        chk = B62[r] + chk
    return prefix + body + chk.rjust(6, "0")


def clerk_publishable(mode: str = "test", host: str = "fake-mole-42.clerk.accounts.dev") -> str:
    return f"pk_{mode}_" + base64.b64encode(f"{host}$".encode()).decode().rstrip("=")

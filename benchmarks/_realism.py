"""Is a peer's positive example a credential that could exist?

Peer suites are written to exercise their own regexes, so some positives are shapes no
provider issues: a GitHub token whose CRC32 checksum is wrong, a JWT whose header is not
JSON, ``AKIAZZZZZZZZZZZZZZZZ``. Those are kept in the corpus but marked unrealistic with
the reason, instead of teaching envguard to accept them. The checks here follow the
providers' published formats and are written independently of envguard's rules:

- GitHub ``gh[pousr]_`` tokens and npm ``npm_`` tokens: 30 random base62 characters and a
  6-character base62 CRC32 of them (github.blog 2021-04-05, "Behind GitHub's new
  authentication token formats"; npm uses the same scheme, github.blog 2021-09-23).
- GitHub fine-grained tokens: ``github_pat_`` + 22 + ``_`` + 59 characters (the format
  GitHub shows in its settings page and docs).
- JWTs: three base64url parts, the first a JSON object naming ``alg`` (RFC 7519 / 7515).
- Identifiers and public keys: a rule whose own id names a client id, access id, API id
  or public key (gitleaks' ``discord-client-id``, ``mailgun-pub-key``...) and Twilio's
  ``SK`` + 32 hex API key SID (Twilio: the SID names the key, its secret is separate).
  These are not secrets; a scanner that stays quiet on them is right.
- Placeholders: runs of one character, a unit of up to 8 characters repeated (in any case,
  separators aside: ``abcd1234ABCD1234--``), ``EXAMPLE``/``xxxx``/``your_``, alphabets typed in
  order, spaces inside the value (a sentence, not a key), very low entropy.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
import re
import zlib
from collections import Counter

_B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_GH = re.compile(r"(?<![A-Za-z0-9_])(gh[pousr]_|npm_)([A-Za-z0-9]{30,})(?![A-Za-z0-9_])")
_FINE = re.compile(r"github_pat_[A-Za-z0-9_]{20,}")
_JWT = re.compile(r"(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]*)?")
_TOKEN = re.compile(r"[A-Za-z0-9+/=_.~:-]{8,}")
_PLACEHOLDER = re.compile(
    r"(?i)example|x{6,}|your[_-]|<[a-z_ -]+>|\.\.\.|changeme|dummy|fake|placeholder|"
    r"abcdefgh|bcdefghi|12345678|(.)\1{5,}")


def b62_crc32(body: str) -> str:
    n = zlib.crc32(body.encode())
    out = ""
    while n:
        n, r = divmod(n, 62)
        out = _B62[r] + out
    return out.rjust(6, "0")


def shannon(text: str) -> float:
    if not text:
        return 0.0
    counts = Counter(text)
    return -sum(c / len(text) * math.log2(c / len(text)) for c in counts.values())


def candidate(text: str, secret: str | None) -> str:
    """The secret part of a line: the rule's capture when known, else its longest token."""
    if secret:
        return secret
    runs = _TOKEN.findall(text)
    return max(runs, key=len) if runs else text


def _jwt_ok(token: str) -> bool:
    head = token.split(".")[0]
    try:
        data = json.loads(base64.urlsafe_b64decode(head + "=" * (-len(head) % 4)))
    except (ValueError, binascii.Error, UnicodeDecodeError):
        return False
    return isinstance(data, dict) and "alg" in data


_PUBLIC_RULE = re.compile(r"(?:client-id|access-id|api-id|public-key|pub-key)$")


def unrealistic(text: str, secret: str | None = None, rule: str = "") -> str | None:
    """Why a positive example is not a credential any provider issues, or None."""
    if _PUBLIC_RULE.search(rule):
        return f"an identifier or public key, not a secret (rule {rule})"
    if rule == "twilio-api-key" and secret and re.fullmatch(r"SK[0-9a-fA-F]{32}", secret):
        return "a Twilio API key SID: an identifier, the key's secret is separate"
    for m in _GH.finditer(text):
        prefix, rest = m.groups()
        if len(rest) != 36:
            return f"{prefix} token of {len(rest)} characters (documented: 36)"
        if b62_crc32(rest[:30]) != rest[30:]:
            return f"{prefix} token fails its documented CRC32 checksum"
    for m in _FINE.finditer(text):
        tail = m.group()[len("github_pat_"):]
        if not re.fullmatch(r"[A-Za-z0-9]{22}_[A-Za-z0-9]{59}", tail):
            return "github_pat_ token without the documented 22_59 structure"
    for m in _JWT.finditer(text):
        if m.group().count(".") >= 1 and len(m.group()) > 30 and not _jwt_ok(m.group()):
            return "JWT whose header is not base64url JSON with alg"
    if "{secret}" in text or "{non_secret}" in text:
        return "an unexpanded test template, not a value"
    if "PRIVATE KEY-----" in text and len(re.sub(r"[^A-Za-z0-9+/]", "",
                                                 text.split("KEY-----", 1)[1])) < 64:
        return "a PEM header without key material"
    url = re.search(r"://[^:/@\s]+:([^@\s]+)@", text)
    if url and url.group(1).lower() in ("password", "pass", "secret", "pw"):
        return "a URL whose password is the word password"
    for run in _TOKEN.findall(text):
        bodies = [re.sub(r"[^a-z0-9]", "", part.lower()) for part in re.split(r"[:=@/]+", run)]
        if (re.search(r"(?i)x{6,}|(.)\1{5,}", run) or re.fullmatch(r"(.{2,8}?)\1{3,}.{0,8}", run)
                or any(re.fullmatch(r"(.{2,8}?)\1{3,}", body) for body in bodies)):
            return "placeholder (a repeated character or a repeated short pattern)"
    value = candidate(text, secret)
    if _PLACEHOLDER.search(value):
        return "placeholder (repeated or sequential characters, EXAMPLE, xxxx, your_)"
    if secret and any(c.isspace() for c in secret.strip()):
        return "the value is words with spaces, not a credential"
    if len(value) >= 16 and shannon(value) < 3.0:
        return f"very low entropy ({shannon(value):.1f} bits/char)"
    return None

"""Secrecy: what is secret, how to show it without showing it, what only pretends to be.

Every part of envguard that must decide whether a value may be printed, or whether a
name or value is a credential, asks this module: redaction, fingerprints, entropy,
secret-by-name (a strict reading for the scanner and a liberal one for hiding), secret-by-
value, and the placeholders and stand-ins (docs examples, test fakes) that look like
secrets and are not. One definition each, so that the scanner, the reports and the
validator cannot disagree about the same value.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter

from envguard.lazyre import LazyPattern

REDACTED = "…[redacted]"

# A known-safe credential prefix worth showing (``sk_live_``, ``ghp_``, ``sk-ant-``): letters
# only, so no random key material leaks through it.
_PREFIX = LazyPattern(r"[A-Za-z]{1,10}[_.-](?:[A-Za-z]{1,8}[_-])?")
_URL_USERINFO = LazyPattern(r"^(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*://)(?P<user>[^:/@\s]*):\S*@")
_SCHEME = LazyPattern(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_SECRET_NAME = LazyPattern(
    r"(SECRET|TOKEN|PASSWORD|PASSWD|PASSPHRASE|PRIVATE|CREDENTIAL|API_?KEY|ACCESS_?KEY|"
    r"AUTH_?KEY|SIGNING_?KEY|ENCRYPTION_?KEY|_KEY$|^KEY$|_PAT$|DSN$|_URL$|_URI$)",
    re.IGNORECASE,
)
_PUBLIC_NAME = LazyPattern(
    r"(PUBLIC_?KEY|PUBLISHABLE|_ID$|_HOST$|CLUSTER|REGION)", re.IGNORECASE
)


def redact(value: str) -> str:
    """The one redaction everybody uses: a safe prefix and a marker, never key material.

    URLs keep scheme, user and host but lose their password, since a database URL is
    useless to a reader without the host and harmful with the password.
    """
    url = _URL_USERINFO.match(value)
    if url:
        # the password may itself hold '@': the host starts after the last one
        rest = value[url.end("user") :].rpartition("@")[2]
        host = re.split(r"[/?#]", rest, maxsplit=1)[0]
        return f"{url['scheme']}{url['user']}:{REDACTED}@{host}"
    prefix = _PREFIX.match(value)
    if prefix and len(value) >= 2 * len(prefix.group()) + 8:
        return prefix.group() + REDACTED
    if value.startswith("eyJ"):
        return "eyJ" + REDACTED
    return REDACTED


def fingerprint(value: str) -> str:
    """A short stable hash to compare values (e.g. across environments) without showing them."""
    return hashlib.sha256(b"envguard:" + value.encode("utf-8", "surrogatepass")).hexdigest()[:12]


def looks_secret_by_name(key: str) -> bool:
    """Name-based guess used when no schema says otherwise: err on the side of hiding."""
    return bool(_SECRET_NAME.search(key)) and not _PUBLIC_NAME.search(key)


def looks_secret_by_value(value: str) -> bool:
    """A long token-like string with high entropy is hidden even under a harmless name."""
    if len(value) < 16 or any(c.isspace() for c in value):
        return False
    if _URL_USERINFO.match(value):
        return True
    if _SCHEME.match(value):
        return False
    return shannon(value) >= 3.5





def shannon(value: str) -> float:
    """Bits per character; random base62 is ~5.9 at length, English words are ~3."""
    n = len(value)
    if n == 0:
        return 0.0
    return -sum(c / n * math.log2(c / n) for c in Counter(value).values())


# -- secret by name -------------------------------------------------------------------
# Strong words: whatever else the name says, its value is meant to be kept secret. In a
# browser variable "KEY" alone proves nothing (publishable keys are keys too).
_STRONG_WORD = LazyPattern(r"SECRET|PASSWORD|PASSWD|PASSPHRASE|PRIVATE|TOKEN|CREDENTIAL",
                          re.IGNORECASE)


def says_secret(key: str) -> bool:
    """The name holds a strong secret word (``SECRET``, ``TOKEN``, ``PRIVATE``...)."""
    return bool(_STRONG_WORD.search(key))


_WORDS = LazyPattern(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")
_PASSWORD_WORDS = frozenset({"password", "passwd", "pwd", "passphrase", "pass", "pw"})
_SECRET_WORDS = frozenset({
    "secret", "token", "credential", "credentials", "apikey", "pat", "secretkey",
    "accesskey", "privatekey", "authkey", "apitoken", "authtoken", "secrets",
})  # fmt: skip
_KEY_QUALIFIERS = frozenset({
    "api", "access", "secret", "private", "auth", "signing", "sign", "encryption", "encrypt",
    "master", "client", "app", "service", "account", "admin", "webhook", "session", "jwt",
    "hmac", "crypto", "cipher", "aes", "license", "consumer", "subscription", "integration",
    "server", "bot", "deploy", "write", "root", "sdk", "token", "management", "personal",
})  # fmt: skip
_NOT_SECRET_WORDS = frozenset({
    "public", "publishable", "pub", "anon", "next", "page", "continuation", "cancel",
    "cancellation", "pagination", "max", "min", "num", "count", "total", "input", "output",
    "prompt", "completion", "tokens", "primary", "foreign", "sort", "partition", "cache",
    "idempotency", "ssh", "host", "gpg", "pgp", "i18n", "translation", "lookup", "map",
    "registry", "dict", "object", "field", "column", "row", "index", "unique", "routing",
    "shard", "hash", "type", "length", "expiry", "expires", "ttl", "lifetime",
})  # fmt: skip
def name_kind(key: str, providers: frozenset[str] = frozenset()) -> str | None:
    """``password`` or ``secret`` when a name says its value is one, else None.

    Judged on the last word (``TOKEN_EXPIRY`` is not a token, ``db.password`` is a
    password); a bare ``key`` needs a qualifier (``API_KEY``, ``STRIPE_KEY``) or an
    environment-variable style name, since ``key = "..."`` in code is usually a dict key.
    """
    words = [w.lower() for w in _WORDS.findall(key)]
    if not words or any(w in _NOT_SECRET_WORDS for w in words):
        return None
    last = words[-1]
    prev = words[-2] if len(words) > 1 else ""
    if last in _PASSWORD_WORDS and (last != "pass" or prev):
        return "password"
    if last in _SECRET_WORDS:
        return "secret"
    if last == "key" and prev and (
        prev in _KEY_QUALIFIERS or prev in providers or (key.isupper() and "_" in key)
    ):
        return "secret"
    return None



def is_placeholder(value: str) -> bool:
    """A template's stand-in text: ``changeme``, ``<your-key>``, ``sk_live_...``."""
    return bool(value) and bool(_PLACEHOLDER.search(value.strip()))


_PLACEHOLDER = LazyPattern(
    r"""(?ix)
    ^(?:change[-_ ]?me|replace[-_ ]?me|todo|tbd|fixme|placeholder|dummy|none|null|undefined
      |x{3,}|\*{3,}|\.{3}|-+|<[^<>]*>|\[[^\[\]]*redacted[^\[\]]*\]|\{\{[^{}]*\}\}|\$\{[^{}]*\}
      |(?:your|my|insert|enter|add|put)[-_ ].*|.*[-_ ](?:here|goes[-_ ]here)
    )$
    |x{6,}|X{6,}
    |^[A-Za-z0-9]{1,10}[_-](?:(?:live|test)[_-])?(?:\.{3}|…|x{3,}|\*{3,})$
    """
)
#: sha256 of credentials printed in vendors' docs and tool defaults (Stripe's docs keys,
#: AWS's ``…EXAMPLE`` pair, the Supabase CLI's local keys and default JWT secret). Stored
#: as hashes so this file does not itself trip a scanner.
DOCUMENTED_EXAMPLES = frozenset({
    "2cafc0970149a84f3b9e62eaf169f36f59907a3b3e31f7b82e68c69cd27f7326",  # Stripe docs sk_test
    "b1471f544ceeea31333bde7e1ecbaad6eac0d4a749412ad29bd66ef895b81c6b",  # Stripe docs pk_test
    "f2d6ca16515033e5dce14eba840b979d27b5cbae24bb3e5bf484339667f86397",  # Stripe docs sk_test
    "1a5d44a2dca19669d72edf4c4f1c27c4c1ca4b4408fbb17f6ce4ad452d78ddb3",  # AWS docs key id
    "78314b11be2e581549ac1c4f616563fad3fdf0c3b71678f6e2299182080e0598",  # AWS docs secret
    "9705102db0d5f99ee08daa19a73e510d9877a2a9add9369da247cbbe6c2a0140",  # Supabase local
    "c85debb55f2f204d868cc1552c42faa143b4c675f61363ab040dd50b5b5304cd",  # Supabase local
    "a064b502e61d27e94b8717290e5e1b32e36720e9fbdf952ec81a84c07128cb37",  # Supabase JWT secret
    "bf1725a8f98bea37e88618702e725ba84bd8acdb2647c5e0ed638bfd685791cf",  # Supabase local anon
})  # fmt: skip

# Words that mark a value as a stand-in: docs, templates, tests.
_STAND_IN = LazyPattern(
    r"(?i)example|sample|dummy|placeholder|change.?me|replace.?me|redacted|fake|your[_-]"
    r"|xxxx|\*\*\*|\.\.\.|…|<[a-z_ -]+>|\[[a-z_ -]+\]|\$\{|\{\{|%\(|\$\(|0000000|1234567|abcdefg"
)

def is_documented_example(value: str) -> bool:
    return hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest() in (
        DOCUMENTED_EXAMPLES
    )


def is_stand_in(value: str) -> bool:
    """A template value, a docs example or a test fake rather than a credential."""
    return (
        is_placeholder(value)
        or bool(_STAND_IN.search(value))
        or is_documented_example(value)
        or len(set(value)) <= 3
    )

"""Generic detectors for secrets that have no provider prefix.

- a secret-named key (``*_SECRET``, ``*_TOKEN``, ``*_API_KEY``, ``PASSWORD``…) assigned a
  literal in .env, shell, YAML, JSON, TOML, Python or JS/TS;
- credentials inside URLs (``postgres://user:pass@host``);
- PEM private key blocks (one line with ``\\n`` escapes, or spread over added lines);
- literal ``Authorization`` headers (``Bearer``/``token`` values, a ``Basic`` value that
  decodes to ``user:password``, a token with no scheme), and ``curl -u user:password``.

Each returns :class:`Hit` objects: the span of the value in the line plus what to report,
with the confidence :func:`grade` gives it. The value itself never leaves the scanner
except as a hash.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from envguard.findings import Severity
from envguard.secrecy import (
    is_common_word,
    is_stand_in,
    is_stand_in_password,
    name_words,
    shannon,
)

# Priority when spans overlap: a provider match beats a provider's prefix alone beats a
# plugin beats a heuristic.
PRIORITY_OWNER, PRIORITY_PROVIDER, PRIORITY_PREFIX, PRIORITY_PLUGIN = -1, 0, 1, 2
PRIORITY_STRUCTURE, PRIORITY_GUESS = 3, 4
# ``extra["confidence"]`` (the levels: :data:`envguard.findings.CONFIDENCES`): ``high`` an
# exact provider format (checks passed), a PEM block, a real env file being committed;
# ``medium`` a distinctive provider prefix with a token-shaped remainder that is not the
# format's exact shape, a detect-secrets format, or a heuristic hit whose place, context
# and value all point to a real credential (:func:`grade`); ``low`` everything else (a
# failed checksum, a heuristic hit on weak evidence). ``envguard scan --min-confidence``
# (default ``medium``) drops findings below a level.

#: A span a structural detector vouches is not a secret (a PEM header with no key).
VETO = "veto"


@dataclass(frozen=True)
class Hit:
    """One candidate secret in one line. ``value`` is excluded from repr and comparison."""

    rule: str
    name: str
    start: int
    end: int
    value: str = field(repr=False, compare=False)
    severity: Severity = Severity.ERROR
    priority: int = PRIORITY_GUESS
    key: str | None = None
    provider: str | None = None
    mode: str = "unknown"
    confidence: str = "low"
    kind: str = "assignment"
    extra: dict[str, Any] = field(default_factory=dict, compare=False)


# ---------------------------------------------------------------------------------------
# Confidence of a heuristic hit, decided here and nowhere else
#
# A heuristic has a name, a value and a place to go on, never a format, so it never says
# ``high``. It says ``medium`` when the place, the context and the value all point to a
# real credential, else ``low``:
#
# - place: not a test, fixture, mock, example, sample or docs path
#   (:func:`envguard.secrets.filters.is_low_trust_path`);
# - context: an assignment's name is specific (a word before the secret word,
#   ``DB_PASSWORD``, ``STRIPE_SECRET``, ``apiToken``, or a password word alone,
#   ``PASSWORD``; a bare ``secret``, ``token``, ``credentials`` or ``pat`` is weak); a URL's
#   host is real-looking (a DNS name ending in a letters-only label, or an IP address);
#   an ``Authorization`` header, a decoded ``Basic`` pair and ``curl -u`` are context
#   enough by themselves;
# - value (:func:`random_looking`): 16+ characters mixing letters with digits or
#   symbols at 3.3+ bits per character, or 10+ characters of three character classes
#   (lower, upper, digit, symbol) at 3.0+ bits. Weaker values pass the detectors' own
#   "random enough" floor, and are reported at ``low``.

#: One-word names that say "secret" without saying what for: weak context.
_GENERIC_NAMES = frozenset({"secret", "secrets", "token", "credential", "credentials", "pat",
                            "key", "auth", "pass", "pw", "pwd"})
_IP_HOST = re.compile(r"^(?:\d{1,3}(?:\.\d{1,3}){3}|\[[0-9a-fA-F:.]+\])$")
_DNS_HOST = re.compile(r"(?i)^(?:[a-z0-9_-]{1,63}\.)+[a-z]{2,63}\.?$")


def random_looking(value: str) -> bool:
    """The value part of :func:`grade`: long and mixed, or shorter and varied."""
    has_lower = any(c.islower() for c in value)
    has_upper = any(c.isupper() for c in value)
    has_digit = any(c.isdigit() for c in value)
    has_symbol = any(not c.isalnum() for c in value)
    bits = shannon(value)
    if len(value) >= 16 and (has_lower or has_upper) and (has_digit or has_symbol):
        return bits >= 3.3  # 16-24 random characters measure 3.4-3.7 (short samples)
    return len(value) >= 10 and has_lower + has_upper + has_digit + has_symbol >= 3 \
        and bits >= 3.0


def specific_name(key: str | None) -> bool:
    """An assignment's name that says what the secret is for (the context of :func:`grade`);
    judged on the last dotted part, so ``settings.secret`` is as generic as ``secret``."""
    words = name_words((key or "").rstrip(".").rsplit(".", 1)[-1])
    return len(words) > 1 or (len(words) == 1 and words[0] not in _GENERIC_NAMES)


def real_host(host: str) -> bool:
    """A URL host that names a machine: a DNS name with a letters-only last label, or an IP
    (local and example hosts never reach here: :func:`url_hits` drops them first)."""
    return bool(_IP_HOST.match(host) or _DNS_HOST.match(host))


def grade(context: bool, value: str, low_trust: bool) -> str:
    """``medium`` when place, context and value all say credential, else ``low``."""
    return "medium" if context and not low_trust and random_looking(value) else "low"


# ---------------------------------------------------------------------------------------
# Assignment heuristic

_ASSIGN = re.compile(
    r"""
    (?<![\w$.\-/])
    (?P<key>[A-Za-z_$@][\w$.\-]{0,99})
    (?P<kq>["'`]?\]?)
    [ \t]{0,8}
    (?::[ \t]{0,4}[A-Za-z_][\w\[\]., |]{0,40}?[ \t]{0,4}(?==))?
    (?:[ \t]{1,4}(?:string|\[\]byte)[ \t]{0,4}(?==))?  # Go: var token string = "..."
    (?P<op>:::=|::=|:=|=>|===?|\?\?=|\|\|=|\?=|\.=|\+=|=|:|,)
    [ \t]{0,8}
    (?:[rRbBuUfF]{1,2}(?=["']))?
    (?:
        (?P<q>["'`])(?P<qv>[^"'`\n]{1,1000})(?P=q)
      | (?P<uv>[^\s"'`,;)}\]]{1,1000})
    )
    """,
    re.X,
)
_CODE_FILE = re.compile(
    r"(?i)\.(?:py|pyi|js|jsx|mjs|cjs|ts|tsx|go|rb|java|kt|kts|php|cs|rs|swift|c|cc|cpp|h|hpp|"
    r"scala|vue|svelte|dart|lua|ex|exs|clj|groovy|m|mm)$"
)
_REFERENCE = re.compile(
    r"^[A-Za-z][a-z]+(?:[A-Z][a-z]+)+$|"  # camelCase word: an identifier
    r"^[A-Za-z][a-z]+(?:[A-Z][a-z]+)*(?:[:.][A-Za-z][a-z]+(?:[A-Z][a-z]+)*)+$|"  # ns:name
    r"^(?:\$|%|\{|<|\(|\[|\#)|\$\{|\{\{|%\(|\$\(|^(?:process|os|env|settings|config|"
    r"self|this|ENV|import\.meta)\b|^[A-Za-z_][A-Za-z_]*\d{0,3}(?:\.[A-Za-z_][A-Za-z_]*\d{0,3})+$|"
    r"^[a-z_]+$|^[A-Z_]+$"
)
# A file path: an extension at the end, or only lower-case segments (``/run/secrets/db``);
# base64 secrets contain ``/`` too, but not both of those.
_PATHLIKE = re.compile(
    r"^(?:~|\.{1,2}|[A-Za-z]:)?[/\\].*\.[A-Za-z0-9]{1,6}$|^(?:~|\.{1,2})?(?:/[a-z0-9_.-]+)+/?$"
)
_DIGEST_VALUE = re.compile(r"(?i)^(?:sha(?:1|224|256|384|512)|md5|blake2b?)[-:=]")
# ``getenv("KEY", "default")``, and the setters that take a name and its value
# (``System.setProperty("API_TOKEN", "...")``, ``os.Setenv``, ``putenv``)
_GETENV_DEFAULT = re.compile(
    r"(?:getenv|get|env|Env|fetch|setProperty|[Ss]etenv|putenv|setdefault)\(\s*$")
# XML: an element whose tag (or ``name``/``key`` attribute, as in Android's
# ``<string name="api_key">``) names the value, and .NET's ``<add key="K" value="V"/>``
_XML_ELEMENT = re.compile(
    r"<(?P<tag>[A-Za-z_][\w.:-]{0,99})(?P<attrs>\s[^<>]{0,300})?>"
    r"[ \t]*(?P<v>[^<>\s]{1,1000})[ \t]*</(?P=tag)>")
_XML_NAME_ATTR = re.compile(r"""(?<![\w-])(?:name|key)[ \t]*=[ \t]*["']([^"'<>\n]{1,100})["']""")
_XML_PAIR = re.compile(
    r"""(?<![\w-])(?:key|name)[ \t]*=[ \t]*(?P<kq>["'])(?P<key>[^"'<>\n]{1,100})(?P=kq)"""
    r"""[ \t]+value[ \t]*=[ \t]*(?P<q>["'])(?P<v>[^"'\n]{1,1000})(?P=q)""")
#: an element alone on its line, its value alone on the next, the closing tag on the third
_XML_OPEN = re.compile(r"[ \t]*<([A-Za-z_][\w.:-]{0,99})>[ \t]*")
_XML_LONE_VALUE = re.compile(r"[ \t]*([^\s<>]{1,1000})[ \t]*")
#: a name of several words (``api_token``, ``apiToken``, ``API-KEY``): what may precede a
#: value with only a blank between them
_COMPOUND_NAME = re.compile(r"[a-z0-9][_-]?[A-Z]|[A-Za-z0-9][_-][A-Za-z]")
_COMMENT_MARKS = ("#", "//", "/*", "*", "--", ";", "<!--", "-", ">")
#: JavaScript's fallbacks: ``process.env.AUTH_SECRET ?? "..."``, ``env.API_TOKEN || "..."``
_FALLBACK = re.compile(
    r"(?<![\w$.\-/])(?P<key>[A-Za-z_$][\w$.]{0,99})[ \t]{0,4}(?:\?\?|\|\|)[ \t]{0,4}"
    r"(?P<q>[\"'`])(?P<v>[^\"'`\n]{1,1000})(?P=q)")
_NAMED_TOKEN = re.compile(
    r"(?<![\w$.\-/])(?P<key>[A-Za-z_][\w.\-]{2,99})[ \t]{1,4}"
    r"(?P<v>[A-Za-z0-9][^\s\"'`,;)}\]<>]{11,999})(?=[\s\"'`,;)}\]<>]|$)")
# An escaped newline ends an unquoted value inside a string (``"A_TOKEN=...\\nB=1"``).
_ESCAPED_BREAK = re.compile(r"\\[nrt]")
_QUOTE_CHARS = "\"'`"


def _value_random_enough(kind: str, value: str) -> bool:
    if is_common_word(value):
        return False
    letters_digits = sum((any(c.islower() for c in value), any(c.isupper() for c in value),
                          any(c.isdigit() for c in value)))
    if kind == "password":
        classes = letters_digits + any(not c.isalnum() for c in value)
        return len(value) >= 8 and classes >= 2 and shannon(value) >= 2.5
    if len(value) < 12 or letters_digits < 2:
        return False  # one case and no digits: a word or an identifier (``stripe-secret-key``)
    return shannon(value) >= (3.0 if len(value) >= 20 else 3.2)


def literal_secret(kind: str, value: str, quoted: bool, path: str) -> str | None:
    """The literal itself when it looks like a real credential, else None."""
    value = value.strip()
    if value[:7].lower() in ("bearer ", "token  ") or value[:6].lower() == "basic ":
        value = value.split(" ", 1)[1].strip()
    if not value or " " in value or "://" in value:
        return None
    if not quoted and _CODE_FILE.search(path):
        return None  # unquoted in code is an expression, not a literal
    if _REFERENCE.search(value) or _PATHLIKE.search(value) or _DIGEST_VALUE.match(value):
        return None
    if is_stand_in(value) or not _value_random_enough(kind, value):
        return None
    return value


@dataclass(frozen=True)
class Assignment:
    """``key <op> value`` found in a line; ``start``/``end`` delimit the raw value."""

    key: str
    value: str = field(repr=False)
    start: int
    end: int
    quoted: bool


def assignments(text: str, windows: Iterable[tuple[int, int]],
                nested: bool = True) -> Iterator[Assignment]:
    """Every name assigned a literal in any of the supported syntaxes, including the
    assignments inside a quoted value (an env blob in a JSON or YAML string:
    ``"env": "STRIPE_SECRET_KEY=sk_live_...\\nDB=..."``), one level deep."""
    # ``aws_secret_access_key AgaN...`` in a comment or a note's bullet, where a bare token
    # is text rather than an expression: a compound name before it is an assignment too
    comment = text.lstrip().startswith(_COMMENT_MARKS)
    for lo, hi in windows:
        for m in _ASSIGN.finditer(text, lo, hi):
            if nested and m.group("q") is not None and "=" in m.group("qv"):
                yield from assignments(text, [(m.start("qv"), m.end("qv"))], nested=False)
            if m.group("op") == "," and (
                not m.group("kq") or not _GETENV_DEFAULT.search(text, 0, max(0, m.start() - 1))
            ):
                continue  # only ``getenv("KEY", "default")`` is an assignment with a comma
            group = "qv" if m.group("q") is not None else "uv"
            value, end = m.group(group), m.end(group)
            cut = _ESCAPED_BREAK.search(value)
            if cut is not None and group == "uv":
                value, end = value[:cut.start()], m.start(group) + cut.start()
            yield Assignment(m.group("key").lstrip("$@"), value, m.start(group), end,
                             group == "qv")
        for m in _FALLBACK.finditer(text, lo, hi):
            yield Assignment(m.group("key"), m.group("v"), m.start("v"), m.end("v"), True)
        if comment:
            for m in _NAMED_TOKEN.finditer(text, lo, hi):
                if _COMPOUND_NAME.search(m.group("key")):
                    yield Assignment(m.group("key"), m.group("v"), m.start("v"), m.end("v"),
                                     True)
        if "<" in text:
            for m in _XML_ELEMENT.finditer(text, lo, hi):
                named = _XML_NAME_ATTR.search(m.group("attrs") or "")
                yield Assignment(named.group(1) if named else m.group("tag"), m.group("v"),
                                 m.start("v"), m.end("v"), True)
        if "value" in text:
            for m in _XML_PAIR.finditer(text, lo, hi):
                yield Assignment(m.group("key"), m.group("v"), m.start("v"), m.end("v"), True)


def xml_element_value(previous: str, text: str, following: Sequence[str]) -> Assignment | None:
    """``text`` as the value of an element opened alone on the line before and closed
    alone on the line after (``<apiToken>`` / ``  value`` / ``</apiToken>``): an
    assignment to the tag, located in ``text``."""
    opened = _XML_OPEN.fullmatch(previous)
    value = _XML_LONE_VALUE.fullmatch(text)
    if opened is None or value is None or not following or following[0].strip() != (
            f"</{opened.group(1)}>"):
        return None
    return Assignment(opened.group(1), value.group(1), value.start(1), value.end(1), True)


def assignment_hit(a: Assignment, kind: str, text: str, path: str,
                   severity: Severity, low_trust: bool = False) -> Hit | None:
    """A secret-named key holding a literal that looks like a real credential."""
    secret = literal_secret(kind, a.value, a.quoted, path)
    if secret is None:
        return None
    start = text.find(secret, a.start)
    what = "password" if kind == "password" else "secret"
    return Hit(rule="secret-assignment", name=f"hard-coded {what}", start=start,
               end=start + len(secret), value=secret, severity=severity, key=a.key,
               confidence=grade(specific_name(a.key), secret, low_trust))


# ---------------------------------------------------------------------------------------
# URLs with a password

_URL_CREDENTIALS = re.compile(
    r"(?<![A-Za-z0-9+.-])(?P<scheme>[A-Za-z][A-Za-z0-9+.-]{1,30})://"
    r"(?P<user>[^\s:/@'\"`<>()\[\]{}]{0,128}):(?P<pw>[^\s@/'\"`<>(){}\[\]]{1,256})@"
    r"(?P<host>\[[0-9a-fA-F:.]{2,60}\]|[A-Za-z0-9._~-]{1,253})"
)
_LOCAL_HOST = re.compile(
    r"(?i)^(?:localhost|127(?:\.\d{1,3}){3}|0\.0\.0\.0|\[::1?\]|host\.docker\.internal|"
    r".*\.(?:local|localhost|test|example|invalid|internal)|(?:.*\.)?example\.(?:com|org|net))$"
)


def url_hits(text: str, windows: Iterable[tuple[int, int]], severity: Severity,
             low_trust: bool = False) -> Iterator[Hit]:
    """``scheme://user:password@host`` with a real password and a non-local host."""
    for lo, hi in windows:
        for m in _URL_CREDENTIALS.finditer(text, lo, hi):
            pw, user, host = m.group("pw"), m.group("user"), m.group("host")
            if (is_stand_in_password(pw, user) or ("." not in host.strip("[]")
                                                    and ":" not in host)
                    or _LOCAL_HOST.match(host)):
                continue
            yield Hit(
                rule="url-credentials", name="password in a URL", start=m.start("pw"),
                end=m.end("pw"), value=pw, severity=severity, priority=PRIORITY_STRUCTURE,
                provider=m.group("scheme").lower(), kind="url",
                confidence=grade(real_host(host), pw, low_trust), extra={"host": host},
            )


# ---------------------------------------------------------------------------------------
# PEM private keys

_PEM = re.compile(r"-----BEGIN[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----")
_PEM_END = re.compile(r"-----END[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----")
_B64_LINE = re.compile(r"[A-Za-z0-9+/=]+")
_PEM_HEADER_LINE = re.compile(r"[A-Za-z-]+: ")  # Proc-Type: 4,ENCRYPTED / DEK-Info: ...
_PEM_BODY_MIN = 64
_PEM_BODY_MAX = 64 * 1024  # far above a 16384-bit RSA key (about 13 KB of PEM)


def _key_material(body: str) -> str:
    """The base64 lines after a header, up to the first line that is not one: prose after
    a header in a docstring or a parser is not key material."""
    out = []
    for line in body.split("\n"):
        text = line.strip().strip("\"',;+` ")
        if not text or _PEM_HEADER_LINE.match(text):
            continue
        if not _B64_LINE.fullmatch(text):
            break
        out.append(text)
    return "".join(out)


def pem_hits(text: str, following: Sequence[str], severity: Severity) -> Iterator[Hit]:
    """A private key header followed by at least 64 characters of key material.

    The body is read from the rest of the line (``\\n``-escaped keys in env values and
    JSON) and from the added lines right after it; a header alone (a parser's
    ``startswith("-----BEGIN RSA PRIVATE KEY-----")``) is not a key.
    """
    matches = list(_PEM.finditer(text))
    for i, m in enumerate(matches):
        # the body ends at the next header, and a key is never longer than _PEM_BODY_MAX:
        # each header reads a bounded slice, so a line of many headers stays linear
        stop = min(matches[i + 1].start() if i + 1 < len(matches) else len(text),
                   m.end() + _PEM_BODY_MAX)
        parts = [text[m.end():stop].replace("\\n", "\n")]
        if stop == len(text) and not _PEM_END.search(parts[0]):
            for line in following:
                if "-----BEGIN" in line:
                    break
                parts.append(line)
                if _PEM_END.search(line):
                    break
        body = "\n".join(parts)
        end = _PEM_END.search(body)
        body = body[: end.start()] if end else body
        material = _key_material(body)
        if len(material) < _PEM_BODY_MIN or is_stand_in(body.strip()[:200]) or len(
            set(material)
        ) < 16:
            yield Hit(rule=VETO, name=VETO, start=m.start(), end=m.end(), value="",
                      priority=PRIORITY_OWNER, kind=VETO)
            continue
        encrypted = "ENCRYPTED" in m.group() or "Proc-Type: 4,ENCRYPTED" in body
        yield Hit(
            rule="private-key", name="PEM private key", start=m.start(), end=m.end(),
            value=material, severity=min(severity, Severity.WARNING) if encrypted else severity,
            priority=PRIORITY_OWNER, kind="private-key", provider="private-key",
            confidence="high", extra={"encrypted": encrypted},
        )


# ---------------------------------------------------------------------------------------
# Authorization headers and curl's -u

_AUTHZ = re.compile(
    r"(?i)(?:(?<![a-z])authorization[\"']?\s{0,4}[:=,]\s{0,4}[\"'`]?(?P<scheme>bearer|basic|token)|"
    r"\bbearer)\s{1,4}(?P<v>[A-Za-z0-9._~+/-]{8,1000}={0,2})"
)
# ``Authorization: <token>`` with no scheme (``curl -H "Authorization: $KEY"`` style APIs)
# or a scheme of the API's own (``Api-Token <token>``, ``SSWS <token>``, ``Klaviyo-API-Key``):
# only a header's colon, and only a value that ends the header, so a scheme followed by
# its parameters (``AWS4-HMAC-SHA256 Credential=...``) is not read as the token.
_AUTHZ_BARE = re.compile(
    r"(?i)(?<![a-z-])authorization[\"']?[ \t]{0,4}:[ \t]{0,4}[\"'`]?"
    r"(?:(?P<scheme>[a-z][a-z0-9-]{1,30})[ \t]{1,4})?(?P<v>[A-Za-z0-9._~+/-]{16,1000}={0,2})"
    r"(?=[\"'`]|[ \t]*(?:$|\\[rn]|[,;)}\]]))"
)
_SCHEMES = ("bearer", "basic", "token")
_MIN_TOKEN = 16
_B64 = re.compile(r"[A-Za-z0-9+/]+={0,2}")


def _base64_text(value: str) -> str | None:
    """``value`` decoded, when it is base64 of UTF-8 text."""
    import base64
    import binascii

    if not _B64.fullmatch(value):
        return None
    try:
        return base64.b64decode(value + "=" * (-len(value) % 4), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None


def _login(text: str) -> tuple[str, str] | None:
    """``(user, password)`` of a ``Basic`` credential's decoded text, when it is
    ``user:pass`` and the password is no stand-in; else None (not a login at all)."""
    user, sep, password = text.partition(":")
    if not sep or not password or not text.isprintable():
        return None
    if is_stand_in_password(password, user) or is_common_word(password):
        return None
    return user, password


def authorization_hits(text: str, windows: Iterable[tuple[int, int]],
                       severity: Severity, low_trust: bool = False) -> Iterator[Hit]:
    """A literal credential in an ``Authorization`` header (curl examples, HTTP fixtures):
    a bearer or token value that is random enough, a ``Basic`` value when it decodes to
    ``user:password`` (or to no text at all: an opaque token), and ``Authorization:
    <token>`` with no scheme or a scheme of the API's own."""
    for lo, hi in windows:
        for m in _AUTHZ.finditer(text, lo, hi):
            value = m.group("v")
            if (m.group("scheme") or "").lower() == "basic":
                decoded = _base64_text(value)
                login = _login(decoded) if decoded is not None else None
                opaque = decoded is None and len(value) >= 24 \
                    and _value_random_enough("secret", value)
                if login is None and not opaque:
                    continue
                yield Hit(
                    rule="authorization-header",
                    name="credential in an Authorization: Basic header" if opaque
                    else "user and password in an Authorization: Basic header",
                    start=m.start("v"), end=m.end("v"), value=value, severity=severity,
                    kind="header", confidence=grade(True, login[1] if login else value, low_trust),
                )
                continue
            if len(value) < _MIN_TOKEN or is_stand_in(value) or not _value_random_enough(
                "secret", value
            ) or value.lower().startswith(_SCHEMES):
                continue
            yield Hit(
                rule="authorization-header", name="credential in an Authorization header",
                start=m.start("v"), end=m.end("v"), value=value, severity=severity,
                kind="header", confidence=grade(True, value, low_trust),
            )
        for m in _AUTHZ_BARE.finditer(text, lo, hi):
            value = m.group("v")
            if (m.group("scheme") or "").lower() in _SCHEMES:
                continue  # read above, with the scheme's own rules
            if is_stand_in(value) or not _value_random_enough("secret", value) or (
                value.lower().startswith(_SCHEMES) or _REFERENCE.search(value)
                or _PATHLIKE.search(value)
            ):
                continue
            yield Hit(
                rule="authorization-header", name="credential in an Authorization header",
                start=m.start("v"), end=m.end("v"), value=value, severity=severity,
                kind="header", confidence=grade(True, value, low_trust),
            )


# ``-u user:password`` (also ``-uuser:pw``, ``--user``, and ``-U``/``--proxy-user``): quoted
# or not, the password alone quoted or not (``--user kevin:'...'``), the user an email or
# not. A bare ``-u user`` makes curl prompt for the password, and is no leak.
_CURL_USER = re.compile(
    r"""(?<![\w-])(?:-u|-U|--user|--proxy-user)(?:[ \t]{1,8}|(?=[^\s-]))"""
    r"""(?P<q>["']?)(?P<user>[^\s:"']{0,128}):(?P<q2>["']?)(?P<pw>[^\s"']{0,256})(?P=q2)(?P=q)"""
    r"""(?=\s|$|[;|&)])"""
)
_CURL = re.compile(r"(?<![\w.-])curl(?![\w-])")


def runs_curl(text: str) -> bool:
    """The line names the ``curl`` command (not ``libcurl`` or ``curl-config``)."""
    return _CURL.search(text) is not None


def curl_hits(text: str, windows: Iterable[tuple[int, int]], severity: Severity,
              low_trust: bool = False, continued: bool = False) -> Iterator[Hit]:
    """``curl -u user:password`` with a password that is no stand-in, and ``-u KEY:`` (an
    API key as the user, no password: Stripe's and many APIs' style). Only after ``curl``
    on the line, or on a line that continues (``\\``) a curl command: ``docker run -u
    1000:1000`` and ``sudo -u app:staff`` are a user and a group. The flag says what the
    value is, so a value random enough is ``medium`` (``low`` in a low-trust path)."""
    command = _CURL.search(text)
    if command is None and not continued:
        return
    for lo, hi in windows:
        for m in _CURL_USER.finditer(text, lo, hi):
            if command is not None and not continued and command.start() > m.start():
                continue
            user, pw = m.group("user"), m.group("pw")
            if not pw:  # ``-u KEY:``: the user is the credential
                group, value, kind = "user", user, "secret"
                if len(user) < 12 or is_stand_in(user):
                    continue
            else:
                group, value, kind = "pw", pw, "password"
                if is_stand_in_password(pw, user) or is_common_word(pw):
                    continue
            if not _value_random_enough(kind, value):
                continue
            yield Hit(
                rule="curl-credentials", name="credential given to curl -u",
                start=m.start(group), end=m.end(group), value=value, severity=severity,
                key=None, kind="header", confidence="low" if low_trust else "medium",
            )

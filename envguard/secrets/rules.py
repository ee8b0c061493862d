"""The scanner's rules and the one keyword prefilter that decides which of them run.

Provider rules are the credential formats of ``schemas/providers/*.toml`` (the same
declarations validation uses), wrapped with word boundaries for free text. Generic
heuristics (secret-named assignments, URL passwords, PEM blocks, Authorization headers)
and detect-secrets plugins are named by tags. Every rule is reached through literal
keywords; all keywords of all rules are compiled into one trie-shaped regex that runs
over a whole file's added text at once, so a line with no keyword costs nothing more.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any

from envguard.schema.model import CredentialFormat

# Imports inside functions are deliberate: the provider schemas and structure checks load only
# when rules are built.

#: Generic heuristics and the (lowercase) words that wake them.
HEURISTICS: dict[str, tuple[str, ...]] = {
    "assign": ("secret", "token", "pass", "pwd", "key", "credential", "_pat", "auth"),
    "url": ("://",),
    "pem": ("private key",),
    "authz": ("authorization", "bearer"),
    "curl": ("-u",),  # -u, -U, --user, --proxy-user; curl itself is checked on the line
}

_ASSIGNED = (r"(?=[\w.$-]{0,60}[\"'`\]]{0,2}[ \t]{0,8}(?:(?:string|value)[ \t]{0,4})?"
             r"(?:[:=,>]|\?\??=|\|\|=?|\?\?|\.=|\+=|[ \t][A-Za-z0-9]))")
_GLOBAL_FLAGS = re.compile(r"\(\?([aiLmsux]+)\)")
_LITERAL = re.compile(r"[A-Za-z0-9_:/@=.-]|\\[^A-Za-z0-9]")


@dataclass(frozen=True, eq=False)
class ProviderRule:
    """One credential format, compiled for free text (boundaries on both sides) the first
    time its keyword is seen: most scans wake a handful of the hundred rules.

    Compared and hashed by identity: a rule is a key of the scanner's dispatch tables.
    """

    fmt: CredentialFormat
    #: False when the prefix also starts a broader format's matches (UploadThing's
    #: ``sk_live_`` is Stripe's too): a look-alike would be named after the wrong provider.
    own_prefix: bool = True

    @cached_property
    def regex(self) -> re.Pattern[str]:
        return bounded(self.fmt)

    @cached_property
    def prefix(self) -> str | None:
        return distinctive_prefix(self.fmt) if self.own_prefix else None

    @cached_property
    def loose(self) -> re.Pattern[str] | None:
        """The format's distinctive prefix and any token-shaped remainder: what a key of
        this provider looks like when its exact shape has changed (a longer ``sk-proj-``
        key). None when the format has no such prefix."""
        prefix = self.prefix
        if prefix is None:
            return None
        return re.compile(rf"(?<![A-Za-z0-9_]){re.escape(prefix)}"
                          r"[A-Za-z0-9_-](?:[A-Za-z0-9_.-]{18,510}[A-Za-z0-9_-])(?![A-Za-z0-9_-])")

    @property
    def id(self) -> str:
        return self.fmt.id

    def value(self, match: re.Match[str]) -> tuple[str, int, int]:
        """The secret part of a match (group ``secret`` when the format declares one)."""
        group: int | str = "secret" if "secret" in self.regex.groupindex else 0
        if match.group(group) is None:
            group = 0
        return match.group(group), match.start(group), match.end(group)


#: What a keyword wakes: a provider rule, or the tag of a heuristic or plugin.
Trigger = ProviderRule | str


def bounded(fmt: CredentialFormat) -> re.Pattern[str]:
    """The format's unanchored pattern, made to match whole tokens only.

    ``AKIA…`` inside a longer base64 run is not an AWS key, and ``sk_live_`` + 300
    alphanumerics is not a 60-character Clerk key; the lookarounds say so.
    """
    source = fmt.regex
    flags = _GLOBAL_FLAGS.match(source)
    inline = flags.group() if flags else ""
    source = source[len(inline):]
    return re.compile(rf"{inline}(?<![A-Za-z0-9_])(?:{source})(?![A-Za-z0-9_])")


#: Prefixes that are words, too common in identifiers to say anything on their own.
_WORD_PREFIXES = frozenset({"key", "pubkey", "secret", "token", "api", "auth"})


def distinctive_prefix(fmt: CredentialFormat) -> str | None:
    """The keyword every match of a secret format starts with, when it is distinctive
    enough to report a look-alike at medium confidence: four characters or more, ending
    in a separator (``ghp_``, ``sk-proj-``, ``hvs.``), not a word (``key-``)."""
    if not fmt.secret or "(?P<secret>" in fmt.regex:
        return None
    start = literal_prefix(fmt.regex)
    for keyword in sorted(fmt.keywords, key=len, reverse=True):
        if (len(keyword) >= 4 and keyword[-1] in "_-." and start.startswith(keyword)
                and "://" not in keyword
                and keyword.rstrip("_-.").lower() not in _WORD_PREFIXES):
            return keyword
    return None


def literal_prefix(pattern: str) -> str:
    """The literal text every match starts with (``sk_`` of ``sk_(live|test)_…``)."""
    source = _GLOBAL_FLAGS.sub("", pattern, count=1)
    out: list[str] = []
    pos = 0
    while pos < len(source):
        m = _LITERAL.match(source, pos)
        if not m:
            break
        nxt = source[m.end():m.end() + 1]
        if nxt in ("?", "*", "{"):
            break
        out.append(m.group()[-1])
        pos = m.end()
    return "".join(out)


def trie_pattern(words: Iterable[str]) -> str:
    """One regex for many literals, factored by common prefix.

    CPython's ``re`` tries alternatives one by one at every position; a trie makes
    that one character comparison per branch level instead of one per word, which
    is what lets the prefilter run several times faster than the rules themselves.
    """
    root: dict[str, Any] = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, Any]) -> str:
        alts = [re.escape(ch) + build(sub) for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if "" in node:
            return f"(?:{body})?" if len(alts) == 1 else body + "?"
        return body

    return build(root) or "(?!)"


@dataclass(frozen=True)
class Declared:
    """A variable as the provider files declare it."""

    credentials: tuple[str, ...]
    secret: bool
    public: bool


@lru_cache(maxsize=1)
def _declared_vars() -> dict[str, Declared]:
    """Variables of every built-in provider and platform piece (the same catalog the
    credential rules come from, so the files are read once)."""
    from envguard.schema.loader import builtin_catalog

    return {key: Declared(spec.credential, spec.secret, spec.public)
            for key, spec in builtin_catalog().vars.items()}


class RuleSet:
    """Every rule, and for each prefilter keyword the rules it wakes.

    Public formats (publishable keys, anon JWTs, project URLs) are kept apart: they are
    never findings, and their keywords (``http``) would wake half of every diff. The
    scanner asks them whether a value it found is public by design. Public shapes with
    no prefix (an Algolia search key is 32 hex, like many secrets) say nothing about a
    value without its name, so only prefixed ones are asked.
    """

    def __init__(self, credentials: Mapping[str, CredentialFormat],
                 plugin_keywords: Mapping[str, tuple[str, ...]] | None = None) -> None:
        self.secret: list[ProviderRule] = []
        self.public: list[ProviderRule] = []
        self.by_id: dict[str, ProviderRule] = {}
        self.name_only: list[str] = []
        raw: dict[str, list[Trigger]] = {}
        for fmt in credentials.values():
            rule = ProviderRule(fmt)
            self.by_id[fmt.id] = rule
            if not fmt.secret:
                if fmt.keywords or len(literal_prefix(fmt.regex)) >= 3:
                    self.public.append(rule)  # a distinctive public shape (pk_live_, phc_)
                continue
            self.secret.append(rule)
            keywords = [k.lower() for k in fmt.keywords if k]
            if not keywords:
                prefix = literal_prefix(fmt.regex)
                keywords = [prefix.lower()] if len(prefix) >= 3 else []
            if not keywords:
                # A shape without a prefix (32 hex, a UUID) means something only under a
                # variable that declares it: the assignment heuristic asks for it by name.
                self.name_only.append(fmt.id)
            for keyword in keywords:
                raw.setdefault(keyword, []).append(rule)
        # A prefix that another format declares without starting with it (Stripe's
        # ``sk_(live|test)_``) is no format's own: no look-alike rule for it.
        shared = {k for rule in self.secret if rule.prefix is None for k in rule.fmt.keywords}
        for i, rule in enumerate(self.secret):
            if rule.prefix in shared:
                replaced = ProviderRule(rule.fmt, own_prefix=False)
                self.secret[i] = self.by_id[rule.id] = replaced
                for triggers in raw.values():
                    triggers[:] = [replaced if t is rule else t for t in triggers]
        for tag, words in HEURISTICS.items():
            for word in words:
                raw.setdefault(word, []).append(tag)
        covered = set(raw)
        for name, words in (plugin_keywords or {}).items():
            if all(w in covered for w in words):
                continue  # every keyword already belongs to a provider rule: no breadth added
            for word in words:
                raw.setdefault(word, []).append(f"plugin:{name}")
        # A keyword found in the text implies every keyword it contains was found too.
        self.triggers: dict[str, tuple[Trigger, ...]] = {}
        for keyword in raw:
            merged: list[Trigger] = []
            for other, triggers in raw.items():
                if other in keyword:
                    merged.extend(t for t in triggers if t not in merged)
            self.triggers[keyword] = tuple(merged)
        # Secret-name words only count when an assignment follows within a name's
        # length (``API_KEY =``, ``"password":``); ``for key in d`` wakes nothing.
        # Two passes beat one alternation of both: CPython's ``re`` skips ahead fast
        # only while every alternative's first characters are few.
        names = set(HEURISTICS["assign"])
        literal = sorted(k for k in raw if k not in names or len(raw[k]) > 1)
        self.prefilters = (
            re.compile(trie_pattern(literal)),
            re.compile(trie_pattern(sorted(names)) + _ASSIGNED),
        )

    @property
    def plugins(self) -> list[str]:
        """detect-secrets plugins that add breadth here (not covered by provider rules)."""
        return sorted({t[7:] for ts in self.triggers.values() for t in ts
                       if isinstance(t, str) and t.startswith("plugin:")})

    def declared(self, key: str) -> Declared | None:
        """What the provider files say about a variable name (its formats, secrecy); a
        config file's ``pusher_secret:`` is the ``PUSHER_SECRET`` the provider declares."""
        declared = _declared_vars()
        return declared.get(key) or declared.get(key.upper())

    def formats_of(self, declared: Declared) -> list[ProviderRule]:
        return [self.by_id[c] for c in declared.credentials if c in self.by_id]

    def public_match(self, value: str) -> ProviderRule | None:
        """The public-by-design format ``value`` is, structure checks included."""
        from envguard.schema.structure import run_check

        for rule in self.public:
            if rule.regex.fullmatch(value) and not any(
                run_check(check, value) for check in rule.fmt.checks
            ):
                return rule
        return None

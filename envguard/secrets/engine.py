"""The scanner: added lines in, detections out.

Per file patch: the added lines are joined into one string and lower-cased once, the
combined keyword prefilter runs over it in a single C-level pass, and only the lines it
hits go on to the rules their keywords name. Spans found by several rules keep the most
specific one (provider rule > plugin > structure > guess). A detection carries a
:class:`~envguard.findings.Finding` built from redacted text only, plus the SHA-256 of
the secret for the baseline; the secret itself is dropped here.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from envguard.envfiles import holds_live_values, is_real_env_file
from envguard.findings import Finding, Severity
from envguard.model import Origin
from envguard.schema.model import CredentialFormat
from envguard.schema.structure import run_check
from envguard.secrecy import (
    REDACTED,
    is_encryption_public_key,
    is_key_material,
    is_sops_dotenv_key,
    is_stand_in,
    looks_secret_by_value,
    name_kind,
    redact,
    redact_key,
    sealed_kind,
    sealed_spans,
    sha256,
    shannon,
)
from envguard.secrets import heuristics as h
from envguard.secrets.filters import (
    has_allow_marker,
    has_allow_next_marker,
    is_data_uri_line,
    is_low_trust_path,
    is_minified,
    path_excluded,
)
from envguard.secrets.plugins import PluginRunner, keywords, rule_id
from envguard.secrets.rules import ProviderRule, RuleSet, Trigger
from envguard.sources.gitdiff import FilePatch

# Imports inside functions are deliberate: the provider schemas load only when the caller passes
# no rules.

_LONG_LINE = 4096
_WINDOW_BEFORE, _WINDOW_AFTER = 512, 2048
_KEY_BEFORE = re.compile(
    r"([A-Za-z_][\w.-]{0,100})[\"'`\]]{0,2}[ \t]{0,8}(?::=|=>|=|:)[ \t]{0,8}[\"'`]?$"
)
_ENV_LINE = re.compile(r"^\s*(?:export\s+)?([A-Za-z_][\w.-]*)\s*=\s*(.*?)\s*$")
_HINT_ROTATE = ("rotate it: deleting the line does not un-leak it; not a secret? "
                "mark the line `envguard: allow` or use --baseline")


@dataclass(frozen=True)
class ScanOptions:
    """What a scan is told; ``verb`` says "added" for diffs and "found" for files."""

    test_key_severity: Severity = Severity.WARNING
    exclude: tuple[str, ...] = ()
    plugins: bool = True
    verb: str = "added"
    env_files: bool = True


@dataclass(frozen=True)
class Detection:
    """A finding plus the SHA-256 of its secret (baseline matching); never the secret."""

    finding: Finding
    digest: bytes = field(repr=False, compare=False)


@dataclass
class ScanStats:
    files: int = 0
    lines: int = 0
    bytes: int = 0
    candidates: int = 0


def printable_path(path: str) -> str:
    """Undecodable bytes of a path shown as ``\\xNN`` so every report can print it."""
    try:
        return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:
        return path.encode("utf-8", "backslashreplace").decode("ascii")


class Scanner:
    """Scans file patches; one instance per run (rules compile once, plugins load once)."""

    def __init__(self, credentials: Mapping[str, CredentialFormat] | None = None,
                 options: ScanOptions | None = None) -> None:
        if credentials is None:
            from envguard.schema.loader import builtin_credentials

            credentials = builtin_credentials()
        self.options = options or ScanOptions()
        self.rules = RuleSet(credentials, keywords() if self.options.plugins else None)
        self.providers = frozenset(f.provider.lower() for f in credentials.values())
        self.plugins = PluginRunner()
        self.stats = ScanStats()

    def scan(self, patches: Iterable[FilePatch]) -> Iterator[Detection]:
        for patch in patches:
            yield from self.scan_patch(patch)

    def scan_patch(self, patch: FilePatch) -> list[Detection]:
        texts = patch.texts
        self.stats.files += 1
        self.stats.lines += len(texts)
        if not texts or patch.binary or path_excluded(patch.path, self.options.exclude):
            return []
        blob = "\n".join(texts)
        self.stats.bytes += len(blob) + 1
        low = blob.lower()
        if len(low) != len(blob):  # a few characters change length when lower-cased
            low = "\n".join(t.lower() if len(t.lower()) == len(t) else t for t in texts)
        hits: dict[int, list[tuple[str, int]]] = {}
        for prefilter in self.rules.prefilters:
            _collect(prefilter, low, hits)
        _wake_xml_values(patch, hits)
        out: list[Detection] = []
        found_values: list[str] = []
        numbers = patch.numbers
        for idx, found in hits.items():
            text = texts[idx]
            if has_allow_marker(text) or (
                idx and numbers[idx - 1] == numbers[idx] - 1
                and has_allow_next_marker(texts[idx - 1])
            ):
                continue
            self.stats.candidates += 1
            line_hits = self._scan_line(patch, idx, text, found)
            values = [hit.value for hit in line_hits]
            found_values += values
            for hit in line_hits:
                out.append(self._detection(patch, numbers[idx], hit, values, text))
        if self.options.env_files:
            env = self._env_file(patch, found_values)
            if env is not None:
                out.append(env)
        return out

    # -- one line ----------------------------------------------------------------------

    def _scan_line(self, patch: FilePatch, idx: int, text: str,
                   found: list[tuple[str, int]]) -> list[h.Hit]:
        wanted: dict[Trigger, list[int]] = {}
        for keyword, pos in found:
            for trigger in (_XML,) if keyword == _XML else self.rules.triggers[keyword]:
                wanted.setdefault(trigger, []).append(pos)
        path = patch.path
        low_trust = is_low_trust_path(path)
        guess_severity = Severity.WARNING if low_trust else Severity.ERROR
        bundle = is_minified(text, path) or is_data_uri_line(text)
        hits: list[h.Hit] = []
        for trigger, positions in wanted.items():
            windows = _windows(text, positions)
            if isinstance(trigger, ProviderRule):
                hits.extend(self._provider_hits(trigger, text, windows))
            elif trigger == "url":
                hits.extend(h.url_hits(text, windows, Severity.ERROR, low_trust))
            elif trigger == "pem":
                hits.extend(h.pem_hits(text, _following(patch, idx), Severity.ERROR))
            elif bundle:
                continue  # bundles and inlined images: only prefixed and structural rules
            elif trigger == "assign":
                for a in h.assignments(text, windows):
                    hit = self._assignment(a, text, path, guess_severity, low_trust)
                    if hit is not None:
                        hits.append(hit)
            elif trigger == _XML:
                element = h.xml_element_value(patch.texts[idx - 1], text,
                                              _following(patch, idx, 1))
                found_hit = element and self._assignment(element, text, path, guess_severity,
                                                         low_trust)
                if found_hit:
                    hits.append(found_hit)
            elif trigger == "authz":
                hits.extend(h.authorization_hits(text, windows, guess_severity, low_trust))
            elif trigger == "curl":
                hits.extend(h.curl_hits(text, windows, guess_severity, low_trust,
                                        _continues_curl(patch, idx)))
            elif trigger.startswith("plugin:"):
                hits.extend(self._plugin_hits(trigger[7:], text))
        if hits:
            hits = _outside_sealed(hits, text)
        return self._resolve(hits, text)

    def _provider_hits(self, rule: ProviderRule, text: str,
                       windows: list[tuple[int, int]]) -> Iterator[h.Hit]:
        exact: list[tuple[int, int]] = []
        for lo, hi in windows:
            for m in rule.regex.finditer(text, lo, hi):
                exact.append(m.span())
                hit = self._provider_hit(rule, m, text)
                if hit is not None:
                    yield hit
        loose = rule.loose
        if loose is None:
            return
        for lo, hi in windows:
            for m in loose.finditer(text, lo, hi):
                start, end = m.span()
                if not any(s < end and start < e for s, e in exact):
                    hit = self._prefix_hit(rule, m.group(), start, text)
                    if hit is not None:
                        yield hit

    def _prefix_hit(self, rule: ProviderRule, value: str, start: int,
                    text: str) -> h.Hit | None:
        """A distinctive prefix with a token-shaped remainder that is not the format's
        exact shape: a changed or unknown variant of the key, at medium confidence."""
        fmt = rule.fmt
        rest = value[len(rule.prefix or ""):]
        classes = (any(c.islower() for c in rest) + any(c.isupper() for c in rest)
                   + any(c.isdigit() for c in rest))
        if classes < 2 or is_stand_in(value) or shannon(value) < 3.0:
            return None
        severity = _severity(fmt.severity)
        return h.Hit(
            rule=fmt.id, name=f"{fmt.name} (unrecognised shape)", start=start,
            end=start + len(value), value=value, severity=severity,
            priority=h.PRIORITY_PREFIX, key=_key_before(text, start), provider=fmt.provider,
            confidence="medium", kind="credential",
        )

    def _provider_hit(self, rule: ProviderRule, m: re.Match[str], text: str,
                      severity: Severity | None = None) -> h.Hit | None:
        """A format's match, judged: stand-ins, entropy and structure checks first."""
        fmt = rule.fmt
        value, start, end = rule.value(m)
        if is_stand_in(value) or (fmt.entropy and shannon(value) < fmt.entropy):
            return None
        failed = [c for c in fmt.checks if run_check(c, value)]
        if any(not c.startswith("crc32") for c in failed):
            return None  # a structure check says this is another kind of value
        mode = fmt.mode_of(value) or "unknown"
        if severity is None:
            severity = _severity(fmt.severity)
        if mode == "test":
            severity = min(severity, self.options.test_key_severity)
        if failed:
            severity = min(severity, Severity.WARNING)
        return h.Hit(
            rule=fmt.id, name=fmt.name, start=start, end=end, value=value,
            severity=severity, priority=h.PRIORITY_PROVIDER,
            key=_key_before(text, start), provider=fmt.provider, mode=mode,
            confidence="low" if failed else "high",
            kind="credential",
        )

    def _assignment(self, a: h.Assignment, text: str, path: str,
                    severity: Severity, low_trust: bool = False) -> h.Hit | None:
        """A name assigned a literal: the provider files' declaration of that name first
        (``TWILIO_AUTH_TOKEN`` holds 32 hex), then the generic secret-name heuristic."""
        declared = self.rules.declared(a.key)
        if declared is not None:
            if declared.public:
                return None
            for rule in self.rules.formats_of(declared):
                m = rule.regex.fullmatch(text, a.start, a.end)
                if m is None:
                    continue
                if not rule.fmt.secret:
                    return None  # the name allows a public value and this is one
                hit = self._provider_hit(rule, m, text, severity)
                if hit is not None:
                    return h.Hit(**{**hit.__dict__, "key": a.key})
        kind = name_kind(a.key, self.providers)
        if kind is None and declared is not None and declared.secret:
            kind = "secret"
        return None if kind is None else h.assignment_hit(a, kind, text, path, severity,
                                                          low_trust)

    def _plugin_hits(self, name: str, text: str) -> Iterator[h.Hit]:
        for secret_type, value, start in self.plugins.analyze(name, text):
            if is_stand_in(value) or shannon(value) < 2.5:
                continue
            yield h.Hit(
                rule=rule_id(secret_type), name=secret_type, start=start,
                end=start + len(value), value=value, priority=h.PRIORITY_PLUGIN,
                key=_key_before(text, start), provider=secret_type, kind="plugin",
                confidence="medium",  # a peer's format, without this scanner's checks
                extra={"detector": f"detect-secrets {name}"},
            )

    def _resolve(self, hits: list[h.Hit], text: str) -> list[h.Hit]:
        """One finding per span; public values drop out.

        Among overlapping hits the most specific kind of rule wins (provider > plugin >
        structure > guess); between provider rules, the one whose provider is named on
        the line (``CLERK_SECRET_KEY=sk_…``), then the more severe (a Neon URL is also a
        Postgres URL; report the stricter reading).
        """
        if len(hits) > 1:
            lowered = text.lower()
            named: dict[str, bool] = {}  # one search of the line per provider, not per hit

            def unnamed(provider: str | None) -> bool:
                if not provider:
                    return True
                if provider not in named:
                    named[provider] = provider not in lowered
                return named[provider]

            hits.sort(key=lambda x: (x.priority, unnamed(x.provider), -x.severity, x.start,
                                     -(x.end - x.start)))
        kept: list[h.Hit] = []
        # kept spans never overlap, so sorted by start their ends are sorted too: the one
        # span that can overlap a hit is the last one starting before the hit ends (bisect,
        # so a line with thousands of hits stays near-linear)
        starts: list[int] = []
        spans: list[h.Hit] = []
        for hit in hits:
            at = bisect_left(starts, hit.end) - 1
            clash = spans[at] if at >= 0 and spans[at].end > hit.start else None
            if clash is not None:
                if (clash.rule != hit.rule and clash.kind == hit.kind == "credential"
                        and clash.priority == hit.priority):
                    clash.extra.setdefault("also_matches", []).append(hit.rule)
                continue
            if hit.kind not in (h.VETO, "private-key") and self.rules.public_match(hit.value):
                continue
            kept.append(hit)
            at = bisect_left(starts, hit.start)
            starts.insert(at, hit.start)
            spans.insert(at, hit)
        return [k for k in kept if k.kind != h.VETO]

    # -- findings ----------------------------------------------------------------------

    def _detection(self, patch: FilePatch, line: int, hit: h.Hit,
                   line_values: Sequence[str] = (), text: str = "") -> Detection:
        verb = self.options.verb
        key = shown_key(hit.key, line_values, text) if hit.key else None
        if hit.kind == "credential":
            mode = f" ({hit.mode})" if hit.mode != "unknown" else ""
            message = f"{hit.name}{mode} {verb}: {redact(hit.value)}"
        elif hit.kind == "url":
            message = f"{hit.name} {verb}: {hit.provider}://…:{REDACTED}@{hit.extra['host']}"
        else:
            where = f" assigned to {key}" if key else ""
            message = f"{hit.name}{where} {verb} ({REDACTED})"
        hint = ("a test-mode key: low risk, but keep keys out of the repository"
                if hit.mode == "test" else _HINT_ROTATE)
        extra = {
            "provider": hit.provider, "mode": hit.mode, "confidence": hit.confidence,
            "kind": hit.kind, "name": hit.name, **hit.extra,
        }
        if patch.commit:
            extra["commit"] = patch.commit
        finding = Finding(
            hit.rule, hit.severity, message, key=key,
            origin=Origin(printable_path(patch.path), line, hit.start + 1), hint=hint,
            extra=extra,
        )
        digest = sha256(hit.value.encode("utf-8", "surrogatepass")).digest()
        return Detection(finding, digest)

    def _env_file(self, patch: FilePatch, found: Sequence[str] = ()) -> Detection | None:
        """A real env file (values, not placeholders) on its way into the repository;
        ``found`` are the secrets detected in it, which its first key may be."""
        path = patch.path
        if patch.status not in ("added", "file") or not is_real_env_file(path):
            return None
        for number, text in zip(patch.numbers, patch.texts, strict=True):
            m = _ENV_LINE.match(text)
            if not m:
                continue
            key, value = m.group(1), m.group(2).strip().strip("\"'")
            if not value or is_stand_in(value) or has_allow_marker(text):
                continue
            if sealed_kind(value) or is_encryption_public_key(key) or is_sops_dotenv_key(key):
                continue  # ciphertext, a reference, or the keys to read them: not values
            if name_kind(key, self.providers) or looks_secret_by_value(value):
                critical = holds_live_values(path)
                name = path.rsplit("/", 1)[-1]
                shown = shown_key(key, found)
                finding = Finding(
                    "env-file-committed", Severity.ERROR if critical else Severity.WARNING,
                    f"{name} is being committed with real values (first: {shown})",
                    key=shown, origin=Origin(printable_path(path), number, m.start(1) + 1),
                    hint="keep env files with values out of git: add it to .gitignore and "
                         "commit a .env.example with placeholders instead",
                    # high: the finding is the file itself, not a guess about one value
                    extra={"kind": "env-file", "mode": "unknown", "provider": None,
                           "confidence": "high",
                           **({"commit": patch.commit} if patch.commit else {})},
                )
                return Detection(finding, sha256(path.encode("utf-8",
                                                                      "surrogatepass")).digest())
        return None


def _outside_sealed(hits: list[h.Hit], text: str) -> list[h.Hit]:
    """Hits that are not inside dotenvx or sops ciphertext or a 1Password reference:
    committing those is what the tools are for, and random base64 can contain anything."""
    sealed = sealed_spans(text)
    if not sealed:
        return hits
    return [x for x in hits if not any(x.start < end and start < x.end for start, end in sealed)]


def _collect(prefilter: re.Pattern[str], low: str,
             hits: dict[int, list[tuple[str, int]]]) -> None:
    """Keyword hits by line index, with their column; lines are counted between hits
    (C-level ``count``), so a file without hits costs one regex pass and nothing else."""
    idx = last = line_start = 0
    for m in prefilter.finditer(low):
        pos = m.start()
        newlines = low.count("\n", last, pos)
        if newlines:
            idx += newlines
            line_start = low.rfind("\n", last, pos) + 1
        last = pos
        hits.setdefault(idx, []).append((m.group(), pos - line_start))


def _severity(text: str) -> Severity:
    try:
        return Severity.parse(text)
    except ValueError:
        return Severity.ERROR


def _windows(text: str, positions: list[int]) -> list[tuple[int, int]]:
    """The whole line, or for a very long line only the stretches around keyword hits."""
    if len(text) <= _LONG_LINE:
        return [(0, len(text))]
    spans: list[tuple[int, int]] = []
    for pos in sorted(positions):
        lo, hi = max(0, pos - _WINDOW_BEFORE), min(len(text), pos + _WINDOW_AFTER)
        if spans and lo <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(hi, spans[-1][1]))
        else:
            spans.append((lo, hi))
    return spans


#: the trigger of a line holding an element's value alone (its tag on the line before)
_XML = "xml"


def _wake_xml_values(patch: FilePatch, hits: dict[int, list[tuple[str, int]]]) -> None:
    """A woken line that opens an XML element alone (``<apiToken>``, its name caught by
    the secret-name prefilter) wakes the next line, where the element's value is."""
    texts, numbers = patch.texts, patch.numbers
    for idx in [i for i in hits if i + 1 < len(texts) and texts[i].lstrip().startswith("<")
                and texts[i].rstrip().endswith(">") and numbers[i + 1] == numbers[i] + 1]:
        hits.setdefault(idx + 1, []).append((_XML, 0))


def _following(patch: FilePatch, idx: int, limit: int = 100) -> Sequence[str]:
    """The added lines right after line ``idx`` (consecutive in the new file)."""
    numbers, texts = patch.numbers, patch.texts
    out: list[str] = []
    for j in range(idx + 1, min(len(texts), idx + 1 + limit)):
        if numbers[j] != numbers[j - 1] + 1:
            break
        out.append(texts[j])
    return out


def _continues_curl(patch: FilePatch, idx: int, limit: int = 20) -> bool:
    """Line ``idx`` continues a shell command (the lines before it end in ``\\``) that
    starts with ``curl`` on an earlier line: ``curl https://… \\`` / ``  -u user:pw``."""
    numbers, texts = patch.numbers, patch.texts
    for j in range(idx - 1, max(-1, idx - 1 - limit), -1):
        if numbers[j] != numbers[j + 1] - 1 or not texts[j].rstrip().endswith("\\"):
            return False
        if h.runs_curl(texts[j]):
            return True
    return False


def shown_key(key: str, secrets: Iterable[str] = (), line: str = "") -> str:
    """A finding's key as every format prints it: a name that is key material, or holds
    a secret found on its line (``sk_live_…=1``, a token pasted as the name), is redacted
    like a value. So is a name read from inside a longer token that is key material (the
    tail of ``08974963deac…=`` after its digits, of base64 after a ``+``). The raw name
    stays on the hit, for the rules that read names."""
    token = _token_around(line, key)
    force = any(value and value in key for value in secrets) or (
        token != key and is_key_material(token))
    return redact_key(key, force=force)


def _token_around(line: str, key: str) -> str:
    at = line.find(key)
    if at < 0:
        return key
    start, end = at, at + len(key)
    while start and line[start - 1] in _TOKEN_CHARS:
        start -= 1
    while end < len(line) and line[end] in _TOKEN_CHARS:
        end += 1
    return line[start:end]


_TOKEN_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/_.~-")


def _key_before(text: str, start: int) -> str | None:
    """The name a value is assigned to (``STRIPE_SECRET_KEY=`` → ``STRIPE_SECRET_KEY``)."""
    m = _KEY_BEFORE.search(text, max(0, start - 140), start)
    return m.group(1) if m else None

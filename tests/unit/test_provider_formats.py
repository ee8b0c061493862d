"""Every built-in credential format tests itself with its own ``examples``/``not_examples``.

The templates in ``schemas/providers/*.toml`` and ``schemas/platforms/*.toml`` expand to
fresh fake values here (:mod:`envguard.schema.examples`); no key-like string is committed.
Each example must be accepted by validation (:func:`envguard.schema.credentials.matches`)
and, for a secret format, found by the scanner under this format's id in a ``.env``
line, a Python assignment and a JSON value; a public format's example must never be an
error. Each not-example must be rejected by validation and never reported at error level
under this format's id. A format without examples fails, so a new provider is self-testing.
"""

from __future__ import annotations

import random

import pytest

from envguard.findings import Finding, Severity
from envguard.schema.credentials import is_distinctive, matches
from envguard.schema.examples import check, expand
from envguard.schema.loader import builtin_catalog
from envguard.schema.model import CredentialFormat
from envguard.secrets import Scanner, ScanOptions
from envguard.sources.gitdiff import FilePatch

CATALOG = builtin_catalog()
FORMATS = CATALOG.credentials
#: How many values each template expands to (fresh random material each).
DRAWS = 3
#: A name that no secret-name heuristic wakes on: only the value can be recognised.
NEUTRAL = "SETTING"
SHAPES = {
    "dotenv": (".env", "{name}={value}"),
    "python": ("app/settings.py", '{name} = "{value}"'),
    "json": ("config/settings.json", '  "{name}": "{value}",'),
}
#: Formats the scanner leaves to another detector on purpose, and why.
NOT_SCANNED = {
    # a header without key material is vetoed by the PEM detector (parsers, docs)
    "private-key-header": "a PEM header alone is not a leak",
}


@pytest.fixture(scope="module")
def scanner() -> Scanner:
    return Scanner(options=ScanOptions(env_files=False))


def _values(fmt: CredentialFormat, template: str) -> list[str]:
    return [expand(template, random.Random(f"{fmt.id}:{template}:{i}")) for i in range(DRAWS)]


def _name_for(fmt: CredentialFormat) -> str:
    """The neutral name for a shape with a marker; else a variable that declares it (a
    32-hex Twilio token is one only under its name)."""
    if is_distinctive(fmt):
        return NEUTRAL
    for key, spec in CATALOG.vars.items():
        if fmt.id in spec.credential:
            return key
    return NEUTRAL


def _scan(scanner: Scanner, shape: str, name: str, value: str) -> list[Finding]:
    path, line = SHAPES[shape]
    patch = FilePatch(path=path, numbers=[1, 2],
                      texts=["# settings", line.format(name=name, value=value)])
    return [d.finding for d in scanner.scan_patch(patch)]


def _is_this(finding: Finding, fmt: CredentialFormat) -> bool:
    return finding.rule == fmt.id or fmt.id in finding.extra.get("also_matches", ())


def _where(fmt: CredentialFormat, template: str) -> str:
    return f"{fmt.id} ({fmt.source.rsplit('/', 1)[-1]}) template {template!r}"


@pytest.mark.parametrize("fid", sorted(FORMATS))
def test_every_format_declares_examples_and_near_misses(fid: str) -> None:
    fmt = FORMATS[fid]
    assert fmt.examples, f"{fid}: add examples = [...] (templates) to {fmt.source}"
    assert fmt.not_examples, f"{fid}: add not_examples = [...] (near misses) to {fmt.source}"
    for template in (*fmt.examples, *fmt.not_examples):
        assert check(template) is None, (_where(fmt, template), check(template))


EXAMPLES = [(fid, t) for fid in sorted(FORMATS) for t in FORMATS[fid].examples]
NOT_EXAMPLES = [(fid, t) for fid in sorted(FORMATS) for t in FORMATS[fid].not_examples]


@pytest.mark.parametrize(("fid", "template"), EXAMPLES)
def test_examples_match_the_format(fid: str, template: str) -> None:
    fmt = FORMATS[fid]
    for value in _values(fmt, template):
        assert matches(fmt, value), f"{_where(fmt, template)}: an expansion does not match"


@pytest.mark.parametrize("shape", sorted(SHAPES))
@pytest.mark.parametrize(("fid", "template"), EXAMPLES)
def test_scanner_finds_examples(scanner: Scanner, fid: str, template: str,
                                shape: str) -> None:
    fmt = FORMATS[fid]
    name = _name_for(fmt)
    for value in _values(fmt, template):
        found = _scan(scanner, shape, name, value)
        if not fmt.secret:
            errors = [f.rule for f in found if f.severity is Severity.ERROR]
            assert not errors, f"{_where(fmt, template)}: a public value reported as {errors}"
        elif fid not in NOT_SCANNED:
            mine = [f for f in found if _is_this(f, fmt)]
            rules = [f.rule for f in found]
            assert mine, f"{_where(fmt, template)} in {shape}: not found ({rules})"
            assert all(f.extra["confidence"] == "high" for f in mine), _where(fmt, template)


@pytest.mark.parametrize(("fid", "template"), NOT_EXAMPLES)
def test_not_examples_do_not_match(fid: str, template: str) -> None:
    fmt = FORMATS[fid]
    for value in _values(fmt, template):
        assert not matches(fmt, value), f"{_where(fmt, template)}: an expansion matches"


@pytest.mark.parametrize("shape", sorted(SHAPES))
@pytest.mark.parametrize(("fid", "template"), NOT_EXAMPLES)
def test_scanner_does_not_fail_on_not_examples(scanner: Scanner, fid: str, template: str,
                                               shape: str) -> None:
    fmt = FORMATS[fid]
    for value in _values(fmt, template):
        found = _scan(scanner, shape, _name_for(fmt), value)
        errors = [f for f in found if _is_this(f, fmt) and f.severity is Severity.ERROR]
        assert not errors, f"{_where(fmt, template)} in {shape}: reported as an error"


# -- a distinctive prefix whose exact shape does not match: medium confidence ------------

LOOK_ALIKES = {
    "openai-project-key": "sk-proj-{b64url:160}",          # 168 characters, no marker
    "github-pat": "ghp_{base62:35}",                        # one short
    "anthropic-api-key": "sk-ant-api03-{b64url:120}",       # longer, no AA suffix
    "slack-bot-token": "xoxb-{digits:12}-{base62:30}",      # a shape between the two
}


@pytest.mark.parametrize("fid", sorted(LOOK_ALIKES))
def test_prefix_look_alike_is_reported_at_medium_confidence(scanner: Scanner, fid: str) -> None:
    fmt = FORMATS[fid]
    for value in _values(fmt, LOOK_ALIKES[fid]):
        assert not matches(fmt, value)
        (finding,) = [f for f in _scan(scanner, "dotenv", NEUTRAL, value) if _is_this(f, fmt)]
        assert finding.extra["confidence"] == "medium"
        assert finding.severity is Severity.ERROR  # medium still fails by default
        assert "unrecognised shape" in finding.message and value not in finding.message
        assert value not in str(finding.to_dict())


@pytest.mark.parametrize("template", ["ghp_{lower:40}", "sk-proj-{digits:40}",
                                      "github_pat_" + "x" * 30])
def test_word_like_or_placeholder_remainders_are_not_look_alikes(scanner: Scanner,
                                                                 template: str) -> None:
    value = expand(template, random.Random(1))
    assert not _scan(scanner, "python", NEUTRAL, value)


def test_confidence_is_high_for_exact_and_graded_for_heuristics(scanner: Scanner) -> None:
    exact = expand("ghp_{base62:30}{crc32}", random.Random(2))
    (hit,) = _scan(scanner, "dotenv", NEUTRAL, exact)
    assert hit.extra["confidence"] == "high"
    guess = expand("{base62:12}!{digits:4}{base62:8}", random.Random(3))
    (named,) = _scan(scanner, "dotenv", "DB_PASSWORD", guess)
    assert named.rule == "secret-assignment" and named.extra["confidence"] == "medium"
    assert named.severity is Severity.ERROR
    (generic,) = _scan(scanner, "dotenv", "TOKEN", guess)  # a bare secret word: weak context
    assert generic.rule == "secret-assignment" and generic.extra["confidence"] == "low"


# -- the template language ----------------------------------------------------------------


def test_templates_expand_classes_checksums_and_encodings() -> None:
    import base64
    import json

    from envguard.schema.structure import run_check

    rng = random.Random(5)
    assert len(expand("{hex:7}", rng)) == 7
    assert set(expand("{hex:64}", rng)) <= set("0123456789abcdef")
    assert run_check("crc32-base62", expand("ghp_{base62:30}{crc32}", rng)) is None
    body = expand('{base64url:{"role":"{lower:4}"}}', rng)
    decoded = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    assert set(decoded) == {"role"} and len(decoded["role"]) == 4
    assert expand('{"a": 1} {x', rng) == '{"a": 1} {x'  # not placeholders: literal text
    assert check("{nope:3}") and check("{hex:}") and check("{literal}")
    assert check("{crc32") is None  # no closing brace: literal text

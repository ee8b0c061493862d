"""Doubling series: every reader and the scanner stay linear on hostile shapes.

Each case builds an input of a given size, grows it until one read costs a measurable time,
then reads an input four times larger. Linear work costs about 4x; quadratic work 16x. The
test compares the two times (the fastest of a few runs, so that a busy machine adds noise, not
a trend) and never an absolute time, as the brief asks of speed tests.

Hostile shapes are the ones the hardening issue found or that each syntax invites: one long
line, a quoted or flow value spanning every line, many key headers on one line, deep nesting,
a continuation line shaped like ``KEY=``. A reader may refuse an input with an
:class:`~envguard.errors.InputError` (that is a clear error, not a hang); anything else fails.
"""

from __future__ import annotations

import contextlib
import gc
import random
import time
from collections.abc import Callable

import pytest

from envguard.errors import InputError
from envguard.sources import read_text
from envguard.sources.platforms import FORMATS
from tests.support.cli_writers import WRITERS, realistic_values

#: size (characters) -> text; each shape grows by repeating a unit
Shape = Callable[[int], str]

_KEY_HEADERS = "-----BEGIN RSA PRIVATE KEY----- "


def _repeat(head: str, unit: str, tail: str = "") -> Shape:
    return lambda size: head + unit * max(1, size // len(unit)) + tail


SHAPES: dict[str, Shape] = {
    "many-lines": _repeat("", "KEY_A=value-with-some-length-1234\n"),
    "long-line": _repeat("KEY=", "ab\\\"c$d{e} #f'g "),
    "open-double-quote": _repeat('KEY="', "line \\\" $X ${Y}\n"),
    "open-single-quote": _repeat("KEY='", "line ' \\ \n"),
    "key-headers": _repeat("KEY=", _KEY_HEADERS),
    "pem-lines": _repeat("KEY=-----BEGIN PRIVATE KEY-----\n", "QUJDRA==\nB=\n"),
    "json-array": _repeat('[{"name": "A", "value": "', "x\\\"\\u00e9", '"}]'),
    "json-deep": lambda size: "[" * (size // 2) + "]" * (size // 2),
    "yaml-flow": _repeat("A: [", "b, {c: d}, \n  "),
    "yaml-quoted": _repeat('A: "', "word word\n  "),
    "yaml-folded": _repeat("A: >\n", "  plain folded text line\n"),
    "yaml-plain-multiline": _repeat("A: start\n", "  continued plain scalar\n"),
    "table-rows": _repeat("=== app Config Vars\n", "KEY:    value  with  spaces\n"),
    "csv-quotes": _repeat('Key,Value\nA,"', 'a""b,\n'),
}

#: formats whose own syntax the generic shapes do not reach; one shape each of their own
OWN_SHAPES: dict[str, Shape] = {
    "railway-kv": _repeat("", "KEY_A=first\nB=\n"),
    "vercel-ls": _repeat("> Environment Variables found\n",
                         " name   Encrypted   Production   1d ago\n"),
}


def _best(run: Callable[[], object]) -> float:
    """The fastest of three runs, with the cyclic garbage collector paused: its passes
    scale with everything the test session keeps alive, which is the session's size, not
    the reader's complexity (a CI run saw libyaml's node trees cost 12x for 4x that way)."""
    best = float("inf")
    gc.collect()
    gc.disable()
    try:
        for _ in range(3):
            start = time.perf_counter()
            run()
            best = min(best, time.perf_counter() - start)
    finally:
        gc.enable()
    return best


def _cost(fmt: str, text: str) -> float:
    def read() -> None:
        with contextlib.suppress(InputError):  # a clear refusal is allowed, nothing else
            read_text(text, "hostile", fmt)
    return _best(read)


def _ratio(cost: Callable[[str], float], shape: Shape) -> tuple[float, int]:
    """Grow until one read costs 10 ms (or 512 KB), then compare with 4x that size. A
    busy machine can stall one measurement: a trend must show twice to count."""
    size = 4096
    small = cost(shape(size))
    while small < 0.01 and size < 1 << 19:
        size *= 2
        small = cost(shape(size))
    ratio = _growth(small, cost(shape(4 * size)))
    if ratio >= LIMIT:
        ratio = min(ratio, _growth(cost(shape(size)), cost(shape(4 * size))))
    return ratio, size


def _growth(small: float, large: float) -> float:
    """How much the 4x input cost; an input read (or refused) in under 30 ms at 2 MB is cheap
    whatever its trend, and timer noise on microseconds says nothing."""
    return 1.0 if large < 0.03 else large / max(small, 1e-4)


#: linear: ~4; quadratic: ~16; the margin is for a noisy machine
LIMIT = 9

CASES = [(fmt, name) for fmt in sorted(FORMATS) for name in SHAPES]
CASES += [(fmt, name) for fmt, name in ((f, f) for f in OWN_SHAPES)]


def _written_by(cli: str) -> Shape:
    """What the CLI itself writes for many variables (each value from the realistic set,
    which holds a multi-line PEM key, quotes, ``$HOME`` and a 10 KB blob)."""
    values = list(realistic_values(random.Random(7)).values())

    def build(size: int) -> str:
        count, env, total = 0, {}, 0
        while total < size:
            value = values[count % len(values)]
            env[f"VAR_{count}"] = value
            count, total = count + 1, total + len(value) + 12
        return WRITERS[cli].render(env).text
    return build


@pytest.mark.parametrize("cli", sorted(WRITERS))
def test_reading_what_a_cli_writes_is_linear(cli: str) -> None:
    fmt = WRITERS[cli].fmt
    ratio, size = _ratio(lambda text: _cost(fmt, text), _written_by(cli))
    assert ratio < LIMIT, f"{cli}: 4x the input ({size} -> {4 * size}) cost {ratio:.1f}x"


@pytest.mark.parametrize(("fmt", "shape"), CASES)
def test_reading_is_linear(fmt: str, shape: str) -> None:
    ratio, size = _ratio(lambda text: _cost(fmt, text), SHAPES.get(shape) or OWN_SHAPES[shape])
    assert ratio < LIMIT, f"{fmt} on {shape}: 4x the input ({size} -> {4 * size}) cost {ratio:.1f}x"


def test_auto_detection_is_linear() -> None:
    for name, shape in SHAPES.items():
        ratio, _ = _ratio(lambda text: _cost("auto", text), shape)
        assert ratio < LIMIT, f"auto on {name}: 4x the input cost {ratio:.1f}x"


SCAN_SHAPES: dict[str, Shape] = {
    "key-headers": _repeat("+x = '", _KEY_HEADERS, "'\n"),
    "keyword-runs": _repeat("+", "api_key=" + "a" * 30 + " "),
    "url-bait": _repeat("+postgres://", "u:p@" * 8 + "h/"),
    "many-lines": _repeat("", "+secret_token = 'Zx9/Ab1+Qw2-Er3_Ty4'\n"),
    "curl-flags": _repeat("+curl ", "-u u:p -H 'Authorization: Bearer x' \\\n+  "),
    "authorization-runs": _repeat("+", "Authorization: Basic Zm9vOmJhcg== "),
    "sealed-spans": _repeat("+A=", "ENC[AES256_GCM,data:abc,iv:d,tag:e,type:str] "),
    "quotes-and-equals": _repeat("+password = ", "'a'=\"b\"=`c`="),
    "base64-run": _repeat("+blob = '", "QUJDRGVmZ2hpamtsbW5vcA", "'"),
    "allow-markers": _repeat("", "+token = 'Zx9Ab1Qw2Er3Ty4' # envguard: allow\n"),
}


def _scan_cost(text: str) -> float:
    from envguard.secrets import scan_diff

    diff = "--- a/f.py\n+++ b/f.py\n@@ -0,0 +1,1 @@\n" + text + "\n"
    return _best(lambda: scan_diff(diff))


@pytest.mark.parametrize("shape", sorted(SCAN_SHAPES))
def test_scanning_is_linear(shape: str) -> None:
    ratio, size = _ratio(_scan_cost, SCAN_SHAPES[shape])
    assert ratio < LIMIT, f"scan on {shape}: 4x the input ({size}) cost {ratio:.1f}x"


#: .env shapes for the lint (the five loader ports) and the schema checks: beyond the
#: readers' shapes, what makes a port's own loop work hardest
LINT_SHAPES: dict[str, Shape] = {
    **{name: SHAPES[name] for name in (
        "many-lines", "long-line", "open-double-quote", "open-single-quote", "pem-lines")},
    "expansions": _repeat("A=x\n", "B${A}${A:-$A}$A\\$A=$(true)`x`\n"),
    "nested-expansion": _repeat("A=", "${A:-", "}" * 1 + "\n"),
    "operators": _repeat("", "A=1;B=2&&C=3||D=4|E=5 <f >g\n"),
    "continuations": _repeat("A=x", " \\\n  y"),
    "export-lines": _repeat("", "export A_1=one B_2='two' C_3=\"three\"\n"),
    "crlf": _repeat("", "KEY_A=value\r\n"),
    "duplicates": _repeat("", "SAME=1\n"),
    "distinct-keys": lambda size: "".join(f"K{i}=v{i} # note\n" for i in range(size // 14)),
}


def _lint_cost(text: str) -> float:
    from envguard.checks.dotenv_lint import lint_reads

    def lint() -> None:
        with contextlib.suppress(InputError):
            lint_reads([read_text(text, "hostile.env", "dotenv")])
    return _best(lint)


@pytest.mark.parametrize("shape", sorted(LINT_SHAPES))
def test_linting_is_linear(shape: str) -> None:
    ratio, size = _ratio(_lint_cost, LINT_SHAPES[shape])
    assert ratio < LIMIT, f"lint on {shape}: 4x the input ({size}) cost {ratio:.1f}x"


def _check_cost(text: str) -> float:
    from envguard.schema.loader import builtin_catalog, load_stack
    from envguard.validate import check_env

    schema, catalog = load_stack("vibelog"), builtin_catalog()
    with contextlib.suppress(InputError):
        envset = read_text(text, "hostile.env", "dotenv").envset
        return _best(lambda: check_env(envset, schema, "production", catalog=catalog))
    return 0.0


#: the schema checks on every value: declared variables with long hostile values (URL,
#: JWT, key-shaped), and many undeclared ones
CHECK_SHAPES: dict[str, Shape] = {
    "many-unknown": LINT_SHAPES["distinct-keys"],
    "long-url": _repeat("DATABASE_URL=postgres://", "u:p@h" * 3 + "/", "\n"),
    "long-jwt": _repeat("SUPABASE_ANON_KEY=eyJ", "aGVsbG8", ".eyJ.sig\n"),
    "long-key": _repeat("STRIPE_SECRET_KEY=sk_live_", "a1B2", "\n"),
    "public-secrets": lambda size: "".join(f"NEXT_PUBLIC_X{i}=sk_live_{'a1B2' * 8}\n"
                                           for i in range(size // 50)),
}


@pytest.mark.parametrize("shape", sorted(CHECK_SHAPES))
def test_checking_is_linear(shape: str) -> None:
    ratio, size = _ratio(_check_cost, CHECK_SHAPES[shape])
    assert ratio < LIMIT, f"check on {shape}: 4x the input ({size}) cost {ratio:.1f}x"

"""Raw ``KEY=value`` exports (railway --kv, netlify --plain, printenv, Doppler env-no-quotes)
with values spilled over lines: which lines start a variable is decided for the whole text."""

from __future__ import annotations

import random
import re
from collections.abc import Callable

import pytest

from envguard.sources import read_text
from tests import fakes

_KEY_SHAPED = re.compile(r"[A-Za-z_][A-Za-z0-9_]*=.*")
SHELL = {"HOME": "/root", "PATH": "/usr/bin:/bin", "SHLVL": "1"}


def railway(env: dict[str, str]) -> str:  # src/commands/variable.rs: println!("{key}={value}")
    return "".join(f"{k}={v}\n" for k, v in sorted(env.items()))


def plain(env: dict[str, str]) -> str:  # netlify env:list --plain, doppler env-no-quotes
    return "\n".join(f"{k}={v}" for k, v in env.items()) + "\n"


def printenv(env: dict[str, str]) -> str:
    return "".join(f"{k}={v}\n" for k, v in {**SHELL, **env}.items())


WRITERS: dict[str, Callable[[dict[str, str]], str]] = {
    "railway-kv": railway, "netlify-plain": plain, "raw": plain, "printenv": printenv}


def _env(rng: random.Random, key_value: str) -> dict[str, str]:
    return {"API_URL": "https://api.example.com/v1", "JWT_PRIVATE_KEY": key_value,
            "LOG_LEVEL": "info", "ZONE": "eu-west-1"}


def _read(fmt: str, env: dict[str, str]) -> dict[str, str | None]:
    read = read_text(WRITERS[fmt](env), "<stdin>", fmt)
    assert not [f for f in read.findings if f.rule == "parse-error"]
    return {v.key: v.value for v in read.vars}


@pytest.mark.parametrize("fmt", sorted(WRITERS))
def test_a_pem_value_runs_to_its_end_line_for_many_fresh_keys(fmt: str) -> None:
    rng = random.Random(f"pem-{fmt}")
    keys = [fakes.pem(rng) for _ in range(150)]
    key_shaped = sum(1 for k in keys if any(_KEY_SHAPED.fullmatch(ln)
                                            for ln in k.split("\n")[1:-1]))
    assert key_shaped >= 10  # the bodies do exercise the case that used to cut keys
    for key in keys:
        assert _read(fmt, _env(rng, key)) == _env(rng, key)


@pytest.mark.parametrize("fmt", sorted(WRITERS))
def test_a_certificate_chain_and_a_value_after_the_end_line(fmt: str) -> None:
    rng = random.Random(7)
    chain = fakes.pem(rng) + "\n" + fakes.pem(rng)
    assert _read(fmt, _env(rng, chain)) == _env(rng, chain)


@pytest.mark.parametrize("fmt", sorted(WRITERS))
def test_a_pem_without_its_end_line_does_not_swallow_the_rest(fmt: str) -> None:
    rng = random.Random(11)
    truncated = fakes.pem(rng).rsplit("\n", 1)[0]  # the END line was lost
    truncated = truncated.rsplit("\n", 1)[0] + "\nAbC="  # and its last line looks like KEY=
    got = _read(fmt, _env(rng, truncated))
    assert got["LOG_LEVEL"] == "info" and got["ZONE"] == "eu-west-1"


def test_railway_continuation_shaped_like_a_key_does_not_swallow_later_variables() -> None:
    later = {f"S{i:02d}_SETTING": f"value-{i}" for i in range(14)}
    env = {"ANNOUNCEMENT": "first line\nZZ_FOOTER=\nthird line", **later}
    read = read_text(railway(env), "<stdin>", "railway-kv")
    assert {v.key: v.value for v in read.vars} == env
    assert [(f.rule, f.key) for f in read.findings] == [("raw-multiline", "ANNOUNCEMENT")]


def test_railway_sorted_reading_keeps_the_first_line_and_lines_exact() -> None:
    env = {"A_NOTE": "x\nA=\ny", "B": "1", "C": "2"}
    read = read_text(railway(env), "<stdin>", "railway-kv")
    assert [(v.key, v.value, v.origin.line) for v in read.vars] == [
        ("A_NOTE", "x\nA=\ny", 1), ("B", "1", 4), ("C", "2", 5)]

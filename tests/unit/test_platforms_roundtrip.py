"""Property: any set of variables, written the way a platform writes it, is auto-detected
and read back exactly (same keys, same values, each once)."""

from __future__ import annotations

import base64
import json
import string
import tempfile
from collections.abc import Callable
from pathlib import Path

import yaml  # type: ignore[import-untyped]  # the oracle writer for flat YAML only
from hypothesis import given, settings
from hypothesis import strategies as st

from envguard.secrecy import redact_key
from envguard.sources import read_source
from envguard.sources.platforms.printenv import SHELL_NOISE, SHELL_PREFIXES
from tests.strategies import env_keys, unicode_text
from tests.support.cli_writers import heroku_quote  # heroku/cli 11.9 quote.ts

KEYS = env_keys(15).filter(
    lambda k: k not in SHELL_NOISE and not k.startswith(SHELL_PREFIXES)
    and not k.startswith(("RAILWAY_", "HEROKU_", "DOPPLER_", "VERCEL_", "TURBO_")))
TEXT = unicode_text(40, exclude="\x00")
ENVS = st.dictionaries(KEYS, TEXT, min_size=1, max_size=6)


RAILWAY_OWN = {"RAILWAY_ENVIRONMENT": "x", "RAILWAY_PROJECT_ID": "y"}


def b64(value: str) -> str:
    return base64.b64encode(value.encode()).decode()


def vercel_value(value: str) -> str:
    return value.replace("\n", "\\n").replace("\r", "\\r")


#: name -> (writer, formats auto-detection may pick, which values the format can carry)
WRITERS: dict[str, tuple[Callable[[dict[str, str]], str], set[str], Callable[[str], bool]]] = {
    "railway-json": (lambda e: json.dumps(dict(sorted({**e, "RAILWAY_ENVIRONMENT": "x"}.items())),
                                          indent=2), {"railway-json"}, lambda v: True),
    "heroku-json": (lambda e: json.dumps({"HEROKU_APP_NAME": "x", **e}, indent=2),
                    {"heroku-json"}, lambda v: True),
    "doppler-json": (lambda e: json.dumps(dict(sorted({**e, "DOPPLER_PROJECT": "x"}.items())),
                                          separators=(",", ":")), {"doppler-json"}, lambda v: True),
    "json": (lambda e: json.dumps(e, ensure_ascii=False), {"json"}, lambda v: True),
    "vercel": (lambda e: "# Created by Vercel CLI\n" + "".join(
        f'{k}="{vercel_value(v)}"\n' for k, v in sorted(e.items())), {"vercel"},
        lambda v: "\\" not in v and v not in ("", "[SENSITIVE]")),
    "kubernetes-yaml": (lambda e: "apiVersion: v1\nkind: Secret\nmetadata:\n  name: x\ndata:\n"
                        + "".join(f"  {k}: {b64(v)}\n" for k, v in e.items()), {"kubernetes"},
                        lambda v: True),
    "kubernetes-json": (lambda e: json.dumps({"apiVersion": "v1", "kind": "ConfigMap",
                                              "metadata": {"name": "x"}, "data": e}, indent=4),
                        {"kubernetes"}, lambda v: True),
    "infisical-json": (lambda e: json.dumps([{"key": k, "value": v, "type": "shared", "_id": "1"}
                                             for k, v in e.items()]), {"infisical-json"},
                       lambda v: True),
    "gh-variables": (lambda e: json.dumps([{"name": k, "value": v, "updatedAt": "t"}
                                           for k, v in e.items()]), {"gh-variables"},
                     lambda v: True),
    "docker-inspect": (lambda e: json.dumps([{"Config": {"Env": [f"{k}={v}" for k, v in
                                                                 e.items()]}}], indent=4),
                       {"docker-inspect"}, lambda v: True),
    "aws-ssm": (lambda e: json.dumps({"Parameters": [{"Name": f"/app/prod/{k}", "Type": "String",
                                                      "Value": v} for k, v in e.items()]}),
                {"aws-ssm"}, lambda v: True),
    "heroku-shell": (lambda e: "HEROKU_APP_NAME=x\n" + "".join(
        f"{k}={heroku_quote(v)}\n" for k, v in e.items()), {"heroku-shell"},
        lambda v: "\r" not in v),  # a CR before a newline would read as a CRLF file
    "railway-kv": (lambda e: "".join(f"{k}={v}\n" for k, v in
                                     sorted({**e, **RAILWAY_OWN}.items())),
                   {"railway-kv"}, lambda v: not set(v) & {"\n", "\r"}),
    "infisical-dotenv": (lambda e: "".join(f"{k}='{v}'\n" for k, v in e.items()),
                         {"infisical-dotenv"},
                         lambda v: "\r" not in v and ("\n" not in v or "'" not in v)),
    "printenv": (lambda e: "HOME=/root\nPATH=/bin\nSHLVL=1\n" + "".join(
        f"{k}={v}\n" for k, v in e.items()), {"printenv"}, lambda v: not set(v) & {"\n", "\r"}),
    "printenv-0": (lambda e: "HOME=/root\0" + "".join(f"{k}={v}\0" for k, v in e.items()),
                   {"printenv"}, lambda v: True),
    "yaml": (lambda e: yaml.safe_dump(e, allow_unicode=True), {"yaml"},
             lambda v: not (set(v) & {"\x85", "\u2028", "\u2029", "\ufeff"})),
}


@settings(max_examples=150, deadline=None)
@given(env=ENVS, name=st.sampled_from(sorted(WRITERS)))
def test_written_as_a_platform_writes_it_read_back_exactly(env: dict[str, str],
                                                           name: str) -> None:
    writer, detected, can_carry = WRITERS[name]
    env = {k: v for k, v in env.items() if can_carry(v)}
    if not env:
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "export"
        path.write_bytes(writer(env).encode("utf-8"))
        read = read_source(path)
    assert read.format in detected
    env = {redact_key(k): v for k, v in env.items()}  # key material is never kept as a key
    got = [(v.key, v.value) for v in read.vars if v.key in env]
    assert len(got) == len(env) and dict(got) == env


@given(env=ENVS)
def test_utf16_exports_read_like_utf8(env: dict[str, str]) -> None:
    text = json.dumps(env, indent=2).replace("\n", "\r\n")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "vars.json"
        path.write_bytes(b"\xff\xfe" + text.encode("utf-16-le"))
        read = read_source(path)
    assert [(v.key, v.value) for v in read.vars] == [(redact_key(k), v) for k, v in env.items()]


def test_the_property_covers_every_json_and_yaml_family() -> None:
    covered = set().union(*(formats for _, formats, _ in WRITERS.values()))
    assert {"railway-json", "vercel", "kubernetes", "aws-ssm", "docker-inspect", "yaml"} <= covered
    assert string.ascii_uppercase  # keys are upper-case env names

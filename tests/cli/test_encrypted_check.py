"""``envguard check`` on encrypted files: present, not judged, never printed.

The control is the same schema and keys with plain values that are wrong in every way the
schema can say (type, URL scheme, Stripe mode): those findings appear for plain values and
none of them for ciphertext or references.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable
from pathlib import Path

import pytest

from tests import fakes
from tests.conftest import Run

SCHEMA = """
[stack]
name = "sealed"
environments = ["development", "production"]
include = ["stripe"]
[vars.PORT]
type = "int"
required = true
[vars.DATABASE_URL]
type = "https_url"
required = true
secret = true
[vars.STRIPE_SECRET_KEY]
required = true
"""
KEYS = ("PORT", "DATABASE_URL", "STRIPE_SECRET_KEY")
VALUE_RULES = {"invalid-value", "wrong-mode", "invalid-format", "placeholder", "insecure-url"}


def _values(kind: str) -> dict[str, str]:
    make: Callable[[], str] = {
        "dotenvx": fakes.dotenvx_ciphertext, "sops": fakes.sops_ciphertext,
        "1Password": lambda: f"op://prod/app-{secrets.token_hex(4)}/credential",
    }[kind]
    return {key: make() for key in KEYS}


def _write(tmp_path: Path, kind: str, fmt: str, values: dict[str, str]) -> str:
    public = f"02{secrets.token_hex(32)}"
    if fmt == "dotenv":
        name = ".env.production"
        head = f'DOTENV_PUBLIC_KEY_PRODUCTION="{public}"\n' if kind == "dotenvx" else ""
        tail = (f"sops_mac={fakes.sops_ciphertext()}\nsops_version=3.9.0\n"
                if kind == "sops" else "")
        text = head + "".join(f'{k}="{v}"\n' for k, v in values.items()) + tail
    elif fmt == "yaml":
        name = "production.sops.yaml"
        text = "".join(f"{k}: {v}\n" for k, v in values.items())
        text += f"sops:\n    mac: {fakes.sops_ciphertext()}\n    version: 3.9.0\n"
    else:
        name = "production.sops.json"
        text = json.dumps({**values, "sops": {"mac": fakes.sops_ciphertext(),
                                              "version": "3.9.0"}})
    (tmp_path / name).write_text(text)
    return name


def _check(run: Run, tmp_path: Path, name: str, fmt: str) -> tuple[int, str]:
    (tmp_path / "schema.toml").write_text(SCHEMA)
    extra = ["--annotate-info"] if fmt == "github" else []  # info is not annotated by default
    result = run(["check", "--schema", "schema.toml", "--env", "production", "--format", fmt,
                  *extra, name])
    return result.returncode, result.stdout + result.stderr


CASES = [("dotenvx", "dotenv"), ("sops", "dotenv"), ("sops", "yaml"), ("sops", "json"),
         ("1Password", "dotenv"), ("1Password", "json")]


@pytest.mark.parametrize(("kind", "fmt"), CASES)
def test_encrypted_values_are_present_and_not_judged(run_envguard: Run, tmp_path: Path,
                                                     kind: str, fmt: str) -> None:
    values = _values(kind)
    name = _write(tmp_path, kind, fmt, values)
    code, out = _check(run_envguard, tmp_path, name, "json")
    findings = json.loads(out)["findings"]
    rules = [f["rule"] for f in findings]
    assert rules.count("encrypted-value") == 1, findings
    assert not set(rules) & VALUE_RULES, findings
    assert "missing-required" not in rules and "unknown-key" not in rules, findings
    assert "portability" not in rules, findings
    [info] = [f for f in findings if f["rule"] == "encrypted-value"]
    assert info["severity"] == "info" and "3 value(s)" in info["message"]
    assert all(k in info["message"] for k in KEYS)
    assert code == 0


def test_the_same_keys_with_plain_values_are_judged(run_envguard: Run, tmp_path: Path) -> None:
    (tmp_path / ".env.production").write_text(
        f"PORT=eighty\nDATABASE_URL=ftp://db.example.com\n"
        f"STRIPE_SECRET_KEY={fakes.stripe_key(mode='test', n=24)}\n")
    code, out = _check(run_envguard, tmp_path, ".env.production", "json")
    rules = {f["rule"] for f in json.loads(out)["findings"]}
    assert {"invalid-value", "wrong-mode"} <= rules and "encrypted-value" not in rules
    assert code == 1


@pytest.mark.parametrize(("kind", "fmt"), CASES)
@pytest.mark.parametrize("report", ["text", "json", "sarif", "markdown", "github"])
def test_no_report_prints_an_encrypted_value(run_envguard: Run, tmp_path: Path, kind: str,
                                             fmt: str, report: str) -> None:
    values = _values(kind)
    name = _write(tmp_path, kind, fmt, values)
    _, out = _check(run_envguard, tmp_path, name, report)
    assert "encrypted-value" in out
    for value in values.values():
        for part in (value, value.split(":", 1)[1][:16], value[-16:]):
            assert part not in out, (report, part)

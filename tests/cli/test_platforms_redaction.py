"""A secret value in any export never appears in any output: reports, errors, JSON.

Property: for any secret, for every export format that can carry it, ``envguard check``
(text and JSON) and ``envguard compare`` (table, markdown, JSON) print no copy of it,
and neither do the errors for a truncated or corrupt export holding it.
"""

from __future__ import annotations

import base64
import contextlib
import io
import json
import string
import tempfile
from collections.abc import Callable
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from envguard.cli import main
from tests import fakes
from tests.strategies import key_material

SECRETS = key_material(string.ascii_letters + string.digits + "_-+/=.", 12, 60)

SCHEMA = """
[stack]
name = "leaky"
environments = ["development", "production"]
include = ["stripe"]
[vars.API_SECRET]
type = "int"
secret = true
required = true
[vars.SESSION_SECRET]
secret = true
min_length = 200
[vars.DATABASE_URL]
type = "https_url"
[vars.STRIPE_SECRET_KEY]
required = true
"""


def values(secret: str) -> dict[str, str]:
    return {
        "API_SECRET": secret,
        "SESSION_SECRET": secret,
        "DATABASE_URL": f"postgres://admin:{secret}@db.example.com/app",
        "STRIPE_SECRET_KEY": f"sk_live_{secret}",
        "UNDECLARED_TOKEN": secret,
    }


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


WRITERS: dict[str, Callable[[dict[str, str]], str]] = {
    "prod.json": lambda v: json.dumps({**v, "RAILWAY_ENVIRONMENT": "production"}, indent=2),
    "vercel.env": lambda v: "# Created by Vercel CLI\n" + "".join(
        f'{k}="{x}"\n' for k, x in sorted(v.items())),
    "secret.yaml": lambda v: "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\ndata:\n"
    + "".join(f"  {k}: {_b64(x)}\n" for k, x in v.items()),
    "heroku.txt": lambda v: "HEROKU_APP_NAME=app\n" + "".join(f"{k}='{x}'\n" for k, x in v.items()),
    "infisical.txt": lambda v: "".join(f"{k}='{x}'\n" for k, x in v.items()),
    "inspect.json": lambda v: json.dumps([{"Config": {"Env": [f"{k}={x}" for k, x in v.items()]}}]),
    "ssm.json": lambda v: json.dumps({"Parameters": [
        {"Name": f"/app/prod/{k}", "Type": "SecureString", "Value": x} for k, x in v.items()]}),
    "asm.json": lambda v: json.dumps({"Name": "app/prod", "SecretString": json.dumps(v)}),
    "doppler.yaml": lambda v: "DOPPLER_CONFIG: prd\n" + "".join(
        f"{k}: {json.dumps(x)}\n" for k, x in v.items()),
    "printenv.txt": lambda v: "HOME=/root\nPATH=/bin\nSHLVL=1\n" + "".join(
        f"{k}={x}\n" for k, x in v.items()),
}


def run(args: list[str]) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(args)
    return code, out.getvalue() + err.getvalue()


def assert_never_printed(secret: str, name: str, check_formats: tuple[str, ...],
                         compare_formats: tuple[str, ...]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        schema = root / "leaky.toml"
        schema.write_text(SCHEMA)
        export = root / name
        export.write_text(WRITERS[name](values(secret)))
        dev = root / ".env.development"
        dev.write_text("".join(f"{k}={x}\n" for k, x in values(secret).items()))
        for fmt in check_formats:
            code, output = run(["check", str(export), "--schema", str(schema), "--env",
                                "production", "--format", fmt, "-v"])
            assert code in (0, 1), output
            assert secret not in output, (name, fmt)
        for fmt in compare_formats:
            code, output = run(["compare", f"development={dev}", f"production={export}",
                                "--schema", str(schema), "--format", fmt, "-v"])
            assert code in (0, 1), output
            assert "shared-secret" in output or fmt != "json"
            assert secret not in output, (name, fmt)


@settings(max_examples=60, deadline=None)
@given(secret=SECRETS, name=st.sampled_from(sorted(WRITERS)),
       check_format=st.sampled_from(["text", "json"]),
       compare_format=st.sampled_from(["table", "markdown", "json"]))
def test_no_output_contains_a_secret_from_an_export(
        secret: str, name: str, check_format: str, compare_format: str) -> None:
    assert_never_printed(secret, name, (check_format,), (compare_format,))


def test_every_format_and_report_with_a_generated_key() -> None:
    secret = fakes.token(40)
    for name in WRITERS:
        assert_never_printed(secret, name, ("text", "json"), ("table", "markdown", "json"))


@settings(max_examples=25, deadline=None)
@given(secret=SECRETS)
def test_errors_for_broken_exports_never_quote_them(
        secret: str) -> None:
    broken = {
        "cut.json": WRITERS["prod.json"](values(secret))[:-40],
        "nested.json": json.dumps({"A": {"token": secret}}),
        "bad64.yaml": f"apiVersion: v1\nkind: Secret\ndata:\n  TOKEN: '!{secret}'\n",
        "bad.yaml": f"apiVersion: v1\nkind: Secret\nstringData:\n  TOKEN: \"{secret}\n",
        "unknown.txt": f"not an env file: {secret}\n",
        "asm.json": json.dumps({"Name": "x", "SecretString": secret}),
    }
    with tempfile.TemporaryDirectory() as tmp:
        for name, text in broken.items():
            path = Path(tmp) / name
            path.write_text(text)
            code, output = run(["check", str(path), "--stack", "vibelog"])
            assert code == 2, (name, output)
            assert secret not in output, name

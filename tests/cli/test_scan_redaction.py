"""No output format ever contains a secret the scanner found (or failed to parse)."""

from __future__ import annotations

import io
import random
import string
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from envguard import cli
from tests import fakes

KINDS = sorted(fakes.secret_kinds())
FORMATS = ("text", "json", "sarif", "github")
TEMPLATES = ("{name}={value}", "  {lower}: \"{value}\"", "{name} = '{value}'",
             "\"{lower}\": \"{value}\",", "curl -H \"Authorization: Bearer {value}\"",
             "{value}")


def run_cli(args: list[str], stdin: str, monkeypatch: pytest.MonkeyPatch,
            capsys: pytest.CaptureFixture[str]) -> str:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin.encode("utf-8"))))
    code = cli.main(args)
    out, err = capsys.readouterr()
    assert code in (0, 1), err
    return out + err


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(kind=st.sampled_from(KINDS), template=st.sampled_from(TEMPLATES),
       seed=st.integers(0, 2**32 - 1), path=st.sampled_from(["a.env", "x/y z.py", "é.yaml"]))
def test_no_format_reveals_a_generated_secret(
    kind: str, template: str, seed: int, path: str,
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path,
) -> None:
    monkeypatch.chdir(tmp_path)
    name, value = fakes.secret_kinds(random.Random(seed))[kind]
    line = template.format(name=name, lower=name.lower(), value=value)
    diff = f"--- a/{path}\n+++ b/{path}\n@@ -0,0 +1,2 @@\n+# config\n+{line}\n"
    for fmt in FORMATS:
        output = run_cli(["scan", "--diff", "-", "--format", fmt], diff, monkeypatch, capsys)
        assert value not in output
        # nor any long stretch of its key material (a URL's host and user may show)
        body = value.split("_")[-1]
        if "://" in value and "@" in value:
            body = value.split("://", 1)[1].rsplit("@", 1)[0].split(":", 1)[1]
        elif "://" in value:  # a webhook: scheme and host may show, the path may not
            body = value.split("://", 1)[1].split("/", 1)[1]
        for i in range(0, max(len(body) - 16, 0), 8):
            assert body[i:i + 16] not in output


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(secret=st.text(alphabet=string.ascii_letters + string.digits + "!#%+=?", min_size=10,
                      max_size=40).map(lambda s: s[:5] + "9#" + s[5:]),  # never report text
       name=st.sampled_from(["DB_PASSWORD", "API_TOKEN", "client_secret", "SECRET_KEY"]))
def test_passwords_and_generic_secrets_are_never_echoed(
    secret: str, name: str, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str], tmp_path: Path,
) -> None:
    monkeypatch.chdir(tmp_path)
    diff = (f"--- a/s.env\n+++ b/s.env\n@@ -0,0 +1,2 @@\n+{name}={secret}\n"
            f"+URL=postgres://app:{secret}@db.prod.io/x\n")
    for fmt in FORMATS:
        assert secret not in run_cli(["scan", "--diff", "-", "--format", fmt], diff,
                                     monkeypatch, capsys)


def test_an_input_error_does_not_echo_the_line(monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str],
                                               tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    value = fakes.secret_kinds()["stripe-secret"][1]
    diff = f"--- a/x\n+++ b/x\n@@ -1,3 +1,3 @@\n {value}\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(diff.encode())))
    assert cli.main(["scan", "--diff", "-"]) == 2
    out, err = capsys.readouterr()
    assert "truncated hunk" in err and value not in out + err

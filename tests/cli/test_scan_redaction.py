"""No output format ever contains a secret the scanner found (or failed to parse)."""

from __future__ import annotations

import io
import json
import random
import re
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


#: kinds whose value could be read as a name (``sk_live_…=1``). UUID-shaped tokens
#: (Railway, Postmark) are left out: as a key a UUID is an id as often as a secret.
NAME_SHAPED = sorted(k for k, (_, v) in fakes.secret_kinds().items()
                     if re.fullmatch(r"[A-Za-z_][\w.-]*", v)
                     and not re.fullmatch(r"[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}", v))
KEY_TEMPLATES = ("{key}={value}", "export {key}={value}", "  \"{key}\": \"{value}\",",
                 "{key}: {value}", "{key}=1")


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(kind=st.sampled_from(NAME_SHAPED), template=st.sampled_from(KEY_TEMPLATES),
       seed=st.integers(0, 2**32 - 1), path=st.sampled_from([".env", "config.yaml", "a.py"]))
def test_a_secret_in_the_key_position_never_shows(
    kind: str, template: str, seed: int, path: str,
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path,
) -> None:
    """A token pasted as the name is redacted in the ``key`` of every finding, and in
    the messages that name the key (``assigned to …``, ``first: …``)."""
    monkeypatch.chdir(tmp_path)
    rng = random.Random(seed)
    key = fakes.secret_kinds(rng)[kind][1]
    value = fakes.secret_kinds(rng)["stripe-secret"][1]
    line = template.format(key=key, value=value)
    diff = f"--- a/{path}\n+++ b/{path}\n@@ -0,0 +1,2 @@\n+APP_NAME=demo\n+{line}\n"
    material = key[8:]  # past any known prefix (sk_live_, github_pat_ keep theirs)
    for fmt in (*FORMATS, "markdown"):
        output = run_cli(["scan", "--diff", "-", "--format", fmt], diff, monkeypatch, capsys)
        if "{value}" in template:  # the value is found, so a finding names the key
            assert "stripe-secret-key" in output or "stripe_secret_key" in output, output
        for i in range(0, len(material) - 9):
            assert material[i:i + 10] not in output, f"{fmt}: the key leaked"


def test_a_secret_key_is_redacted_to_a_stable_marker(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path,
) -> None:
    """The redacted key is still a key: the same one everywhere in a report, so findings
    group and baselines match, and an ordinary name next to it stays readable."""
    monkeypatch.chdir(tmp_path)
    key = fakes.secret_kinds(random.Random(3))["stripe-secret"][1]
    value = fakes.secret_kinds(random.Random(4))["github-pat"][1]
    diff = (f"--- a/.env\n+++ b/.env\n@@ -0,0 +1,2 @@\n+{key}={value}\n"
            f"+GITHUB_TOKEN={value}\n")
    report = json.loads(run_cli(["scan", "--diff", "-", "--format", "json"], diff,
                                monkeypatch, capsys))
    keys = {f["key"] for f in report["findings"]}
    assert "GITHUB_TOKEN" in keys
    marked = keys - {"GITHUB_TOKEN", None}
    assert marked and all(k.startswith("[redacted-key-") for k in marked), keys
    again = json.loads(run_cli(["scan", "--diff", "-", "--format", "json"], diff,
                               monkeypatch, capsys))
    assert {f["key"] for f in again["findings"]} == keys

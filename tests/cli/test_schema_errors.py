"""A bad schema fails when it loads, in every command, with the file and line to edit."""

from __future__ import annotations

from pathlib import Path

import pytest

import envguard
from envguard.errors import SchemaError
from envguard.schema.loader import load_schema
from tests.conftest import Run

BAD_FLAG = '[stack]\nname = "t"\n\n[vars.A]\n\n[flags.ENABLE_X]\nsemantics = "sometimes"\n'
BAD_RULE = '[stack]\nname = "t"\n\n[vars.A]\n[vars.B]\n\n[[rules]]\nkind = "equal"\nkeys = ["A"]\n'


def write(tmp_path: Path, text: str, name: str = "schema.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("body", [BAD_FLAG, BAD_RULE], ids=["flag", "rule"])
def test_envguard_check_refuses_the_schema(run_envguard: Run, tmp_path: Path, body: str) -> None:
    """Before, a bad [flags.X] passed ``check`` and failed only under ``envguard flags``."""
    write(tmp_path, body)
    (tmp_path / ".env").write_text("A=1\nB=1\n")
    proc = run_envguard(["check", ".env", "--schema", "schema.toml"])
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "schema.toml:" in proc.stderr


@pytest.mark.parametrize("body", [BAD_FLAG, BAD_RULE], ids=["flag", "rule"])
def test_envguard_load_refuses_the_schema(tmp_path: Path, body: str) -> None:
    path = write(tmp_path, body)
    with pytest.raises(SchemaError):
        envguard.load(str(path), environ={"A": "1", "B": "1"})


CASES = [
    # (schema text, expected line, expected text)
    ('[stack]\nname = "t"\n\n[vars.API_KEY]\nsecret = true\nrequred = true\n', 6,
     "[vars.API_KEY]: unknown field 'requred' (did you mean 'required'?); allowed: "),
    ('[vars.A]\n\n[vars.A.env.production]\nrequird = true\n', 4,
     "[vars.A.env.production]: unknown field 'requird' (did you mean 'required'?)"),
    ('[provider]\nid = "acme"\n\n[credentials.acme-key]\nname = "Acme"\npattern = "acme_(["\n', 6,
     "[credentials.acme-key] field 'pattern': invalid regex"),
    ('[provider]\nid = "acme"\n\n[credentials.acme-key]\npattern = "acme_[a-z]+"\n'
     'examples = ["acme_{lower:8}", "acme_{lowercase:8}"]\n', 6,
     "[credentials.acme-key] field 'examples': unknown placeholder {lowercase:...}; known: "),
    ('[provider]\nid = "acme"\n\n[credentials.acme-key]\npattern = "acme_[a-z]+"\n'
     'examples = ["acme_{lower:8}"]\nnot_examples = ["acme_{hex:0}"]\n', 7,
     "[credentials.acme-key] field 'not_examples': {hex:N} needs a count from 1 to "),
    ('[provider]\nid = "acme"\n\n[credentials.acme-key]\npattern = "acme_[a-z]+"\n'
     'examples = "acme_{base64:{lower:8}"\n', 6,
     "[credentials.acme-key] field 'examples': unclosed placeholder"),
    ('[provider]\nid = "acme"\n\n[credentials.acme-key]\npattern = "acme_[a-z]+"\n'
     'examples = [1]\n', 6,
     "[credentials.acme-key] field 'examples': must be a string or a list of strings"),
    ('[vars.A]\n[vars.B]\n\n[[rules]]\nkind = "equal"\nkeys = ["A", "B"]\n\n[[rules]]\n'
     'kind = "equal"\nkeys = ["A", "B"]\nseverity = "fatal"\n', 11,
     "[[rules]] #2 (schema-2) field 'severity': must be one of error, warning, info"),
    ('[vars.A]\n\n[[rules]]\nkind = "equal"\nkeys = ["A", "C"]\n', 5,
     "[[rules]] #1 (schema-1) field 'keys' names 'C', which no [vars] table"),
    ('[vars.A]\n\n[flags.NEW_EDITOR]\nkind = "release"\nexpires = "next quarter"\n', 5,
     "[flags.NEW_EDITOR] field 'expires': 'next quarter' is not a date"),
    ('[stack]\nname = "t"\ninclude = [\n  "stripe",\n  "no-such-provider",\n]\n', 3,
     "include 'no-such-provider' not found (built-in providers: "),
    ('[stack]\nname = "t"\nenvironment = ["dev"]\n', 3,
     "[stack]: unknown field 'environment' (did you mean 'environments'?)"),
]


@pytest.mark.parametrize(("text", "line", "message"), CASES)
def test_errors_name_the_file_and_line(tmp_path: Path, text: str, line: int,
                                       message: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(SchemaError) as err:
        load_schema(path)
    assert str(err.value).startswith(f"{path}:{line}: "), str(err.value)
    assert message in str(err.value)


def test_an_error_in_an_included_file_points_into_that_file(tmp_path: Path) -> None:
    write(tmp_path, '[provider]\nid = "acme"\n\n[flags.ACME_BETA]\ntype = "percent"\n'
                    "default = 150\n", "acme.toml")
    path = write(tmp_path, '[stack]\nname = "t"\ninclude = ["./acme.toml"]\n')
    with pytest.raises(SchemaError, match=r"acme\.toml:6: \[flags\.ACME_BETA\] field 'default'"):
        load_schema(path)


def test_messages_never_quote_a_value_that_may_be_a_secret(tmp_path: Path) -> None:
    secret = "sk_live_" + "9" * 40
    bad = [
        f'[vars.A]\npattern = "{secret}(["\n',
        f'[vars.A]\ntype = "{secret}"\n',
        f'[flags.F]\ntype = "{secret}"\n',
        f'[flags.F]\nexpires = "{secret}"\n',
        f'[vars.A]\n[vars.B]\n[[rules]]\nkind = "{secret}"\nkeys = ["A", "B"]\n',
    ]
    for text in bad:
        with pytest.raises(SchemaError) as err:
            load_schema(write(tmp_path, text))
        assert secret not in str(err.value) and "9999" not in str(err.value)


def test_the_loaded_schema_carries_typed_parts() -> None:
    from envguard.schema.flagspec import FlagSpec
    from envguard.schema.model import Provider
    from envguard.schema.rules import Rule

    schema = load_schema("vibelog")
    assert schema.rules and all(isinstance(r, Rule) for r in schema.rules)
    assert schema.flags and all(isinstance(f, FlagSpec) for f in schema.flags.values())
    stripe = schema.providers["stripe"]
    assert isinstance(stripe, Provider) and stripe.name == "Stripe" and not stripe.implicit
    assert any(p.implicit for p in schema.providers.values())  # the platform pieces


"""Encrypted and referenced values (dotenvx, sops, 1Password) are read, counted, not judged.

Every value here is freshly generated random base64 in the shape each tool writes, so a
test cannot pass by matching one committed sample.
"""

from __future__ import annotations

import base64
import json
import secrets

import pytest

from envguard.findings import Severity
from envguard.secrecy import is_encryption_public_key, sealed_kind, sealed_spans
from envguard.secrets import Scanner
from envguard.sources import read_text
from envguard.sources.base import SourceRead
from envguard.sources.dotenv import plain_values
from envguard.sources.gitdiff import FilePatch
from tests import fakes


def b64(n: int) -> str:
    return base64.b64encode(secrets.token_bytes(n)).decode()


dotenvx_value = fakes.dotenvx_ciphertext
sops_value = fakes.sops_ciphertext


def public_key() -> str:
    return "02" + secrets.token_hex(32)


def sops_dotenv_metadata() -> str:
    return (f"sops_age__list_0__map_recipient=age1{secrets.token_hex(29)}\n"
            f"sops_age__list_0__map_enc=-----BEGIN AGE ENCRYPTED FILE-----\\n{b64(120)}\\n"
            "-----END AGE ENCRYPTED FILE-----\\n\n"
            "sops_lastmodified=2026-01-01T00:00:00Z\n"
            f"sops_mac={sops_value()}\n"
            "sops_unencrypted_suffix=_unencrypted\n"
            "sops_version=3.9.0\n")


def sops_yaml_metadata() -> str:
    return ("sops:\n"
            "    age:\n"
            f"        - recipient: age1{secrets.token_hex(29)}\n"
            "          enc: |\n"
            "            -----BEGIN AGE ENCRYPTED FILE-----\n"
            f"            {b64(60)}\n"
            "            -----END AGE ENCRYPTED FILE-----\n"
            "    lastmodified: \"2026-01-01T00:00:00Z\"\n"
            f"    mac: {sops_value()}\n"
            "    unencrypted_suffix: _unencrypted\n"
            "    version: 3.9.0\n")


def encrypted_findings(read: SourceRead) -> list[str]:
    return [f.message for f in read.findings if f.rule == "encrypted-value"]


def assert_sealed(read: SourceRead, keys: list[str], kind: str) -> None:
    """The keys are present, withheld (so not judged), and named by one info finding."""
    by_key = {v.key: v for v in read.vars}
    for key in keys:
        assert by_key[key].withheld and by_key[key].value == "", key
        assert by_key[key].display == "[withheld]"
    found = [f for f in read.findings if f.rule == "encrypted-value"]
    assert len(found) == 1
    assert found[0].severity == Severity.INFO
    assert f"{len(keys)} value(s)" in found[0].message and f"({kind})" in found[0].message
    assert all(k in found[0].message for k in keys[:5])


# -- the shapes ----------------------------------------------------------------------


def test_sealed_shapes() -> None:
    assert sealed_kind(dotenvx_value()) == "dotenvx"
    assert sealed_kind(sops_value()) == "sops"
    assert sealed_kind(sops_value("int")) == "sops"
    assert sealed_kind("ENC[AES256_GCM,data:,iv:" + b64(32) + ",tag:" + b64(16) + ",type:str]") \
        == "sops"  # sops' empty string
    assert sealed_kind("op://Private/Stripe/secret key") == "1Password"
    assert sealed_kind("op://prod/db/credentials/password?attribute=otp") == "1Password"
    for plain in ("encrypted:", "encrypted:abc", "ENC[" + b64(30) + "]", "op://vault/item",
                  "op://", "sk_test_" + fakes.token(24), b64(80), "https://example.com/a/b/c",
                  "prefix encrypted:" + b64(80)):
        assert sealed_kind(plain) is None, plain
    line = f'TOKEN="{dotenvx_value()}" # and {sops_value()}'
    assert len(sealed_spans(line)) == 2
    assert is_encryption_public_key("DOTENV_PUBLIC_KEY")
    assert is_encryption_public_key("DOTENV_PUBLIC_KEY_PRODUCTION")
    assert not is_encryption_public_key("DOTENV_PRIVATE_KEY")
    assert not is_encryption_public_key("MY_DOTENV_PUBLIC_KEY")


# -- readers --------------------------------------------------------------------------


def test_dotenvx_file() -> None:
    text = (f'#/---[DOTENV_PUBLIC_KEY]---/\nDOTENV_PUBLIC_KEY="{public_key()}"\n\n'
            f'STRIPE_SECRET_KEY="{dotenvx_value()}"\nPORT="{dotenvx_value()}"\nDEBUG=false\n')
    read = read_text(text, ".env.production")
    assert read.format == "dotenv"
    assert_sealed(read, ["STRIPE_SECRET_KEY", "PORT"], "dotenvx")
    by_key = {v.key: v for v in read.vars}
    assert by_key["DEBUG"].value == "false" and not by_key["DEBUG"].withheld
    public = by_key["DOTENV_PUBLIC_KEY"]
    assert not public.withheld and public.secret is False  # a public key, not a secret


def test_sops_dotenv_file_metadata_is_not_read_as_variables() -> None:
    text = (f"STRIPE_SECRET_KEY={sops_value()}\nPORT={sops_value('int')}\n"
            f"LOG_LEVEL_unencrypted=debug\n" + sops_dotenv_metadata())
    read = read_text(text, ".env")
    assert [v.key for v in read.vars] == ["STRIPE_SECRET_KEY", "PORT", "LOG_LEVEL_unencrypted"]
    assert not any(s.key.startswith("sops_") for s in read.statements)  # no lowercase-key lint
    assert "sops_mac" in read.metadata_keys
    assert_sealed(read, ["STRIPE_SECRET_KEY", "PORT"], "sops")


def test_sops_prefixed_keys_are_variables_in_a_file_sops_did_not_write() -> None:
    read = read_text("sops_region=eu\nA=1\n", ".env")
    assert [v.key for v in read.vars] == ["sops_region", "A"]
    assert not encrypted_findings(read)


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_sops_yaml_and_json_files(fmt: str) -> None:
    if fmt == "yaml":
        text = (f"STRIPE_SECRET_KEY: {sops_value()}\nPORT: {sops_value('int')}\n"
                "REGION_unencrypted: eu-west-1\n" + sops_yaml_metadata())
        name = "secrets.sops.yaml"
    else:
        text = json.dumps({
            "STRIPE_SECRET_KEY": sops_value(), "PORT": sops_value("int"),
            "REGION_unencrypted": "eu-west-1",
            "sops": {"kms": None, "age": [{"recipient": "age1" + secrets.token_hex(29),
                                           "enc": b64(100)}],
                     "lastmodified": "2026-01-01T00:00:00Z", "mac": sops_value(),
                     "version": "3.9.0"},
        }, indent=4)
        name = "secrets.sops.json"
    read = read_text(text, name)  # auto-detected: the sops block is not a nested export
    assert read.format == fmt
    assert [v.key for v in read.vars] == ["STRIPE_SECRET_KEY", "PORT", "REGION_unencrypted"]
    assert_sealed(read, ["STRIPE_SECRET_KEY", "PORT"], "sops")


def test_a_nested_sops_key_that_is_not_sops_metadata_is_still_refused() -> None:
    from envguard.errors import InputError

    with pytest.raises(InputError, match=r"sops: the value is an object"):
        read_text('{"A": "1", "sops": {"region": "eu"}}', "vars.json")


def test_op_references_in_dotenv_and_json() -> None:
    read = read_text('STRIPE_SECRET_KEY="op://Private/Stripe/secret key"\n'
                     "DATABASE_URL=op://prod/db/url\nPORT=3000\n", ".env")
    assert_sealed(read, ["STRIPE_SECRET_KEY", "DATABASE_URL"], "1Password")
    read = read_text('{"OPENAI_API_KEY": "op://dev/openai/credential", "PORT": "1"}', "v.json")
    assert_sealed(read, ["OPENAI_API_KEY"], "1Password")


def test_kubernetes_secret_encrypted_by_sops() -> None:
    text = ("apiVersion: v1\nkind: Secret\nmetadata:\n  name: app\ntype: Opaque\n"
            f"data:\n  STRIPE_SECRET_KEY: {sops_value()}\n"
            f"stringData:\n  PORT: {sops_value()}\n" + sops_yaml_metadata())
    read = read_text(text, "secret.enc.yaml")
    assert read.format == "kubernetes"
    assert_sealed(read, ["STRIPE_SECRET_KEY", "PORT"], "sops")


def test_one_finding_names_at_most_five_keys_and_no_value() -> None:
    values = {f"KEY_{n}": dotenvx_value() for n in range(7)}
    values["OTHER"] = sops_value()
    text = "".join(f'{k}="{v}"\n' for k, v in values.items())
    read = read_text(text, ".env")
    [message] = encrypted_findings(read)
    assert message.startswith("8 value(s) are encrypted or secret references (dotenvx, sops)")
    assert "KEY_4 and 3 more" in message and "KEY_5" not in message
    for value in values.values():
        body = value.split(":", 1)[1] if value.startswith("encrypted:") else value[19:]
        assert body[:12] not in message and body[-12:] not in message
    assert not any(value in repr(read.vars) for value in values.values())


def test_aws_secure_string_is_the_same_finding_at_warning() -> None:
    ciphertext = "AQ" + b64(120).rstrip("=")
    text = json.dumps({"Parameters": [
        {"Name": "/app/prod/DB_PASSWORD", "Type": "SecureString", "Value": ciphertext},
        {"Name": "/app/prod/TOKEN", "Type": "String", "Value": dotenvx_value()},
        {"Name": "/app/prod/PORT", "Type": "String", "Value": "80"}]})
    read = read_text(text, "ssm.json")
    [found] = [f for f in read.findings if f.rule == "encrypted-value"]
    assert found.severity == Severity.WARNING and found.hint == "re-run with --with-decryption"
    assert "2 value(s)" in found.message and "AWS SecureString, dotenvx" in found.message
    assert ciphertext[:16] not in found.message


def test_portability_lint_skips_ciphertext_and_sops_metadata() -> None:
    from envguard.checks.portability import portability

    text = (f"STRIPE_SECRET_KEY={sops_value()}\nA=1\n" + sops_dotenv_metadata())
    assert portability(read_text(text, ".env")) == []
    text = f'DOTENV_PUBLIC_KEY="{public_key()}"\nSTRIPE_SECRET_KEY="{dotenvx_value()}"\n'
    assert portability(read_text(text, ".env")) == []


# -- the hook's question --------------------------------------------------------------


def test_plain_values(tmp_path: pytest.TempPathFactory) -> None:
    from pathlib import Path

    folder = Path(str(tmp_path))

    def ask(text: str) -> list[str] | None:
        path = folder / ".env"
        path.write_text(text)
        return plain_values(path)

    assert ask(f'DOTENV_PUBLIC_KEY="{public_key()}"\nA="{dotenvx_value()}"\n') == []
    assert ask(f"A={sops_value()}\nB={sops_value()}\n" + sops_dotenv_metadata()) == []
    assert ask("A=op://v/i/f\n") == []
    assert ask(f'A="{dotenvx_value()}"\nB=plain\nC=\n') == ["B", "C"]
    assert ask(f'A="{dotenvx_value()}"\nB="unterminated\n') == ["line 2"]
    assert ask("A=1\n") is None  # nothing encrypted: an ordinary env file
    assert ask(f'DOTENV_PUBLIC_KEY="{public_key()}"\n') is None
    assert plain_values(folder / "missing.env") is None


# -- the scanner ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def scanner() -> Scanner:
    return Scanner()


def scan(scanner: Scanner, path: str, lines: list[str], status: str = "added") -> list[str]:
    patch = FilePatch(path=path, status=status, numbers=list(range(1, len(lines) + 1)),
                      texts=lines)
    return [d.finding.rule for d in scanner.scan_patch(patch)]


SYNTAXES = {
    "dotenv": ("config/app.env", "{key}={value}"),
    "dotenv-quoted": ("config/app.env", '{key}="{value}"'),
    "yaml": ("config/secrets.yaml", "{key}: {value}"),
    "json": ("config/secrets.json", '    "{key}": "{value}",'),
}
SEALED = {"dotenvx": dotenvx_value, "sops": sops_value,
          "1Password": lambda: "op://Private/Stripe/credential"}


@pytest.mark.parametrize("kind", sorted(SEALED))
@pytest.mark.parametrize("syntax", sorted(SYNTAXES))
def test_scanner_does_not_report_ciphertext_or_references(scanner: Scanner, kind: str,
                                                          syntax: str) -> None:
    path, template = SYNTAXES[syntax]
    lines = [template.format(key=key, value=SEALED[kind]())
             for key in ("STRIPE_SECRET_KEY", "DATABASE_PASSWORD", "api_secret", "AUTH_TOKEN")]
    assert scan(scanner, path, lines) == []
    # the same names with real-looking secrets are reported: the scanner is looking
    plain = [template.format(key="DATABASE_PASSWORD", value=fakes.token(24))]
    assert scan(scanner, path, plain) != []


def test_committed_encrypted_env_files_are_not_env_file_leaks(scanner: Scanner) -> None:
    dotenvx = [f'DOTENV_PUBLIC_KEY="{public_key()}"', f'STRIPE_SECRET_KEY="{dotenvx_value()}"']
    sops = [f"DATABASE_PASSWORD={sops_value()}", *sops_dotenv_metadata().splitlines()]
    assert scan(scanner, ".env.production", dotenvx) == []
    assert scan(scanner, ".env", sops) == []
    leaked = [*dotenvx, f"API_TOKEN={fakes.token(32)}"]
    assert "env-file-committed" in scan(scanner, ".env.production", leaked)


# -- at run time ----------------------------------------------------------------------


def test_load_refuses_values_that_were_never_decrypted(tmp_path: pytest.TempPathFactory) -> None:
    """``check`` counts ciphertext as present; ``load`` is the application starting, and
    ciphertext there means decryption never ran: an error, unless the environment (as
    ``dotenvx run`` sets it) gives the decrypted value, which wins over the file."""
    from pathlib import Path

    from envguard import load
    from envguard.findings import EnvError

    folder = Path(str(tmp_path))
    (folder / "schema.toml").write_text(
        '[stack]\nname = "s"\nenvironments = ["production"]\n'
        '[vars.PORT]\ntype = "int"\nrequired = true\n[vars.DEBUG]\ntype = "bool"\n')
    env_file = folder / ".env"
    ciphertext = dotenvx_value()
    env_file.write_text(f'PORT="{ciphertext}"\nDEBUG=false\n')
    with pytest.raises(EnvError) as caught:
        load(folder / "schema.toml", "production", files=[env_file], environ={})
    [problem] = caught.value.findings
    assert problem.rule == "encrypted-value" and problem.key == "PORT"
    assert ciphertext[10:30] not in str(caught.value)
    settings = load(folder / "schema.toml", "production", files=[env_file],
                    environ={"PORT": "8080"})
    assert settings["PORT"] == 8080 and settings["DEBUG"] is False

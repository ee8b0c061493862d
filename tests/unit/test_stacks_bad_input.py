"""Bad stack input: each is a clear error naming the file and field, exit 2, no traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from envguard.errors import SchemaError
from envguard.schema.loader import load_schema


def stack_including(tmp_path: Path, *includes: str) -> Path:
    path = tmp_path / "stack.toml"
    listed = ", ".join(f'"{i}"' for i in includes)
    path.write_text(f'[stack]\nname = "s"\ninclude = [{listed}]\n')
    return path


def provider(tmp_path: Path, name: str, body: str) -> None:
    (tmp_path / f"{name}.toml").write_text(f'[provider]\nid = "{name}"\n\n{body}')


def test_provider_with_an_invalid_regex_names_file_and_field(tmp_path: Path) -> None:
    provider(tmp_path, "acme", "[credentials.acme-key]\npattern = 'ak_(live|test'\n")
    with pytest.raises(SchemaError) as exc:
        load_schema(stack_including(tmp_path, "./acme.toml", "stripe"))
    text = str(exc.value)
    assert str(tmp_path / "acme.toml") in text
    assert "acme.toml:5: [credentials.acme-key] field 'pattern': invalid regex" in text


def test_provider_variable_with_an_invalid_regex(tmp_path: Path) -> None:
    provider(tmp_path, "acme", "[vars.ACME_ID]\npattern = '[0-9'\n")
    with pytest.raises(SchemaError, match=r"acme\.toml:5: \[vars\.ACME_ID\] field 'pattern'"):
        load_schema(stack_including(tmp_path, "./acme.toml"))


def test_stack_including_an_unknown_provider(tmp_path: Path) -> None:
    with pytest.raises(SchemaError) as exc:
        load_schema(stack_including(tmp_path, "stripe", "strpe"))
    text = str(exc.value)
    assert "stack.toml" in text and "include 'strpe' not found" in text
    assert "stripe" in text.split("built-in providers:")[1]


def test_two_providers_declaring_one_variable_differently(tmp_path: Path) -> None:
    provider(tmp_path, "one", '[vars.SHARED_TOKEN]\ntype = "string"\nsecret = true\n')
    provider(tmp_path, "two", '[vars.SHARED_TOKEN]\ntype = "int"\n')
    with pytest.raises(SchemaError) as exc:
        load_schema(stack_including(tmp_path, "./one.toml", "./two.toml"))
    text = str(exc.value)
    assert "two.toml:4: [vars.SHARED_TOKEN] conflicts with the declaration in" in text
    assert "one.toml" in text


def test_two_providers_agreeing_and_the_stack_refining(tmp_path: Path) -> None:
    provider(tmp_path, "one", '[vars.SHARED_TOKEN]\nsecret = true\ndescription = "a"\n')
    provider(tmp_path, "two", '[vars.SHARED_TOKEN]\nsecret = true\ndescription = "b"\n')
    path = stack_including(tmp_path, "./one.toml", "./two.toml")
    path.write_text(path.read_text() + '\n[vars.SHARED_TOKEN]\nrequired = true\n')
    spec = load_schema(path).vars["SHARED_TOKEN"]
    assert spec.secret and spec.required is True

"""Schema files: composition, refinement, and every way a schema file can be wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from envguard.errors import SchemaError
from envguard.schema.loader import builtin_stacks, load_schema, load_stack


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def test_stack_refines_provider_declaration(tmp_path: Path) -> None:
    path = write(tmp_path, "s.toml", """
[stack]
name = "mine"
include = ["stripe"]
[vars.STRIPE_SECRET_KEY]
required = ["production"]
""")
    schema = load_schema(path)
    spec = schema.vars["STRIPE_SECRET_KEY"]
    assert spec.required == ("production",)
    assert spec.credential == ("stripe-secret-key", "stripe-restricted-key")
    assert spec.secret  # inherited from the credential's secrecy
    assert spec.is_required("production") and not spec.is_required("development")


def test_per_environment_override(tmp_path: Path) -> None:
    path = write(tmp_path, "s.toml", """
[vars.URL]
type = "url"
[vars.URL.env.production]
type = "https_url"
required = true
""")
    schema = load_schema(path)
    assert schema.spec_for("URL", "development").type == "url"  # type: ignore[union-attr]
    prod = schema.spec_for("URL", "production")
    assert prod is not None and prod.type == "https_url" and prod.required is True


def test_toml_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    path = write(tmp_path, "bad.toml", "[stack]\nname = \"x\"\n[vars.A\ntype='int'\n")
    with pytest.raises(SchemaError, match=r"bad\.toml: invalid TOML: .*line 3"):
        load_schema(path)


def test_unknown_type_lists_known_types(tmp_path: Path) -> None:
    path = write(tmp_path, "t.toml", "[vars.A]\ntype = 'integer'\n")
    with pytest.raises(SchemaError, match=r"t\.toml:2: \[vars\.A\] field 'type': unknown type "
                                          r"'integer' \(did you mean 'int'\?\); known: .*int"):
        load_schema(path)


def test_unknown_field_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path, "t.toml", "[vars.A]\nrequird = true\n")
    with pytest.raises(SchemaError, match=r"unknown field.*requird"):
        load_schema(path)


def test_circular_include(tmp_path: Path) -> None:
    write(tmp_path, "a.toml", "[stack]\ninclude = ['./b.toml']\n")
    write(tmp_path, "b.toml", "[stack]\ninclude = ['./a.toml']\n")
    with pytest.raises(SchemaError, match=r"circular include: a.toml -> b.toml -> a.toml"):
        load_schema(tmp_path / "a.toml")


def test_unknown_include(tmp_path: Path) -> None:
    path = write(tmp_path, "s.toml", "[stack]\ninclude = ['no-such-provider']\n")
    with pytest.raises(SchemaError, match=r"include 'no-such-provider' not found.*stripe"):
        load_schema(path)


def test_unknown_stack_lists_known_ones() -> None:
    with pytest.raises(SchemaError, match=r"unknown stack 'nope'; known stacks: .*vibelog"):
        load_stack("nope")


def test_invalid_regex_names_file_and_field(tmp_path: Path) -> None:
    path = write(tmp_path, "p.toml", "[provider]\nid='p'\n[credentials.c]\npattern = '(['\n")
    with pytest.raises(SchemaError, match=r"p\.toml:\d+: \[credentials\.c\] field 'pattern': "
                                          "invalid regex"):
        load_schema(path)


def test_unknown_credential_reference(tmp_path: Path) -> None:
    path = write(tmp_path, "s.toml", "[vars.A]\ncredential = 'nope'\n")
    with pytest.raises(SchemaError, match=r"unknown credential 'nope'"):
        load_schema(path)


def test_two_providers_conflicting_is_an_error(tmp_path: Path) -> None:
    write(tmp_path, "p1.toml", "[provider]\nid='p1'\n[vars.SHARED]\ntype='int'\n")
    write(tmp_path, "p2.toml", "[provider]\nid='p2'\n[vars.SHARED]\ntype='url'\n")
    path = write(tmp_path, "s.toml", "[stack]\ninclude = ['./p1.toml', './p2.toml']\n")
    with pytest.raises(SchemaError, match=r"p2\.toml:\d+: \[vars\.SHARED\] conflicts with the "
                                          r"declaration in .*p1\.toml"):
        load_schema(path)


def test_two_providers_agreeing_is_fine(tmp_path: Path) -> None:
    write(tmp_path, "p1.toml", "[provider]\nid='p1'\n[vars.SHARED]\ntype='int'\n")
    write(tmp_path, "p2.toml", "[provider]\nid='p2'\n[vars.SHARED]\ntype='int'\n"
                               "description='same thing'\n")
    path = write(tmp_path, "s.toml", "[stack]\ninclude = ['./p1.toml', './p2.toml']\n")
    assert load_schema(path).vars["SHARED"].type == "int"


def test_enum_without_values(tmp_path: Path) -> None:
    path = write(tmp_path, "s.toml", "[vars.E]\ntype='enum'\n")
    with pytest.raises(SchemaError, match=r"enum without 'values'"):
        load_schema(path)


def test_missing_schema_file(tmp_path: Path) -> None:
    with pytest.raises(SchemaError, match=r"schema file not found"):
        load_schema(tmp_path / "absent.toml")


def test_every_builtin_stack_loads() -> None:
    stacks = builtin_stacks()
    assert "vibelog" in stacks
    for name in stacks:
        schema = load_stack(name)
        assert schema.vars, name
        assert set(schema.live_environments) <= set(schema.environments)


def test_flag_that_is_not_a_table(tmp_path: Path) -> None:
    path = write(tmp_path, "s.toml", "[flags]\nX = 'on'\n")
    with pytest.raises(SchemaError, match=r"\[flags\.X\] must be a table"):
        load_schema(path)


def test_every_builtin_credential_pattern_compiles() -> None:
    from envguard.schema.loader import builtin_catalog

    catalog = builtin_catalog()
    assert len(catalog.credentials) >= 40
    for fmt in catalog.credentials.values():
        assert fmt.pattern.pattern == fmt.regex, fmt.id  # compiles, or raises re.error here


def test_every_builtin_variable_pattern_compiles() -> None:
    from envguard.schema.loader import builtin_catalog

    specs = [s for s in builtin_catalog().vars.values() if s.pattern is not None]
    assert specs
    for spec in specs:
        assert spec.pattern_re is not None and spec.pattern_re.pattern == spec.pattern


def test_invalid_variable_pattern_in_a_user_schema(tmp_path: Path) -> None:
    path = write(tmp_path, "s.toml", "[vars.A]\npattern = '(['\n")
    with pytest.raises(SchemaError, match=r"\[vars\.A\] field 'pattern': invalid regex"):
        load_schema(path)


@pytest.mark.parametrize("pattern", ["(a+)+$", "(a*)*", "^(\\w+\\s?)*$", "(?:x|y+)*"])
def test_a_user_pattern_with_nested_quantifiers_is_refused_at_load(
        tmp_path: Path, pattern: str) -> None:
    """``pattern = "(a+)+$"`` made a check of a long value take exponential time."""
    from envguard.errors import SchemaError
    from envguard.schema.loader import load_schema

    path = tmp_path / "s.toml"
    path.write_text(f'[vars.NAME]\ntype = "string"\npattern = \'{pattern}\'\n')
    with pytest.raises(SchemaError, match="exponential time") as err:
        load_schema(str(path))
    assert "s.toml" in str(err.value) and pattern not in str(err.value)


@pytest.mark.parametrize("pattern", ["[a-z]+(-[a-z]+)*", "(a{1,8}){1,8}", "(ab)+", "a+b+"])
def test_a_user_pattern_without_nested_quantifiers_loads(tmp_path: Path, pattern: str) -> None:
    from envguard.schema.loader import load_schema

    path = tmp_path / "s.toml"
    path.write_text(f'[vars.NAME]\ntype = "string"\npattern = \'{pattern}\'\n')
    assert load_schema(str(path)).vars["NAME"].pattern == pattern

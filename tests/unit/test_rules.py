"""``[[rules]]`` tables: parsed and validated at load time, errors name file, rule and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from envguard._toml import loads_toml
from envguard.errors import SchemaError
from envguard.schema.loader import builtin_stacks, load_schema, load_stack, schemas_dir
from envguard.schema.rules import KINDS, Rule, scope_rule
from tests.conftest import ROOT

HEAD = '[stack]\nname = "t"\n\n[vars.A]\n[vars.B]\n[vars.C]\n\n'


def write(tmp_path: Path, body: str, name: str = "schema.toml") -> Path:
    path = tmp_path / name
    path.write_text(HEAD + body)
    return path


def test_every_kind_parses(tmp_path: Path) -> None:
    body = "".join(f'[[rules]]\nkind = "{kind}"\nkeys = ["A", "B"]\n'
                   + ('if_set = ["C"]\n' if kind == "requires" else "") for kind in KINDS)
    schema = load_schema(write(tmp_path, body))
    rules = schema.rules
    assert [r.kind for r in rules] == list(KINDS)
    assert rules[0].name == "schema-1"  # a default name from the file and position
    assert all(r.source.endswith("schema.toml") for r in rules)


BAD_RULES = [
    ('kind = "nope"\nkeys = ["A", "B"]', "field 'kind'"),
    ('keys = ["A", "B"]', "field 'kind' is missing"),
    ('kind = "equal"\nkeys = ["A"]', "at least two"),
    ('kind = "equal"', "missing field 'keys'"),
    ('kind = "equal"\nkeys = "A,B"', "'A,B' is not a variable name"),
    ('kind = "equal"\nkeys = ["A", 3]', "field 'keys'"),
    ('kind = "equal"\nkeys = ["A", "B"]\nseverity = "fatal"', "field 'severity'"),
    ('kind = "requires"\nkeys = ["A"]', "missing field 'if_set'"),
    ('kind = "equal"\nkeys = ["A", "B"]\nif_set = ["C"]', "unknown field 'if_set'"),
    ('kind = "same_target"\nkeys = ["A", "B"]\ncompare = ["password"]', "field 'compare'"),
    ('kind = "ordered"\nkeys = ["A", "B"]\nstrict = "yes"', "field 'strict'"),
    ('kind = "equal"\nkeys = ["A", "NOT DECLARED"]', "is not a variable name"),
    ('kind = "equal"\nkeys = ["A", "UNDECLARED"]', "'UNDECLARED', which no [vars] table"),
    ('kind = "equal"\nname = 3\nkeys = ["A", "B"]', "field 'name'"),
]


@pytest.mark.parametrize(("body", "message"), BAD_RULES)
def test_bad_rule_fails_at_load_naming_file_rule_and_field(
    tmp_path: Path, body: str, message: str
) -> None:
    path = write(tmp_path, f'[[rules]]\nkind = "equal"\nkeys = ["A", "B"]\n\n[[rules]]\n{body}\n')
    with pytest.raises(SchemaError) as exc:
        load_schema(path)
    text = str(exc.value)
    assert str(path) in text and "[[rules]] #2" in text
    assert message in text


def test_rules_must_be_an_array_of_tables(tmp_path: Path) -> None:
    path = tmp_path / "schema.toml"
    path.write_text('rules = "equal"\n' + HEAD)
    with pytest.raises(SchemaError, match="array of tables"):
        load_schema(path)


def test_a_bad_rule_in_an_included_provider_names_the_provider_file(tmp_path: Path) -> None:
    (tmp_path / "piece.toml").write_text(
        '[provider]\nid = "piece"\n\n[vars.P]\n\n[[rules]]\nkind = "equal"\nkeys = ["P"]\n')
    path = tmp_path / "stack.toml"
    path.write_text('[stack]\nname = "s"\ninclude = ["./piece.toml"]\n')
    with pytest.raises(SchemaError) as exc:
        load_schema(path)
    assert "piece.toml:8: [[rules]] #1 (piece-1) field 'keys'" in str(exc.value)


def test_every_builtin_rule_is_valid_and_names_declared_keys() -> None:
    for name in builtin_stacks():
        schema = load_stack(name)
        for rule in schema.rules:
            assert set(rule.keys) | set(rule.if_set) <= set(schema.vars), rule.where


def test_every_provider_rule_is_valid(tmp_path: Path) -> None:
    """A stack including every provider loads: every provider's rules parse and name
    variables the provider (or what it includes) declares."""
    providers = sorted(p.stem for p in (schemas_dir() / "providers").glob("*.toml"))
    path = tmp_path / "all.toml"
    path.write_text(f'[stack]\nname = "all"\ninclude = {providers!r}\n'.replace("'", '"'))
    schema = load_schema(path)
    names = {r.name for r in schema.rules}
    assert {"stripe-key-mode", "clerk-key-mode", "pusher-key-copies",
            "neon-pooled-and-direct"} <= names


def test_provider_rules_reach_every_stack_that_includes_the_provider() -> None:
    for stack, expected in [("threadly", {"stripe-key-mode", "clerk-key-mode",
                                          "pusher-key-copies", "neon-pooled-and-direct"}),
                            ("threadr", {"stripe-key-mode"}),
                            ("myapp", {"stripe-key-mode", "supabase-url-copies"}),
                            ("vibelog", {"stripe-key-mode", "supabase-url-copies"})]:
        names = {r.name for r in load_stack(stack).rules}
        assert expected <= names, stack


def test_scope_rule_keeps_what_one_service_can_check() -> None:
    in_front = {"NEXT_PUBLIC_A", "NEXT_PUBLIC_B"}.__contains__
    assert scope_rule(Rule("equal", ("A", "NEXT_PUBLIC_A"), "r"), in_front) is None
    assert scope_rule(Rule("equal", ("NEXT_PUBLIC_A", "NEXT_PUBLIC_B", "C"), "r"),
                      in_front) == Rule("equal", ("NEXT_PUBLIC_A", "NEXT_PUBLIC_B"), "r")
    assert scope_rule(Rule("requires", ("NEXT_PUBLIC_A",), "r", if_set=("C",)),
                      in_front) is None
    assert scope_rule(Rule("one_of", ("C", "NEXT_PUBLIC_A"), "r"), in_front) == Rule(
        "one_of", ("NEXT_PUBLIC_A",), "r")


def test_readme_rules_section_documents_every_kind_and_its_example_loads(tmp_path: Path) -> None:
    readme = (ROOT / "schemas" / "README.md").read_text()
    section = readme[readme.index("\n## Rules\n"):]
    for kind, finding in KINDS.items():
        assert f"| `{kind}` | `{finding}` |" in section
    example = section.split("```toml\n")[1].split("```")[0]
    keys = sorted({k for r in loads_toml(example)["rules"]
                   for k in (*r["keys"], *r.get("if_set", []))})
    body = "".join(f"[vars.{k}]\n" for k in keys) + "\n" + example
    path = tmp_path / "readme.toml"
    path.write_text('[stack]\nname = "readme"\n\n' + body)
    assert len(load_schema(path).rules) == 4

"""Where matrices come from: env sources and flags files give the same matrix; bad input is
refused with the file (and line) named."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from envguard.errors import InputError
from envguard.flags import analyse, build_policy, read_env_sources, read_inputs
from envguard.flags.lines import json_index, toml_index
from envguard.schema.loader import load_schema
from tests.support.flags import FIXTURES, SEED_MATRIX, TODAY

VIBELOG = FIXTURES / "vibelog"
ENV_ARGS = [f"{env}={VIBELOG / f'.env.{env}'}" for env in ("development", "staging", "production")]


def _matrix(args: list[str]) -> dict[str, dict[str, object]]:
    specs = load_schema(VIBELOG / "schema.toml").flags
    rep = analyse(read_inputs(args), specs, build_policy(today=TODAY, declared_any=True))
    return rep.matrix.values()


@pytest.mark.parametrize("args", [
    ENV_ARGS,
    list(reversed(ENV_ARGS)),  # columns follow the promotion order, not the argument order
    [str(VIBELOG / ".env.development"), str(VIBELOG / ".env.staging"),
     str(VIBELOG / ".env.production")],  # .env.NAME names its environment
    [str(VIBELOG / "flags.toml")],
    [str(VIBELOG / "flags.json")],
], ids=["env-files", "env-files-reversed", "dotenv-names", "flags-toml", "flags-json"])
def test_the_seed_table_gives_the_same_matrix_from_every_source(args: list[str]) -> None:
    values = _matrix(args)
    assert values == SEED_MATRIX
    assert [list(row) for row in values.values()] == [["development", "staging", "production"]] * 4


def test_without_a_schema_only_flag_names_are_read_and_secrets_never() -> None:
    rep = analyse(read_inputs(ENV_ARGS), {}, build_policy(today=TODAY))
    assert rep.matrix.flags == ["DEBUG_MODE"]  # the only name that says "flag"
    assert "NEXTAUTH_SECRET" not in repr(rep.matrix.values())


def test_platform_variables_are_never_flags(tmp_path: Path) -> None:
    """``vercel env pull`` writes Vercel's and Turborepo's own variables; their names match
    the flag conventions (``TURBO_REMOTE_CACHE_ENABLED``), but nobody promotes them."""
    for env in ("staging", "production"):
        (tmp_path / f".env.{env}").write_text(
            '# Created by Vercel CLI\nTURBO_REMOTE_CACHE_ENABLED="1"\nVERCEL_FEATURE_X="1"\n'
            'NX_DAEMON="false"\nENABLE_SEARCH="true"\n')
    rep = analyse(read_inputs([str(tmp_path / ".env.staging"), str(tmp_path / ".env.production")]),
                  {}, build_policy(today=TODAY))
    assert rep.matrix.flags == ["ENABLE_SEARCH"]
    from envguard.flags.names import is_flag_name

    assert not is_flag_name("TURBO_REMOTE_CACHE_ENABLED", ["TURBO_*"])  # not even by pattern
    assert is_flag_name("FF_X")


def test_a_flags_file_makes_every_key_a_flag() -> None:
    rep = analyse(read_inputs([str(VIBELOG / "flags.toml")]), {}, build_policy(today=TODAY))
    assert sorted(rep.matrix.flags) == sorted(SEED_MATRIX)
    assert rep.matrix.cell("NEW_EDITOR", "production").origin.line == 15  # type: ignore[union-attr]


def test_layered_files_per_environment(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("ENABLE_X=false\nENABLE_Y=true\n")
    (tmp_path / ".env.production").write_text("ENABLE_X=true\n")
    [prod] = read_env_sources([("production", [str(tmp_path / ".env"),
                                               str(tmp_path / ".env.production")])])
    assert {v.key: v.value for v in prod.vars} == {"ENABLE_X": "true", "ENABLE_Y": "true"}


def test_json_null_is_unset(tmp_path: Path) -> None:
    path = tmp_path / "flags.json"
    path.write_text('{"a": {"ENABLE_X": true}, "b": {"ENABLE_X": null}}')
    rep = analyse(read_inputs([str(path)]), {}, build_policy(cli_order=["a", "b"], today=TODAY))
    assert rep.matrix.values() == {"ENABLE_X": {"a": True, "b": None}}
    assert "flag-missing" in {f.rule for f in rep.result.findings}


# --- bad input -------------------------------------------------------------------------

def test_an_environment_named_twice_on_the_command_line() -> None:
    with pytest.raises(InputError, match=r"environment 'staging' named twice \(.*\.env\.staging "
                                         r"and .*\.env\.production\)"):
        read_inputs([f"staging={VIBELOG / '.env.staging'}",
                     f"staging={VIBELOG / '.env.production'}"])


def test_an_environment_named_twice_in_a_json_flags_file() -> None:
    with pytest.raises(InputError, match=r"duplicate_env\.json:4: environment 'staging' named "
                                         r"twice"):
        read_inputs([str(FIXTURES / "duplicate_env.json")])


def test_an_environment_named_twice_in_a_toml_flags_file() -> None:
    with pytest.raises(InputError, match=r"duplicate_env\.toml: invalid TOML: .*line 4"):
        read_inputs([str(FIXTURES / "duplicate_env.toml")])


@pytest.mark.parametrize(("name", "line", "kind"), [
    ("non_table_env.toml", 2, "a string"), ("non_table_env.json", 3, "a list")])
def test_a_flags_file_with_a_non_table_environment(name: str, line: int, kind: str) -> None:
    with pytest.raises(InputError) as err:
        read_inputs([str(FIXTURES / name)])
    assert f"{name}:{line}: environment 'production' must be a table of FLAG = value, " \
           f"not {kind}" in str(err.value)


@pytest.mark.parametrize(("files", "text", "message"), [
    ({"f.toml": "[dev\nX=1"}, None, "invalid TOML"),
    ({"f.json": "{'dev': {}}"}, None, "invalid JSON"),
    ({"f.json": "[1, 2]"}, None, "an object of environments"),
    ({"f.json": "{}"}, None, "no environments"),
    ({"f.json": '{"dev": {"X": 1, "X": 2}}'}, None, "key 'X' appears twice"),
    ({"f.toml": "", "g.toml": ""}, None, "is read alone"),
    ({"app.config.env": "X=1"}, None, r"which environment is this\? write NAME="),
    ({}, "missing.toml", "no such file"),
])
def test_unusable_sources_are_refused(tmp_path: Path, files: dict[str, str], text: str | None,
                                      message: str) -> None:
    for name, body in files.items():
        (tmp_path / name).write_text(body)
    args = [str(tmp_path / n) for n in files] or [str(tmp_path / str(text))]
    with pytest.raises(InputError, match=message):
        read_inputs(args)


def test_no_sources() -> None:
    with pytest.raises(InputError, match="no sources"):
        read_inputs([])


def test_line_indexes() -> None:
    toml = '[development]\nA = 1\n"B.C" = 2\n[production]\nA = """x\nB = 3\n"""\nD = { x = 1 }\n'
    index = toml_index(toml)
    assert index[("development",)] == [1]
    assert index[("development", "A")] == [2]
    assert index[("development", "B.C")] == [3]
    assert ("production", "B") not in index  # inside a multi-line string
    assert index[("production", "D")] == [8]
    js = '{\n "dev": {"A": true,\n  "B": {"x": [1, {"y": 2}]}},\n "prod": {"A\\"q": 1}\n}'
    jindex = json_index(js)
    assert jindex[("dev",)] == [2] and jindex[("dev", "B")] == [3]
    assert jindex[("dev", "B", "x", "y")] == [3]
    assert jindex[("prod", 'A"q')] == [4]


_names = st.from_regex(r"[a-z][a-z0-9]{0,6}", fullmatch=True)
_flags = st.from_regex(r"FF_[A-Z]{1,5}", fullmatch=True)
_values = st.sampled_from([True, False, 0, 1, 25, "on", "express:*"])


def _text(value: object) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


@settings(max_examples=40, deadline=None)
@given(st.dictionaries(_names, st.dictionaries(_flags, _values, max_size=5), min_size=1,
                       max_size=4))
def test_env_files_toml_and_json_always_agree(table: dict[str, dict[str, object]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        pairs = []
        for env, flags in table.items():
            (folder / f"{env}.env").write_text("".join(f"{k}={_text(v)}\n"
                                                       for k, v in flags.items()))
            pairs.append(f"{env}={folder / f'{env}.env'}")
        toml = "".join(f"[{env}]\n" + "".join(f"{k} = {json.dumps(v)}\n" for k, v in flags.items())
                       for env, flags in table.items())
        (folder / "flags.toml").write_text(toml)
        (folder / "flags.json").write_text(json.dumps(table))
        policy = build_policy(cli_order=list(table), today=TODAY)
        matrices = [analyse(read_inputs(args), {}, policy).matrix.values()
                    for args in (pairs, [str(folder / "flags.toml")], [str(folder / "flags.json")])]
    assert matrices[0] == matrices[1] == matrices[2]


def test_a_platform_export_is_an_environment(tmp_path: Path) -> None:
    (tmp_path / "railway.json").write_text('{"ENABLE_CHAT": "false", "DATABASE_URL": "x"}')
    (tmp_path / ".env.development").write_text("ENABLE_CHAT=true\n")
    rep = analyse(read_inputs([f"development={tmp_path / '.env.development'}",
                               f"production={tmp_path / 'railway.json'}"]), {},
                  build_policy(today=TODAY))
    assert rep.matrix.values() == {"ENABLE_CHAT": {"development": True, "production": False}}


def test_findings_in_a_flags_file_point_at_their_environment(tmp_path: Path) -> None:
    path = tmp_path / "flags.toml"
    path.write_text("[development]\nENABLE_X = true\n\n[staging]\n\n[production]\nOTHER = 1\n")
    rep = analyse(read_inputs([str(path)]), {}, build_policy(today=TODAY))
    missing = [f for f in rep.result.findings if f.rule == "flag-missing" and f.key == "ENABLE_X"]
    assert [(f.extra["environment"], f.line) for f in missing] == [("staging", 4),
                                                                   ("production", 6)]
    assert len({f.fingerprint for f in missing}) == 2  # one per environment, for baselines

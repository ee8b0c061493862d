"""Configuration is checked in one place: every error names the file and line, says what is
allowed and suggests the near miss; nothing misspelled or misshapen is silently ignored."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from envguard.cli import main as envguard_main
from envguard.config import find_config
from envguard.errors import InputError
from envguard.tomllines import key_lines, line_of
from envguard_hooks import no_env_files


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def config_error(text: str, name: str = "envguard.toml") -> str:
    Path(name).write_text(text)
    with pytest.raises(InputError) as info:
        find_config()
    return str(info.value)


def test_a_single_string_is_a_list_of_one_not_of_characters(project: Path) -> None:
    (project / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.envguard.hooks]\nallow_env_files = ".env.ci"\n')
    assert find_config().hooks.allow_env_files == (".env.ci",)
    # the hook lets the allowed file through and still blocks a one-letter name
    assert no_env_files.main(["--", ".env.ci"]) == 0
    assert no_env_files.main(["--", "c.env"]) == 1


def test_misspelled_hook_key_names_line_and_near_miss(project: Path) -> None:
    message = config_error('stack = "vibelog"\n\n[hooks]\nallow_env_file = [".env.ci"]\n')
    assert message.startswith("envguard.toml:4: [hooks]: unknown key 'allow_env_file'")
    assert "did you mean 'allow_env_files'?" in message
    assert "allowed: allow_env_files" in message


def test_pyproject_errors_give_the_pyproject_line(project: Path) -> None:
    text = ('[project]\nname = "x"\n\n[tool.envguard]\nstack = "vibelog"\n'
            'fail_on = "warnings"\n')
    message = config_error(text, "pyproject.toml")
    assert message.startswith("pyproject.toml:6: [tool.envguard]: fail_on must be one of "
                              "error, warning, info, not 'warnings'")
    assert "did you mean 'warning'?" in message


def test_bad_fail_on_is_exit_2_not_an_internal_error(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    Path("envguard.toml").write_text('fail_on = "warnings"\n')
    Path(".env").write_text("A=1\n")
    assert envguard_main(["check", ".env", "--stack", "vibelog"]) == 2
    err = capsys.readouterr().err
    assert "internal error" not in err and "envguard.toml:1:" in err


@pytest.mark.parametrize(("text", "line", "key"), [
    ('[compare]\nwidth = 3\n', 1, "'compare'"),   # accepted and read by nothing, before
    ('stack = "x"\nenv_var = "APP_ENV"\n', 2, "'env_var'"),
    ('[scan]\nexclud = []\n', 2, "'exclud'"),
    ('[flags]\nordr = ["a"]\n', 2, "'ordr'"),
])
def test_keys_nothing_reads_are_refused(project: Path, text: str, line: int, key: str) -> None:
    message = config_error(text)
    assert message.startswith(f"envguard.toml:{line}:") and f"unknown key {key}" in message


@pytest.mark.parametrize(("text", "expected"), [
    ("[scan]\nplugins = 1\n", "envguard.toml:2: [scan]: plugins must be true or false"),
    ("[flags]\norder = 3\n", "envguard.toml:2: [flags]: order must be a list of strings"),
    ('hooks = "x"\n', "envguard.toml:1: [hooks] must be a table"),
    ('[files]\nproduction = 3\n', "envguard.toml:2: [files]: production must be a list of strings"),
    ('[severity]\nunknown-key = "loud"\n',
     "envguard.toml:2: [severity]: unknown-key must be one of off, error, warning, info"),
])
def test_wrong_shapes_name_line_and_allowed(project: Path, text: str, expected: str) -> None:
    assert config_error(text).startswith(expected)


def test_envguard_toml_may_use_the_tool_table(project: Path) -> None:
    message = config_error('[tool.envguard]\nstack = "x"\n\n[tool.envguard.scan]\nbase = 1\n')
    assert message.startswith("envguard.toml:5: [tool.envguard.scan]: unknown key 'base'")


def test_typed_sections(project: Path) -> None:
    Path("envguard.toml").write_text(
        '[scan]\nexclude = "vendor/**"\nbaseline = "b.json"\n[flags]\ncode = ["src"]\n')
    config = find_config()
    assert config.scan.exclude == ("vendor/**",) and config.scan.baseline == "b.json"
    assert config.flags.code == ("src",) and config.hooks.allow_env_files == ()


# -- the line locator --------------------------------------------------------------------
_names = st.from_regex(r"[a-z][a-z0-9_-]{0,8}", fullmatch=True)


@given(st.lists(st.tuples(_names, _names, st.booleans()), min_size=1, max_size=8,
                unique_by=lambda t: (t[0], t[1])))
def test_every_key_is_located_on_its_line(entries: list[tuple[str, str, bool]]) -> None:
    """Build a document whose lines are known, then ask for each key's line."""
    text = ""
    where: dict[tuple[str | int, ...], int] = {}
    for table in dict.fromkeys(t for t, _, _ in entries):
        text += f"[{table}]\n"
        for t, key, multiline in entries:
            if t == table:
                where[(table, key)] = text.count("\n") + 1
                # values whose lines look like TOML must not confuse it
                text += (f'{key} = """\n[{key}]\n{key} = 1"""\n' if multiline
                         else f'{key} = ["a", # c\n  "b"]\n')
    tomllib.loads(text)
    for path, line in where.items():
        assert line_of(text, path) == line
        assert key_lines(text)[path] == line


def test_arrays_of_tables_and_inline_tables() -> None:
    text = ('[[rules]]\nwhen = "a"\n\n[[rules]]\nid = "b"\nwhen = {env = "prod", '
            '"x.y" = 1}\n')
    assert line_of(text, ("rules", 1, "when", "env")) == 6
    assert line_of(text, ("rules", 1, "when", "x.y")) == 6
    assert line_of(text, ("rules", 0, "when")) == 2
    assert line_of(text, ("rules", 1, "missing")) == 4

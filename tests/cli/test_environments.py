"""Environments are a closed set per schema: a mistyped one is an error, never a silently
unchecked environment; aliases and the files themselves name environments too."""

from __future__ import annotations

from pathlib import Path

import pytest

import envguard
from tests.conftest import ROOT, Run

MISTAKES = ROOT / "examples" / "vibelog" / "mistakes" / ".env.production"


def _errors(proc_stdout: str) -> str:
    """The totals of the summary line (what was checked follows the colon)."""
    return proc_stdout.strip().splitlines()[-1].split(":")[0]


def test_an_alias_checks_the_environment_it_names(run_envguard: Run) -> None:
    full = run_envguard(["check", str(MISTAKES), "--stack", "vibelog", "--env", "production"])
    short = run_envguard(["check", str(MISTAKES), "--stack", "vibelog", "--env", "prod"])
    assert full.returncode == short.returncode == 1
    assert _errors(full.stdout) == _errors(short.stdout)


def test_a_mistyped_environment_is_exit_2_with_the_near_miss(run_envguard: Run) -> None:
    proc = run_envguard(["check", str(MISTAKES), "--stack", "vibelog", "--env", "prodution"])
    assert proc.returncode == 2
    assert "did you mean 'production'?" in proc.stderr and "its environments:" in proc.stderr


@pytest.mark.parametrize(("name", "body"), [
    (".env.prod", ""),                                      # the file name
    ("pulled.env", '# Created by Vercel CLI\nVERCEL_ENV="production"\n'),  # the content
])
def test_the_file_says_which_environment(run_envguard: Run, tmp_path: Path, name: str,
                                         body: str) -> None:
    target = tmp_path / name
    target.write_text(body + MISTAKES.read_text())
    proc = run_envguard(["check", str(target), "--stack", "vibelog", "-v"])
    expected = run_envguard(["check", str(MISTAKES), "--stack", "vibelog", "--env",
                             "production"])
    assert "environment production, from" in proc.stderr
    assert _errors(proc.stdout) == _errors(expected.stdout)


def test_load_refuses_an_unknown_environment() -> None:
    with pytest.raises(envguard.InputError, match="did you mean 'staging'"):
        envguard.load("vibelog", "stagin", files=[str(MISTAKES)], environ={})
    with pytest.raises(envguard.EnvError):  # the alias is production: its checks apply
        envguard.load("vibelog", "prod", files=[str(MISTAKES)], environ={})


def test_an_override_for_an_undeclared_environment_is_a_schema_error(
        run_envguard: Run, tmp_path: Path) -> None:
    (tmp_path / "s.toml").write_text('[stack]\nname = "t"\nenvironments = ["development", '
                                     '"production"]\n\n[vars.A]\n\n[vars.A.env.prod]\n'
                                     'required = true\n')
    (tmp_path / ".env").write_text("A=1\n")
    proc = run_envguard(["check", ".env", "--schema", "s.toml"], cwd=tmp_path)
    assert proc.returncode == 2
    assert "s.toml:7: [vars.A.env.prod]" in proc.stderr and "did you mean 'production'" \
        in proc.stderr

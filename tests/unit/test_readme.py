"""The README's Python examples run as written, and its commands exist."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.conftest import ROOT

README = (ROOT / "README.md").read_text()
BLOCKS = re.findall(r"```python\n(.*?)```", README, re.S)


@pytest.mark.parametrize("code", BLOCKS, ids=[f"block{i}" for i in range(len(BLOCKS))])
def test_python_example_runs(code: str, monkeypatch: pytest.MonkeyPatch,
                             capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(ROOT)
    if "from fastapi import" in code:
        from tests.support.fastapi_standin import install

        install()  # fastapi is not a test dependency: the envguard part runs as written
    for name in ("ENVGUARD_ENV", "NODE_ENV", "APP_ENV", "ENVIRONMENT"):
        monkeypatch.delenv(name, raising=False)
    # as a user runs it: not under this file's `from __future__ import annotations`
    exec(compile(code, "README.md", "exec", dont_inherit=True), {})
    assert "sk_live_" not in capsys.readouterr().out.replace("sk_live_…[redacted]", "")


def test_every_subcommand_is_documented() -> None:
    from envguard.cli import _command_modules

    for name in _command_modules():
        assert f"envguard {name}" in README, name


def test_two_setup_commands() -> None:
    setup = README.split("## Set up", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"```sh\n(.*?)\n```", setup, re.S)
    assert len(commands) == 2
    assert "envguard check examples/" in commands[0]
    assert "pytest" in commands[1]
    assert "python -m pytest" in (ROOT / ".ci" / "run").read_text()


CONSOLE = re.findall(r"```console\n(.*?)```", README, re.S)


def _sessions(block: str) -> list[tuple[str, list[str]]]:
    """``$ command`` lines and the output lines under each."""
    sessions: list[tuple[str, list[str]]] = []
    for line in block.splitlines():
        if line.startswith("$ "):
            sessions.append((line[2:], []))
        elif sessions:
            sessions[-1][1].append(line)
    return sessions


def _matches(expected: list[str], actual: list[str]) -> bool:
    """``expected`` is ``actual`` where each ``...`` line stands for any lines (none or more)."""
    if not expected:
        return not actual
    if expected[0] == "...":
        return any(_matches(expected[1:], actual[i:]) for i in range(len(actual) + 1))
    return bool(actual) and actual[0] == expected[0] and _matches(expected[1:], actual[1:])


@pytest.mark.parametrize("block", CONSOLE, ids=[f"console{i}" for i in range(len(CONSOLE))])
def test_console_example_is_real_output(block: str, run_envguard: Any) -> None:
    """The README shows what the tool prints (at 100 columns, without colour)."""
    import shlex

    assert _sessions(block)
    for command, expected in _sessions(block):
        argv = shlex.split(command)
        assert argv[0] == "envguard", command
        proc = run_envguard(argv[1:], cwd=ROOT, env={"COLUMNS": "100"})
        actual = proc.stdout.rstrip("\n").splitlines()
        assert _matches(expected, actual), (
            f"README drifted from `{command}`; it prints:\n{proc.stdout}")


def test_the_matcher_can_fail() -> None:
    assert _matches(["a", "...", "c"], ["a", "b", "b", "c"])
    assert not _matches(["a", "...", "c"], ["a", "b", "c", "d"])
    assert not _matches(["a"], ["b"])

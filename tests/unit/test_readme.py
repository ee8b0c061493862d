"""The README's Python examples run as written, and its commands exist."""

from __future__ import annotations

import re

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

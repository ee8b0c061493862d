"""Every command's ``--help`` ends with examples that parse, the exit codes and, for the
commands that read it, the configuration (one renderer: ``commands.common.Usage``)."""

from __future__ import annotations

import argparse
import re
import shlex

import pytest

from envguard.cli import _command_modules, build_parser

COMMANDS = _command_modules()


def _help(name: str, capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(SystemExit) as exit_:
        build_parser().parse_args([name, "--help"])
    assert exit_.value.code == 0
    return capsys.readouterr().out


def _examples(text: str) -> list[str]:
    block = text.split("\nexamples:\n", 1)[1].split("\n\n", 1)[0]
    return [line[4:] for line in block.splitlines() if line.startswith("  $ ")]


def test_every_command_is_covered() -> None:
    assert {"check", "lint", "scan", "compare", "flags", "init", "example", "explain",
            "providers", "stacks"} <= set(COMMANDS)


@pytest.mark.parametrize("name", COMMANDS)
def test_help_has_examples_and_exit_codes(name: str,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    text = _help(name, capsys)
    assert 2 <= len(_examples(text)) <= 3, text
    exits = text.split("\nexit codes:\n", 1)[1].split("\n\n", 1)[0]
    codes = re.findall(r"^  ([012]) ", exits, re.M)
    assert codes[0] == "0" and codes[-1] == "2", exits
    assert "usage" in exits.splitlines()[-1] or "usage" in exits
    if name not in ("init", "providers", "stacks"):  # these read no configuration
        assert "configuration:" in text and "pyproject.toml" in text, text


@pytest.mark.parametrize("name", COMMANDS)
def test_every_example_parses(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    parser = build_parser()
    for line in _examples(_help(name, capsys)):
        # a pipeline's envguard part: `vercel env pull ... | envguard lint -`
        command = next(part for part in line.split("|") if part.strip().startswith("envguard"))
        argv = shlex.split(command)[1:]
        try:
            args = parser.parse_args(argv)
        except SystemExit:  # argparse printed why
            pytest.fail(f"{name} --help example does not parse: {line}\n"
                        f"{capsys.readouterr().err}")
        assert isinstance(args, argparse.Namespace) and args.func, line
        if hasattr(args, "reports"):  # -o/--format pairs make sense too
            from envguard.commands.common import outputs

            assert outputs(args)


def test_help_lines_fit_80_columns(capsys: pytest.CaptureFixture[str],
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    for name in COMMANDS:
        epilog = _help(name, capsys).split("\nexamples:\n", 1)[1]
        for line in epilog.splitlines():
            assert len(line) <= 80 or line.startswith("  $ "), (name, line)

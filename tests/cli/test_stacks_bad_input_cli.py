"""Bad stack input through the CLI: exit 2 naming the file and field, no traceback."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import Run
from tests.unit.test_stacks_bad_input import provider, stack_including


def test_cli_bad_stack_input_exits_2(run_envguard: Run, tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("A=1\n")
    provider(tmp_path, "acme", "[credentials.acme-key]\npattern = '('\n")
    stack_including(tmp_path, "./acme.toml")
    for command in (["check", ".env", "--schema", "stack.toml"],
                    ["example", "--schema", "stack.toml"],
                    ["explain", "A", "--schema", "stack.toml"]):
        proc = run_envguard(command)
        assert proc.returncode == 2, command
        assert "acme.toml" in proc.stderr and "field 'pattern'" in proc.stderr
        assert "Traceback" not in proc.stderr
    stack_including(tmp_path, "nosuchprovider")
    proc = run_envguard(["check", ".env", "--schema", "stack.toml"])
    assert proc.returncode == 2 and "include 'nosuchprovider' not found" in proc.stderr

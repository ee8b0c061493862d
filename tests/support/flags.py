"""Helpers shared by the flag tests (no tests here): build inputs and run the CLI.

Tests build matrices from plain dicts so each case reads as the table it describes, and
drive ``envguard flags`` in-process through ``envguard.cli.main``.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from envguard.flags import EnvInput, FlagReport, FlagSpec, analyse, build_policy, parse_specs
from envguard.model import EnvVar, Origin
from tests import conftest
from tests.support.inprocess import run_main

FIXTURES = conftest.FIXTURES / "flags"
TODAY = dt.date(2026, 6, 1)
# The seed doc's flag table: development / staging / production.
SEED_MATRIX = {
    "BATCH_PROCESSING": {"development": True, "staging": False, "production": False},
    "DEBUG_MODE": {"development": True, "staging": False, "production": False},
    "NEW_EDITOR": {"development": True, "staging": True, "production": False},
    "TEAM_FEATURES": {"development": True, "staging": False, "production": False},
}


def inputs(table: Mapping[str, Mapping[str, str | None]]) -> list[EnvInput]:
    """``{env: {KEY: value}}`` -> one input per environment, each line numbered."""
    out = []
    for env, values in table.items():
        source = f".env.{env}"
        env_vars = [EnvVar(key, value, Origin(source, n))
                    for n, (key, value) in enumerate(values.items(), start=1)]
        out.append(EnvInput(env, source, env_vars))
    return out


def specs(**declared: Mapping[str, Any]) -> dict[str, FlagSpec]:
    """Declarations as a schema's ``[flags.NAME]`` tables would give them."""
    return parse_specs(declared, "schema.toml")


def report(table: Mapping[str, Mapping[str, str | None]],
           declared: Mapping[str, FlagSpec] | None = None,
           code: Mapping[str, Sequence[Origin]] | None = None, **policy: Any) -> FlagReport:
    policy.setdefault("today", TODAY)
    policy.setdefault("declared_any", bool(declared))
    return analyse(inputs(table), declared or {}, build_policy(**policy), code)


def rules(rep: FlagReport, flag: str | None = None) -> list[str]:
    return sorted(f.rule for f in rep.result.findings if flag is None or f.key == flag)


def run_cli(args: Sequence[str], cwd: Path, command: Sequence[str] = ("flags",)
            ) -> subprocess.CompletedProcess[str]:
    """Run ``envguard flags ARGS`` in ``cwd``, isolated from any enclosing configuration."""
    from envguard.cli import main

    (cwd / ".git").mkdir(exist_ok=True)  # stops the config search at cwd
    return run_main(main, [*command, *args], cwd=cwd, env={"COLUMNS": "100", "NO_COLOR": "1"},
                    unset=["ENVGUARD_ENV"])


def run_json(args: Sequence[str], cwd: Path) -> tuple[int, dict[str, Any]]:
    proc = run_cli([*args, "--format", "json"], cwd)
    assert proc.stderr == "" or proc.returncode != 2, proc.stderr
    return proc.returncode, json.loads(proc.stdout)


def write_envs(folder: Path, table: Mapping[str, Mapping[str, str]]) -> list[str]:
    """One ``.env.NAME`` per environment; returns the ``NAME=path`` arguments."""
    args = []
    for env, values in table.items():
        path = folder / f".env.{env}"
        path.write_text("".join(f"{k}={v}\n" for k, v in values.items()), encoding="utf-8")
        args.append(f"{env}={path.name}")
    return args

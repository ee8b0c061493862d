"""``include = ["stack:NAME"]``: a team's schema starts from a built-in stack and refines
it. Unrefined, it is the stack (same declarations, environments, services and rules, the
same verdict on every example file); refined, the refinement wins; and a service of an
included stack can be loaded on its own."""

from __future__ import annotations

from pathlib import Path

import pytest

from envguard import EnvError, load
from envguard.errors import InputError
from envguard.findings import Severity
from envguard.schema.loader import builtin_stacks, load_schema, load_stack
from envguard.schema.model import Schema
from envguard.validate import check_files
from tests.conftest import ROOT

STACKS = sorted(builtin_stacks())


def _schema(tmp_path: Path, text: str) -> Schema:
    path = tmp_path / "team.toml"
    path.write_text(text, encoding="utf-8")
    return load_schema(path)


def _examples(stack: str) -> list[tuple[Path, str | None]]:
    """Each example file with the service its folder names (myapp/backend/.env.production)."""
    out = []
    for path in sorted((ROOT / "examples" / stack).rglob(".env.*")):
        parts = path.relative_to(ROOT / "examples" / stack).parts
        service = next((p for p in parts[:-1] if p != "mistakes"), None)
        out.append((path, service))
    return out


def _verdict(path: Path, schema: Schema, service: str | None) -> list[tuple[str, str | None]]:
    from envguard.schema.services import with_service

    scoped = with_service(schema, service)
    assert isinstance(scoped, Schema)
    env = path.name.removeprefix(".env.")
    result = check_files([path], scoped, env)
    return sorted((f.rule, f.key) for f in result.findings if f.severity >= Severity.WARNING)


@pytest.mark.parametrize("stack", STACKS)
def test_an_unrefined_include_is_the_stack(tmp_path: Path, stack: str) -> None:
    base = load_stack(stack)
    team = _schema(tmp_path, f'[stack]\nname = "team"\ninclude = ["stack:{stack}"]\n')
    assert team.vars == base.vars
    assert (team.environments, team.live_environments) == (base.environments,
                                                           base.live_environments)
    assert team.services == base.services
    assert team.rules == base.rules
    examples = _examples(stack)
    assert examples
    for path, service in examples:
        assert _verdict(path, team, service) == _verdict(path, base, service), path


@pytest.mark.parametrize("stack", STACKS)
def test_a_refinement_wins_over_the_stack(tmp_path: Path, stack: str) -> None:
    base = load_stack(stack)
    key = next(k for k, v in base.vars.items() if not v.platform and not v.required)
    team = _schema(tmp_path, f'[stack]\nname = "team"\ninclude = ["stack:{stack}"]\n\n'
                             f'[vars.{key}]\nrequired = true\ndescription = "ours"\n\n'
                             '[vars.TEAM_ONLY]\ntype = "int"\n')
    assert team.vars[key].required is True and team.vars[key].description == "ours"
    assert team.vars[key].type == base.vars[key].type  # the rest of the declaration stays
    assert team.vars["TEAM_ONLY"].type == "int"
    assert team.name == "team"


def test_a_refinement_for_an_environment_the_stack_lacks_is_a_schema_error(
        tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"team.toml:5: .*'prod' is not an environment"):
        _schema(tmp_path, '[stack]\nname = "team"\ninclude = ["stack:threadr"]\n\n'
                          '[vars.PORT.env.prod]\nrequired = true\n')


def test_an_unknown_stack_is_named(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"team.toml:3: include 'stack:nope' not found"):
        _schema(tmp_path, '[stack]\nname = "team"\ninclude = ["stack:nope"]\n')


def test_load_one_service_of_a_stack(tmp_path: Path) -> None:
    backend = ROOT / "examples" / "threadr" / "backend" / ".env.production"
    settings = load("threadr", "production", files=[backend], environ={}, service="backend")
    assert "OPENAI_API_KEY" in settings
    assert not any(k.startswith("NEXT_PUBLIC_") for k in settings)
    with pytest.raises(EnvError, match="NEXT_PUBLIC_"):  # the whole stack wants the frontend's
        load("threadr", "production", files=[backend], environ={})
    team = tmp_path / "team.toml"
    team.write_text('[stack]\nname = "team"\ninclude = ["stack:threadr"]\n')
    assert set(load(team, "production", files=[backend], environ={},
                    service="backend")) == set(settings)
    with pytest.raises(InputError, match="unknown service"):
        load("threadr", "production", files=[backend], environ={}, service="web")

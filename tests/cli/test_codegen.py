"""``envguard codegen``: the pydantic-settings class loads with pydantic-settings, the JSON
Schema is current and accepts every built-in schema file, outputs hold no secret value,
``-o`` never overwrites without ``--force``. (The zod and t3-env modules run under node in
tests/e2e/test_codegen_node.py.)"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest
from pydantic import SecretStr, ValidationError

from envguard._toml import loads_toml
from envguard.generate.jsonschema import render_json_schema
from envguard.schema.loader import load_stack
from envguard.sources import read_layers
from tests.conftest import ROOT, Run

STACKS = ("vibelog", "threadr", "threadly", "myapp")
STORED = ROOT / "schemas" / "envguard-schema.json"


def _import(path: Path, name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # pydantic resolves the postponed annotations through it
    spec.loader.exec_module(module)
    return module


def _values(path: Path) -> dict[str, str]:
    envset, _ = read_layers([path])
    return {k: v for k, v in envset.values().items() if v is not None}


@pytest.mark.parametrize("stack", STACKS)
def test_python_class_loads_with_pydantic_settings(run_envguard: Run, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch,
                                                   stack: str) -> None:
    """Generated for production, the class reads a production example that envguard check
    finds clean of invalid values, with typed fields (ints, SecretStr for secrets)."""
    out = tmp_path / f"{stack}_settings.py"
    proc = run_envguard(["codegen", "--stack", stack, "--target", "python",
                         "--env", "production", "-o", str(out)])
    assert proc.returncode == 0, proc.stderr
    module = _import(out, f"generated_{stack}_settings")
    example = sorted((ROOT / "examples" / stack).rglob(".env.production"))
    values: dict[str, str] = {}
    for path in example:
        if "mistakes" not in path.parts:
            values.update(_values(path))
    for key in list(__import__("os").environ):
        monkeypatch.delenv(key, raising=False)
    for key, value in values.items():
        monkeypatch.setenv(key, value)
    settings = module.Settings()
    schema = load_stack(stack)
    for key, value in values.items():
        spec = schema.vars.get(key)
        if spec is None or not value:
            continue
        got = getattr(settings, key.lower())
        if spec.secret and spec.type == "string":
            assert isinstance(got, SecretStr) and got.get_secret_value() == value
        elif spec.type in ("int", "port"):
            assert got == int(value)


def test_python_class_rejects_what_the_schema_rejects(run_envguard: Run, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "vibelog_prod.py"
    assert run_envguard(["codegen", "--stack", "vibelog", "--target", "python",
                         "--env", "production", "-o", str(out)]).returncode == 0
    module = _import(out, "generated_vibelog_prod")
    good = _values(ROOT / "examples" / "vibelog" / ".env.production")
    for key in list(__import__("os").environ):
        monkeypatch.delenv(key, raising=False)
    for key, value in good.items():
        monkeypatch.setenv(key, value)
    module.Settings()
    monkeypatch.delenv("DATABASE_URL")  # required in production
    with pytest.raises(ValidationError, match="database_url"):
        module.Settings()
    monkeypatch.setenv("DATABASE_URL", good["DATABASE_URL"])
    monkeypatch.setenv("NEXTAUTH_SECRET", "short")  # min_length 32
    with pytest.raises(ValidationError, match="nextauth_secret"):
        module.Settings()


def test_json_schema_is_up_to_date() -> None:
    assert STORED.read_text(encoding="utf-8") == render_json_schema(), (
        "regenerate: envguard codegen --target jsonschema -o schemas/envguard-schema.json "
        "--force")


def test_every_builtin_schema_file_validates_against_the_json_schema() -> None:
    from jsonschema import Draft202012Validator

    validator = Draft202012Validator(json.loads(STORED.read_text(encoding="utf-8")))
    files = sorted((ROOT / "schemas").rglob("*.toml"))
    assert len(files) > 40
    for path in files:
        errors = [e.message for e in validator.iter_errors(loads_toml(path.read_text("utf-8")))]
        assert not errors, (path.name, errors[:3])


def test_json_schema_rejects_a_misspelled_field() -> None:
    from jsonschema import Draft202012Validator

    validator = Draft202012Validator(json.loads(STORED.read_text(encoding="utf-8")))
    bad = loads_toml('[vars.API_KEY]\nrequred = true\n')
    assert list(validator.iter_errors(bad))
    bad_type = loads_toml('[vars.PORT]\ntype = "integer"\n')
    assert list(validator.iter_errors(bad_type))
    assert not list(validator.iter_errors(loads_toml('[vars.PORT]\ntype = "port"\n')))


@pytest.mark.parametrize("target", ["python", "zod", "t3-env"])
@pytest.mark.parametrize("stack", STACKS)
def test_outputs_hold_no_secret_value(run_envguard: Run, tmp_path: Path, stack: str,
                                      target: str) -> None:
    """No value of any example file's secret variables, and nothing the scanner flags."""
    out = tmp_path / ("settings.py" if target == "python" else f"env.{target}.ts")
    proc = run_envguard(["codegen", "--stack", stack, "--target", target, "-o", str(out)])
    assert proc.returncode == 0, proc.stderr
    text = out.read_text(encoding="utf-8")
    schema = load_stack(stack)
    for path in (ROOT / "examples" / stack).rglob(".env.*"):
        for key, value in _values(path).items():
            spec = schema.vars.get(key)
            if len(value) >= 8 and (spec is None or spec.secret):
                assert value not in text, (path.name, key)
    scan = run_envguard(["scan", str(out), "--format", "json"])
    assert scan.returncode == 0, scan.stdout[-2000:]


def test_output_file_is_never_overwritten_without_force(run_envguard: Run,
                                                        tmp_path: Path) -> None:
    out = tmp_path / "env.ts"
    out.write_text("keep me\n")
    proc = run_envguard(["codegen", "--stack", "vibelog", "--target", "zod", "-o", str(out)])
    assert proc.returncode == 2
    assert "already exists" in proc.stderr and "--force" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert out.read_text() == "keep me\n"
    forced = run_envguard(["codegen", "--stack", "vibelog", "--target", "zod", "-o", str(out),
                           "--force"])
    assert forced.returncode == 0
    assert 'import { z } from "zod";' in out.read_text()


def test_stdout_by_default_and_bad_input_exit_2(run_envguard: Run) -> None:
    proc = run_envguard(["codegen", "--stack", "vibelog", "--target", "python"])
    assert proc.returncode == 0 and "class Settings(BaseSettings):" in proc.stdout
    unknown = run_envguard(["codegen", "--stack", "nosuch", "--target", "zod"])
    assert unknown.returncode == 2 and "unknown stack" in unknown.stderr
    no_schema = run_envguard(["codegen", "--target", "zod"])
    assert no_schema.returncode == 2 and "no schema" in no_schema.stderr
    bad_env = run_envguard(["codegen", "--stack", "vibelog", "--target", "python",
                            "--env", "prodd"])
    assert bad_env.returncode == 2 and "production" in bad_env.stderr


def test_help_has_examples(run_envguard: Run) -> None:
    proc = run_envguard(["codegen", "--help"])
    assert proc.returncode == 0
    assert "envguard codegen --stack vibelog --target zod" in proc.stdout
    assert "t3-env" in proc.stdout and "jsonschema" in proc.stdout


def test_t3_module_splits_client_and_server_by_public_prefix(run_envguard: Run) -> None:
    proc = run_envguard(["codegen", "--stack", "threadr", "--service", "frontend",
                         "--target", "t3-env"])
    assert proc.returncode == 0, proc.stderr
    server, client = proc.stdout.split("  server: {", 1)[1].split("  client: {", 1)
    client = client.split("\n  },", 1)[0]
    assert "NEXT_PUBLIC_API_URL: field(" in client
    assert "NEXT_PUBLIC_" not in server
    assert 'from "@t3-oss/env-nextjs"' in proc.stdout


def test_python_class_keeps_credential_checks_under_a_teams_own_names(
        run_envguard: Run, tmp_path: Path) -> None:
    """A schema of the team's own naming a built-in credential format: the generated
    class carries the formats (``envguard.credential``), so ``load(Settings)`` finds a test
    key in production and a malformed key, and a publishable key in a public variable is
    not taken for an exposed secret."""
    import envguard
    from tests.fakes import stripe_key

    (tmp_path / "schema.toml").write_text(
        '[stack]\nname = "payments"\nenvironments = ["development", "production"]\n'
        'include = ["stripe"]\n\n'
        '[vars.PAYMENTS_KEY]\ncredential = ["stripe-secret-key", "stripe-restricted-key"]\n'
        "secret = true\nrequired = true\n\n"
        '[vars.NEXT_PUBLIC_BILLING_PK]\ncredential = ["stripe-publishable-key"]\n')
    out = tmp_path / "payments_settings.py"
    proc = run_envguard(["codegen", "--schema", str(tmp_path / "schema.toml"),
                         "--target", "python", "-o", str(out)])
    assert proc.returncode == 0, proc.stderr
    assert "credential('stripe-secret-key', 'stripe-restricted-key')" in out.read_text()
    settings = _import(out, "generated_payments_settings").Settings
    public = stripe_key("pk", "live")
    good = envguard.load(settings, "production", environ={
        "PAYMENTS_KEY": stripe_key("rk", "live"), "NEXT_PUBLIC_BILLING_PK": public})
    assert good.next_public_billing_pk == public
    test_key = stripe_key("sk", "test")
    with pytest.raises(envguard.EnvError) as caught:
        envguard.load(settings, "production", environ={"PAYMENTS_KEY": test_key})
    assert [f.rule for f in caught.value.findings] == ["wrong-mode"]
    assert test_key not in str(caught.value)
    with pytest.raises(envguard.EnvError) as caught:
        envguard.load(settings, "production", environ={"PAYMENTS_KEY": "sk_live_short"})
    assert [f.rule for f in caught.value.findings] == ["invalid-value"]

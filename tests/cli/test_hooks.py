"""Each hook's ``main(argv)`` on its own: thin, table-driven, failing closed."""

from __future__ import annotations

import secrets as secrets_module
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml  # type: ignore[import-untyped]

from envguard_hooks import dotenv, no_env_files
from tests import fakes
from tests.conftest import ROOT

EXAMPLES = ROOT / "examples" / "vibelog"


@pytest.mark.parametrize(("files", "code"), [
    ([".env"], 1),
    ([".env.local"], 1),
    ([".env.production"], 1),
    (["config/prod.env"], 1),
    ([".env.example"], 0),
    ([".env.sample", ".env.template", ".env.schema"], 0),
    (["app/.env.example", "README.md"], 0),
    ([], 0),
])
def test_no_env_files(files: list[str], code: int, capsys: pytest.CaptureFixture[str]) -> None:
    assert no_env_files.main(files) == code
    err = capsys.readouterr().err
    assert all(f in err for f in files if code and ".env" in f and "example" not in f)


def test_no_env_files_allow_option() -> None:
    assert no_env_files.main(["--allow", ".env.ci", ".env.ci"]) == 0


def _sops_metadata() -> str:
    return (f"sops_age__list_0__map_recipient=age1{secrets_module.token_hex(29)}\n"
            f"sops_lastmodified=2026-01-01T00:00:00Z\nsops_mac={fakes.sops_ciphertext()}\n"
            "sops_version=3.9.0\n")


@pytest.mark.parametrize(("name", "text"), [
    (".env.production", lambda: f'#/---[DOTENV_PUBLIC_KEY]---/\n'
     f'DOTENV_PUBLIC_KEY_PRODUCTION="02{secrets_module.token_hex(32)}"\n\n'
     f'STRIPE_SECRET_KEY="{fakes.dotenvx_ciphertext()}"\nPORT="{fakes.dotenvx_ciphertext()}"\n'),
    (".env", lambda: f"STRIPE_SECRET_KEY={fakes.sops_ciphertext()}\n"
     f"PORT={fakes.sops_ciphertext('int')}\n" + _sops_metadata()),
    (".env.local", lambda: 'STRIPE_SECRET_KEY="op://Private/Stripe/secret key"\n'
     "DATABASE_URL=op://dev/db/url\n"),
])
def test_no_env_files_lets_fully_encrypted_files_through(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        name: str, text: Callable[[], str]) -> None:
    monkeypatch.chdir(tmp_path)
    content = text()
    (tmp_path / name).write_text(content)
    assert no_env_files.main([name]) == 0
    # one plain value among them, or an empty one, blocks the commit and is named
    for plain in ("API_TOKEN=plain-text-token", "DEBUG="):
        (tmp_path / name).write_text(content + plain + "\n")
        assert no_env_files.main([name]) == 1
        err = capsys.readouterr().err
        assert f"{name}: encrypted env file with a plain value" in err
        assert f"({plain.split('=')[0]})" in err and "plain-text-token" not in err


def test_no_env_files_still_blocks_dotenvx_private_keys_and_unparsable_lines(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    private = secrets_module.token_hex(32)
    (tmp_path / ".env.keys").write_text(f'DOTENV_PRIVATE_KEY="{private}"\n')
    assert no_env_files.main([".env.keys"]) == 1
    assert "real env file staged" in capsys.readouterr().err
    (tmp_path / ".env").write_text(f'A="{fakes.dotenvx_ciphertext()}"\nB="never closed\n')
    assert no_env_files.main([".env"]) == 1
    assert "(line 2)" in capsys.readouterr().err
    (tmp_path / ".env").write_text(f'DOTENV_PUBLIC_KEY="02{secrets_module.token_hex(32)}"\n')
    assert no_env_files.main([".env"]) == 1  # nothing encrypted: an ordinary env file


def test_dotenv_hook_validates_against_stack(capsys: pytest.CaptureFixture[str]) -> None:
    assert dotenv.main(["--stack", "vibelog", str(EXAMPLES / ".env.production")]) == 0
    assert dotenv.main(["--stack", "vibelog", str(EXAMPLES / "mistakes" / ".env.production")]) == 1
    assert "wrong-mode" in capsys.readouterr().err


def test_dotenv_hook_lints_without_a_schema(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()  # stop the config search here
    (tmp_path / ".env.example").write_text('A="never closed\n')
    assert dotenv.main([".env.example"]) == 1
    # the file, then line 1 at the opening quote
    assert ".env.example\n  1:3  error  " in capsys.readouterr().err


def test_dotenv_hook_fails_closed_on_unusable_input(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    binary = tmp_path / ".env"
    binary.write_bytes(b"\x00\x01")
    assert dotenv.main(["--stack", "vibelog", str(binary)]) == 2
    assert "NUL byte" in capsys.readouterr().err


def test_hook_fails_closed_on_internal_error(monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    def boom(*args: object, **kwargs: object) -> list[str]:
        raise RuntimeError("secret-looking text must not be echoed")

    monkeypatch.setattr(no_env_files, "forbidden_env_files", boom)
    assert no_env_files.main([".env"]) == 2
    err = capsys.readouterr().err
    assert "internal error: RuntimeError" in err and "commit blocked" in err
    assert "secret-looking" not in err


def test_every_hook_is_declared_and_documented() -> None:
    manifest = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    ids = {hook["id"] for hook in manifest}
    assert ids == {"envguard-secrets", "envguard-dotenv", "envguard-no-env-files",
                   "envguard-flags"}
    readme = (ROOT / "README.md").read_text()
    pyproject = (ROOT / "pyproject.toml").read_text()
    for hook in manifest:
        assert f"id: {hook['id']}" in readme
        assert f'{hook["entry"]} = "envguard_hooks.' in pyproject
        assert hook["language"] == "python"


def test_flags_hook_without_configured_environments(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from envguard_hooks import flags

    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()
    assert flags.main([]) == 0
    assert "no [tool.envguard.files] configured" in capsys.readouterr().err


def test_flags_hook_checks_configured_environments(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from envguard_hooks import flags

    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()
    (tmp_path / "pyproject.toml").write_text(
        '[tool.envguard.files]\nstaging = [".env.staging"]\nproduction = [".env.production"]\n')
    (tmp_path / ".env.staging").write_text("ENABLE_BETA=false\n")
    (tmp_path / ".env.production").write_text("ENABLE_BETA=true\n")
    assert flags.main([]) == 1  # on in production, never tried in staging
    assert "ENABLE_BETA" in capsys.readouterr().out


@pytest.mark.parametrize("exc", [BrokenPipeError(32, "Broken pipe"),
                                 OSError(28, "No space left on device"), KeyboardInterrupt()])
def test_hook_fails_closed_when_output_cannot_be_written(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        exc: BaseException) -> None:
    """The CLI and the hooks share one guard: a report that could not be written (or an
    interrupted run) is exit 2, never a pass."""
    import envguard.cli
    from envguard_hooks import secrets

    def closed(argv: object) -> int:
        raise exc

    monkeypatch.setattr(envguard.cli, "build_parser", lambda only=None: _Parser(closed))
    assert envguard.cli.main(["scan"]) == 2
    assert secrets.main(["--", "x.py"]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.count("\n") == 2


class _Parser:
    """Stands in for argparse: every command runs ``func``."""

    def __init__(self, func: object) -> None:
        self.func = func

    def parse_args(self, argv: object) -> object:
        import argparse

        return argparse.Namespace(func=self.func)


HOSTILE_NAMES = ["--help", "--list-rules", "--exclude=*", "--update-baseline", "-o", "--",
                 "--baseline", "--allow", "--allow=*.env", "a b.py", "-x\nnew line.py"]


@pytest.fixture
def hostile_tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    from tests.gitrepo import isolated_repo

    repo = isolated_repo(tmp_path, monkeypatch)
    monkeypatch.chdir(repo)
    for name in HOSTILE_NAMES:
        (repo / name).write_text("x = 1\n")
    return repo


@pytest.mark.parametrize("staged", [False, True])
@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_secrets_hook_never_takes_a_file_name_for_an_option(
        hostile_tree: Path, name: str, staged: bool,
        capsys: pytest.CaptureFixture[str]) -> None:
    """A file named ``--help`` (``--exclude=*``, ``--update-baseline``...) staged beside a
    live key made the hook pass (and the last one wrote a baseline)."""
    from envguard_hooks import secrets
    from tests.fakes import stripe_key
    from tests.gitrepo import git

    (hostile_tree / "app.py").write_text(f'KEY = "{stripe_key()}"\n')
    if staged:
        git(hostile_tree, "add", "-A")
    assert secrets.main([name, "app.py"]) == 1
    assert secrets.main(["--exclude", "nothing", name, "app.py"]) == 1
    assert not (hostile_tree / ".envguard-baseline.json").exists()
    assert "app.py" in capsys.readouterr().out


@pytest.mark.parametrize("name", ["--allow=*.env", "--allow", "--help", "--"])
def test_no_env_files_hook_never_takes_a_file_name_for_an_option(
        hostile_tree: Path, name: str) -> None:
    (hostile_tree / "prod.env").write_text("A=1\n")
    assert no_env_files.main([name, "prod.env"]) == 1
    assert no_env_files.main(["--allow", "x.env", name, "prod.env"]) == 1


def test_dotenv_hook_never_takes_a_file_name_for_an_option(
        hostile_tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (hostile_tree / "--help").write_text('A="never closed\n')
    assert dotenv.main(["--help"]) == 1
    assert "--help\n  1:3  error  " in capsys.readouterr().err


def test_hook_options_before_file_names_still_work(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()
    (tmp_path / "ci.env").write_text("A=1\n")
    assert no_env_files.main(["--allow", "ci.env", "ci.env"]) == 0
    assert no_env_files.main(["--allow=ci.env", "--", "ci.env"]) == 0
    assert no_env_files.main(["--bogus", "ci.env"]) == 2  # unknown option: exit 2
    (tmp_path / "--allow").write_text("")  # an existing file is a file name, first
    assert no_env_files.main(["--allow", "ci.env", "ci.env"]) == 1


def test_flags_hook_fails_closed_on_a_bad_pyproject(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """The config was read outside the guard: a traceback and exit 1."""
    from envguard_hooks import flags

    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()
    (tmp_path / "pyproject.toml").write_text("[tool.envguard\nstack = \n")
    assert flags.main([]) == 2
    err = capsys.readouterr().err
    assert "pyproject.toml" in err and "Traceback" not in err

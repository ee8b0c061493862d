"""One answer to "is this an env file, a template, which environment": the scanner, the
hooks and the format detector all ask ``envguard.envfiles``."""

from __future__ import annotations

import pytest

from envguard import envfiles
from envguard.errors import InputError
from envguard.sources.detect import detect_format
from envguard_hooks import no_env_files

REAL = [".env", ".env.local", ".env.production", ".env.production.local", "prod.env",
        "app/.env.bak", ".env.orig", ".env.old", "some/dir/.env.staging"]
TEMPLATES = [".env.example", ".env.sample", ".env.template", ".env.tpl", "example.env",
             ".env.production.example", ".env.dist", ".env.defaults", "env.sample"]
NOT_ENV = ["env.json", "prod.json", "secrets.yaml", "-", "<stdin>", "environment.py", "env"]


@pytest.mark.parametrize("path", REAL)
def test_real_env_files(path: str) -> None:
    assert envfiles.is_env_file(path) and envfiles.is_real_env_file(path)
    assert not envfiles.is_template(path)


@pytest.mark.parametrize("path", TEMPLATES)
def test_templates(path: str) -> None:
    assert envfiles.is_template(path) and not envfiles.is_real_env_file(path)


@pytest.mark.parametrize("path", NOT_ENV)
def test_not_env_files(path: str) -> None:
    assert not envfiles.is_env_file(path)


@pytest.mark.parametrize("path", [*REAL, *TEMPLATES, *NOT_ENV])
def test_hook_and_scanner_and_detector_agree(path: str) -> None:
    """The hook blocks exactly the files the scanner calls real, and an env file name is
    read as dotenv by the detector."""
    blocked = no_env_files.main(["--", path]) == 1
    assert blocked == envfiles.is_real_env_file(path)
    if envfiles.is_env_file(path):
        assert detect_format("A=1\n", path) == "dotenv"


def test_allowed_globs() -> None:
    assert envfiles.forbidden_env_files([".env.ci", ".env"], ["*.ci"]) == [".env"]


@pytest.mark.parametrize(("path", "expected"), [
    (".env.production", "production"), ("prod.env", "prod"), (".env.staging.local", "staging"),
    (".env.local", "local"), (".env", None), ("app.config.env", None), (".env.example", "example"),
])
def test_environment_in_name(path: str, expected: str | None) -> None:
    assert envfiles.environment_in_name(path) == expected


def test_environment_from_name_needs_a_known_environment() -> None:
    assert envfiles.environment_from_name("prod.env", ["production"]) is None
    assert envfiles.environment_from_name("deploy/.env.production", ["production"]) == "production"


@pytest.mark.parametrize(("arg", "exists", "expected"), [
    ("production=prod.json", False, ("production", ["prod.json"])),
    ("staging=.env,.env.staging", False, ("staging", [".env", ".env.staging"])),
    ("a=b.env", True, None),  # an existing file whose name has '=' is a path
    ("x=", False, None),
])
def test_split_pair(arg: str, exists: bool, expected: tuple[str, list[str]] | None) -> None:
    assert envfiles.split_pair(arg, exists) == expected


def test_environment_argument_explains_what_to_write() -> None:
    assert envfiles.environment_argument(".env.production", exists=True) == (
        "production", [".env.production"])
    with pytest.raises(InputError, match=r"write NAME=vars.json \(e.g. production=vars.json\)"):
        envfiles.environment_argument("vars.json", exists=True)

"""Issue 13: a secret of any kind, in any position, through any command and format, never
shows: no run of 8 or more characters of its key material reaches stdout, stderr, a
written file or an exception's text."""

from __future__ import annotations

import random
import re
import warnings
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import envguard
from envguard.findings import EnvError
from envguard.secrecy import KNOWN_PREFIXES
from tests.fakes import secret_kinds
from tests.support.inprocess import run_main

KINDS = sorted(secret_kinds(random.Random(0)))
RUN = 8


def material(value: str) -> str:
    """The part of a fake credential that is key material (not a fixed prefix or a host)."""
    url = re.match(r"[a-z+]+://(?:([^:/@]*):([^@]*)@)?([^/?#]*)(.*)", value)
    if url:
        return url.group(2) or url.group(4).rsplit("/", 1)[-1]
    pem = re.search(r"-----\\n(.*)\\n-----END", value)
    if pem:
        return pem.group(1)
    for prefix in KNOWN_PREFIXES:
        if value.startswith(prefix):
            return value[len(prefix):]
    return value


def _fixed_text() -> frozenset[str]:
    """Literal runs inside the built-in formats' patterns (OpenAI's ``T3BlbkFJ`` marker):
    the same in every key of the format, so a format description may name them."""
    from envguard.schema.loader import builtin_credentials

    return frozenset(run for fmt in builtin_credentials().values()
                     for run in re.findall(rf"[A-Za-z0-9]{{{RUN},}}", fmt.regex))


FIXED = _fixed_text()


def assert_hidden(text: str, secret: str, where: str) -> None:
    body = material(secret)
    for i in range(len(body) - RUN + 1):
        run = body[i:i + RUN]
        if any(run in fixed for fixed in FIXED):
            continue
        assert run not in text, f"{run!r} of the secret in {where}"


SCHEMA = """
[stack]
name = "leaks"
environments = ["development", "staging", "production"]
[vars.GREETING]
secret = false
[vars.NOTIFY_TARGET]
secret = false
[vars.PORT]
type = "port"
[flags.ENABLE_BETA]
type = "bool"
"""

MODEL = """
from pydantic import field_validator
from pydantic_settings import BaseSettings
class Settings(BaseSettings):
    notify_target: str = ""
    port: int = 0
    @field_validator("notify_target")
    @classmethod
    def check(cls, value: str) -> str:
        if value:
            raise ValueError(f"rejected {value[len(value) // 3:]} and {value}")
        return value
"""


def _files(tmp: Path, name: str, value: str) -> None:
    one_line = value.replace("\n", "\\n")
    # in the key position: key material of 16+ characters (a shorter bare word cannot be
    # told from a name); a short password is covered in the value positions
    bare = re.sub(r"[^A-Za-z0-9]", "", material(value))[:60]
    bare = bare if len(bare) >= 16 else "PLAIN_NAME"
    (tmp / "schema.toml").write_text(SCHEMA)
    (tmp / "leaks_model.py").write_text(MODEL)
    env = (f"# rotated last week, was {one_line}\n"
           f"GREETING=hello\nNOTIFY_TARGET='{one_line}'\n{name}='{one_line}'\n"
           f"PORT='{one_line}'\nENABLE_BETA={one_line}\n{bare}\n")
    for stage in ("development", "staging", "production"):
        (tmp / f".env.{stage}").write_text(env)
    (tmp / ".env.example").write_text(env)
    (tmp / "app.py").write_text(f'TOKEN = "{one_line}"\nclient = make("{one_line}")\n')


def _commands() -> list[list[str]]:
    out: list[list[str]] = []
    for fmt in ("text", "json", "sarif", "github", "markdown"):
        out.append(["check", ".env.production", "--schema", "schema.toml", "--env",
                    "production", "--format", fmt])
    for fmt in ("text", "json", "markdown"):
        out.append(["check", ".env.production", "--model", "leaks_model:Settings",
                    "--format", fmt])
    for fmt in ("text", "table", "markdown", "json"):
        out.append(["compare", ".env.development", ".env.staging", ".env.production",
                    "--schema", "schema.toml", "--format", fmt])
    for fmt in ("text", "markdown", "json", "html"):
        out.append(["flags", "--schema", "schema.toml", ".env.development", ".env.staging",
                    ".env.production", "--format", fmt])
    for fmt in ("text", "json", "sarif", "github"):
        out.append(["scan", "app.py", ".env.production", "--format", fmt])
    out += [["init", ".env.example", "-o", "init.toml"],
            ["example", "--schema", "init.toml"],
            ["explain", "NOTIFY_TARGET", "--schema", "init.toml"],
            ["explain", "GREETING", "--schema", "init.toml"]]
    return out


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(kind=st.sampled_from(KINDS), seed=st.integers(0, 2**16))
def test_no_secret_anywhere(kind: str, seed: int, tmp_path_factory: pytest.TempPathFactory,
                            ) -> None:
    from envguard.cli import main

    name, value = secret_kinds(random.Random(seed))[kind]
    tmp = tmp_path_factory.mktemp("leaks")
    _files(tmp, name, value)
    for args in _commands():
        done = run_main(main, args, cwd=tmp, env={"NO_COLOR": "1"})
        assert_hidden(done.stdout + done.stderr, value, " ".join(args))
        assert done.returncode in (0, 1), (args, done.stderr[-300:])
    for written in tmp.glob("*.toml"):
        assert_hidden(written.read_text(), value, written.name)
    # the Python API: load()'s settings, its error, and reprs
    environ = {"GREETING": "hello", "NOTIFY_TARGET": value, name: value}
    with warnings.catch_warnings(record=True) as caught:  # a secret in a plain variable
        warnings.simplefilter("always", envguard.EnvWarning)
        settings_ = envguard.load(tmp / "schema.toml", environ=environ)
    assert_hidden(repr(settings_) + str(settings_), value, "repr(load())")
    assert_hidden(" ".join(str(w.message) for w in caught), value, "EnvWarning")
    with pytest.raises(EnvError) as err, warnings.catch_warnings():
        warnings.simplefilter("ignore", envguard.EnvWarning)
        envguard.load(tmp / "schema.toml", environ={**environ, "PORT": value})
    assert_hidden(str(err.value) + repr(err.value.findings), value, "EnvError")


def _name_material(value: str) -> str:
    """A secret as a file name holds it: its key material, without path separators."""
    return re.sub(r"[^A-Za-z0-9_-]", "", material(value))[:80]


#: 20 characters up: a shorter bare body (an AWS key id without AKIA, a 16-character URL
#: password) reads like a file name too often to hide always (tests/unit/test_redaction.py).
#: A UUID (a Postmark server token) is left out too: UUID-named files and folders (caches,
#: uploads, migrations) are everywhere, and hiding them all would hide the file.
_UUID = re.compile(r"[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}")
FILE_NAME_KINDS = [k for k in KINDS
                   if len(_name_material(secret_kinds(random.Random(0))[k][1])) >= 20
                   and not _UUID.fullmatch(_name_material(secret_kinds(random.Random(0))[k][1]))]


def test_key_material_as_a_file_name_is_hidden_nearly_always() -> None:
    """Each kind's key material as a bare file name, 40 fresh draws of every kind: its
    shape alone hides it in at least 99% (measured: 99.9%)."""
    from envguard.secrecy import shown_path

    rng = random.Random()
    parts = [_name_material(secret_kinds(rng)[kind][1])
             for _ in range(40) for kind in FILE_NAME_KINDS]
    missed = [p for p in parts if p[:RUN] in shown_path(f"{p}.env")]
    assert len(missed) < 0.01 * len(parts), len(missed)


# derandomized: a bare random token as a name is caught by its shape in ~99.9% of draws
# (the test above); the same ten draws each run keep this one exact
@settings(max_examples=10, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(kind=st.sampled_from(FILE_NAME_KINDS), seed=st.integers(0, 2**16))
def test_no_secret_in_a_file_name(kind: str, seed: int,
                                  tmp_path_factory: pytest.TempPathFactory) -> None:
    """A key pasted as a file or folder name is text like any other: findings, reports,
    hooks and errors show the file with that part redacted."""
    from envguard.cli import main
    from pre_commit_hooks import dotenv, no_env_files, secrets

    name, value = secret_kinds(random.Random(seed))[kind]
    part = _name_material(value)
    tmp = tmp_path_factory.mktemp("names")
    (tmp / part).mkdir()
    env_file = f"{part}.env"
    (tmp / env_file).write_text(f"{name}='{value.replace(chr(10), '')}'\nPORT=x\nPORT=y\n")
    (tmp / part / "app.py").write_text(f'TOKEN = "{value.replace(chr(10), "")}"\n')
    runs: list[tuple[str, list[str]]] = []
    for fmt in ("text", "json", "sarif", "github", "markdown"):
        runs.append(("main", ["check", env_file, "--stack", "vibelog", "--format", fmt]))
    for fmt in ("text", "json", "sarif", "github"):
        runs.append(("main", ["scan", ".", "--format", fmt]))
        runs.append(("main", ["lint", env_file, "--format", fmt]))
    runs += [("main", ["lint", f"{part}.missing"]), ("main", ["check", part]),
             ("dotenv", ["--", env_file]), ("no_env_files", ["--", env_file]),
             ("secrets", ["--", f"{part}/app.py", env_file])]
    entry = {"main": main, "dotenv": dotenv.main, "no_env_files": no_env_files.main,
             "secrets": secrets.main}
    for which, args in runs:
        done = run_main(entry[which], args, cwd=tmp, env={"NO_COLOR": "1"})
        assert_hidden(done.stdout + done.stderr, part, f"{which} {' '.join(args)}")
        assert done.returncode in (0, 1, 2), (args, done.stderr[-300:])

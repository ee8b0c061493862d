"""The hooks through the real pre-commit (from PyPI) and real ``git commit``.

A fresh repository takes the README's snippet verbatim, only its repo URL replaced by a
clone of this checkout, exactly as a new user would: the clone tags its HEAD with the
release tag the snippet pins (``v`` + the version, the README's tag policy), as a release
does. pre-commit builds the hook environment from the package registry.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.fakes import stripe_key
from tests.gitrepo import Repo
from tests.support.layout import reported_at

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="session")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("pre-commit") is None:
        pytest.fail("pre-commit is not installed (it is in the test extras)")
    return tmp_path_factory.mktemp("pre-commit-home")


def readme_snippet() -> str:
    text = (ROOT / "README.md").read_text()
    block = re.search(r"## pre-commit hooks.*?```yaml\n(.*?)```", text, re.S)
    assert block, "the README has a pre-commit snippet"
    return block.group(1)


@pytest.fixture(scope="session")
def envguard_rev(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    """A clone of this checkout's HEAD, so pre-commit sees committed code as users do,
    with HEAD tagged as the release the README's snippet pins."""
    clone = tmp_path_factory.mktemp("envguard-src") / "envguard"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
    (rev,) = re.findall(r"rev: (\S+)", readme_snippet())
    subprocess.run(["git", "-c", "tag.gpgSign=false", "tag", "-f", rev], cwd=clone,
                   check=True, capture_output=True)
    return str(clone), rev


@pytest.fixture
def repo(tmp_path: Path, pre_commit_home: Path, envguard_rev: tuple[str, str]) -> Iterator[Repo]:
    source, rev = envguard_rev
    r = Repo(tmp_path / "app", tmp_path / "home")
    r.env["PRE_COMMIT_HOME"] = str(pre_commit_home)
    snippet = readme_snippet()
    config = re.sub(r"(repo: )\S+", lambda m: m.group(1) + source, snippet, count=1)
    assert config.replace(source, "URL") == re.sub(r"(repo: )\S+", r"\1URL", snippet)
    assert f"rev: {rev}" in config  # verbatim: the pinned tag exists in the clone
    r.write(".pre-commit-config.yaml", config)
    r.write("pyproject.toml", '[tool.envguard]\nstack = "vibelog"\n')
    r.write("README.md", "app\n")
    r.git("add", "-A")
    r.run("git", "commit", "-q", "--no-verify", "-m", "init")
    installed = r.run("pre-commit", "install", check=False)
    assert installed.returncode == 0, installed.stderr
    yield r


def test_real_env_file_is_blocked_and_template_passes(repo: Repo) -> None:
    repo.write(".env.example", "NODE_ENV=development\nSTRIPE_SECRET_KEY=\n")
    ok = repo.commit("template")
    assert ok.returncode == 0, ok.stdout + ok.stderr
    repo.write(".env.production", "NODE_ENV=production\n")
    blocked = repo.commit("real env")
    assert blocked.returncode != 0
    assert ".env.production: real env file staged" in blocked.stdout + blocked.stderr
    assert "Traceback" not in blocked.stdout + blocked.stderr


def test_broken_env_template_is_blocked(repo: Repo) -> None:
    repo.write(".env.example", 'NODE_ENV="development\nOPENAI_API_KEY=\n')
    blocked = repo.commit("broken template")
    out = blocked.stdout + blocked.stderr
    assert blocked.returncode != 0
    assert reported_at(out, ".env.example", 1) and "unterminated-quote" in out


def test_clean_commit_passes(repo: Repo) -> None:
    repo.write("src/app.py", "print('hello')\n")
    done = repo.commit("clean")
    assert done.returncode == 0, done.stdout + done.stderr


def test_live_key_in_a_committed_template_never_printed(repo: Repo) -> None:
    key = stripe_key("sk", "live")
    repo.write(".env.example", f"NEXT_PUBLIC_STRIPE_KEY={key}\n")
    blocked = repo.commit("leak")
    out = blocked.stdout + blocked.stderr
    assert blocked.returncode != 0
    assert key not in out


def test_live_stripe_key_is_blocked_naming_file_and_line(repo: Repo) -> None:
    key = stripe_key("sk", "live")
    repo.write("src/billing.py", f"import stripe\n\nstripe.api_key = \"{key}\"\n")
    blocked = repo.commit("add billing")
    out = blocked.stdout + blocked.stderr
    assert blocked.returncode != 0
    assert reported_at(out, "src/billing.py", 3)
    assert key not in out and "sk_live_" in out  # redacted, with its prefix


def test_allowed_line_passes(repo: Repo) -> None:
    key = stripe_key("sk", "live")
    repo.write("src/fixture.py", f"KEY = \"{key}\"  # envguard: allow\n")
    done = repo.commit("allowed")
    assert done.returncode == 0, done.stdout + done.stderr


def test_staged_content_is_judged_not_the_working_tree(repo: Repo) -> None:
    key = stripe_key("sk", "live")
    repo.write("config.py", f"STRIPE_KEY = \"{key}\"\n")
    repo.git("add", "config.py")
    repo.write("config.py", "STRIPE_KEY = os.environ['STRIPE_KEY']\n")  # unstaged fix
    blocked = repo.run("git", "commit", "-q", "--no-gpg-sign", "-m", "staged key", check=False)
    assert blocked.returncode != 0
    assert reported_at(blocked.stdout + blocked.stderr, "config.py", 1)
    # and the reverse: a clean staged file with a key only in the working tree passes
    repo.run("git", "reset", "-q")
    repo.write("config.py", "STRIPE_KEY = os.environ['STRIPE_KEY']\n")
    repo.git("add", "config.py")
    repo.write("config.py", f"STRIPE_KEY = \"{key}\"\n")
    done = repo.run("git", "commit", "-q", "--no-gpg-sign", "-m", "clean staged", check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def test_all_files_run_scans_the_files_themselves(repo: Repo) -> None:
    key = stripe_key("sk", "live")
    repo.write("legacy.py", f"KEY = \"{key}\"\n")
    repo.git("add", "legacy.py")
    repo.run("git", "commit", "-q", "--no-verify", "-m", "old leak")
    run = repo.run("pre-commit", "run", "--all-files", "envguard-secrets", check=False)
    assert run.returncode != 0
    out = run.stdout + run.stderr
    assert reported_at(out, "legacy.py", 1) and key not in out


HOSTILE = ["--help", "--list-rules", "--exclude=*", "--update-baseline", "--allow=*.env",
           "with space.py", "new\nline.py", "-leading.py", "--"]


def test_hostile_staged_file_names_are_file_names_not_options(repo: Repo) -> None:
    """Staged files named like options made the hooks pass beside a live key (and
    ``--update-baseline`` wrote a baseline; ``--allow=*.env`` let a real .env through)."""
    key = stripe_key("sk", "live")
    for name in HOSTILE:
        repo.write(name, "A=1\n")
    repo.write("src/pay.py", f'STRIPE = "{key}"\n')
    repo.write("prod.env", "A=1\n")
    blocked = repo.commit("hostile names")
    out = blocked.stdout + blocked.stderr
    assert blocked.returncode != 0, out
    assert reported_at(out, "src/pay.py", 1) and key not in out
    assert "prod.env: real env file staged" in out
    assert "--allow=*.env: real env file staged" in out
    assert not (repo.path / ".envguard-baseline.json").exists()
    assert "Traceback" not in out
    # and under --all-files, once committed without the hooks
    repo.run("git", "commit", "-q", "--no-verify", "-m", "hostile names")
    run = repo.run("pre-commit", "run", "--all-files", check=False)
    assert run.returncode != 0
    out = run.stdout + run.stderr
    assert reported_at(out, "src/pay.py", 1) and key not in out
    assert not (repo.path / ".envguard-baseline.json").exists()

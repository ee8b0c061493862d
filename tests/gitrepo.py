"""Real git repositories in temp dirs, isolated from the developer's own git config."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest


def git_env(home: str) -> dict[str, str]:
    """An environment that pins author/committer and keeps git away from ~/.gitconfig."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update({
        "HOME": home, "XDG_CONFIG_HOME": home, "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.invalid",
        "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.invalid",
        "NO_COLOR": "1",
    })
    return env


def git(repo: object, *args: str, env: dict[str, str] | None = None) -> str:
    where = Path(str(repo))
    proc = subprocess.run(["git", *args], cwd=where, env=env or git_env(str(where.parent)),
                          capture_output=True, check=True)
    return proc.stdout.decode("utf-8", "surrogateescape")


def init_repo(path: object, env: dict[str, str] | None = None) -> None:
    """``git init`` with main as the default branch and an empty template directory."""
    where = Path(str(path))
    where.mkdir(parents=True, exist_ok=True)
    (where.parent / "git-template").mkdir(exist_ok=True)
    git(where, "-c", "init.defaultBranch=main", "init", "-q",
        f"--template={where.parent / 'git-template'}", env=env)
    git(where, "config", "commit.gpgsign", "false", env=env)


def commit_all(repo: object, message: str = "change") -> str:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--no-gpg-sign", "-m", message)
    return git(repo, "rev-parse", "HEAD").strip()


class Repo:
    """A throwaway repository with its own home; ``run`` keeps failures for the test."""

    def __init__(self, path: Path, home: Path) -> None:
        self.path = path
        self.env = git_env(str(home))
        init_repo(path, env=self.env)

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run(list(args), cwd=self.path, env=self.env, capture_output=True,
                              text=True, check=check, timeout=600)

    def git(self, *args: str) -> str:
        return git(self.path, *args, env=self.env)

    def write(self, name: str, text: str) -> Path:
        path = self.path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        return path

    def commit(self, message: str = "change") -> subprocess.CompletedProcess[str]:
        self.git("add", "-A")
        return self.run("git", "commit", "-q", "--no-gpg-sign", "-m", message, check=False)


def isolated_repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """``tmp_path/repo``, a fresh repository, with this test's git environment (its own
    HOME and identity, no user or system config) set for the rest of the test."""
    path = tmp_path / "repo"
    init_repo(path)
    for key, value in git_env(str(tmp_path)).items():
        monkeypatch.setenv(key, value)
    return path

"""Real git repositories in temp dirs, isolated from the developer's own git config."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path


def git_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update({
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.invalid",
        "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.invalid",
        "NO_COLOR": "1",
    })
    return env


class Repo:
    """A throwaway repository; ``git(...)`` runs git in it and returns stdout."""

    def __init__(self, path: Path, home: Path) -> None:
        self.path = path
        self.env = git_env(home)
        path.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", "main", "--template=")
        self.git("config", "commit.gpgsign", "false")

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run(list(args), cwd=self.path, env=self.env, capture_output=True,
                              text=True, check=check, timeout=600)

    def git(self, *args: str) -> str:
        return self.run("git", *args).stdout

    def write(self, name: str, text: str) -> Path:
        path = self.path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        return path

    def commit(self, message: str = "change", *paths: str) -> subprocess.CompletedProcess[str]:
        self.git("add", *(paths or ("-A",)))
        return self.run("git", "commit", "-q", "--no-gpg-sign", "-m", message, check=False)

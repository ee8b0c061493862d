"""The parser against real git output: staged changes, ranges, history, merges."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from envguard.errors import InputError
from envguard.sources import gitdiff, gitrun
from tests.gitrepo import commit_all, git, git_env, isolated_repo

pytestmark = pytest.mark.e2e


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = isolated_repo(tmp_path, monkeypatch)
    monkeypatch.chdir(path)
    return path


def added(patches: list[gitdiff.FilePatch]) -> dict[str, list[tuple[int, str]]]:
    out: dict[str, list[tuple[int, str]]] = {}
    for p in patches:
        out.setdefault(p.path, []).extend(zip(p.numbers, p.texts, strict=True))
    return out


def test_staged_lines_map_to_the_new_file(repo: Path) -> None:
    (repo / "a.txt").write_text("one\ntwo\nthree\nfour\n")
    commit_all(repo, "first")
    (repo / "a.txt").write_text("one\nTWO\nthree\nfour\nfive\n")
    (repo / "dir with space").mkdir()
    (repo / "dir with space" / "ü b.env").write_bytes(b"K=v\r\nL=caf\xe9\n")
    git(repo, "add", "-A")
    patches = list(gitrun.staged_patches())
    got = added(patches)
    assert got["a.txt"] == [(2, "TWO"), (5, "five")]
    assert [n for n, _ in got["dir with space/ü b.env"]] == [1, 2]
    assert got["dir with space/ü b.env"][0][1] == "K=v"
    lines = (repo / "a.txt").read_text().split("\n")
    for number, text in got["a.txt"]:
        assert lines[number - 1] == text


def test_binary_rename_and_mode_changes_from_git(repo: Path) -> None:
    (repo / "old.txt").write_text("x\n" * 20)
    (repo / "run.sh").write_text("echo\n")
    commit_all(repo)
    git(repo, "mv", "old.txt", "new.txt")
    (repo / "new.txt").write_text("x\n" * 20 + "y\n")
    (repo / "pic.bin").write_bytes(bytes(range(256)))
    os.chmod(repo / "run.sh", 0o755)
    git(repo, "add", "-A")
    got = {p.path: p for p in gitrun.staged_patches()}
    assert got["new.txt"].status == "renamed" and got["new.txt"].texts == ["y"]
    assert got["new.txt"].numbers == [21]
    assert got["pic.bin"].binary and not got["pic.bin"].texts
    assert got["run.sh"].status == "mode"


def test_rev_range_and_history_carry_commits(repo: Path) -> None:
    (repo / "f").write_text("a\n")
    first = commit_all(repo, "one")
    (repo / "f").write_text("a\nb\n")
    second = commit_all(repo, "two")
    seen: list[str] = []
    ranged = list(gitrun.log_patches(f"{first}..HEAD"))
    assert [(p.commit, p.texts) for p in ranged] == [(second, ["b"])]
    history = list(gitrun.log_patches(None, on_commit=seen.append))
    assert {p.commit for p in history} == {first, second}
    assert sorted(seen) == sorted([first, second])
    assert gitrun.count_commits(None) == 2


def test_merge_with_a_hand_resolution_is_parsed_as_a_combined_diff(repo: Path) -> None:
    (repo / "m.txt").write_text("base\n")
    commit_all(repo, "base")
    git(repo, "checkout", "-q", "-b", "side")
    (repo / "m.txt").write_text("side\n")
    commit_all(repo, "side")
    git(repo, "checkout", "-q", "main")
    (repo / "m.txt").write_text("main\n")
    commit_all(repo, "main")
    proc_env = git_env(str(repo.parent))
    import subprocess

    subprocess.run(["git", "merge", "-q", "side"], cwd=repo, env=proc_env,
                   capture_output=True, check=False)
    (repo / "m.txt").write_text("resolved\n")
    commit_all(repo, "merge")
    combined = git(repo, "show", "--cc", "--format=", "HEAD")
    assert "@@@" in combined
    assert added(gitdiff.parse_diff_text(combined)) == {"m.txt": [(1, "resolved")]}


def test_staged_outside_a_repository_is_a_clear_input_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    outside = tmp_path / "plain"
    outside.mkdir()
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    monkeypatch.chdir(outside)
    with pytest.raises(InputError, match="--staged needs a git repository"):
        list(gitrun.staged_patches())


def test_bad_range_is_an_input_error(repo: Path) -> None:
    (repo / "f").write_text("a\n")
    commit_all(repo)
    with pytest.raises(InputError, match="git log"):
        list(gitrun.log_patches("nope..HEAD"))
    with pytest.raises(InputError, match="cannot start with '-'"):
        list(gitrun.log_patches("--output=x"))


HOSTILE_CONFIG = {
    "diff.external": "/bin/true", "diff.hide.textconv": "sh -c 'true'",
    "color.ui": "always", "color.diff": "always", "diff.noprefix": "true",
    "diff.mnemonicPrefix": "true", "core.quotePath": "true", "log.showRoot": "false",
    "diff.relative": "true", "diff.submodule": "diff",
}


@pytest.mark.parametrize("attributes", ["*.py -diff\n", "*.py binary\n", "*.py diff=hide\n"])
def test_attributes_and_hostile_config_hide_nothing(repo: Path, attributes: str) -> None:
    """``-diff``/``binary``/a textconv driver and a hostile git config hid files from
    ``--staged`` and ``--history`` (git printed "Binary files differ" or nothing)."""
    global_attrs = repo.parent / "attributes"
    global_attrs.write_text(attributes)
    (repo / ".gitattributes").write_text(attributes)
    for key, value in {**HOSTILE_CONFIG, "core.attributesFile": str(global_attrs)}.items():
        git(repo, "config", key, value)
    (repo / "sub").mkdir()
    (repo / "sub" / "a b.py").write_text("TOKEN = 1\n")
    assert added(list(gitrun.staged_patches())) == {}  # nothing staged yet
    git(repo, "add", "-A")
    assert added(list(gitrun.staged_patches()))["sub/a b.py"] == [(1, "TOKEN = 1")]
    commit_all(repo, "root")
    history = added(list(gitrun.log_patches(None)))
    assert history["sub/a b.py"] == [(1, "TOKEN = 1")]
    (repo / "pic.bin").write_bytes(b"\0" * 10 + b"TOKEN = 2\n")
    git(repo, "add", "-A")
    assert [p.binary for p in gitrun.staged_patches() if p.path == "pic.bin"] == [True]


def test_staged_paths_are_literal_pathspecs(repo: Path) -> None:
    """A staged file named ``*`` or ``:!x`` is a file name, not a pathspec."""
    (repo / "a.py").write_text("A = 1\n")
    (repo / ":(exclude)a.py").write_text("B = 1\n")
    git(repo, "add", "-A")
    got = added(list(gitrun.staged_patches(paths=[":(exclude)a.py"])))
    assert got == {":(exclude)a.py": [(1, "B = 1")]}
    assert added(list(gitrun.staged_patches(paths=["*"]))) == {}


def test_lines_written_in_a_merge_resolution_are_scanned_once(repo: Path) -> None:
    """``git log -p`` shows no merge diffs: a key added while resolving was invisible."""
    import subprocess

    (repo / "m.txt").write_text("base\n")
    commit_all(repo, "base")
    git(repo, "checkout", "-q", "-b", "side")
    (repo / "m.txt").write_text("side\n")
    (repo / "s.txt").write_text("from side\n")
    commit_all(repo, "side")
    git(repo, "checkout", "-q", "main")
    (repo / "m.txt").write_text("main\n")
    main = commit_all(repo, "main")
    subprocess.run(["git", "merge", "-q", "side"], cwd=repo, env=git_env(str(repo.parent)),
                   capture_output=True, check=False)
    (repo / "m.txt").write_text("main\nresolved\n")
    (repo / "new.txt").write_text("only in the merge\n")
    merge = commit_all(repo, "merge")
    lines = [(p.commit, p.path, t) for p in gitrun.log_patches(None) for t in p.texts]
    assert (merge, "m.txt", "resolved") in lines
    assert (merge, "new.txt", "only in the merge") in lines
    # what a parent brought is scanned in the parent's commit, not again in the merge
    assert sorted(t for c, _, t in lines if t in ("main", "side", "from side")) == [
        "from side", "main", "side"]
    assert [c for c, _, _ in lines].count(merge) == 2
    ranged = [(p.path, t) for p in gitrun.log_patches(f"{main}..HEAD") for t in p.texts
              if p.commit == merge]
    assert sorted(ranged) == [("m.txt", "resolved"), ("new.txt", "only in the merge")]

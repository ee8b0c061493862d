"""envguard and pre-commit's own ``pre-commit-hooks`` distribution in one environment.

The hook modules live in the folder ``pre_commit_hooks/`` but install as ``envguard_hooks``:
``pre_commit_hooks`` is the import name of pre-commit-hooks, and two distributions that own
one package overwrite each other's modules, and uninstalling either deletes the other's
files. These tests install both, run a command of each, and uninstall each in turn.

Everything runs offline: envguard's wheel is built from this checkout with the hatchling of
the test environment, and pre-commit-hooks' wheel is packed again from its installed files.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import importlib.metadata
import io
import json
import os
import re
import subprocess
import sys
import sysconfig
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.e2e

THEIRS = "pre-commit-hooks"

# Run inside an environment: which distributions own which top-level packages, which
# installed files are missing, and where the two packages (and one module of each) are.
PROBE = """
import importlib.metadata as md, importlib.util, json, re

def origin(name):
    try:
        spec = importlib.util.find_spec(name)
    except ModuleNotFoundError:
        return None
    return spec.origin if spec else None

missing = {}
for name in ("envguard", "pre-commit-hooks"):
    try:
        dist = md.distribution(name)
    except md.PackageNotFoundError:
        continue
    missing[name] = [str(f) for f in dist.files or () if not f.locate().exists()]
owners = md.packages_distributions()
print(json.dumps({
    "owners": {pkg: sorted(re.sub(r"[-_.]+", "-", d).lower() for d in owners.get(pkg, []))
               for pkg in ("pre_commit_hooks", "envguard_hooks")},
    "missing": missing,
    "origins": {m: origin(m) for m in ("pre_commit_hooks", "pre_commit_hooks.check_yaml",
                                       "envguard_hooks", "envguard_hooks.no_env_files")},
}))
"""


def clean_env() -> dict[str, str]:
    """No PYTHONPATH, no pip configuration or version check: only the environment counts."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "PIP_"))}
    return {**env, "PIP_CONFIG_FILE": os.devnull, "PIP_DISABLE_PIP_VERSION_CHECK": "1",
            "PIP_NO_INPUT": "1", "NO_COLOR": "1"}


def run(args: Sequence[str | Path], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(a) for a in args], cwd=cwd, env=clean_env(),
                          capture_output=True, text=True, timeout=120)


def check(args: Sequence[str | Path], cwd: Path) -> str:
    proc = run(args, cwd)
    assert proc.returncode == 0, f"{args}: {proc.stdout}{proc.stderr}"
    return proc.stdout


def probe(python: str | Path, cwd: Path) -> dict[str, Any]:
    """PROBE in ``python``, isolated (-I) so neither cwd nor the checkout is on sys.path."""
    result: dict[str, Any] = json.loads(check([python, "-I", "-c", PROBE], cwd))
    return result


def pip(python: Path, *args: str | Path) -> list[str | Path]:
    """This environment's pip acting on ``python``'s environment (which has no pip)."""
    return [sys.executable, "-m", "pip", "--python", python, *args]


def record_hash(data: bytes) -> str:
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def wheel_from_installed(name: str, wheelhouse: Path) -> Path:
    """A wheel of the installed distribution ``name``, packed from its installed files.

    Scripts (outside site-packages) are left out, since pip writes them again from
    ``entry_points.txt``, and so are bytecode and the installer's own records.
    """
    dist = importlib.metadata.distribution(name)
    tag = re.findall(r"^Tag: (\S+)$", dist.read_text("WHEEL") or "", re.M)[-1]
    stem = f"{re.sub(r'[-_.]+', '_', dist.metadata['Name'])}-{dist.version}"
    target = wheelhouse / f"{stem}-{tag}.whl"
    records = io.StringIO()
    writer = csv.writer(records, lineterminator="\n")
    record_path = ""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as whl:
        for file in dist.files or ():
            parts = file.parts
            if parts[0] == ".." or "__pycache__" in parts or file.suffix == ".pyc":
                continue
            if parts[0].endswith(".dist-info") and parts[-1] in (
                    "RECORD", "INSTALLER", "REQUESTED", "direct_url.json"):
                record_path = f"{parts[0]}/RECORD"
                continue
            data = file.locate().read_bytes()
            whl.writestr(file.as_posix(), data)
            writer.writerow([file.as_posix(), record_hash(data), len(data)])
        writer.writerow([record_path, "", ""])
        whl.writestr(record_path, records.getvalue())
    return target


@pytest.fixture(scope="module")
def wheelhouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """envguard's wheel, built from the checkout, next to pre-commit-hooks' wheel."""
    try:
        importlib.metadata.distribution(THEIRS)
    except importlib.metadata.PackageNotFoundError:
        pytest.fail(f"{THEIRS} is not installed (it is in the test extras)")
    house = tmp_path_factory.mktemp("wheelhouse")
    check([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-index",
           "--no-build-isolation", "-w", house, ROOT], house)
    wheel_from_installed(THEIRS, house)
    return house


def test_envguard_wheel_has_no_pre_commit_hooks_package(wheelhouse: Path) -> None:
    (wheel,) = wheelhouse.glob("envguard-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert {n.split("/")[0] for n in names} == {"envguard", "envguard_hooks",
                                                "envguard-0.1.0.dist-info"}
    assert "envguard_hooks/no_env_files.py" in names
    assert "envguard_hooks/_hatch_editable.py" not in names  # a build hook, not shipped
    entry_points = zipfile.ZipFile(wheel).read("envguard-0.1.0.dist-info/entry_points.txt")
    assert b"envguard-no-env-files = envguard_hooks.no_env_files:main" in entry_points


def test_both_in_this_environment(tmp_path: Path) -> None:
    """The test environment has both (``.[test]``): each import name is its own package."""
    found = probe(sys.executable, tmp_path)
    assert found["owners"] == {"pre_commit_hooks": [THEIRS], "envguard_hooks": ["envguard"]}
    origins = found["origins"]
    assert all(origins.values()), origins
    theirs = Path(importlib.metadata.distribution(THEIRS).locate_file("pre_commit_hooks"))
    assert Path(origins["pre_commit_hooks.check_yaml"]).parent == theirs
    # editable install: the checkout's folder; regular install: site-packages/envguard_hooks
    ours = Path(origins["envguard_hooks.no_env_files"]).parent
    installed = Path(sysconfig.get_path("purelib")) / "envguard_hooks"
    assert ours in (ROOT / "pre_commit_hooks", installed)

    scripts = Path(sysconfig.get_path("scripts"))
    (tmp_path / "good.yaml").write_text("a: 1\n")
    (tmp_path / "bad.yaml").write_text("a: [1\n")
    assert run([scripts / "check-yaml", "good.yaml"], tmp_path).returncode == 0
    assert run([scripts / "check-yaml", "bad.yaml"], tmp_path).returncode == 1
    hook = scripts / "envguard-no-env-files"
    assert run([hook, "--", ".env.example"], tmp_path).returncode == 0
    blocked = run([hook, "--", ".env"], tmp_path)
    assert blocked.returncode == 1 and "real env file" in blocked.stderr


def test_uninstalling_either_keeps_the_other(wheelhouse: Path, tmp_path: Path) -> None:
    """A throwaway environment with both wheels: uninstall one, the other is intact."""
    venv = tmp_path / "venv"
    check([sys.executable, "-m", "venv", "--without-pip", venv], tmp_path)
    python = venv / ("Scripts" if os.name == "nt" else "bin") / "python"
    install = pip(python, "install", "-q", "--no-deps", "--no-index", "--find-links", wheelhouse)

    check([*install, "envguard", THEIRS], tmp_path)
    both = probe(python, tmp_path)
    assert both["owners"] == {"pre_commit_hooks": [THEIRS], "envguard_hooks": ["envguard"]}
    assert both["missing"] == {"envguard": [], THEIRS: []}

    check(pip(python, "uninstall", "-q", "-y", "envguard"), tmp_path)
    only_theirs = probe(python, tmp_path)
    assert only_theirs["missing"] == {THEIRS: []}
    # a regular package still, not the namespace left when a shared __init__.py goes
    assert only_theirs["origins"]["pre_commit_hooks"].endswith("__init__.py")
    assert only_theirs["origins"]["pre_commit_hooks.check_yaml"]
    assert only_theirs["origins"]["envguard_hooks"] is None

    check([*install, "envguard"], tmp_path)
    check(pip(python, "uninstall", "-q", "-y", THEIRS), tmp_path)
    only_ours = probe(python, tmp_path)
    assert only_ours["missing"] == {"envguard": []}
    assert only_ours["origins"]["envguard_hooks"].endswith("__init__.py")
    assert only_ours["origins"]["envguard_hooks.no_env_files"]
    assert only_ours["origins"]["pre_commit_hooks"] is None

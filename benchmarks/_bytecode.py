"""Benchmarks time envguard as users run it: installed, with compiled bytecode.

pip compiles a package's ``.pyc`` files at install time; an editable checkout on a
machine with ``PYTHONDONTWRITEBYTECODE`` set never gets them, and every run would pay
for compiling envguard's source again. Compile once before timing.
"""

from __future__ import annotations

import compileall
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def compile_bytecode() -> None:
    # folders of the checkout: pre_commit_hooks/ is imported as envguard_hooks
    for folder in ("envguard", "pre_commit_hooks"):
        compileall.compile_dir(ROOT / folder, quiet=1)

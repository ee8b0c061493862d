"""Build hook: an editable install exposes this folder as ``envguard_hooks``.

The wheel maps the folder ``pre_commit_hooks/`` to the package ``envguard_hooks``
(``[tool.hatch.build.targets.wheel.sources]``), so envguard never owns the import name of
pre-commit's own ``pre-commit-hooks`` distribution. Hatchling's editable wheels cannot
rename a package (they put the checkout on ``sys.path``, where the folder is still called
``pre_commit_hooks``), so for editable builds only this hook adds a one-file
``envguard_hooks`` package whose ``__path__`` is the checkout's folder: its modules are
imported from the checkout, and edits take effect without reinstalling.

Used by hatchling at build time only; excluded from the wheel.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.config import BuilderConfig
from hatchling.builders.hooks.plugin.interface import BuildHookInterface

PACKAGE = "envguard_hooks"
FOLDER = "pre_commit_hooks"

SHIM = '''"""envguard_hooks of an editable envguard install: the checkout's {folder}/ folder.

Written by {folder}/_hatch_editable.py at install time; a regular wheel ships the modules.
"""

__path__ = [{folder_path!r}]
__file__ = {init_path!r}
with open(__file__, encoding="utf-8") as _init:
    exec(compile(_init.read(), __file__, "exec"))
del _init
'''


def shim_source(folder: Path) -> str:
    """The ``envguard_hooks/__init__.py`` of an editable install for the checkout ``folder``."""
    return SHIM.format(folder=FOLDER, folder_path=str(folder),
                       init_path=str(folder / "__init__.py"))


class EditableHooksPackage(BuildHookInterface[BuilderConfig]):
    """Adds the ``envguard_hooks`` shim to editable wheels; regular wheels are left alone."""

    _tmp: str | None = None

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if version != "editable":
            return
        self._tmp = tempfile.mkdtemp(prefix="envguard-editable-")
        shim = Path(self._tmp) / "__init__.py"
        shim.write_text(shim_source(Path(self.root).resolve() / FOLDER), encoding="utf-8")
        build_data["force_include"][str(shim)] = f"{PACKAGE}/__init__.py"

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        if self._tmp is not None:
            shutil.rmtree(self._tmp, ignore_errors=True)
            self._tmp = None

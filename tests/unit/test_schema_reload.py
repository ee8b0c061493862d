"""A schema file edited while the process runs is read again (``envguard.load`` in a
long-lived process, the in-process CLI tests)."""

from __future__ import annotations

import os
from pathlib import Path

from envguard.schema.loader import load_schema_file


def test_edited_schema_file_is_not_served_stale(tmp_path: Path) -> None:
    path = tmp_path / "schema.toml"
    path.write_text("[vars.PORT]\ntype = 'string'\n")
    assert load_schema_file(path).vars["PORT"].type == "string"
    path.write_text("[vars.PORT]\ntype = 'port'\nrequired = true\n")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert load_schema_file(path).vars["PORT"].type == "port"

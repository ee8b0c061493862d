"""The platform facts the export readers use come from ``schemas/platforms/*.toml``
(``[platform]`` tables), read with the TOML parser here, not through envguard."""

from __future__ import annotations

from pathlib import Path

import pytest

from envguard._toml import loads_toml
from envguard.sources.platforms import FORMATS, system
from tests.conftest import ROOT

FILES = sorted((ROOT / "schemas" / "platforms").glob("*.toml"))


def _table(path: Path) -> dict[str, object]:
    data = loads_toml(path.read_text(encoding="utf-8"))
    table: dict[str, object] = data["platform"]
    return table


def test_every_platform_file_has_a_platform_table() -> None:
    assert {p.stem for p in FILES} >= {"vercel", "railway", "heroku", "netlify", "doppler",
                                       "render", "fly"}
    assert [p.id for p in system.platforms()] == [p.stem for p in FILES]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_the_facts_are_the_files(path: Path) -> None:
    table = _table(path)
    for name in table.get("names", []):  # type: ignore[attr-defined]
        assert system.platform_of(name) == path.stem
    for name in table.get("user_set", []):  # type: ignore[attr-defined]
        assert system.platform_of(name) is None
    for fmt in table.get("formats", []):  # type: ignore[attr-defined]
        assert fmt in FORMATS
        assert system.format_platform(fmt) == path.stem


def test_prefixes_fall_back_to_the_provider_header() -> None:
    assert system.platform_of("RAILWAY_PROJECT_ID") == "railway"
    assert system.platform_of("TURBO_CACHE") == "vercel"
    assert system.platform_of("HEROKU_APP_NAME") == "heroku"
    assert system.platform_of("MY_APP_SECRET") is None


def test_a_new_platform_is_a_new_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "acme.toml").write_text(
        '[platform]\nname = "Acme"\nprefixes = ["ACME_"]\nuser_set = ["ACME_TOKEN"]\n'
        'formats = ["raw"]\n', encoding="utf-8")
    monkeypatch.setattr(system, "platforms_dir", lambda: tmp_path)
    for cached in (system.platforms, system._format_platform, system._user_set):
        cached.cache_clear()
    try:
        assert system.platform_of("ACME_REGION") == "acme"
        assert system.platform_of("ACME_TOKEN") is None
        assert not system.set_by_hand("ACME_REGION", "raw")
        assert system.set_by_hand("ACME_REGION", "dotenv")
    finally:
        for cached in (system.platforms, system._format_platform, system._user_set):
            cached.cache_clear()


def test_the_json_snapshot_is_current() -> None:
    # after editing a [platform] table: python -m envguard.sources.platforms.system
    snapshot = ROOT / "schemas" / "platforms" / system.SNAPSHOT
    assert snapshot.read_text(encoding="utf-8") == system.snapshot_text()


def test_a_stale_snapshot_is_never_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    toml = tmp_path / "acme.toml"
    toml.write_text('[platform]\nprefixes = ["ACME_"]\n', encoding="utf-8")
    monkeypatch.setattr(system, "platforms_dir", lambda: tmp_path)
    (tmp_path / system.SNAPSHOT).write_text(
        system.snapshot_text().replace('"acme"', '"from-snapshot"'), encoding="utf-8")
    system.platforms.cache_clear()
    try:
        assert [p.id for p in system.platforms()] == ["from-snapshot"]  # current: it serves
        toml.write_text('[platform]\nprefixes = ["ACME_", "ACM_"]\n', encoding="utf-8")
        system.platforms.cache_clear()
        assert [p.prefixes for p in system.platforms()] == [("ACME_", "ACM_")]
    finally:
        system.platforms.cache_clear()


def test_reading_a_dotenv_file_imports_no_toml_parser() -> None:
    import subprocess
    import sys

    code = ("import sys, tempfile, pathlib\n"
            "from envguard.sources import read_source\n"
            "p = pathlib.Path(tempfile.mkdtemp()) / '.env'\n"
            "p.write_text('ZED=1\\nALPHA=2\\nMID=3\\n')\n"
            "read_source(p)\n"
            "print('tomllib' in sys.modules or 'tomli' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=ROOT).stdout.strip()
    assert out == "False"

"""``envguard providers`` lists what each built-in piece declares. The expected answer is
read from the TOML files themselves with the TOML parser, not from envguard's catalog."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from envguard._toml import loads_toml  # tomllib, or tomli on 3.10: not the catalog
from tests.conftest import ROOT, Run

# a platforms/ file with only a [platform] table (the export readers' facts) declares no piece
PIECES = sorted(p for p in [*(ROOT / "schemas" / "providers").glob("*.toml"),
                            *(ROOT / "schemas" / "platforms").glob("*.toml")]
                if "provider" in loads_toml(p.read_text(encoding="utf-8")))


def _declared(path: Path) -> dict[str, object]:
    data = loads_toml(path.read_text(encoding="utf-8"))
    return {"id": data["provider"]["id"], "vars": sorted(data.get("vars", {})),
            "credentials": sorted(data.get("credentials", {})),
            "rules": sorted(r["name"] for r in data.get("rules", [])),
            "platform": path.parent.name == "platforms"}


def test_the_list_names_every_piece_once(run_envguard: Run) -> None:
    proc = run_envguard(["providers", "--format", "json"])
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(proc.stdout)["providers"]
    assert [r["id"] for r in rows] == sorted(_declared(p)["id"] for p in PIECES)  # type: ignore[type-var]
    text = run_envguard(["providers"]).stdout.splitlines()
    assert [line.split()[0] for line in text] == [r["id"] for r in rows]


@pytest.mark.parametrize("piece", PIECES, ids=lambda p: p.stem)
def test_one_piece_shows_what_its_file_declares(run_envguard: Run, piece: Path) -> None:
    declared = _declared(piece)
    proc = run_envguard(["providers", str(declared["id"]), "--format", "json"])
    assert proc.returncode == 0, proc.stderr
    shown = json.loads(proc.stdout)
    assert sorted(v["key"] for v in shown["variables"]) == declared["vars"]
    assert sorted(c["id"] for c in shown["credentials"]) == declared["credentials"]
    assert sorted(r["name"] for r in shown["rules"]) == declared["rules"]
    assert shown["platform"] is declared["platform"]
    text = run_envguard(["providers", str(declared["id"])]).stdout
    for name in [*declared["vars"], *declared["credentials"], *declared["rules"]]:  # type: ignore[misc]
        assert name in text
    assert f'include = ["{declared["id"]}"]' in text


def test_no_example_shape_is_printed(run_envguard: Run) -> None:
    """A format's examples are key-shaped templates; names and descriptions only."""
    data = loads_toml((ROOT / "schemas" / "providers" / "stripe.toml").read_text())
    for fmt in ("json", "text"):
        out = run_envguard(["providers", "stripe", "--format", fmt]).stdout
        for spec in data["credentials"].values():
            assert all(example not in out for example in spec.get("examples", []))
        assert "{base62" not in out


def test_an_unknown_provider_is_a_usage_error_with_the_near_miss(run_envguard: Run) -> None:
    proc = run_envguard(["providers", "strpe"])
    assert proc.returncode == 2
    assert "unknown provider 'strpe' (did you mean 'stripe'?)" in proc.stderr
    assert proc.stdout == ""

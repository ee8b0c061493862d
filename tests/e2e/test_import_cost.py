"""``import envguard`` and ``envguard.load()`` pay only for what loading needs."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import ROOT

EXAMPLE = ROOT / "examples" / "vibelog" / ".env.production"


def modules_after(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", code + "\nimport sys, json; print(json.dumps(sorted(sys.modules)))"],
        capture_output=True, text=True, check=True,
    ).stdout
    return set(json.loads(out.splitlines()[-1]))


def test_import_envguard_is_cheap() -> None:
    loaded = modules_after("import envguard")
    assert not {"detect_secrets", "pydantic", "argparse", "dotenv", "requests"} & loaded
    assert not [m for m in loaded if m.startswith("envguard.") and m != "envguard"]


def test_reading_a_secret_gives_pydantic_secretstr() -> None:
    loaded = modules_after(
        "import envguard\n"
        f"s = envguard.load('vibelog', files=[{str(EXAMPLE)!r}], environ={{}})\n"
        "assert type(s.STRIPE_SECRET_KEY).__name__ == 'SecretStr'"
    )
    assert "pydantic" in loaded


def test_load_imports_no_scanner_cli_or_reporters() -> None:
    loaded = modules_after(
        "import envguard\n"
        f"s = envguard.load('vibelog', files=[{str(EXAMPLE)!r}], environ={{}})\n"
        "assert s.NODE_ENV == 'production'"
    )
    assert "detect_secrets" not in loaded
    assert "argparse" not in loaded
    assert "pydantic" not in loaded  # until a secret is read as SecretStr
    assert not [m for m in loaded if m.startswith(("envguard.reporters", "envguard.cli",
                                                   "envguard.commands", "envguard.secrets"))]

"""``load()`` is typed: a model class gives its instance, a name or path gives Settings."""

from __future__ import annotations

import sys
from pathlib import Path

from mypy import api

SNIPPET = '''
from pathlib import Path
from pydantic import SecretStr
from pydantic_settings import BaseSettings
import envguard

class MyModel(BaseSettings):
    port: int = 8000
    token: SecretStr

model = envguard.load(MyModel, environ={})
reveal_type(model)
port: int = model.port
settings = envguard.load("vibelog")
reveal_type(settings)
reveal_type(envguard.load(Path("schema.toml"), "production", files=[".env"]))
model.no_such_field
'''


def test_load_is_typed_for_mypy_strict(tmp_path: Path) -> None:
    snippet = tmp_path / "typed_load.py"
    snippet.write_text(SNIPPET)
    limit = sys.getrecursionlimit()  # mypy raises it for the whole process
    try:
        out, err, _ = api.run(["--strict", "--no-incremental", "--cache-dir",
                               str(tmp_path / "c"), "--python-version", "3.11", str(snippet)])
    finally:
        sys.setrecursionlimit(limit)
    lines = [line.split(": ", 1)[1] for line in out.splitlines() if ": " in line]
    assert 'note: Revealed type is "typed_load.MyModel"' in lines, out + err
    assert lines.count('note: Revealed type is "envguard.loading.Settings"') == 2, out
    errors = [line for line in lines if line.startswith("error:")]
    # the only error is the attribute the model does not have: no Any, no overload mismatch
    assert len(errors) == 1 and '"MyModel" has no attribute "no_such_field"' in errors[0], out

"""action.yml and the README's workflow against the stored SchemaStore schemas
(tests/fixtures/jsonschemas), and the version the snippets pin."""

from __future__ import annotations

import re
from typing import Any

import yaml

from envguard import __version__
from tests.conftest import ROOT
from tests.support.ci import validate


def _yaml(text: str) -> dict[str, Any]:
    doc: dict[str, Any] = yaml.safe_load(text)
    if True in doc:  # YAML 1.1 reads the key `on` as true; GitHub reads it as "on"
        doc["on"] = doc.pop(True)
    return doc


def readme_block(heading: str) -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(rf"## {heading}\n.*?```yaml\n(.*?)```", text, re.S)
    assert block, f"the README has a YAML block under '## {heading}'"
    return block.group(1)


def action() -> dict[str, Any]:
    return _yaml((ROOT / "action.yml").read_text(encoding="utf-8"))


def test_action_is_valid_under_the_github_action_schema() -> None:
    doc = action()
    validate(doc, "github-action.json")
    assert doc["runs"]["using"] == "composite"
    assert {"command", "args", "python-version", "upload-sarif"} <= set(doc["inputs"])
    steps = doc["runs"]["steps"]
    assert any('pip install' in s.get("run", "") and "$GITHUB_ACTION_PATH" in s["run"]
               for s in steps)
    assert any(s.get("uses", "").startswith("github/codeql-action/upload-sarif@")
               for s in steps)


def test_action_never_pastes_inputs_into_a_script() -> None:
    """``${{ inputs.args }}`` inside ``run:`` would be a script injection."""
    for step in action()["runs"]["steps"]:
        assert "${{" not in step.get("run", ""), step["name"]


def test_readme_workflow_is_valid_and_uses_the_action() -> None:
    doc = _yaml(readme_block("GitHub Actions"))
    validate(doc, "github-workflow.json")
    assert "pull_request" in doc["on"]
    inputs = set(action()["inputs"])
    steps = [s for job in doc["jobs"].values() for s in job["steps"]]
    ours = [s for s in steps if s.get("uses", "").startswith("envguard/envguard@")]
    commands = [s["with"]["command"] for s in ours]
    assert commands == ["check", "compare", "scan"]
    assert "--rev-range" in ours[2]["with"]["args"]
    for step in ours:
        assert set(step["with"]) <= inputs
        assert step["uses"] == f"envguard/envguard@v{__version__}"


def test_readme_snippets_pin_the_release_tag_of_this_version() -> None:
    """The tag policy: release v<version> is tagged v<version>; the snippets pin it."""
    snippet = readme_block("pre-commit hooks")
    (rev,) = re.findall(r"rev: (\S+)", snippet)
    assert rev == f"v{__version__}"


def test_the_stored_schemas_reject_a_broken_action() -> None:
    import jsonschema
    import pytest

    broken = action()
    del broken["runs"]["steps"][0]["uses"]
    with pytest.raises(jsonschema.ValidationError):
        validate(broken, "github-action.json")

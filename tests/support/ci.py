"""Checks of envguard's CI outputs against the stored schemas (tests/fixtures/jsonschemas)
and GitHub's rules for SARIF uploads and workflow commands."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from tests.conftest import FIXTURES

SCHEMAS = FIXTURES / "jsonschemas"
LEVELS = {"none", "note", "warning", "error"}


@cache
def schema(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
    return loaded


def validate(doc: Any, name: str) -> None:
    """Raise jsonschema's ValidationError unless ``doc`` is valid under the stored schema."""
    import jsonschema

    cls = jsonschema.validators.validator_for(schema(name))
    cls(schema(name)).validate(doc)


def check_sarif_for_github(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """The OASIS schema, then what GitHub's upload-sarif needs; the results."""
    validate(doc, "sarif-schema-2.1.0.json")
    assert doc["version"] == "2.1.0"
    (run,) = doc["runs"]
    driver = run["tool"]["driver"]
    rules = driver["rules"]
    ids = [r["id"] for r in rules]
    assert len(set(ids)) == len(ids)
    for rule in rules:
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
        assert rule["help"]["text"] and rule["help"]["markdown"]
        props = rule.get("properties", {})
        if "security-severity" in props:
            assert "security" in props["tags"]
            assert 0.0 <= float(props["security-severity"]) <= 10.0
    for result in run["results"]:
        assert result["ruleId"] and result["level"] in LEVELS and result["message"]["text"]
        assert ids[result["ruleIndex"]] == result["ruleId"]
        assert result["partialFingerprints"]
        for loc in result.get("locations", []):
            artifact = loc["physicalLocation"]["artifactLocation"]
            uri = artifact["uri"]
            assert not uri.startswith(("file:", "/")) and ":" not in uri.split("/")[0], uri
            assert ".." not in uri.split("/"), uri
            assert artifact["uriBaseId"] == "%SRCROOT%"
            assert loc["physicalLocation"]["region"]["startLine"] >= 1
    results: list[dict[str, Any]] = run["results"]
    return results


def uris(results: list[dict[str, Any]]) -> set[str]:
    return {loc["physicalLocation"]["artifactLocation"]["uri"]
            for r in results for loc in r.get("locations", [])}

"""SARIF 2.1.0 for GitHub code scanning (``github/codeql-action/upload-sarif``).

GitHub needs: ``version`` and ``$schema``, one run whose ``tool.driver`` names the
rules, results with ``ruleId``, ``message.text`` and a physical location with a
repository-relative URI and ``startLine`` >= 1, and ``partialFingerprints`` to follow a
result across commits. Rule descriptors come from :mod:`envguard.catalog`;
``security-severity`` puts security rules (secrets, exposure) in the security tab's scale.
Messages come from findings, which hold redacted text only.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from envguard import __version__
from envguard.findings import Finding, Result, Severity

# Imports inside functions are deliberate: the rule catalog (every provider schema) loads only for
# SARIF.

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
_SECURITY = {Severity.ERROR: "8.5", Severity.WARNING: "5.0", Severity.INFO: "2.0"}
_PROPERTIES = ("provider", "mode", "confidence", "kind", "commit")


def _rule(f: Finding) -> dict[str, Any]:
    """The rule descriptor, from the registry: its summary, its help, and the security
    tags and ``security-severity`` only for rules that are about security (GitHub files
    those under the security tab; a lowercase key is not a vulnerability)."""
    from envguard.catalog import get

    rule = get(f.rule)
    name = "".join(w.capitalize() for w in f.rule.replace("_", "-").split("-"))
    if rule is None:  # a finding built outside envguard's own checks (library use)
        text = str(f.extra.get("name") or f.rule)
        return {"id": f.rule, "name": name, "shortDescription": {"text": text},
                "fullDescription": {"text": text}, "help": {"text": f.hint or text},
                "defaultConfiguration": {"level": _LEVEL[f.severity]}}
    tags = [rule.kind]
    properties: dict[str, Any] = {"tags": tags}
    if rule.security:
        tags[:0] = ["security", *(["secrets"] if rule.kind == "scan" else [])]
        properties["security-severity"] = _SECURITY[rule.default_severity]
    return {
        "id": rule.id,
        "name": name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.help},
        "help": {"text": rule.help},
        "defaultConfiguration": {"level": _LEVEL[rule.default_severity]},
        "properties": properties,
    }


def _location(f: Finding) -> list[dict[str, Any]]:
    if not f.file:
        return []
    region: dict[str, Any] = {"startLine": max(f.line or 1, 1)}
    column = f.extra.get("column")
    if isinstance(column, int) and column >= 1:
        region["startColumn"] = column
    return [{"physicalLocation": {
        "artifactLocation": {"uri": quote(f.file[2:] if f.file.startswith("./") else f.file),
                             "uriBaseId": "%SRCROOT%"},
        "region": region,
    }}]


def render(result: Result, color: bool = False) -> str:
    findings = result.sorted()
    rules: dict[str, dict[str, Any]] = {}
    for f in findings:
        rules.setdefault(f.rule, _rule(f))
    index = {rule_id: i for i, rule_id in enumerate(rules)}
    results = []
    for f in findings:
        item: dict[str, Any] = {
            "ruleId": f.rule,
            "ruleIndex": index[f.rule],
            "level": _LEVEL[f.severity],
            "message": {"text": f.message + (f" ({f.hint})" if f.hint else "")},
            "locations": _location(f),
            "partialFingerprints": {"envguard/v1": f.fingerprint},
        }
        props = {k: f.extra[k] for k in _PROPERTIES if f.extra.get(k) is not None}
        if f.key:
            props["key"] = f.key
        if props:
            item["properties"] = props
        results.append(item)
    doc = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "envguard",
                "version": __version__,
                "informationUri": "https://pypi.org/project/envguard/",
                "rules": list(rules.values()),
            }},
            "results": results,
            "columnKind": "unicodeCodePoints",
        }],
    }
    return json.dumps(doc, indent=2, ensure_ascii=False)

"""SARIF 2.1.0 for GitHub code scanning (``github/codeql-action/upload-sarif``).

GitHub needs: ``version`` and ``$schema``, one run whose ``tool.driver`` names the
rules, results with ``ruleId``, ``message.text`` and a physical location with a
repository-relative URI (``uriBaseId`` ``%SRCROOT%``, the checkout) and ``startLine`` >= 1,
and ``partialFingerprints`` to follow a result across commits. ``startColumn`` is given
where the finding's column is known (in characters: the run's ``columnKind``); it is not
part of the fingerprint, so a re-indented line stays the same result. URIs are relative
to the repository root (:mod:`envguard.reporters.paths`) wherever the command ran and however
the path was given; a file outside the repository keeps an absolute ``file://`` URI and
no base, and a pseudo-source (``<stdin>``) has no location.

Rule descriptors come from :mod:`envguard.catalog`: the summary, the help (text and
markdown), and ``security-severity`` with the ``security`` tag only for security rules
(GitHub files those under the security tab; a whitespace lint is not a vulnerability).
``precision`` is the finding's confidence where the scanner judged one, else "high" for a
provider-format credential and "medium" for everything else. Messages come from findings,
which hold redacted text only.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import quote

from envguard import __version__
from envguard.findings import Finding, Result, Severity
from envguard.reporters.paths import is_pseudo, repo_path, repo_root
from envguard.reporters.text import held_back

# Imports inside functions are deliberate: the rule catalog (every provider schema) loads only for
# SARIF.

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
#: [project.urls] Repository in pyproject.toml; read from the installed metadata when present.
PROJECT_URL = "https://github.com/envguard/envguard"
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
_SECURITY = {Severity.ERROR: "8.5", Severity.WARNING: "5.0", Severity.INFO: "2.0"}
_PRECISION = {"low": "low", "medium": "medium", "high": "high", "very-high": "very-high"}
_PROPERTIES = ("provider", "mode", "confidence", "kind", "commit")


def project_url() -> str:
    """The repository URL of the installed distribution's metadata, else :data:`PROJECT_URL`."""
    from importlib import metadata

    try:
        urls = metadata.metadata("envguard").get_all("Project-URL") or []
    except metadata.PackageNotFoundError:
        return PROJECT_URL
    found = dict(u.split(", ", 1) for u in urls if ", " in u)
    return found.get("Repository") or found.get("Homepage") or PROJECT_URL


def _rule_precision(rule_id: str, kind: str | None) -> str:
    """"high" for a provider-format credential (a declared shape, often with a checksum);
    "medium" for heuristics, detect-secrets plugins and every non-scan rule."""
    from envguard.registry import RULES

    provider_format = kind == "scan" and rule_id not in RULES and not rule_id.startswith("ds-")
    return "high" if provider_format else "medium"


def precision(f: Finding, default: str) -> str:
    confidence = f.extra.get("confidence")
    return _PRECISION.get(str(confidence), default) if confidence else default


def _rule(f: Finding) -> dict[str, Any]:
    """The rule descriptor, from the registry."""
    from envguard.catalog import get

    rule = get(f.rule)
    name = "".join(w.capitalize() for w in f.rule.replace("_", "-").split("-"))
    if rule is None:  # a finding built outside envguard's own checks (library use)
        text = str(f.extra.get("name") or f.rule)
        return {"id": f.rule, "name": name, "shortDescription": {"text": text},
                "fullDescription": {"text": text},
                "help": {"text": f.hint or text, "markdown": f.hint or text},
                "defaultConfiguration": {"level": _LEVEL[f.severity]}}
    tags = [rule.kind]
    properties: dict[str, Any] = {"tags": tags, "precision": _rule_precision(rule.id, rule.kind)}
    if rule.security:
        tags[:0] = ["security", *(["secrets"] if rule.kind == "scan" else [])]
        properties["security-severity"] = _SECURITY[rule.default_severity]
    return {
        "id": rule.id,
        "name": name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.help},
        "help": {"text": rule.help,
                 "markdown": f"**{_md(rule.summary)}**\n\n{_md(rule.help)}\n\n"
                             f"Rule id `{rule.id}` ({rule.kind}); `envguard check --list-rules` "
                             f"and `envguard scan --list-rules` list every rule."},
        "defaultConfiguration": {"level": _LEVEL[rule.default_severity]},
        "helpUri": f"{project_url()}#rule-ids-and-severity-overrides",
        "properties": properties,
    }


def _md(text: str) -> str:
    """Plain text safe inside Markdown: no markup, no HTML."""
    for ch in "\\`*[]<>|":
        text = text.replace(ch, "\\" + ch)
    return text


def location(f: Finding, root: Path, base: str | None) -> list[dict[str, Any]]:
    if not f.file or is_pseudo(f.file):
        return []
    region: dict[str, Any] = {"startLine": max(f.line or 1, 1)}
    if f.column is not None and f.column >= 1:  # characters: the run's columnKind
        region["startColumn"] = f.column
    rel = repo_path(f.file, root, base)
    if rel is not None:
        artifact = {"uri": quote(rel), "uriBaseId": "%SRCROOT%"}
    else:  # outside the repository: GitHub cannot show it, other viewers can open it
        where = Path(f.file) if Path(f.file).is_absolute() else Path(base or Path.cwd()) / f.file
        artifact = {"uri": where.resolve().as_uri()}
    return [{"physicalLocation": {"artifactLocation": artifact, "region": region}}]


def render(result: Result, color: bool = False, *, root: Path | None = None) -> str:
    root = (root or repo_root()).resolve()
    findings = result.sorted()
    rules: dict[str, dict[str, Any]] = {}
    for f in findings:
        if f.rule not in rules:
            rules[f.rule] = _rule(f)
    index = {rule_id: i for i, rule_id in enumerate(rules)}
    results = []
    for f in findings:
        item: dict[str, Any] = {
            "ruleId": f.rule,
            "ruleIndex": index[f.rule],
            "level": _LEVEL[f.severity],
            "message": {"text": f.message + (f" ({f.hint})" if f.hint else "")},
            "locations": location(f, root, result.base),
            "partialFingerprints": {"envguard/v1": _fingerprint(f, root, result.base)},
        }
        props: dict[str, Any] = {k: f.extra[k] for k in _PROPERTIES if f.extra.get(k) is not None}
        if f.key:
            props["key"] = f.key
        props["precision"] = precision(f, rules[f.rule].get("properties", {}).get("precision",
                                                                                   "medium"))
        item["properties"] = props
        results.append(item)
    doc = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "envguard",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": project_url(),
                "rules": list(rules.values()),
            }},
            "results": results,
            "columnKind": "unicodeCodePoints",
            **_held_back(result),
        }],
    }
    return json.dumps(doc, indent=2, ensure_ascii=False)


def _held_back(result: Result) -> dict[str, Any]:
    """A scan's findings below ``--min-confidence``: counted in the run's property bag and
    said in a tool notification (GitHub lists those on the tool's status page), since an
    upload with no results must not read as a scan that saw nothing."""
    said = held_back(result)
    if not said:
        return {}
    return {
        "properties": {"minConfidence": result.checked.get("min_confidence", "medium"),
                       "belowMinConfidence": int(result.checked["below_min_confidence"])},
        "invocations": [{"executionSuccessful": True, "toolExecutionNotifications": [
            {"level": "note", "message": {"text": said}}]}],
    }


def _fingerprint(f: Finding, root: Path, base: str | None) -> str:
    """:attr:`Finding.fingerprint` of the repository-relative path: the same on every
    runner and from every folder (an absolute checkout path would change it)."""
    rel = repo_path(f.file, root, base) if f.file else None
    return f.fingerprint_at(rel or f.file)

"""Every finding id envguard emits is registered once, and the README lists the same rules.

Two nets, because ids reach ``Finding`` in several ways: a scan of the source for every
literal id at an emission site (fails the moment someone adds an unregistered one, even
on a path no test exercises), and running the ``mistakes/`` examples through every
command (catches ids built at run time).
"""

from __future__ import annotations

import ast
import importlib
import json
import re
from pathlib import Path

import pytest

from envguard import catalog, registry
from envguard.cli import main
from tests.conftest import ROOT

SOURCES = sorted([*(ROOT / "envguard").rglob("*.py"), *(ROOT / "pre_commit_hooks").rglob("*.py")])
RULE_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

#: ``Finding(...)`` calls whose id is not a literal: (file, expression). Each indirection
#: is covered by a literal check below (the callers of ``note``/``add``/``finding``, the
#: ``rule =`` assignments, ``KINDS``, ``Hit(rule=...)``) or by the data-rule tests.
INDIRECT = {
    ("envguard/checks/crossvars.py", "rule.finding_rule"),       # schema.rules.KINDS
    ("envguard/checks/pydantic_model.py", "rule"),              # rule = "..." literals
    ("envguard/secrets/engine.py", "hit.rule"),                   # Hit(rule=...), formats
    ("envguard/sources/platforms/common.py", "rule"),             # Collector.note callers
    ("envguard/checks/dotenv_lint.py", "rule"),                       # _lint_binding add()
    ("envguard/flags/rules.py", "rule"),                          # flags finding() callers
}


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    return func.attr if isinstance(func, ast.Attribute) else ""


def _mentions_severity(node: ast.expr) -> bool:
    return any(isinstance(n, ast.Name) and n.id == "Severity" for n in ast.walk(node))


def _literal(node: ast.expr | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _branches(node: ast.expr) -> list[str | None]:
    """The literal outcomes of ``"a" if cond else "b"`` (not the condition's strings)."""
    if isinstance(node, ast.IfExp):
        return _branches(node.body) + _branches(node.orelse)
    return [_literal(node)]


def emitted_ids() -> tuple[dict[str, set[str]], set[tuple[str, str]]]:
    """Literal ids at emission sites by file, and the non-literal ``Finding`` ids."""
    literal: dict[str, set[str]] = {}
    indirect: set[tuple[str, str]] = set()
    for path in SOURCES:
        rel = path.relative_to(ROOT).as_posix()
        for node in ast.walk(ast.parse(path.read_text(), rel)):
            found: list[str | None] = []
            if isinstance(node, ast.Call):
                name, args = _name(node.func), node.args
                # an id literal followed by a severity: Finding, Collector.note, add
                if len(args) >= 2 and _mentions_severity(args[1]):
                    found.append(_literal(args[0]))
                if name == "Finding" and args and _literal(args[0]) is None:
                    indirect.add((rel, ast.unparse(args[0])))
                if name == "finding" and args:  # the flag rules' helper
                    found.append(_literal(args[0]))
                found += [_literal(k.value) for k in node.keywords if k.arg == "rule"]
            elif isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == "rule" for t in node.targets
            ):
                found += _branches(node.value)
            literal.setdefault(rel, set()).update(f for f in found if f)
    return literal, indirect


def test_every_literal_rule_id_in_the_source_is_registered() -> None:
    literal, _ = emitted_ids()
    unregistered = {(file, rule) for file, ids in literal.items() for rule in ids
                    if rule not in registry.RULES}
    assert not unregistered, f"register these in envguard/registry.py: {sorted(unregistered)}"
    # the scan found the emission sites at all (a broken walker would pass vacuously)
    every = set().union(*literal.values())
    assert {"parse-error", "values-withheld", "flag-stale", "secret-assignment",
            "env-file-committed", "platform-key-set", "portability"} <= every


def test_every_indirect_emission_site_is_accounted_for() -> None:
    _, indirect = emitted_ids()
    assert indirect == INDIRECT, (
        "a Finding whose id is not a literal: make sure its ids are registered and "
        "covered by a test, then add it to INDIRECT"
    )


def test_cross_variable_rule_ids_are_registered() -> None:
    from envguard.schema.rules import KINDS

    assert set(KINDS.values()) <= set(registry.RULES)


def test_each_id_is_defined_once_with_a_one_line_summary_and_help() -> None:
    ids = [r.id for r in registry.FIXED]
    assert len(ids) == len(set(ids))
    for rule in registry.FIXED:
        assert RULE_ID.fullmatch(rule.id), rule.id
        assert rule.summary and "\n" not in rule.summary and rule.help, rule.id
        assert rule.help != rule.summary, rule.id


def test_flag_rules_are_the_registry_slice() -> None:
    from envguard.flags.rules import RULES

    assert {r.id: (r.default_severity, r.summary) for r in registry.FIXED
                     if r.kind == "flags"} == RULES


def test_every_secret_credential_format_is_a_scan_rule() -> None:
    from envguard.schema.loader import builtin_credentials

    rules = catalog.all_rules()
    for fmt in builtin_credentials().values():
        if fmt.secret:
            assert rules[fmt.id].kind == "scan" and rules[fmt.id].security, fmt.id
        elif fmt.id not in registry.RULES:
            assert fmt.id not in rules, f"public format {fmt.id} is never a finding"


def test_plugin_secret_types_match_detect_secrets() -> None:
    """The ds- ids are named without importing detect_secrets; the table must not drift."""
    from envguard.secrets.plugins import PLUGINS, SECRET_TYPES, rule_id

    assert set(SECRET_TYPES) == set(PLUGINS)
    for name, (module, _) in PLUGINS.items():
        cls = getattr(importlib.import_module(f"detect_secrets.plugins.{module}"), name)
        assert SECRET_TYPES[name] == cls.secret_type
        assert rule_id(cls.secret_type) in catalog.all_rules()


def test_fixed_lookups_do_not_load_schemas() -> None:
    catalog.scan_rules.cache_clear()
    assert catalog.get("parse-error") is registry.RULES["parse-error"]
    assert catalog.scan_rules.cache_info().currsize == 0
    assert catalog.get("stripe-secret-key") is not None
    assert catalog.scan_rules.cache_info().currsize == 1


EXAMPLES = ROOT / "examples"


def _ids(argv: list[str], capsys: pytest.CaptureFixture[str]) -> set[str]:
    code = main(argv)
    out = capsys.readouterr().out
    assert code in (0, 1), out
    doc = json.loads(out)
    return {f["rule"] for f in doc["findings"]}


def test_ids_emitted_by_the_mistakes_examples_are_registered(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)  # no project configuration
    seen: set[str] = set()
    for mistakes in sorted(EXAMPLES.glob("*/mistakes/**/.env.production")):
        stack = mistakes.relative_to(EXAMPLES).parts[0]
        clean = mistakes.parent.parent if mistakes.parent.name == "mistakes" else \
            mistakes.parent.parent.parent / mistakes.parent.name
        service = [] if mistakes.parent.name == "mistakes" else ["--service",
                                                                  mistakes.parent.name]
        seen |= _ids(["check", str(mistakes), "--stack", stack, *service,
                      "--format", "json"], capsys)
        others = [f"{p.name.removeprefix('.env.')}={p}"
                  for p in sorted(clean.glob(".env.*")) if p.name != ".env.production"]
        if others:
            seen |= _ids(["compare", *others, f"production={mistakes}", "--stack", stack,
                          "--format", "json"], capsys)
            seen |= _ids(["flags", *others, f"production={mistakes}", "--stack", stack,
                          "--format", "json"], capsys)
    seen |= _ids(["scan", str(EXAMPLES), "--format", "json"], capsys)
    known = catalog.all_rules()
    assert seen and not seen - set(known), sorted(seen - set(known))
    assert {"secret-exposed", "wrong-mode", "placeholder"} <= seen


# -- the README's rule tables ------------------------------------------------------------

README = (ROOT / "README.md").read_text()
_TABLE = re.compile(r"^\| rule \| severity \| summary \|\n\|---\|---\|---\|\n((?:\|.*\n)+)", re.M)
_ROW = re.compile(r"^\| `(?P<id>[a-z0-9-]+)` \| (?P<severity>\w+) \| (?P<summary>.*) \|$")


def readme_rules() -> dict[str, tuple[str, str]]:
    rows: dict[str, tuple[str, str]] = {}
    for table in _TABLE.findall(README):
        for line in table.splitlines():
            m = _ROW.match(line)
            assert m, f"README rule table row not in the form | `id` | severity | summary |: {line}"
            assert m["id"] not in rows, f"{m['id']} is listed twice in the README"
            rows[m["id"]] = (m["severity"], m["summary"].replace("\\|", "|"))
    return rows


def test_readme_rule_tables_list_exactly_the_fixed_rules() -> None:
    listed = readme_rules()
    expected = {r.id: (str(r.default_severity), r.summary) for r in registry.FIXED}
    assert set(listed) == set(expected), (
        f"missing from README: {sorted(set(expected) - set(listed))}; "
        f"not registered: {sorted(set(listed) - set(expected))}")
    for rule_id, (severity, summary) in expected.items():
        assert listed[rule_id][0] == severity, rule_id
        assert listed[rule_id][1] == summary, rule_id

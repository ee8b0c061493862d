"""Labeled strings from detect-secrets' plugin tests (``tests/plugins/*_test.py``).

The tests are read, not run: their module is parsed with ``ast`` and the literal parts of
``@pytest.mark.parametrize`` lists (and the module-level ``*_TEST_CASES`` lists the keyword
tests parametrize over) are evaluated by a small interpreter that knows string literals,
module constants, ``+``, ``%``, ``str.format``, slices, f-strings and ``textwrap.dedent``.
An element built from anything else (a fixture, ``self.``) is skipped.

Labels: a ``(text, bool)`` case is the bool (``should_flag``); a ``(text, expected)``
keyword case is positive when it expects a secret; the entropy tests' ``secret`` and
``non_secret`` values are written quoted, the way their ``test_basic`` catches them.
"""

from __future__ import annotations

import ast
import textwrap
from dataclasses import dataclass
from typing import Any


class Unknown(Exception):
    """An expression outside the literal subset."""


@dataclass(frozen=True)
class Case:
    text: str
    label: bool
    test: str
    secret: str | None = None


def _eval(node: ast.AST, env: dict[str, Any]) -> Any:
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Name):
        if node.id in env:
            return env[node.id]
        raise Unknown(node.id)
    if isinstance(node, (ast.Tuple, ast.List)):
        return [_eval(e, env) for e in node.elts]
    if isinstance(node, ast.BinOp):
        left, right = _eval(node.left, env), _eval(node.right, env)
        if isinstance(node.op, ast.Add):
            return left + right
        if isinstance(node.op, ast.Mod):
            return left % right
        if isinstance(node.op, ast.Mult):
            return left * right
        raise Unknown("operator")
    if isinstance(node, ast.Subscript):
        value = _eval(node.value, env)
        sl = node.slice
        if isinstance(sl, ast.Slice):
            lo = _eval(sl.lower, env) if sl.lower else None
            hi = _eval(sl.upper, env) if sl.upper else None
            return value[lo:hi]
        return value[_eval(sl, env)]
    if isinstance(node, ast.JoinedStr):
        parts = []
        for v in node.values:
            if isinstance(v, ast.FormattedValue):
                parts.append(str(_eval(v.value, env)))
            else:
                parts.append(str(_eval(v, env)))
        return "".join(parts)
    if isinstance(node, ast.Call):
        func = node.func
        args = [_eval(a, env) for a in node.args]
        kwargs = {k.arg: _eval(k.value, env) for k in node.keywords if k.arg}
        if isinstance(func, ast.Attribute):
            if isinstance(func.value, ast.Name) and func.value.id == "textwrap" and \
                    func.attr == "dedent":
                return textwrap.dedent(*args)
            target = _eval(func.value, env)
            if isinstance(target, str) and func.attr in ("format", "upper", "lower", "strip",
                                                          "replace", "join"):
                return getattr(target, func.attr)(*args, **kwargs)
        raise Unknown("call")
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return -_eval(node.operand, env)
    raise Unknown(type(node).__name__)


def _module_env(tree: ast.Module) -> dict[str, Any]:
    env: dict[str, Any] = {}
    for stmt in tree.body:
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and \
                isinstance(stmt.targets[0], ast.Name):
            try:
                env[stmt.targets[0].id] = _eval(stmt.value, env)
            except (Unknown, TypeError, KeyError, IndexError, ValueError):
                continue
    return env


def _elements(node: ast.AST, env: dict[str, Any]) -> list[Any]:
    """Each case of a parametrize list, evaluated one by one (a bad one is skipped)."""
    if isinstance(node, ast.Name):
        value = env.get(node.id)
        return list(value) if isinstance(value, list) else []
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _elements(node.left, env) + _elements(node.right, env)
    if not isinstance(node, (ast.List, ast.Tuple)):
        return []
    out = []
    for elt in node.elts:
        try:
            out.append(_eval(elt, env))
        except (Unknown, TypeError, KeyError, IndexError, ValueError):
            continue
    return out


def cases(source: str) -> list[Case]:
    tree = ast.parse(source)
    env = _module_env(tree)
    out: list[Case] = []
    for name, value in env.items():  # keyword_test.py: CONFIG_TEST_CASES = [(line, secret)]
        if name.endswith("_TEST_CASES") and isinstance(value, list):
            for item in value:
                if (isinstance(item, list) and len(item) == 2 and isinstance(item[0], str)
                        and (item[1] is None or isinstance(item[1], str))):
                    out.append(Case(item[0], item[1] is not None, name, item[1]))
    for node in ast.walk(tree):
        if not isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            continue
        for deco in node.decorator_list:
            if not (isinstance(deco, ast.Call) and getattr(deco.func, "attr", "") == "parametrize"
                    and len(deco.args) >= 2):
                continue
            try:
                names = [n.strip() for n in _eval(deco.args[0], env).split(",")]
            except (Unknown, AttributeError):
                continue
            test = node.name
            for item in _elements(deco.args[1], env):
                if len(names) == 1 and isinstance(item, str):
                    # one string per case: positives unless the test says otherwise
                    negative = any(w in test for w in ("not_", "no_", "negative", "false"))
                    out.append(Case(item, not negative, test))
                    continue
                if not isinstance(item, list) or len(item) != len(names):
                    continue
                row = dict(zip(names, item, strict=True))
                if "secret" in row and "non_secret" in row:
                    for key, label in (("secret", True), ("non_secret", False)):
                        if isinstance(row[key], str):
                            out.append(Case(f'"{row[key]}"', label, test, row[key] if label
                                            else None))
                    continue
                texts = [v for v in item if isinstance(v, str)]
                bools = [v for v in item if isinstance(v, bool)]
                if len(texts) == 1 and len(bools) == 1:
                    out.append(Case(texts[0], bools[0], test))
                elif len(item) == 2 and isinstance(item[0], str) and (
                        item[1] is None or isinstance(item[1], str)):
                    out.append(Case(item[0], item[1] is not None, test, item[1]))
    return out

"""Checks that span variables: the schema's ``[[rules]]``, and secrets shared between
environments.

Each variable can be valid on its own while the set is broken: a live publishable key
next to a test secret key (Stripe.js tokens then fail on the server), a browser copy of
the Pusher key that differs from the server's, a pooled and a direct database URL that
point at two databases, half of an optional integration configured. The rules are data
(:mod:`envguard.schema.rules`); this module only evaluates them. Messages show values
through ``EnvVar.display`` only, so a secret never reaches a finding.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import pairwise
from urllib.parse import SplitResult, urlsplit

from envguard.findings import Finding, Severity
from envguard.model import EnvSet, EnvVar
from envguard.schema.credentials import declared_format, identify
from envguard.schema.model import Schema
from envguard.schema.rules import PRESENCE, Rule
from envguard.schema.types import parse_duration
from envguard.secrecy import is_placeholder


def check_rules(envset: EnvSet, schema: Schema, environment: str | None,
                template: bool = False) -> Iterator[Finding]:
    """Every finding of the schema's cross-variable rules for one environment; in a
    template, only the rules that compare values that are there (not "set B with A")."""
    for rule in schema.rules:
        if template and rule.kind in PRESENCE:
            continue
        if rule.applies_in(environment):
            yield from _CHECKS[rule.kind](rule, envset, schema, environment)


def shared_secrets(
    environments: Sequence[tuple[str, EnvSet]], schema: Schema | None
) -> list[Finding]:
    """One secret value in several environments (compared by hash, never shown).

    ``envguard compare`` already finds these while building its matrix; this is the same
    implementation, so ``check`` and ``compare`` cannot disagree. A warning when a live
    environment is involved, info between non-live ones.
    """
    # imported here: check_rules() runs at every load(), this only under `envguard check`
    # with several environments, and the comparison pulls in the platform tables
    from envguard.checks.compare import Environment, compare

    names = [name for name, _ in environments]
    if schema is not None and any(n not in schema.environments for n in names):
        schema = None  # compare() refuses unknown names; secrecy then comes from names/values
    envs = [Environment(name, envset) for name, envset in environments]
    return [f for f in compare(envs, schema).result.findings if f.rule == "shared-secret"]


def _usable(var: EnvVar | None) -> str | None:
    """The value a rule may judge: set, not withheld by the platform, not a placeholder."""
    if var is None or not var.value or var.withheld or is_placeholder(var.value):
        return None
    return var.value


def _present(var: EnvVar | None) -> bool:
    """Configured, for ``requires``/``one_of``: any value, or one the platform withholds."""
    return var is not None and (var.withheld or bool(var.value))


def _finding(rule: Rule, key: str, var: EnvVar | None, message: str, hint: str,
             **extra: object) -> Finding:
    return Finding(
        rule.finding_rule, Severity.parse(rule.severity), message, key=key,
        origin=var.origin if var is not None else None,
        hint=rule.hint or rule.description or hint,
        extra={"rule_name": rule.name, "keys": list(rule.keys), **extra},
    )


def _values(rule: Rule, envset: EnvSet) -> list[tuple[str, EnvVar, str]]:
    out = []
    for key in rule.keys:
        var = envset.get(key)
        value = _usable(var)
        if var is not None and value is not None:
            out.append((key, var, value))
    return out


def _same_mode(rule: Rule, envset: EnvSet, schema: Schema,
               environment: str | None) -> Iterator[Finding]:
    modes = []
    for key, var, value in _values(rule, envset):
        mode = _mode_of(key, value, schema)
        if mode is not None:
            modes.append((key, var, mode))
    if len({m for _, _, m in modes}) < 2:
        return
    expected = schema.mode_for(environment)
    # the environment decides which side is wrong; without one, the first key does
    reference = expected if any(m == expected for _, _, m in modes) else modes[0][2]
    ref_keys = [k for k, _, m in modes if m == reference]
    for key, var, mode in modes:
        if mode != reference:
            yield _finding(
                rule, key, var,
                f"{key} is a {mode} key ({var.display}) but {ref_keys[0]} is a {reference} "
                f"key: the pair must come from the same mode",
                f"take both keys from the {reference}-mode section of the provider's dashboard",
                mode=mode, expected_mode=reference, environment=environment)


def _mode_of(key: str, value: str, schema: Schema) -> str | None:
    spec = schema.vars.get(key)
    if spec is not None and spec.credential:
        fmt = declared_format(spec, value, schema.credentials)
    else:
        fmt = identify(value, schema.credentials, key, moded=True, distinctive=False)
    return fmt.mode_of(value) if fmt else None


def _equal(rule: Rule, envset: EnvSet, schema: Schema,
           environment: str | None) -> Iterator[Finding]:
    values = _values(rule, envset)
    if not values:
        return
    ref_key, ref_var, ref_value = values[0]
    for key, var, value in values[1:]:
        if value != ref_value:
            yield _finding(
                rule, key, var,
                f"{key} ({var.display}) differs from {ref_key} ({ref_var.display}); "
                "they must hold the same value",
                f"copy the value of {ref_key} into {key}", expected_equal_to=ref_key)


def _distinct(rule: Rule, envset: EnvSet, schema: Schema,
              environment: str | None) -> Iterator[Finding]:
    """The first key is the one the others must never equal (a secret and its public
    look-alike: Pusher's key and secret, Algolia's admin and search keys share a shape)."""
    first = envset.get(rule.keys[0])
    ref_value = _usable(first)
    if ref_value is None:
        return
    for key in rule.keys[1:]:
        var = envset.get(key)
        if var is not None and _usable(var) == ref_value:
            yield _finding(
                rule, key, var,
                f"{key} holds the same value as {rule.keys[0]}; they must differ",
                f"put the right key in {key}; if {rule.keys[0]} is a secret that was "
                "shipped this way, rotate it", same_as=rule.keys[0])


def _same_target(rule: Rule, envset: EnvSet, schema: Schema,
                 environment: str | None) -> Iterator[Finding]:
    targets = []
    for key, var, value in _values(rule, envset):
        parts = _target(value, rule.ignore)
        if parts is not None:
            targets.append((key, var, parts))
    if not targets:
        return
    ref_key, _, ref_parts = targets[0]
    for key, var, parts in targets[1:]:
        differ = [p for p in rule.compare if parts.get(p) != ref_parts.get(p)]
        if differ:
            shown = "; ".join(f"{p} {parts.get(p) or '-'} vs {ref_parts.get(p) or '-'}"
                              for p in differ)
            yield _finding(
                rule, key, var,
                f"{key} points at a different database than {ref_key} ({shown})",
                "copy both URLs from the same database's connection settings",
                differ=differ, expected_equal_to=ref_key)


def _target(value: str, ignore: Sequence[str]) -> dict[str, str | None] | None:
    """user, host (without the ignored markers such as ``-pooler``), port and database."""
    text = value.strip()
    try:
        url: SplitResult = urlsplit(text if "://" in text else f"//{text}")  # a bare host
        port = url.port
    except ValueError:
        return None
    if not url.hostname:
        return None
    host = url.hostname.lower()
    for marker in ignore:
        host = host.replace(marker.lower(), "")
    return {"user": url.username, "host": host, "port": str(port) if port else None,
            "database": url.path.lstrip("/") or None}


def _requires(rule: Rule, envset: EnvSet, schema: Schema,
              environment: str | None) -> Iterator[Finding]:
    triggers = [k for k in rule.if_set if _usable(envset.get(k)) is not None]
    if not triggers:
        return
    trigger = envset.get(triggers[0])
    for key in rule.keys:
        var = envset.get(key)
        if not _present(var):
            yield _finding(
                rule, key, var or trigger,
                f"{key} is {'empty' if var is not None else 'missing'} but {triggers[0]} "
                "is set, and one needs the other",
                f"set {key}, or unset {', '.join(triggers)}", set_keys=triggers)


def _one_of(rule: Rule, envset: EnvSet, schema: Schema,
            environment: str | None) -> Iterator[Finding]:
    if rule.if_set and not any(_usable(envset.get(k)) is not None for k in rule.if_set):
        return
    if any(_present(envset.get(k)) for k in rule.keys):
        return
    anchor = next((envset.get(k) for k in (*rule.if_set, *rule.keys) if envset.get(k)), None)
    why = f" because {rule.if_set[0]} is set" if rule.if_set else ""
    yield _finding(
        rule, rule.keys[0], anchor,
        f"none of {', '.join(rule.keys)} is set; one of them is needed{why}",
        f"set one of {', '.join(rule.keys)}")


def _ordered(rule: Rule, envset: EnvSet, schema: Schema,
             environment: str | None) -> Iterator[Finding]:
    numbers = []
    for key, var, value in _values(rule, envset):
        spec = schema.spec_for(key, environment)
        number = _number(value, spec.type if spec is not None else None)
        if number is not None:
            numbers.append((key, var, number))
    for (a_key, a_var, a), (b_key, b_var, b) in pairwise(numbers):
        if b < a or (rule.strict and b == a):
            op = "<" if rule.strict else "<="
            yield _finding(
                rule, b_key, b_var,
                f"{b_key} ({b_var.display}) must be {'greater than' if rule.strict else 'at least'}"
                f" {a_key} ({a_var.display}): expected {a_key} {op} {b_key}",
                f"raise {b_key} or lower {a_key}")


def _number(value: str, type_name: str | None) -> float | None:
    """Numbers as numbers, durations (``24h``, ``30d``) in seconds."""
    if type_name != "duration":
        try:
            return float(value)
        except ValueError:
            pass
    try:
        return parse_duration(value).total_seconds()
    except ValueError:
        return None


_CHECKS = {
    "same_mode": _same_mode,
    "equal": _equal,
    "distinct": _distinct,
    "same_target": _same_target,
    "requires": _requires,
    "one_of": _one_of,
    "ordered": _ordered,
}

"""Every rule envguard can report, fixed and data-derived, and the project's overrides of them.

The fixed rules live in :mod:`envguard.registry`; the scan rules that are data (each secret
credential format of the provider files, each detect-secrets plugin) are built here on
demand, since that needs every provider schema. ``--list-rules``, the SARIF rule
descriptors and ``[tool.envguard] severity`` all answer through this module.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache

from envguard.errors import InputError
from envguard.findings import Severity
from envguard.overrides import Level
from envguard.registry import KINDS, RULES, Rule
from envguard.schema.loader import builtin_credentials
from envguard.schema.model import CredentialFormat
from envguard.secrets.plugins import SECRET_TYPES, rule_id
from envguard.tables import near_miss

_HINT_ROTATE = ("A credential in the repository is readable by everyone with access, "
                "forever (git history keeps it). Rotate it at the provider and load it from "
                "the environment or a secret store.")


def credential_rules(credentials: Iterable[CredentialFormat]) -> list[Rule]:
    """One scan rule per secret credential format; public formats are never findings.

    The rule id is the format id, so a provider file is the one place it is defined; a
    fixed rule of the same id (``private-key``) keeps its own entry.
    """
    out = []
    for fmt in credentials:
        if not fmt.secret or fmt.id in RULES:
            continue
        try:
            severity = Severity.parse(fmt.severity)
        except ValueError:
            severity = Severity.ERROR
        # The format's description is left out on purpose: it spells out prefixes and
        # shapes, and reports (SARIF embeds help) must not echo anything secret-shaped.
        where = "/".join(fmt.source.replace("\\", "/").split("/")[-3:]) if fmt.source \
            else f"the {fmt.provider} provider file"
        out.append(Rule(fmt.id, severity, f"{fmt.name} ({fmt.provider})",
                        f"A {fmt.provider} credential, as declared in {where}. "
                        + _HINT_ROTATE, True, "scan"))
    return out


def plugin_rules(secret_types: Iterable[str]) -> list[Rule]:
    """One scan rule per detect-secrets plugin, under its ``ds-`` id."""
    return [Rule(rule_id(kind), Severity.ERROR, f"{kind} (detect-secrets)",
                 "Found by a detect-secrets plugin, for a credential kind no provider file "
                 "declares. " + _HINT_ROTATE, True, "scan")
            for kind in secret_types]


@lru_cache(maxsize=1)
def scan_rules() -> tuple[Rule, ...]:
    """The scan rules that are data: built-in credential formats and detect-secrets plugins.

    Loads every provider schema (from the parsed-schema cache when warm), so it is called
    only by ``--list-rules``, SARIF and severity overrides that name an unknown id.
    """
    rules = credential_rules(builtin_credentials().values())
    seen = {r.id for r in rules}
    return tuple(rules + [r for r in plugin_rules(SECRET_TYPES.values()) if r.id not in seen])


def all_rules() -> dict[str, Rule]:
    """Every rule by id: fixed ones first, then the scan rules built from data."""
    return {**RULES, **{r.id: r for r in scan_rules() if r.id not in RULES}}


def get(rule_id: str) -> Rule | None:
    """The rule of an id; fixed ids are answered without loading any schema."""
    found = RULES.get(rule_id)
    return found if found is not None else all_rules().get(rule_id)


def rules_of(kinds: Iterable[str]) -> list[Rule]:
    """The rules a command can report, sorted by kind (in :data:`KINDS` order), then id.

    Provider-derived rules are only loaded when ``scan`` is among the kinds.
    """
    wanted = set(kinds)
    pool = all_rules().values() if "scan" in wanted else RULES.values()
    return sorted((r for r in pool if r.kind in wanted),
                  key=lambda r: (KINDS.index(r.kind), r.id))


#: The kinds of rule each command reports, plus single rules it shares with another kind
#: (``check`` reports compare's ``shared-secret`` across environments; ``compare`` reuses
#: the schema checks for required keys, values and modes).
COMMANDS: Mapping[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "check": (("reader", "lint", "check"), ("shared-secret",)),
    "compare": (("reader", "lint", "compare"), ("missing-required", "invalid-value",
                                                "wrong-mode")),
    "flags": (("reader", "lint", "flags"), ()),
    "lint": (("reader", "lint"), ("secret-exposed",)),
    "scan": (("scan",), ()),
}


def for_command(command: str) -> list[Rule]:
    """What ``envguard COMMAND --list-rules`` shows."""
    kinds, also = COMMANDS[command]
    return rules_of(kinds) + [RULES[rule_id] for rule_id in also]


def parse_overrides(table: Mapping[str, str],
                    where: Callable[[str], str] = lambda rule: "configuration",
                    ) -> dict[str, Level]:
    """``{rule-id: level}`` as written -> ``{rule-id: Severity or None}``.

    An id that names no registered rule is an input error naming the file and line
    (``where(rule)``, e.g. ``pyproject.toml:14``) and the near miss. Provider-derived scan
    ids are only looked up (loading the provider schemas) when an id is not a fixed rule.
    """
    if not table:
        return {}
    unknown = [rule for rule in table if rule not in RULES]
    if unknown:
        known = all_rules()
        for rule in unknown:
            if rule in known:
                continue
            hint = near_miss(rule, known) or "; `envguard check --list-rules` lists the ids"
            raise InputError(f"{where(rule)}: severity: unknown rule {rule!r}{hint}")
    out: dict[str, Level] = {}
    for rule, level in table.items():
        text = level.strip().lower()
        if text == "off":
            out[rule] = None
            continue
        try:
            out[rule] = Severity.parse(text)
        except ValueError:
            raise InputError(f"{where(rule)}: severity: {rule} must be one of off, info, "
                             "warning, error") from None
    return out

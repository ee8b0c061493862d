"""The flag rules' ids, default severities and one-line explanations.

A schema's ``[flags.X] severity`` table names these ids, so the schema layer must know
them to reject a misspelled one at load time; the flag checks (:mod:`envguard.flags`)
report under them. One table, below both, so the two cannot disagree. Promotion order
and debug-in-production are errors by default: they are the mistakes that ship a
half-tested or diagnostic feature to customers. The rest are warnings.
"""

from __future__ import annotations

from envguard.findings import Severity

RULES: dict[str, tuple[Severity, str]] = {
    "flag-promotion-order": (
        Severity.ERROR,
        "on (or rolled out further) in a later environment while off in an earlier one"),
    "flag-debug-in-production": (
        Severity.ERROR, "a debug or development-only flag is on in a production environment"),
    "flag-not-allowed": (
        Severity.WARNING, "on in an environment its declaration's allowed_in does not list"),
    "flag-missing": (
        Severity.WARNING, "set in some environments, unset in others (the message says what "
                          "unset reads as)"),
    "flag-inconsistent-spelling": (
        Severity.WARNING, "one flag spelled differently across environments (true here, 1 there)"),
    "flag-ambiguous-spelling": (
        Severity.WARNING, "a spelling that another code idiom reads the other way (1, TRUE, "
                          "False, no...)"),
    "flag-invalid-value": (
        Severity.WARNING, "a value outside the declared type, variants or bounds"),
    "flag-expired": (
        Severity.WARNING, "past its expiry date, or past its kind's expected lifetime"),
    "flag-stale": (
        Severity.WARNING, "on (100%) in every environment: fully rolled out, remove it"),
    "flag-dead": (
        Severity.WARNING, "off (0%) in every environment: dead code, remove it"),
    "flag-read-undefined": (
        Severity.WARNING,
        "read in source code but defined in no environment and without a default"),
    "flag-undeclared": (
        Severity.INFO, "looks like a flag but the schema does not declare it"),
}

"""Every finding id envguard can emit, defined once: severity, summary, help, security, kind.

Finding ids are a public interface: people write them in ``[tool.envguard] severity``,
baselines, SARIF dashboards and CI filters. Defining each one here, next to its one-line
summary and its longer help, is what lets ``--list-rules``, the SARIF rule descriptors,
the severity overrides and the README agree (``tests/test_registry.py`` fails when a
module emits an id that is not registered, or the README lists a different set).

Two sources of rules:

* :data:`FIXED`: the rules written in code (readers, lints, checks, compare, flags, the
  scanner's heuristics). Importing this module costs a few dataclass instances and
  nothing else; ``import envguard`` does not import it at all.
* Scan rules that are *data*: each secret credential format of ``schemas/providers/*.toml``
  is a rule, and so is each detect-secrets plugin envguard runs. :mod:`envguard.catalog`
  builds those on demand (it needs every provider schema loaded) and answers for all rules.

This module sits low in the layers (it needs only :class:`~envguard.findings.Severity`), so
the schema loader can check a flag's rule ids and the checks can name theirs.

``default_severity`` is what a finding has unless the rule's severity legitimately
depends on context (``wrong-mode`` is an error only when a schema says which mode an
environment expects; ``placeholder`` is only info in development); ``--list-rules`` shows it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from envguard.findings import Severity

#: What part of envguard reports a rule; ``--list-rules`` of each command shows its kinds.
KINDS = ("reader", "lint", "check", "compare", "flags", "scan")

E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO  # noqa: E741 - table readability


@dataclass(frozen=True)
class Rule:
    """One finding id. ``summary`` is one line; ``help`` says why it matters and how to fix."""

    id: str
    default_severity: Severity
    summary: str
    help: str
    security: bool
    kind: str

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"rule {self.id}: unknown kind {self.kind!r}")
        if "\n" in self.summary:
            raise ValueError(f"rule {self.id}: the summary must be one line")

    def to_dict(self) -> dict[str, object]:
        return {"id": self.id, "severity": str(self.default_severity), "summary": self.summary,
                "help": self.help, "security": self.security, "kind": self.kind}


def _r(id: str, severity: Severity, kind: str, summary: str, help: str,
       security: bool = False) -> Rule:
    return Rule(id, severity, summary, help, security, kind)


FIXED: tuple[Rule, ...] = (
    # -- readers: what a file or platform export says, and what its parser bends ----------
    _r("parse-error", E, "reader",
       "a line the reader cannot parse; python-dotenv silently skips it",
       "The variable on this line is not set at all, so the application runs without it "
       "(or with an older value). Quote the whole value once: KEY=\"...\"."),
    _r("unterminated-quote", E, "reader",
       "a quote that is never closed; the rest of the file may be swallowed",
       "python-dotenv skips the statement, and other loaders read the following lines as "
       "part of the value. Close the quote on the same line, or escape it."),
    _r("invalid-utf8", E, "reader",
       "bytes that are not UTF-8; they read as U+FFFD",
       "The value the application sees differs from the bytes in the file. Re-save the "
       "file as UTF-8."),
    _r("not-utf8-dotenv", E, "reader",
       "a .env file in UTF-16 or UTF-32; the loaders read UTF-8 only",
       "PowerShell's `>` writes UTF-16. python-dotenv fails on such a file, and node dotenv "
       "and docker compose misread it, though envguard can read it. Re-save it as UTF-8."),
    _r("duplicate-key", W, "reader",
       "the same key defined twice; the later definition wins",
       "Someone editing the first definition changes nothing. Keep one definition."),
    _r("undefined-reference", W, "reader",
       "${VAR} refers to a variable not defined above; it expands to an empty string",
       "python-dotenv expands references in file order, so a later or missing definition "
       "yields an empty string. Define the variable above the reference, or drop the reference."),
    _r("values-withheld", I, "reader",
       "the platform export withholds values; presence is checked, values are not",
       "Checks that judge values (formats, modes, placeholders) cannot run. To judge values, "
       "export them with a command that includes values."),
    _r("renamed-key", I, "reader",
       "a platform name that cannot be a variable name is read under its environment name",
       "Azure Key Vault names cannot hold '_', so DB-PASSWORD is read as DB_PASSWORD, the "
       "name App Service and .NET give the application. Name the variable in the schema as "
       "the application reads it."),
    _r("host-passthrough", I, "reader",
       "a docker env-file line without '=': docker passes the host's value through",
       "The container's value depends on the shell that runs docker. Write KEY=value if the "
       "value should come from the file."),
    _r("docker-quotes", W, "reader",
       "docker run --env-file keeps the quotes as part of the value",
       "Unlike dotenv, docker does not strip quotes, so the application sees them. Remove the "
       "quotes, or use compose's env_file, which strips them."),
    _r("raw-multiline", W, "reader",
       "a value continues over several lines of a raw KEY=value export",
       "A continuation line that looks like KEY=value cannot be told apart from a new "
       "variable. Export in a structured format (JSON) instead."),
    _r("binary-value", I, "reader",
       "a Kubernetes value holds binary data; it is not judged",
       "Binary data (not UTF-8 text) cannot be checked against a format. Nothing to fix if "
       "the binary value is intended."),
    _r("multiple-targets", I, "reader",
       "a Vercel variable has one definition per target; the last one listed is used",
       "The check judges one of several values. Read one environment at a time, e.g. "
       "vercel env ls production --format json."),
    _r("encrypted-value", W, "reader",
       "values that are ciphertext (dotenvx, sops, AWS SecureString) or 1Password "
       "references; present, not checked",
       "The source holds ciphertext or a secret reference, not the value the application "
       "reads, so value checks cannot run; presence still counts. Files encrypted with "
       "dotenvx or sops and op:// references are meant to be committed: info. An AWS export "
       "that forgot to decrypt is a warning: re-run it with --with-decryption."),
    _r("incomplete-export", W, "reader",
       "the AWS output has a NextToken: more parameters exist than were listed",
       "Variables missing from the export may be reported as missing. Re-run without "
       "--max-items / --no-paginate."),
    # -- lints: per-line hygiene and portability of a .env file -----------------------------
    _r("key-without-value", W, "lint",
       "a KEY or export KEY line without '='; python-dotenv reads it as unset",
       "python-dotenv unsets the variable (dropping an earlier value) while a shell or node "
       "dotenv keep or skip it. Write KEY= for an empty value, or delete the line."),
    _r("invalid-key", W, "lint",
       "not a portable variable name (letters, digits, underscores; no leading digit)",
       "A shell rejects the name and some platforms refuse it. Use UPPER_SNAKE_CASE."),
    _r("lowercase-key", W, "lint",
       "a key that is not upper case",
       "Most tools and platforms expect UPPER_SNAKE_CASE, and some normalise the case, so "
       "lookups by the original name fail. Rename the key in upper case."),
    _r("spaces-around-equals", W, "lint",
       "spaces around '='; a shell sourcing the file fails on this line",
       "Files that are sourced by shell scripts or docker entrypoints break. Write KEY=value."),
    _r("unquoted-multiline", E, "lint",
       "a multi-line value (a PEM key) without quotes; each following line reads as a key",
       "python-dotenv ends the value at the line break, so the application gets only the "
       "BEGIN line, and the key material lines become (unset) variable names. Quote the "
       "whole value in double quotes.",
       security=True),
    _r("portability", W, "lint",
       "a variable node dotenv, dotenv-expand, docker compose, bash or dash reads differently",
       "The same file gives different values to different loaders: the message names each "
       "loader whose reading differs from python-dotenv's and how (not set, cut short, "
       "quotes kept, CR kept, a command run...). Quote the value in double quotes and avoid "
       "loader-specific syntax."),
    # -- checks: a schema's declarations and cross-variable rules -------------------------
    _r("missing-required", E, "check",
       "a required variable is missing or empty",
       "The application fails at startup or, worse, at the first request that needs it. Set "
       "the variable; the hint says what it is and where to get it."),
    _r("missing-in-template", W, "check",
       "a template (.env.example) does not list a required variable",
       "New developers copying the template miss the variable. Add it to the template with a "
       "placeholder."),
    _r("invalid-value", E, "check",
       "a value of the wrong type, range or format, or one that fails a structure check",
       "The application misreads the value or the provider rejects it (e.g. a Supabase anon "
       "key whose JWT says service_role). Fix the value; the message says what is wrong."),
    _r("wrong-mode", E, "check",
       "a live credential outside the live environments, or a test one in production",
       "Live keys in development move real money and data from laptops; test keys in "
       "production break payments. Take the key from the dashboard section of the right mode.",
       security=True),
    _r("unknown-key", W, "check",
       "a variable the schema does not declare",
       "Often a typo of a declared name, so the declared one is unset. Rename it (the hint "
       "suggests near misses) or declare it in the schema."),
    _r("placeholder", E, "check",
       "a value that is still a placeholder (changeme, your-key-here, <...>, xxx)",
       "The application starts with a value that cannot work. Set the real value (in "
       "development, where placeholders are expected, this is only info)."),
    _r("secret-exposed", E, "check",
       "a secret in a browser-exposed variable (NEXT_PUBLIC_, VITE_, REACT_APP_...)",
       "Bundlers inline these variables into JavaScript shipped to every visitor, so the "
       "secret is public. Rename it without the public prefix and rotate it.",
       security=True),
    _r("secret-in-plain-variable", W, "check",
       "a secret credential in a variable the schema does not declare secret",
       "envguard hides the value anyway, but the application and other tools treat the "
       "variable as plain (logs, reprs, a dashboard's visible variables). Declare it secret, "
       "or move the secret to a variable meant for it.",
       security=True),
    _r("localhost-in-production", E, "check",
       "a URL pointing at localhost in a live environment",
       "The deployed service tries to reach itself instead of the real dependency. Set the "
       "production URL."),
    _r("mode-mismatch", E, "check",
       "a credential pair from different modes (pk_live_ with sk_test_)",
       "Tokens created by one half are rejected by the other. Take both keys from the same "
       "mode of the provider's dashboard."),
    _r("values-differ", E, "check",
       "copies that must be equal differ (NEXT_PUBLIC_PUSHER_KEY and PUSHER_KEY)",
       "Client and server disagree, so the feature fails at runtime. Copy one value to both."),
    _r("same-value", E, "check",
       "values that must differ are equal (a secret copied into its public look-alike)",
       "A secret copied into a public variable is exposed; one webhook secret for two "
       "endpoints lets one forge the other. Give each its own value and rotate the secret.",
       security=True),
    _r("target-mismatch", E, "check",
       "URLs that must point at one target point at different ones",
       "Pooled and direct database URLs for different databases make migrations run "
       "against another database than the application uses. Point both at the same one."),
    _r("missing-partner", E, "check",
       "a variable that requires others is set without them",
       "A feature is half configured and fails when used. Set the partner variables, or "
       "unset this one."),
    _r("missing-one-of", E, "check",
       "none of a group of alternatives is set",
       "The feature needs one of the alternatives. Set one of the listed variables."),
    _r("out-of-order", E, "check",
       "values that must be ordered are not (RATE_LIMIT_DAILY above RATE_LIMIT_MONTHLY)",
       "The configuration contradicts itself. Fix the values so the order holds."),
    # -- compare: drift between environments ---------------------------------------------
    _r("missing-in-environment", W, "compare",
       "a key set in earlier environments is missing in a later one",
       "Lost on the way to production? Set it there too, or declare in the schema where "
       "it is needed."),
    _r("set-in-some-environments", I, "compare",
       "an undeclared key is set only in some environments",
       "Maybe intended, maybe forgotten. Declare it in the schema with the environments "
       "that need it."),
    _r("type-drift", W, "compare",
       "a key changes kind between environments (a URL here, a number there)",
       "Code that works in one environment breaks in another. Give the key one kind of "
       "value everywhere."),
    _r("shared-secret", W, "compare",
       "one secret value in several environments (compared by hash, never shown)",
       "A leak of the weakest environment compromises the live one. Give each environment "
       "its own secret and rotate the shared one.",
       security=True),
    _r("shared-database", W, "compare",
       "a live environment points at the same database as another environment",
       "Tests and previews then read and write production data. Give each environment its "
       "own database.",
       security=True),
    _r("platform-key-set", W, "compare",
       "a variable the platform provides is set by hand",
       "The hand-set value shadows or fights the platform's own. Remove it from the "
       "environment and let the platform set it."),
    # -- flags: the feature-flag matrix --------------------------------------------------
    _r("flag-promotion-order", E, "flags",
       "on (or rolled out further) in a later environment while off in an earlier one",
       "The feature ships to customers without having run in staging. Turn it on in the "
       "earlier environments first, or fix the promotion order."),
    _r("flag-debug-in-production", E, "flags",
       "a debug or development-only flag is on in a production environment",
       "Debug switches expose diagnostics, stack traces or bypasses to customers. Turn it "
       "off in production.",
       security=True),
    _r("flag-not-allowed", W, "flags",
       "on in an environment its declaration's allowed_in does not list",
       "The declaration limits where the flag may be on. Turn it off there, or extend "
       "allowed_in."),
    _r("flag-missing", W, "flags",
       "set in some environments, unset in others (the message says what unset reads as)",
       "Unset reads as the code's default, which may differ from what the other "
       "environments say. Set it explicitly everywhere."),
    _r("flag-inconsistent-spelling", W, "flags",
       "one flag spelled differently across environments (true here, 1 there)",
       "Different idioms read spellings differently. Use one spelling everywhere."),
    _r("flag-ambiguous-spelling", W, "flags",
       "a spelling that another code idiom reads the other way (1, TRUE, False, no...)",
       "bool(\"False\") is True in Python. Write exactly true or false."),
    _r("flag-invalid-value", W, "flags",
       "a value outside the declared type, variants or bounds",
       "The code falls back to a default or crashes. Fix the value, or correct the declared type."),
    _r("flag-expired", W, "flags",
       "past its expiry date, or past its kind's expected lifetime",
       "Old flags are dead branches that nobody dares to remove. Remove the flag, or extend "
       "its expiry."),
    _r("flag-stale", W, "flags",
       "on (100%) in every environment: fully rolled out, remove it",
       "The flag no longer decides anything. Remove it and the code path for off."),
    _r("flag-dead", W, "flags",
       "off (0%) in every environment: dead code, remove it",
       "The guarded code never runs. Remove the flag and its code, or turn it on somewhere."),
    _r("flag-read-undefined", W, "flags",
       "read in source code but defined in no environment and without a default",
       "The code reads a flag nobody sets, often a typo. Define it, or fix the name in code."),
    _r("flag-undeclared", I, "flags",
       "looks like a flag but the schema does not declare it",
       "Undeclared flags get no type, expiry or promotion checks. Declare it in the schema."),
    # -- scan: the scanner's own heuristics (provider formats are added by scan_rules) ----
    _r("secret-assignment", E, "scan",
       "a secret-named key (*_SECRET, *_TOKEN, PASSWORD...) assigned a literal",
       "A credential in the repository is readable by everyone with access, forever (git "
       "history keeps it). Rotate it and load it from the environment or a secret store.",
       security=True),
    _r("url-credentials", E, "scan",
       "a password inside a URL (scheme://user:pass@host)",
       "Connection strings in code leak the database password. Rotate the password and read "
       "the URL from the environment.",
       security=True),
    _r("private-key", E, "scan",
       "a PEM private key block with key material",
       "Whoever has the key can impersonate its owner. Revoke and regenerate the key, and "
       "keep it out of the repository.",
       security=True),
    _r("authorization-header", E, "scan",
       "a literal credential in an Authorization header (Bearer, token, Basic user:pass)",
       "A hard-coded header credential leaks with the code. Rotate it and read it from the "
       "environment.",
       security=True),
    _r("curl-credentials", E, "scan",
       "a credential given to curl -u/--user (user:password, or an API key as the user)",
       "Command lines end up in scripts, docs, CI logs and shell history. Rotate the "
       "password and let curl read it from a netrc file or the environment.",
       security=True),
    _r("env-file-committed", E, "scan",
       "a .env file with real values being committed (a warning outside production files)",
       "Env files with values in git leak every secret in them. Add the file to .gitignore "
       "and commit a .env.example with placeholders instead.",
       security=True),
    _r("file-not-scanned", W, "scan",
       "a file `scan PATH` could not scan: over the size limit (warning) or binary (info)",
       "A file that is not read can hold a key nobody checked. Exclude files that hold no "
       "text; split or exclude a very large one deliberately.",
       security=True),
)

#: Fixed rules by id.
RULES: Mapping[str, Rule] = {rule.id: rule for rule in FIXED}

#: The flag rules: a schema's ``[flags.X] severity`` names them, so the schema layer checks
#: them at load and the flag checks report under them.
FLAG_RULES: Mapping[str, Rule] = {rule.id: rule for rule in FIXED if rule.kind == "flags"}

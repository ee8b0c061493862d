"""Checks every stack gets: placeholders, secrets in browser bundles, localhost in production."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from urllib.parse import urlsplit

from envguard.environments import is_local
from envguard.findings import Finding, Severity
from envguard.model import EnvSet
from envguard.schema.credentials import declared_format, identify, merged
from envguard.schema.model import CredentialFormat, Schema, VarSpec, is_browser_exposed
from envguard.schema.structure import run_check
from envguard.secrecy import is_placeholder, says_secret

_LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "0.0.0.0", "::1", "host.docker.internal"})


def check_placeholders(
    envset: EnvSet, schema: Schema | None, environment: str | None
) -> Iterator[Finding]:
    """A template value that reached a real environment; tolerated (info) in development."""
    lenient = is_local(environment)
    for var in envset:
        if var.value is None or var.withheld or not is_placeholder(var.value):
            continue
        yield Finding(
            "placeholder", Severity.INFO if lenient else Severity.ERROR,
            f"{var.key} still holds a placeholder ({var.display})",
            key=var.key, origin=var.origin,
            hint="set the real value before deploying",
            extra={"environment": environment},
        )


def check_exposure(
    envset: EnvSet, schema: Schema | None, catalog: Schema | None = None
) -> Iterator[Finding]:
    """A secret in a variable that the framework inlines into every browser bundle.

    ``catalog`` (every built-in provider) supplies declarations and formats the stack
    itself does not include.
    """
    credentials = merged(catalog.credentials if catalog else {},
                         schema.credentials if schema else {})
    for var in envset:
        if not is_browser_exposed(var.key) or var.value in (None, "") or var.withheld:
            continue
        assert var.value is not None
        spec = schema.vars.get(var.key) if schema else None
        if spec is None and catalog is not None:
            spec = catalog.vars.get(var.key)
        fmt = None if _declared_public_match(spec, var.value, credentials) else secret_format_of(
            var.value, credentials, var.key
        )
        if fmt is not None:
            reason = f"its value matches the format of a secret ({fmt.name})"
        elif spec is not None and spec.secret and not spec.public:
            reason = "the schema declares it secret"
        elif spec is None and says_secret(var.key):
            reason = "its name says it is a secret"
        else:
            continue
        yield Finding(
            "secret-exposed", Severity.ERROR,
            f"{var.key} is shipped to every browser but {reason} ({var.display})",
            key=var.key, origin=var.origin,
            hint="drop the public prefix and read it on the server only; rotate the key",
            extra={"provider": fmt.provider} if fmt else {},
        )


def _declared_public_match(
    spec: VarSpec | None, value: str, credentials: Mapping[str, CredentialFormat]
) -> bool:
    """The variable is declared public and holds one of its own (public) formats.

    Several public keys share a shape with a secret one (Pusher key and secret, Algolia
    search and admin keys): the declaration, not the shape, decides.
    """
    if spec is None or not spec.public:
        return False
    fmt = declared_format(spec, value, credentials) if spec.credential else None
    if spec.credential and fmt is None:
        return False
    return fmt is None or not any(run_check(c, value) for c in fmt.checks)


def secret_format_of(
    value: str, credentials: Mapping[str, CredentialFormat], key: str = ""
) -> CredentialFormat | None:
    """The secret credential a whole value is, when its leak would be an error."""
    return identify(value, credentials, key, secret_only=True, errors_only=True)


def check_localhost(
    envset: EnvSet, schema: Schema | None, environment: str | None
) -> Iterator[Finding]:
    """A URL pointing at this machine cannot work in a live deployment."""
    if schema is None or environment not in schema.live_environments:
        return
    for var in envset:
        if var.value is None or var.withheld or "://" not in var.value:
            continue
        try:
            host = urlsplit(var.value.strip()).hostname
        except ValueError:
            continue
        if host in _LOCAL_HOSTS or (host or "").endswith(".localhost"):
            yield Finding(
                "localhost-in-production", Severity.ERROR,
                f"{var.key} points at {host} in {environment}",
                key=var.key, origin=var.origin,
                hint="use the deployed service's address",
                extra={"environment": environment},
            )

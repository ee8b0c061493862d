"""One service's view of a stack: ``envguard check --service backend``.

A stack split across services (a Vercel frontend and a Railway backend) declares each
service's variables with globs in ``[stack.services]``. Each service's file or export
holds only its own variables, so checking it against the whole stack would report the
other service's variables as missing. The restricted schema requires and knows only the
service's variables (plus platform ones), and keeps only the parts of cross-variable rules
that can be checked inside one service.
"""

from __future__ import annotations

from dataclasses import replace
from fnmatch import fnmatchcase

from envguard.errors import InputError
from envguard.schema.model import Schema
from envguard.schema.rules import scope_rule


def service_keys(schema: Schema, service: str) -> list[str]:
    """The declared variables a service's globs select, in declaration order."""
    globs = _globs(schema, service)
    return [k for k in schema.vars if any(fnmatchcase(k, g) for g in globs)]


def restrict_to_service(schema: Schema, service: str) -> Schema:
    """The stack as one service sees it; unknown services are an :class:`InputError`."""
    globs = _globs(schema, service)

    def keep(key: str) -> bool:
        return any(fnmatchcase(key, g) for g in globs)

    scoped = (scope_rule(rule, keep) for rule in schema.rules)
    return replace(
        schema,
        name=f"{schema.name} ({service} service)",
        vars={k: v for k, v in schema.vars.items() if keep(k) or schema.is_platform(k)},
        rules=tuple(r for r in scoped if r is not None),
    )


def services_of(schema: Schema, key: str) -> list[str]:
    """The services whose globs select ``key`` (for ``envguard explain``)."""
    return [name for name, globs in schema.services.items()
            if any(fnmatchcase(key, g) for g in globs)]


def _globs(schema: Schema, service: str) -> tuple[str, ...]:
    if not schema.services:
        raise InputError(f"--service {service}: the {schema.name} schema declares no services "
                         "([stack.services]); check the whole stack without --service")
    if service not in schema.services:
        raise InputError(f"--service {service}: unknown service for {schema.name}; "
                         f"its services: {', '.join(schema.services)}")
    return schema.services[service]


def with_service(schema: object, service: str | None) -> object:
    """``schema`` restricted to ``service`` when one is named (the CLI's ``--service``)."""
    if not service:
        return schema
    if not isinstance(schema, Schema):
        raise InputError(f"--service {service}: services are declared in a stack or schema "
                         "TOML ([stack.services]), not in a pydantic model")
    return restrict_to_service(schema, service)

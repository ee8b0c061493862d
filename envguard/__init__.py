"""envguard: keep configuration and secrets honest across a team's service stacks.

The public API is what ``__all__`` lists. Names are imported lazily so that
``import envguard`` stays cheap at application startup.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

# Imports inside functions are deliberate: the public names load on first use, so `import
# envguard` stays cheap.

__version__ = "0.1.0"

__all__ = [
    "EnvError",
    "EnvSet",
    "EnvVar",
    "EnvWarning",
    "Finding",
    "InputError",
    "Origin",
    "Result",
    "Schema",
    "SchemaError",
    "Settings",
    "Severity",
    "SourceRead",
    "__version__",
    "check_files",
    "credential",
    "lint",
    "load",
    "load_schema",
    "read",
    "read_dotenv",
    "read_text",
    "redact",
    "validate",
]

_LAZY = {
    "EnvError": "envguard.findings",
    "EnvWarning": "envguard.findings",
    "InputError": "envguard.errors",
    "SchemaError": "envguard.errors",
    "EnvSet": "envguard.model",
    "EnvVar": "envguard.model",
    "Origin": "envguard.model",
    "redact": "envguard.secrecy",
    "Finding": "envguard.findings",
    "Result": "envguard.findings",
    "Severity": "envguard.findings",
    "Schema": "envguard.schema.model",
    "load_schema": "envguard.schema.loader",
    "read_dotenv": "envguard.sources.dotenv",
    "SourceRead": "envguard.sources.base",
    "read": "envguard.sources:read_source",
    "read_text": "envguard.sources",
    "lint": "envguard.validate:lint_files",
    "Settings": "envguard.loading",
    "load": "envguard.loading",
    "check_files": "envguard.validate",
    "credential": "envguard.credential",
    "validate": "envguard.validate",
}

if TYPE_CHECKING:
    from envguard.credential import credential
    from envguard.errors import InputError, SchemaError
    from envguard.findings import EnvError, EnvWarning, Finding, Result, Severity
    from envguard.loading import Settings, load
    from envguard.model import EnvSet, EnvVar, Origin
    from envguard.schema.loader import load_schema
    from envguard.schema.model import Schema
    from envguard.secrecy import redact
    from envguard.sources import read_source as read
    from envguard.sources import read_text
    from envguard.sources.base import SourceRead
    from envguard.sources.dotenv import read_dotenv
    from envguard.validate import check_files, validate
    from envguard.validate import lint_files as lint


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'envguard' has no attribute {name!r}")
    import importlib

    module, _, attr = module.partition(":")  # "module:attr" where the public name differs
    value = getattr(importlib.import_module(module), attr or name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)

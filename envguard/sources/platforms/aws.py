"""AWS: SSM ``get-parameters-by-path`` and Secrets Manager ``get-secret-value`` JSON.

SSM (API_Parameter): ``{"Parameters": [{"Name", "Type", "Value", ...}]}``; the variable
name is the last segment of the parameter path (the usual convention). Without
``--with-decryption`` a ``SecureString`` value is KMS ciphertext, which is withheld, not
judged. A ``NextToken`` means the listing is incomplete. Secrets Manager keeps key/value
pairs as a JSON document inside the ``SecretString`` string: it is parsed a second time.
"""

from __future__ import annotations

import json
import re
from typing import Any

from envguard.errors import InputError
from envguard.findings import Severity
from envguard.secrecy import redact_key
from envguard.sources.base import SourceRead
from envguard.sources.platforms.common import (
    Collector,
    LocatedDict,
    LocatedList,
    scalar_text,
)
from envguard.sources.platforms.jsondoc import parse_json

_CIPHERTEXT = re.compile(r"AQ[A-Za-z0-9+/]{80,}={0,2}")


class _Pairs(list[tuple[str, Any]]):
    """An object inside SecretString, as its pairs: duplicate keys stay visible."""


def read_ssm(text: str, source: str) -> SourceRead:
    doc = parse_json(text, source)
    params = doc.get("Parameters") if isinstance(doc, LocatedDict) else None
    if not isinstance(params, LocatedList):
        raise InputError(f"{source}: expected `aws ssm get-parameters-by-path` output: "
                         'an object with a "Parameters" array')
    c = Collector(source, "aws-ssm", "AWS SSM")
    for line, item in params.located():
        name = item.get("Name") if isinstance(item, LocatedDict) else None
        if not isinstance(name, str):
            raise InputError(f'{source}:{line}: a parameter without a "Name"')
        key = name.rstrip("/").rsplit("/", 1)[-1]
        line = item.line_of("Name")  # the line naming the parameter, not its opening brace
        value = item.get("Value")
        if not isinstance(value, str):
            raise InputError(f'{source}:{line}: {redact_key(key)}: "Value" is not text')
        if item.get("Type") == "SecureString" and _CIPHERTEXT.fullmatch(value):
            c.add(key, None, line, sealed="AWS SecureString")
        else:
            c.add(key, value, line)
    if isinstance(doc, LocatedDict) and doc.get("NextToken"):
        c.note("incomplete-export", Severity.WARNING,
               "the output has a NextToken: more parameters exist than were listed",
               line=doc.line_of("NextToken"),
               hint="re-run without --max-items / --no-paginate")
    return c.finish("SSM parameter listing")


def read_secrets_manager(text: str, source: str) -> SourceRead:
    doc = parse_json(text, source)
    if not isinstance(doc, LocatedDict) or not ({"SecretString", "SecretBinary"} & set(doc)):
        raise InputError(f"{source}: expected `aws secretsmanager get-secret-value` output: "
                         'an object with a "SecretString"')
    if "SecretString" not in doc:
        raise InputError(f"{source}: the secret is binary (SecretBinary), not key/value pairs")
    line = doc.line_of("SecretString")
    raw = doc["SecretString"]
    try:
        inner = json.loads(raw, object_pairs_hook=_Pairs) if isinstance(raw, str) else None
    except (json.JSONDecodeError, RecursionError):
        inner = None
    if not isinstance(inner, _Pairs):
        raise InputError(
            f"{source}:{line}: SecretString is not a JSON object of key/value pairs; "
            "store the secret as key/value pairs to read it as environment variables")
    c = Collector(source, "aws-secrets", "AWS Secrets Manager")
    for key, value in inner:
        if isinstance(value, list):
            shape = "an object" if isinstance(value, _Pairs) else "an array"
            raise InputError(f"{source}:{line}: {key}: the value inside SecretString is "
                             f"{shape}, not text")
        c.add(key, scalar_text(value), line)
    return c.finish("secret")

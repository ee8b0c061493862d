"""HashiCorp Vault: ``vault kv get -format=json``.

The CLI prints the API's response, an ``api.Secret`` (hashicorp/vault api/secret.go:
``request_id``, ``lease_id``, ``lease_duration``, ``renewable``, ``data``, ``warnings``,
then ``auth``, ``wrap_info`` and ``mount_type`` when set) through ``json.MarshalIndent``
(command/format.go). On a KV v1 mount ``data`` is the secret's map; on KV v2 it is
``{"data": {...}, "metadata": {...}}`` and only the inner ``data`` holds variables (the
metadata is the version's bookkeeping). A deleted or destroyed version has ``"data":
null``; a response wrapped with ``-wrap-ttl`` holds a wrapping token, not the secret.

Vault stores JSON values. A number or a boolean reads as ``vault kv get -field=NAME``
prints it: ``fmt.Sprintf("%v", val)`` of a value decoded with ``UseNumber`` (so ``1.50``
stays ``1.50``, ``true`` is ``true``). An object, an array or null is not an environment
value (``-field`` prints Go's map syntax for the first two and refuses null): unusable
input, naming the line.
"""

from __future__ import annotations

from typing import Any

from envguard.errors import InputError
from envguard.secrecy import redact_key
from envguard.sources.base import SourceRead
from envguard.sources.platforms.common import Collector, LocatedDict, kind_of, scalar_text
from envguard.sources.platforms.jsondoc import parse_json

WHAT = "`vault kv get -format=json` output"
#: the fields every ``api.Secret`` is printed with (the rest are omitempty)
SECRET_FIELDS = frozenset({"request_id", "lease_id", "lease_duration", "renewable", "data",
                           "warnings"})
_V2_METADATA = frozenset({"created_time", "version"})


def is_vault_secret(doc: Any) -> bool:
    """Whether a JSON object is an ``api.Secret`` as the vault CLI prints it."""
    return isinstance(doc, dict) and set(doc) >= SECRET_FIELDS


def _is_v2(data: LocatedDict) -> bool:
    metadata = data.get("metadata")
    return (set(data) == {"data", "metadata"} and isinstance(metadata, dict)
            and set(metadata) >= _V2_METADATA)


def read_vault_kv(text: str, source: str) -> SourceRead:
    doc = parse_json(text, source)
    if not isinstance(doc, LocatedDict) or not is_vault_secret(doc):
        raise InputError(f"{source}: expected {WHAT}: an object with request_id, lease_id, "
                         "lease_duration, renewable, data and warnings (a Vault response)")
    if doc.get("wrap_info") is not None:
        raise InputError(
            f"{source}:{doc.line_of('wrap_info')}: a wrapped response (wrap_info): it holds a "
            "wrapping token, not the secret; run `vault unwrap -format=json` on it, or "
            "`vault kv get` without -wrap-ttl")
    data = doc.get("data")
    line = doc.line_of("data")
    if isinstance(data, LocatedDict) and _is_v2(data):
        line = data.line_of("data")
        data = data.get("data")
        if data is None:
            raise InputError(
                f"{source}:{line}: the secret's data is null: this version is deleted or "
                "destroyed (see its metadata); read a live version with `vault kv get "
                "-version=N`, or `vault kv undelete` it")
    if data is None:
        raise InputError(f"{source}:{line}: the response's data is null: no secret to read")
    if not isinstance(data, LocatedDict):
        raise InputError(f"{source}:{line}: the response's data is {kind_of(data)}, not the "
                         "secret's key/value map")
    c = Collector(source, "vault-kv", "Vault")
    for key, key_line, value in data.pairs:
        if value is None or isinstance(value, (dict, list)):
            shape = "null" if value is None else kind_of(value)
            raise InputError(
                f"{source}:{key_line}: {redact_key(key)}: the value is {shape}, not text; an "
                "environment variable holds one string (store it as a JSON string to read it)")
        c.add(key, scalar_text(value), key_line)
    return c.finish("Vault secret")

"""Kubernetes ``Secret`` and ``ConfigMap`` manifests, as YAML or ``kubectl get -o json``.

A Secret's ``data`` is base64 (encoding, not protection: it is decoded and judged like
any value) and ``stringData`` is plain text that the API server merges over ``data``,
so it is read second and wins. A ConfigMap has plain ``data`` and base64 ``binaryData``.
Several documents (``---``) and ``kind: List`` are read in order, later winning, as
``envFrom`` would. Invalid base64 makes the manifest unusable (kubectl rejects it too).
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

from envguard.errors import InputError
from envguard.findings import Severity
from envguard.secrecy import sealed_kind
from envguard.sources.base import SourceRead
from envguard.sources.platforms.common import Collector, LocatedDict, LocatedList
from envguard.sources.platforms.jsondoc import parse_json
from envguard.sources.platforms.yamlnodes import parse_yaml_documents

_SECTIONS = {"Secret": (("data", True), ("stringData", False)),
             "ConfigMap": (("data", False), ("binaryData", True))}


def read_kubernetes(text: str, source: str) -> SourceRead:
    json_like = text.lstrip()[:1] in ("{", "[")
    docs = [parse_json(text, source)] if json_like else parse_yaml_documents(text, source)
    resources: list[LocatedDict] = []
    others: list[str] = []
    for doc in docs:
        _collect(doc, resources, others)
    if not resources:
        found = f" (found: {', '.join(sorted(set(others)))})" if others else ""
        raise InputError(f"{source}: no Secret or ConfigMap in this manifest{found}")
    c = Collector(source, "kubernetes", "Kubernetes")
    for resource in resources:
        _read_resource(resource, c)
    return c.finish("manifest")


def _collect(doc: Any, out: list[LocatedDict], others: list[str]) -> None:
    if isinstance(doc, LocatedList):
        for item in doc:
            _collect(item, out, others)
        return
    if not isinstance(doc, LocatedDict):
        return
    kind = doc.get("kind")
    if isinstance(kind, str) and kind.endswith("List") and isinstance(doc.get("items"), list):
        for item in doc["items"]:
            _collect(item, out, others)
    elif kind in _SECTIONS:
        out.append(doc)
    else:
        others.append(str(kind or "a document without a kind"))


def _read_resource(resource: LocatedDict, c: Collector) -> None:
    kind = str(resource["kind"])
    metadata = resource.get("metadata")
    name = metadata.get("name") if isinstance(metadata, dict) else None
    label = f"{kind} {name}" if name else kind
    for section, encoded in _SECTIONS[kind]:
        block = resource.get(section)
        if block is None:
            continue
        if not isinstance(block, LocatedDict):
            raise InputError(f"{c.source}:{resource.line_of(section)}: {label}: {section} "
                             "must be a map of key: value")
        for key, line, value in block.pairs:
            if value is None:
                value = ""
            if not isinstance(value, str):
                raise InputError(f"{c.source}:{line}: {label}: {section}.{key} is not text")
            if not encoded or sealed_kind(value):  # sops encrypts the base64 text
                c.add(key, value, line)
                continue
            decoded = _decode(value, c, line, f"{label}: {section}.{key}")
            if decoded is None:
                c.note("binary-value", Severity.INFO,
                       f"{key} holds binary data (not UTF-8 text); its value is not judged",
                       line=line, key=key)
                c.add(key, None, line, withheld=True)
            else:
                c.add(key, decoded, line)


def _decode(value: str, c: Collector, line: int, where: str) -> str | None:
    try:
        raw = base64.b64decode(value, validate=True)
        if base64.b64encode(raw).decode("ascii") != value:  # canonical only, as kubectl
            raise ValueError("not canonical base64")  # (3.10 accepts surplus padding)
    except (binascii.Error, ValueError):
        raise InputError(
            f"{c.source}:{line}: {where} is not valid base64; Secret data and binaryData "
            "values must be base64-encoded (plain text belongs under stringData)"
        ) from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return None

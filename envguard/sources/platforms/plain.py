"""A plain JSON object or flat YAML map of ``KEY: value``, and the flat-object rule.

Many exports are exactly this shape (``railway variables --json``, ``heroku config
--json``, ``netlify env:list --json``, ``doppler secrets download --format json``); they
share :func:`read_flat_object` and differ only in the name the reader reports. Nested
values are refused, not flattened: a nested document is some other format, and guessing
its keys would be a silent misread.
"""

from __future__ import annotations

from typing import Any

from envguard.errors import InputError
from envguard.secrecy import is_sops_metadata
from envguard.sources.base import SourceRead
from envguard.sources.platforms.common import Collector, LocatedDict, kind_of, scalar_text
from envguard.sources.platforms.jsondoc import parse_json
from envguard.sources.platforms.yamlnodes import parse_yaml_documents


def read_flat_object(doc: Any, c: Collector, what: str) -> SourceRead:
    """Each ``"KEY": "value"`` pair; numbers and booleans as text, null as unset. A file
    encrypted by sops keeps its metadata under a top-level ``sops`` key, which is skipped;
    its ``ENC[...]`` values are counted as encrypted by the collector."""
    if not isinstance(doc, LocatedDict):
        line = getattr(doc, "line", 1)
        raise InputError(
            f"{c.source}:{line}: expected {what}: an object of \"KEY\": \"value\" pairs, "
            f"but the document is {kind_of(doc)}"
        )
    for key, line, value in doc.pairs:
        if is_sops_metadata(key, value):
            continue  # sops' keys, MAC and version: how to decrypt the file, not a variable
        if isinstance(value, (dict, list)):
            raise InputError(
                f"{c.source}:{line}: {key}: the value is {kind_of(value)}, but {what} maps each "
                "name to a text value (nested JSON is not an environment export; "
                "pass --from with the right format)"
            )
        c.add(key, scalar_text(value), line)
    return c.finish()


def single_yaml_document(text: str, source: str, what: str = "YAML document",
                         hint: str = "") -> Any:
    """The one document of a YAML text; several (or none) is unusable input."""
    docs = parse_yaml_documents(text, source)
    if len(docs) != 1:
        raise InputError(f"{source}: expected one {what}, found {len(docs)} YAML documents"
                         + hint)
    return docs[0]


def json_or_yaml_document(text: str, source: str, what: str, hint: str = "") -> Any:
    """A document a CLI prints as JSON or YAML (``--format=json|yaml``), told by its start."""
    if text.lstrip()[:1] in ("{", "["):
        return parse_json(text, source)
    return single_yaml_document(text, source, what, hint)


def read_json(text: str, source: str) -> SourceRead:
    return read_flat_object(parse_json(text, source), Collector(source, "json"),
                            "a JSON object")


def read_yaml(text: str, source: str) -> SourceRead:
    return read_flat_object(single_yaml_document(text, source), Collector(source, "yaml"),
                            "a flat YAML map")

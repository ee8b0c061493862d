"""1Password: ``op item get ITEM --format json``.

The op CLI is closed source; the shape is 1Password's documented item JSON
(developer.1password.com/docs/cli/item-template-json and docs/cli/item-fields: an item's
``id``, ``title``, ``category``, ``vault``, ``sections`` and ``fields``, each field
``{"id", "type", "purpose", "label", "value", "reference", "section"}``).

Each field is a variable named by its ``label``: that is what ``op run`` and ``op inject``
users give the field, and what 1Password shows. A ``CONCEALED`` field's value is printed
in full by ``op item get`` (only the interactive table hides it), so it is a real value,
judged like any other. A field without a ``value`` is one the item leaves empty (1Password
omits the key): present, withheld. The item's notes (``purpose: NOTES``, the built-in
``notesPlain``) are free text about the item, not a variable: skipped.

Sections only group fields; a label is the variable whatever its section. Two fields with
one label (in two sections, or twice in one) are two definitions of one variable: a
``duplicate-key`` finding names the earlier line, and the later field wins, as ``op://``
references to an ambiguous label fail in 1Password itself.
"""

from __future__ import annotations

from typing import Any

from envguard.errors import InputError
from envguard.sources.base import SourceRead
from envguard.sources.platforms.common import (
    Collector,
    LocatedDict,
    LocatedList,
    field_text,
    kind_of,
    named_entries,
)
from envguard.sources.platforms.jsondoc import parse_json

WHAT = "`op item get --format json` output"


def is_op_item(doc: Any) -> bool:
    """Whether a JSON object is a 1Password item as ``op item get --format json`` prints it."""
    return (isinstance(doc, dict) and isinstance(doc.get("fields"), list)
            and "category" in doc and isinstance(doc.get("vault"), dict))


def read_op_item(text: str, source: str) -> SourceRead:
    doc = parse_json(text, source)
    if not isinstance(doc, LocatedDict) or not isinstance(doc.get("fields"), LocatedList):
        raise InputError(f'{source}: expected {WHAT}: an item object with a "fields" array, '
                         f"but the document is {kind_of(doc)}"
                         + (' without "fields"' if isinstance(doc, LocatedDict) else ""))
    c = Collector(source, "op-item", "1Password")
    for line, field, label in named_entries(doc["fields"], "label", source, "a field",
                                            f" in {WHAT}"):
        if field.get("purpose") == "NOTES":
            continue
        value = field_text(field, "value", label, source)
        c.add(label, value, line, withheld=value is None)
    return c.finish("1Password item (no fields)")

"""DigitalOcean App Platform: ``doctl apps spec get APP`` (YAML, or ``--format json``).

doctl prints the app's ``godo.AppSpec`` (``yaml.Marshal``, sigs.k8s.io/yaml, or a JSON
encoder). Variables are ``AppVariableDefinition`` lists (godo apps.gen.go: ``key``, ``value``
(omitempty: an empty value is left out), ``scope`` and ``type``) under the spec's own
``envs`` (every component's) and each component's ``envs``: ``services``, ``workers``,
``jobs``, ``static_sites`` and ``functions``. A component's variable overrides the app's,
and two components are two environments, so the same key at both levels or in two
components is not a duplicate; twice in one list is.

A ``type: SECRET`` value in a spec App Platform returns is encrypted (``EV[1:…:…]``; only
the platform decrypts it): present, not judged, counted under ``encrypted-value``. A
SECRET written in plain text (a local spec not yet submitted) is judged like any value.
``scope: BUILD_TIME`` variables exist only while the app builds, not in the environment
the app runs in: they are skipped (``RUN_TIME``, ``RUN_AND_BUILD_TIME`` and the default
``UNSET`` are read).
"""

from __future__ import annotations

import re
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
    optional_list,
)
from envguard.sources.platforms.plain import json_or_yaml_document

WHAT = "`doctl apps spec get` output"
COMPONENTS = ("services", "workers", "jobs", "static_sites", "functions")
ENCRYPTED = "App Platform encrypted"
_ENCRYPTED = re.compile(r"EV\[[^\]\s]+\]")


def is_app_spec(doc: Any) -> bool:
    """An App Platform spec: a name and the spec's own ``envs`` or component lists."""
    return (isinstance(doc, dict) and isinstance(doc.get("name"), str)
            and any(isinstance(doc.get(k), list) for k in ("envs", *COMPONENTS))
            and "kind" not in doc)


def read_do_app_spec(text: str, source: str) -> SourceRead:
    doc = json_or_yaml_document(text, source, "app spec")
    if not isinstance(doc, LocatedDict) or "kind" in doc or not isinstance(
            doc.get("name"), str) or not any(k in doc for k in ("envs", *COMPONENTS)):
        raise InputError(f"{source}: expected {WHAT}: an app spec with a name and envs, "
                         f"services, workers, jobs or static_sites (the document is "
                         f"{kind_of(doc)})")
    c = Collector(source, "do-app-spec", "DigitalOcean App Platform")
    seen: set[str] = set()  # keys of the app and the components before: overridden, not
    _read_envs(doc, "the app", c, seen)  # duplicated
    for component_kind in COMPONENTS:
        components = doc.get(component_kind)
        if components is None:
            continue
        if not isinstance(components, LocatedList):
            raise InputError(f"{source}:{doc.line_of(component_kind)}: {component_kind} is "
                             f"{kind_of(components)}, not an array")
        for line, component in components.located():
            if not isinstance(component, LocatedDict):
                raise InputError(f"{source}:{line}: a {component_kind} entry that is "
                                 f"{kind_of(component)}")
            name = component.get("name")
            label = f"{component_kind} {name}" if isinstance(name, str) else component_kind
            _read_envs(component, label, c, seen)
    return c.finish("app spec (no envs)")


def _read_envs(holder: LocatedDict, where: str, c: Collector, seen: set[str]) -> None:
    """One ``envs`` list; ``seen`` (the keys of the lists before it) grows by its keys."""
    envs = optional_list(holder, "envs", c.source, f"{where}: envs")
    if envs is None:
        return
    mine: set[str] = set()
    for key_line, item, key in named_entries(envs, "key", c.source, f"{where}: an envs entry"):
        if item.get("scope") == "BUILD_TIME":
            continue
        elsewhere = key in seen and key not in mine
        mine.add(key)
        value = field_text(item, "value", key, c.source) or ""
        if item.get("type") == "SECRET" and _ENCRYPTED.fullmatch(value.strip()):
            c.add(key, None, key_line, sealed=ENCRYPTED, duplicate_ok=elsewhere)
        else:
            c.add(key, value, key_line, duplicate_ok=elsewhere)
    seen |= mine

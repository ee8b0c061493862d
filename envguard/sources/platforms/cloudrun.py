"""Google Cloud Run: ``gcloud run services describe SVC --format=json`` (or ``=yaml``).

gcloud prints the service as the Cloud Run Admin API v1 gives it: a Knative ``Service``
(``apiVersion: serving.knative.dev/v1``), whose revision template lists each container's
``env`` as Kubernetes ``EnvVar`` entries (``spec.template.spec.containers[*].env[*]``).
An entry has a ``value`` (an entry with only a ``name`` is the empty string, as in
Kubernetes: the API leaves an empty ``value`` out), or a ``valueFrom.secretKeyRef``
(``{"name": SECRET, "key": VERSION}``): a Secret Manager secret that Cloud Run resolves at
start-up, present, not judged, counted under ``encrypted-value`` like other references.

Each container is its own process with its own environment: a name defined twice in one
container is a ``duplicate-key`` finding; the same name in a sidecar is not (the
containers' variables are checked together, the later container's definition kept).
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
    optional_list,
)
from envguard.sources.platforms.plain import json_or_yaml_document

WHAT = "`gcloud run services describe --format=json` output"
REFERENCE = "Secret Manager reference"


def is_knative_service(doc: Any) -> bool:
    return (isinstance(doc, dict) and doc.get("kind") == "Service"
            and str(doc.get("apiVersion", "")).startswith("serving.knative.dev/"))


def _at(doc: LocatedDict, path: tuple[str, ...], source: str) -> LocatedDict:
    """``doc[path[0]][path[1]]...``, each an object, or InputError naming where it stops."""
    here = doc
    for n, key in enumerate(path):
        found = here.get(key)
        if not isinstance(found, LocatedDict):
            where = ".".join(path[:n + 1])
            shape = "missing" if key not in here else kind_of(found)
            raise InputError(f"{source}:{here.line_of(key)}: {where} is {shape}, not an "
                             f"object, in {WHAT}")
        here = found
    return here


def read_cloud_run(text: str, source: str) -> SourceRead:
    doc = json_or_yaml_document(text, source, "Cloud Run service",
                                "; describe one service per file")
    if not isinstance(doc, LocatedDict) or not is_knative_service(doc):
        raise InputError(f"{source}: expected {WHAT}: a Knative Service (kind: Service, "
                         "apiVersion: serving.knative.dev/v1)")
    spec = _at(doc, ("spec", "template", "spec"), source)
    containers = spec.get("containers")
    if not isinstance(containers, LocatedList):
        raise InputError(f"{source}:{spec.line_of('containers')}: spec.template.spec."
                         f"containers is {kind_of(containers)}, not an array, in {WHAT}")
    c = Collector(source, "cloud-run", "Cloud Run")
    seen: set[str] = set()
    for line, container in containers.located():
        if not isinstance(container, LocatedDict):
            raise InputError(f"{source}:{line}: a container that is {kind_of(container)}")
        env = optional_list(container, "env", source, "a container's env")
        if env is None:
            continue
        mine: set[str] = set()
        for key_line, entry, name in named_entries(env, "name", source, "an env entry",
                                                   f" in {WHAT}"):
            other = name in seen and name not in mine  # set in another container
            mine.add(name)
            if "valueFrom" in entry:
                source_ref = entry["valueFrom"]
                ref = source_ref.get("secretKeyRef") if isinstance(source_ref, dict) else None
                if isinstance(ref, dict):
                    c.add(name, None, key_line, sealed=REFERENCE, duplicate_ok=other)
                else:
                    c.add(name, None, key_line, withheld=True, duplicate_ok=other)
                continue
            value = field_text(entry, "value", name, source) or ""
            c.add(name, value, key_line, duplicate_ok=other)
        seen |= mine
    return c.finish("Cloud Run service (no env)")

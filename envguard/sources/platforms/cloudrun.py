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
)
from envguard.sources.platforms.jsondoc import parse_json
from envguard.sources.platforms.yamlnodes import parse_yaml_documents

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
    if text.lstrip()[:1] in ("{", "["):
        doc = parse_json(text, source)
    else:
        docs = parse_yaml_documents(text, source)
        if len(docs) != 1:
            raise InputError(f"{source}: expected one Cloud Run service, found {len(docs)} "
                             "YAML documents; describe one service per file")
        doc = docs[0]
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
        env = container.get("env")
        if env is None:
            continue
        if not isinstance(env, LocatedList):
            raise InputError(f"{source}:{container.line_of('env')}: a container's env is "
                             f"{kind_of(env)}, not an array")
        mine: set[str] = set()
        for entry_line, entry in env.located():
            name = entry.get("name") if isinstance(entry, LocatedDict) else None
            if not isinstance(entry, LocatedDict) or not isinstance(name, str):
                raise InputError(f'{source}:{entry_line}: an env entry without a "name" '
                                 f"in {WHAT}")
            key_line = entry.line_of("name")
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

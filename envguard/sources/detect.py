"""Which reader a file needs, from its whole content first and its name second.

Content decides because exports are piped
(``railway variables --json | envguard check -``) and saved under any name
(``infisical export > .env`` is Infisical's documented usage). The priority is explicit
(:func:`detect_format`): JSON shapes (a CLI's own fields first: a Vault response's, a
1Password item's, a DigitalOcean app spec's, the Render, Azure and gcloud listings' before
the generic name/value arrays of gh and supabase), then strong signatures of the whole
text (Vercel's header line, Kubernetes ``kind``/``apiVersion``, a Knative Service,
``heroku config``'s ``===`` title, ``eb printenv``'s title, a ``printenv`` dump, Doppler's
three ``DOPPLER_*`` variables, Infisical's all-single-quoted statements, Railway's sorted
lines with its own variables, Heroku's quoting with a Heroku variable), then a file named
like a .env file, then weaker shapes (a YAML app spec before a flat YAML map). What fits
nothing is :class:`InputError` listing the known formats: never a guess.
"""

from __future__ import annotations

import re
from pathlib import PurePath
from typing import Any

from envguard.envfiles import is_env_file
from envguard.errors import InputError
from envguard.sources.platforms import FAMILIES, FORMATS, known_formats

# Imports inside functions are deliberate: the JSON helpers load only when the input is JSON.

VERCEL_HEADER = "# Created by Vercel CLI"
_ASSIGNMENT = re.compile(r"^[ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_.-]*)[ \t]*=(.?)", re.M)
_RAW_ASSIGNMENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*=(.*)")
_YAML_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*:(?:[ \t]|$)")
_K8S_KIND = re.compile(r"^kind:[ \t]*['\"]?(Secret|ConfigMap|[A-Za-z]*List)\b", re.M)
_KNATIVE_SERVICE = re.compile(r"^apiVersion:[ \t]*['\"]?serving\.knative\.dev/", re.M)
#: ``doctl apps spec get``: a top-level name and the spec's envs or component lists
_DO_SPEC_NAME = re.compile(r"^name:[ \t]*\S", re.M)
_DO_SPEC_LIST = re.compile(  # lists, where a compose file's services is a map
    r"^(?:envs|services|workers|jobs|static_sites|functions):[ \t]*\r?\n[ \t]*- ", re.M)
_ENCRYPTED_NAMES = {"doppler.json", "doppler.env", "secrets.yaml", "appsettings.json"}
_DOPPLER_KEYS = {"DOPPLER_PROJECT", "DOPPLER_CONFIG", "DOPPLER_ENVIRONMENT"}
_DIGEST = re.compile(r"[0-9a-f]{64}")
#: the fields `gh secret list --json` and `gh variable list --json` can print (cli/cli
#: pkg/cmd/secret/list/list.go, pkg/cmd/variable/shared/shared.go)
_GH_VARIABLE_FIELDS = {"name", "value", "updatedAt", "createdAt", "visibility",
                       "numSelectedRepos", "selectedReposURL"}
#: ``az keyvault secret list`` ids (azure-cli's SecretProperties) and Secret Manager's
#: resource names (``gcloud secrets list``)
_KEY_VAULT_ID = re.compile(r"https://[^/\s]+/secrets/[^/\s]+")
_GCLOUD_SECRET = re.compile(r"projects/[^/\s]+/secrets/[^/\s]+")
_HINTS = (
    (re.compile(r"Environment Variables found for|^\s*name\s+value\s+environments", re.M),
     "this looks like the `vercel env ls` table; use `vercel env ls --format json`"),
    (re.compile(r"^\s*NAME\s+\|?\s*DIGEST", re.M | re.I),
     "this looks like a secrets table; use the command's --json / -o json output"),
    (re.compile(r"^\s*\*{20,}", re.M),
     "the values are masked; use the command's JSON or plain output with values"),
)


def resolve_format(fmt: str, text: str, name: str) -> str:
    """The reader to use for ``--from fmt``: ``auto``, a family name, or a format name."""
    if fmt in FORMATS:
        return fmt
    if fmt == "auto":
        return detect_format(text, name)
    if fmt in FAMILIES:
        members, for_json, for_text = FAMILIES[fmt]
        try:
            found: str | None = detect_format(text, name)
        except InputError:
            found = None
        if found in members:
            assert found is not None
            return found
        fallback = for_json if text.lstrip()[:1] in ("{", "[") else for_text
        if fallback is None:
            raise InputError(f"{name}: not one of the {fmt} formats ({', '.join(members)})")
        return fallback
    raise InputError(f"unknown format {fmt!r}; known formats: {known_formats()}")


def detect_format(text: str, name: str) -> str:
    """The name of the reader for ``text``; :class:`InputError` when nothing fits.

    The priority, for the whole text: JSON shapes; the strong text signatures (Vercel's
    header, Kubernetes, the Heroku table, Infisical's CSV, then :func:`_line_signature`);
    a file name like ``.env``; Heroku's quoting without a Heroku variable; and last the
    choice between python-dotenv's rules and raw ``KEY=value`` lines (:func:`_machine_raw`).
    """
    base = PurePath(name).name.lower()
    stripped = text.strip()
    if stripped[:1] in ("{", "[") and not (is_env_file(name) and not _is_json(stripped)):
        return _classify_json(text, name)
    first = stripped.split("\n", 1)[0].strip()
    if first == VERCEL_HEADER:
        return "vercel"
    if base in _ENCRYPTED_NAMES and re.fullmatch(r"[A-Za-z0-9+/=\s]{40,}", stripped):
        raise InputError(f"{name}: this Doppler download is encrypted; re-run "
                         "`doppler secrets download --no-file` to print plain text")
    if "\0" in text:
        if is_env_file(name):
            return "dotenv"  # whose reader refuses binary data, naming the line
        if re.match(r"[A-Za-z_][A-Za-z0-9_]*=", text):
            return "printenv"
        raise InputError(f"{name}: binary data (NUL bytes), not an env file or export")
    significant = [ln.strip() for ln in text.splitlines()
                   if ln.strip() and not ln.lstrip().startswith("#")]
    if not significant:
        if is_env_file(name):
            return "dotenv"
        raise InputError(f"{name}: empty input: no variables to read "
                         "(did the export command fail?)")
    if _K8S_KIND.search(text) and re.search(r"^apiVersion:", text, re.M):
        return "kubernetes"
    if _KNATIVE_SERVICE.search(text) and re.search(r"^kind:[ \t]*['\"]?Service['\"]?[ \t]*$",
                                                   text, re.M):
        return "cloud-run"
    if first.startswith("=== "):
        return "heroku-table"
    from envguard.sources.platforms.beanstalk import is_eb_printenv

    if is_eb_printenv(first):
        return "eb-printenv"
    from envguard.sources.platforms.names import is_pages_listing

    if is_pages_listing(first):
        return "wrangler-pages-secrets"
    if re.fullmatch(r"\ufeff?key,value", first, re.I):
        return "infisical-csv"
    from envguard.sources.platforms.rawlines import split_lines

    lines = split_lines(text)
    signed = _line_signature(lines)
    if signed:
        return signed
    if is_env_file(name):
        return "dotenv"
    from envguard.sources.platforms.heroku import is_shell_output

    if is_shell_output([ln for ln in lines if ln.strip()]):
        return "heroku-shell"
    if _ASSIGNMENT.match(significant[0]):
        return "raw" if _machine_raw(lines) else "dotenv"
    if _DO_SPEC_NAME.search(text) and _DO_SPEC_LIST.search(text):
        return "do-app-spec"
    if _YAML_KEY.match(significant[0]) or base.endswith((".yaml", ".yml")):
        keys = {m.group(0).split(":")[0] for ln in significant if (m := _YAML_KEY.match(ln))}
        return "doppler-yaml" if keys & _DOPPLER_KEYS else "yaml"
    raise InputError(_unknown(text, name))


def _line_signature(lines: list[str]) -> str | None:
    """A CLI's own ``KEY=value`` output, recognised whatever the file is called (``infisical
    export > .env`` is Infisical's documented usage). Machine output has no comments."""
    from envguard.sources.platforms.heroku import is_shell_output
    from envguard.sources.platforms.rawlines import pem_continuations, sorted_share
    from envguard.sources.platforms.system import platform_of

    inside = pem_continuations(lines)
    starts = [(n, m) for n, ln in enumerate(lines)
              if not inside[n] and (m := _RAW_ASSIGNMENT.fullmatch(ln))]
    if any(ln.lstrip().startswith("#") and not inside[n] for n, ln in enumerate(lines)):
        return None
    keys = {m.group(0).split("=", 1)[0] for _, m in starts}
    if {"PATH", "HOME"} <= keys and keys & {"SHLVL", "PWD"}:
        return "printenv"
    if keys >= _DOPPLER_KEYS:  # Doppler always adds all three; `env` quotes every value
        quoted = all(m.group(1).startswith('"') for _, m in starts)
        return "doppler-env" if quoted else "raw"
    if _infisical_shape(lines):
        return "infisical-dotenv"
    if not starts:
        return None
    # the platform facts (schemas/platforms) are read only once the shape fits
    if len(keys) >= 2 and sorted_share(lines) >= 0.9 and sum(
            platform_of(k) == "railway" for k in keys) >= 2:
        return "railway-kv"
    if is_shell_output([ln for ln in lines if ln.strip()], need_quoted=False) and any(
            platform_of(k) == "heroku" for k in keys):
        return "heroku-shell"
    return None


_INFISICAL_START = re.compile(r"(?:export[ \t]+)?[^=\s#'\"]+=")


def _infisical_shape(lines: list[str]) -> bool:
    """``KEY='value'`` statements only: the first line opens one, the last closes one, and
    every line shaped like an assignment opens a single quote (a spilled value may hold
    other lines)."""
    from envguard.sources.platforms.rawlines import pem_continuations

    inside = pem_continuations(lines)
    body = [ln for n, ln in enumerate(lines) if ln.strip() and not inside[n]]
    if not body or not _INFISICAL_START.match(body[0]) or not lines[-1].endswith("'"):
        return False
    return all(ln[m.end():m.end() + 1] == "'" for ln in body
               if (m := _INFISICAL_START.match(ln)))


def _machine_raw(lines: list[str]) -> bool:
    """Whether the whole text reads as raw ``KEY=value`` lines (CLI output printed verbatim)
    rather than by python-dotenv's rules. Any comment, ``export``, indented key or quote
    spanning lines is written by a person, so dotenv; otherwise raw when some line says so:
    a line that continues a value, `` #`` inside a value, trailing blanks. A leading quote
    or ``${`` on one line proves nothing either way. When the readings agree, dotenv."""
    from envguard.sources.platforms.rawlines import pem_continuations

    inside = pem_continuations(lines)
    differs = False
    for n, line in enumerate(lines):
        if inside[n]:
            differs = True
            continue
        if not line.strip():
            continue
        if line.lstrip().startswith("#") or line.startswith((" ", "\t", "export ")):
            return False
        m = _RAW_ASSIGNMENT.fullmatch(line)
        if m is None:
            differs = True
            continue
        value = m.group(1)
        if value[:1] in ("'", '"', "`") and not _closes_on_line(value):
            return False
        differs = differs or " #" in value or "\t#" in value or value != value.rstrip()
    return differs


def _closes_on_line(value: str) -> bool:
    quote = value[0]
    return re.search(r"(?<!\\)" + quote, value[1:]) is not None


def _is_json(text: str) -> bool:
    """Whether the text parses as JSON: a ``.env`` whose first line is ``[section]`` is not
    a JSON export, though it starts like one."""
    import json

    try:
        json.loads(text)
    except ValueError:
        return False
    return True


def _classify_json(text: str, name: str) -> str:
    from envguard.sources.platforms.common import LocatedDict, LocatedList, kind_of
    from envguard.sources.platforms.jsondoc import parse_json

    doc = parse_json(text, name)
    if isinstance(doc, LocatedDict):
        return _classify_object(doc, name)
    if isinstance(doc, LocatedList):
        found = _classify_array(doc)
        if found:
            return found
        if not doc:
            raise InputError(f"{name}: empty export: the JSON array has no entries")
        raise InputError(
            f"{name}:{doc.line}: a JSON array where an object of \"KEY\": \"value\" pairs is "
            "expected, and not one of the known array exports (fly, gh, wrangler, supabase, "
            "infisical, docker inspect, az, gcloud, render); pass --from FORMAT if it is one"
        )
    raise InputError(f"{name}: the JSON document is {kind_of(doc)}, not an object of "
                     "\"KEY\": \"value\" pairs")


def _classify_object(doc: Any, name: str) -> str:
    from envguard.secrecy import is_sops_metadata
    from envguard.sources.platforms.common import kind_of

    if not doc:
        raise InputError(f"{name}: empty export: the JSON object has no variables (is the CLI "
                         "linked to the right project and environment?)")
    if isinstance(doc.get("envs"), list):
        return "vercel-ls"
    if isinstance(doc.get("Parameters"), list):
        return "aws-ssm"
    if "SecretString" in doc or "SecretBinary" in doc:
        return "aws-secrets"
    from envguard.sources.platforms.cloudrun import is_knative_service

    if is_knative_service(doc):  # before Kubernetes: a Knative Service is not a Secret
        return "cloud-run"
    if isinstance(doc.get("kind"), str) and "apiVersion" in doc:
        return "kubernetes"
    from envguard.sources.platforms.vault import is_vault_secret

    if is_vault_secret(doc):  # before the nested-value check: its data is an object
        return "vault-kv"
    from envguard.sources.platforms.onepassword import is_op_item

    if is_op_item(doc):
        return "op-item"
    from envguard.sources.platforms.digitalocean import is_app_spec

    if is_app_spec(doc):  # its envs are arrays: before the nested-value check
        return "do-app-spec"
    if all(isinstance(v, dict) and "computed" in v for v in doc.values()):
        return "doppler-secrets"
    for key, line, value in doc.pairs:
        if is_sops_metadata(key, value):
            continue  # a flat object encrypted by sops: its metadata is read past
        if isinstance(value, (dict, list)):
            raise InputError(
                f"{name}:{line}: {key}: the value is {kind_of(value)}, but an env export maps "
                "each name to a text value; this nested JSON is not a known export "
                f"(known formats: {known_formats()})"
            )
    keys = set(doc)
    if keys & _DOPPLER_KEYS:
        return "doppler-json"
    if any(k.startswith("RAILWAY_") for k in keys):
        return "railway-json"
    if any(k.startswith("HEROKU_") for k in keys):
        return "heroku-json"
    return "json"


def _classify_array(doc: list[Any]) -> str | None:
    if doc and all(isinstance(x, str) and "=" in x for x in doc):
        return "docker-inspect"
    if not doc or not all(isinstance(x, dict) for x in doc):
        return None
    keys: set[str] = set().union(*(set(x) for x in doc))
    if "Config" in keys:
        return "docker-inspect"
    if {"kind", "apiVersion"} <= keys:
        return "kubernetes"
    # the cloud listings' own fields, before the generic name/value shapes below
    if "envVar" in keys and all(isinstance(x.get("envVar"), dict) for x in doc):
        return "render"
    if "slotSetting" in keys and "name" in keys:
        return "az-appsettings"
    if {"id", "name", "attributes"} <= keys and all(
            _KEY_VAULT_ID.match(str(x.get("id", ""))) for x in doc):
        return "az-keyvault"
    if "name" in keys and all(_GCLOUD_SECRET.fullmatch(str(x.get("name", ""))) for x in doc):
        return "gcloud-secrets"
    if keys & {"digest", "Digest"} and keys & {"name", "Name"}:
        return "fly"
    if any(x.get("type") == "secret_text" for x in doc):
        return "wrangler-secrets"
    if "key" in keys and keys & {"_id", "secretPath", "workspace"}:
        return "infisical-json"
    if "name" in keys:
        if "updated_at" in keys or (keys <= {"name", "value"} and all(
                isinstance(x.get("value"), str) and _DIGEST.fullmatch(x["value"]) for x in doc)):
            return "supabase-secrets"  # its "value" is a SHA-256 digest; older CLIs: no date
        if keys <= _GH_VARIABLE_FIELDS:  # gcloud and az listings have a name, and more:
            # they are recognised above by their own fields
            return "gh-variables" if "value" in keys else "gh-secrets"
    return None


def _unknown(text: str, name: str) -> str:
    for pattern, hint in _HINTS:
        if pattern.search(text):
            return f"{name}: cannot read this: {hint}"
    return (f"{name}: cannot tell what format this is (not a .env file, JSON, YAML or a "
            f"known export); pass --from FORMAT. Known formats: {known_formats()}")

"""Readers for what platform CLIs actually write, each yielding the .env file's model.

One module per family (vercel, railway, heroku, netlify, secretstores for Doppler and
Infisical, names for names-only listings and Azure's and gcloud's, aws, beanstalk, vault,
onepassword, cloudrun, digitalocean, render, kubernetes, docker, printenv, plain JSON and
YAML). The registry names every format ``--from`` accepts; readers are imported only when used, so
reading a .env file pays for none of them.

Adding a reader takes three steps, none of which touches another reader:

1. a function ``read_x(text, source) -> SourceRead`` in a module here, building its result
   with :class:`~envguard.sources.platforms.common.Collector` (withheld values through
   ``add(..., withheld=True)``, unusable input as :class:`~envguard.errors.InputError`);
2. a :class:`Format` line in :data:`FORMATS` (and the format in a family, if it has one);
3. its signature in :mod:`envguard.sources.detect`, at the place in the priority that its
   shape earns (JSON shapes in ``_classify_object``/``_classify_array``, a title line
   next to ``heroku-table``, a whole-text line signature in ``_line_signature``), and its
   platform's ``formats`` in ``schemas/platforms/<platform>.toml``.

Its test renders the CLI's output with a port of the CLI's own writer in
``tests/support/cli_writers.py`` (a ``WRITERS`` entry), which
``tests/unit/test_cli_renderings.py`` reads back in every way.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from envguard.sources.base import SourceRead

Reader = Callable[[str, str], SourceRead]


@dataclass(frozen=True)
class Format:
    """One ``--from`` name: what it reads, and where its reader lives (``module:function``)."""

    name: str
    description: str
    target: str

    def reader(self) -> Reader:
        module, _, function = self.target.partition(":")
        found: Reader = getattr(importlib.import_module(f"{__name__}.{module}"), function)
        return found


FORMATS: dict[str, Format] = {f.name: f for f in (
    Format("dotenv", ".env file (python-dotenv rules, ${VAR} interpolation)", ""),
    Format("vercel", "`vercel env pull` / `vercel pull` file", "vercel:read_vercel_pull"),
    Format("vercel-ls", "`vercel env ls --format json`", "vercel:read_vercel_ls"),
    Format("railway-json", "`railway variables --json`", "railway:read_railway_json"),
    Format("railway-kv", "`railway variables --kv`", "railway:read_railway_kv"),
    Format("heroku-json", "`heroku config --json`", "heroku:read_heroku_json"),
    Format("heroku-shell", "`heroku config -s`", "heroku:read_heroku_shell"),
    Format("heroku-table", "`heroku config`", "heroku:read_heroku_table"),
    Format("netlify-json", "`netlify env:list --json`", "netlify:read_netlify_json"),
    Format("netlify-plain", "`netlify env:list --plain`", "netlify:read_netlify_plain"),
    Format("doppler-json", "`doppler secrets download --no-file` (json)",
           "secretstores:read_doppler_json"),
    Format("doppler-env", "`doppler secrets download --no-file --format env`",
           "secretstores:read_doppler_env"),
    Format("doppler-yaml", "`doppler secrets download --no-file --format yaml`",
           "secretstores:read_doppler_yaml"),
    Format("doppler-secrets", "`doppler secrets --json`", "secretstores:read_doppler_secrets"),
    Format("infisical-dotenv", "`infisical export` (dotenv, dotenv-export, dotenv-eval)",
           "secretstores:read_infisical_dotenv"),
    Format("infisical-json", "`infisical export --format json`",
           "secretstores:read_infisical_json"),
    Format("infisical-csv", "`infisical export --format csv`", "secretstores:read_infisical_csv"),
    Format("fly", "`fly secrets list --json` (names only)", "names:read_fly"),
    Format("gh-secrets", "`gh secret list --json name,updatedAt` (names only)",
           "names:read_gh_secrets"),
    Format("gh-variables", "`gh variable list --json name,value`", "names:read_gh_variables"),
    Format("wrangler-secrets", "`wrangler secret list` (names only)",
           "names:read_wrangler_secrets"),
    Format("wrangler-pages-secrets", "`wrangler pages secret list` (names only)",
           "names:read_wrangler_pages_secrets"),
    Format("supabase-secrets", "`supabase secrets list -o json` (names and digests)",
           "names:read_supabase_secrets"),
    Format("az-keyvault", "`az keyvault secret list` (names only; '-' read as '_')",
           "names:read_az_keyvault"),
    Format("az-appsettings", "`az webapp config appsettings list`",
           "names:read_az_appsettings"),
    Format("gcloud-secrets", "`gcloud secrets list --format=json` (names only)",
           "names:read_gcloud_secrets"),
    Format("cloud-run", "`gcloud run services describe SVC --format=json` (or yaml)",
           "cloudrun:read_cloud_run"),
    Format("do-app-spec", "`doctl apps spec get APP` (YAML or --format json)",
           "digitalocean:read_do_app_spec"),
    Format("render", "Render API `GET /v1/services/{id}/env-vars` response", "render:read_render"),
    Format("aws-ssm", "`aws ssm get-parameters-by-path` JSON", "aws:read_ssm"),
    Format("aws-secrets", "`aws secretsmanager get-secret-value` JSON",
           "aws:read_secrets_manager"),
    Format("eb-printenv", "`eb printenv` (Elastic Beanstalk; masked values withheld)",
           "beanstalk:read_eb_printenv"),
    Format("vault-kv", "`vault kv get -format=json` (KV v1 or v2)", "vault:read_vault_kv"),
    Format("op-item", "`op item get ITEM --format json` (1Password; a field's label is the name)",
           "onepassword:read_op_item"),
    Format("kubernetes", "Kubernetes Secret / ConfigMap (YAML or `kubectl get -o json`)",
           "kubernetes:read_kubernetes"),
    Format("docker-env-file", "`docker run --env-file` file (quotes kept)",
           "docker:read_docker_env_file"),
    Format("docker-inspect", "`docker inspect` output or its Config.Env array",
           "docker:read_docker_inspect"),
    Format("printenv", "`env` / `printenv` output (also `env -0`)", "printenv:read_printenv"),
    Format("raw", "KEY=value lines printed verbatim, no quoting (e.g. doppler env-no-quotes)",
           "rawlines:read_raw"),
    Format("json", "a plain JSON object of \"KEY\": \"value\"", "plain:read_json"),
    Format("yaml", "a flat YAML map of KEY: value", "plain:read_yaml"),
)}

#: ``--from FAMILY``: its formats, and the one to use for JSON or for text content when
#: detection does not already pick a member of the family.
FAMILIES: dict[str, tuple[tuple[str, ...], str | None, str | None]] = {
    "railway": (("railway-json", "railway-kv"), "railway-json", "railway-kv"),
    "heroku": (("heroku-json", "heroku-shell", "heroku-table"), "heroku-json", "heroku-shell"),
    "netlify": (("netlify-json", "netlify-plain"), "netlify-json", "netlify-plain"),
    # raw: Doppler's env-no-quotes and docker downloads are unquoted KEY=value lines
    "doppler": (("doppler-json", "doppler-secrets", "doppler-env", "doppler-yaml", "raw"),
                "doppler-json", "doppler-env"),
    "infisical": (("infisical-json", "infisical-dotenv", "infisical-csv"),
                  "infisical-json", "infisical-dotenv"),
    "gh": (("gh-variables", "gh-secrets"), None, None),
    "wrangler": (("wrangler-secrets", "wrangler-pages-secrets"), "wrangler-secrets",
                 "wrangler-pages-secrets"),
    "aws": (("aws-ssm", "aws-secrets", "eb-printenv"), None, None),
    "az": (("az-appsettings", "az-keyvault"), None, None),
    "k8s": (("kubernetes",), "kubernetes", "kubernetes"),
    "docker": (("docker-inspect", "docker-env-file"), "docker-inspect", "docker-env-file"),
    "env": (("printenv",), "printenv", "printenv"),
}


def known_formats() -> str:
    return ", ".join(FORMATS) + " (or a family: " + ", ".join(FAMILIES) + ")"

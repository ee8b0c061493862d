"""Platform CLIs' export writers, reproduced from each CLI's own source, for test fixtures.

Each writer renders a set of variables exactly as its CLI prints or saves them, citing the
file and commit it ports, and says where each variable begins (the line a reader must
report). Shapes a CLI prints ambiguously are named in ``carries``: a writer is only given
values its CLI can round-trip (Vercel cannot tell a literal ``\\n`` from a newline).
Doppler is not here: its ``env`` quoting is done by Doppler's API, not by the CLI
(DopplerHQ/cli pkg/cmd/secrets.go prints the body it is sent).
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Callable
from dataclasses import dataclass

from tests import fakes

Vars = dict[str, str]


@dataclass(frozen=True)
class Rendering:
    """What the CLI wrote, and the line each variable begins on."""

    text: str
    lines: dict[str, int]


def _line_writer(entries: list[tuple[str, str]]) -> Rendering:
    """Each entry's text joined by newlines, remembering where each begins."""
    lines, n, parts = {}, 1, []
    for key, text in entries:
        lines[key] = n
        n += text.count("\n") + 1
        parts.append(text)
    return Rendering("\n".join(parts) + "\n", lines)


def _json_lines(text: str, keys: list[str], field: str = '"{key}"') -> dict[str, int]:
    lines, offset = {}, 0
    for key in keys:
        offset = text.index(field.format(key=key), offset)
        lines[key] = text.count("\n", 0, offset) + 1
    return lines


# -- Vercel: packages/cli/src/commands/env/pull.ts @17d9ebaf8e9b335d550dea1a243743a74edc772e
def vercel_pull(env: Vars) -> Rendering:
    """``CONTENTS_PREFIX`` then ``Object.keys(...).sort()`` as ``KEY="escapeValue(v)"``;
    escapeValue replaces only \\n and \\r."""
    def escape(value: str) -> str:
        return value.replace("\n", "\\n").replace("\r", "\\r")

    body = _line_writer([(k, f'{k}="{escape(env[k])}"') for k in sorted(env)])
    return Rendering("# Created by Vercel CLI\n" + body.text,
                     {k: n + 1 for k, n in body.lines.items()})


# -- Railway: src/commands/variable.rs @df3838bf117cfa332d0ea28e9d26405639a98b2b
# (variables come as a BTreeMap<String, String>, src/controllers/variables.rs: sorted)
RAILWAY_OWN = {"RAILWAY_ENVIRONMENT": "production",
               "RAILWAY_ENVIRONMENT_ID": "00000000-0000-4000-8000-000000000001",
               "RAILWAY_PROJECT_ID": "00000000-0000-4000-8000-000000000002",
               "RAILWAY_SERVICE_NAME": "api"}


def railway_kv(env: Vars) -> Rendering:
    """``println!("{key}={value}")`` for each pair."""
    return _line_writer([(k, f"{k}={v}") for k, v in sorted(env.items())])


def railway_json(env: Vars) -> Rendering:
    """``serde_json::to_string_pretty``: two-space indent, non-ASCII kept."""
    text = json.dumps(dict(sorted(env.items())), indent=2, ensure_ascii=False) + "\n"
    return Rendering(text, _json_lines(text, sorted(env)))


# -- Heroku: src/lib/config/quote.ts and src/commands/config/index.ts
# @c5fbf4b4321cfd8c97c78d0603685b2482bbce02 (heroku/cli 11.9.0); the table is hux.styledObject,
# heroku/heroku-cli-util src/ux/styled-object.ts @e20be687dd9f66f119e130cbff49c2e7341fb792
_HEROKU_SPECIAL = re.compile(r"[\"\s#!$&'()*,:;<=>?@\[\\\]^`{|}]")


def heroku_quote(value: str) -> str:
    if _HEROKU_SPECIAL.search(value):
        if re.search(r"['\n]", value):
            return '"' + re.sub(r'(["\\$`!])', r"\\\1", value).replace("\n", "\\n") + '"'
        return "'" + value + "'"
    return value


def heroku_shell(env: Vars) -> Rendering:
    """``heroku config -s``: ``${k}=${quote(v)}`` per entry, in the API's order."""
    return _line_writer([(k, f"{k}={heroku_quote(v)}") for k, v in env.items()])


def heroku_table(env: Vars, app: str = "fake-app") -> Rendering:
    """``styledHeader`` (``=== ⬢ app Config Vars`` and a blank line), then each value two
    columns past the longest name; ``prettyPrint('')`` is ``inspect('') == "''"``."""
    width = max(len(k) for k in env) + 2
    body = _line_writer([(k, f"{k}:" + " " * (width - len(k) - 1) + (v or "''"))
                         for k, v in env.items()])
    return Rendering(f"=== ⬢ {app} Config Vars\n\n" + body.text,
                     {k: n + 2 for k, n in body.lines.items()})


def js_stringify(env: Vars) -> Rendering:
    """``JSON.stringify(obj, null, 2)`` (heroku ``hux.styledJSON``, netlify ``logJson``)."""
    text = json.dumps(env, indent=2, ensure_ascii=False) + "\n"
    return Rendering(text, _json_lines(text, list(env)))


# -- Netlify: src/commands/env/env-list.ts @88ece2915554fbb121d69143fa4799b7559d2cdd
def netlify_plain(env: Vars) -> Rendering:
    """``entries.map(([key, variable]) => `${key}=${variable.value}`).join('\\n')``, logged."""
    return _line_writer([(k, f"{k}={v}") for k, v in env.items()])


# -- Infisical: packages/cmd/export.go @242df555bcbef217c288ca7df5e7ce5389830d82
def infisical_dotenv(env: Vars) -> Rendering:
    """formatAsDotEnv: ``fmt.Sprintf("%s='%s'\\n", key, value)``, nothing escaped."""
    return _line_writer([(k, f"{k}='{v}'") for k, v in env.items()])


def infisical_dotenv_export(env: Vars) -> Rendering:
    """formatAsDotEnvExport: ``export %s='%s'``, nothing escaped."""
    return _line_writer([(k, f"export {k}='{v}'") for k, v in env.items()])


def infisical_dotenv_eval(env: Vars) -> Rendering:
    """formatAsDotEnvEval: ``export %s=%s`` with posixShellQuote (``'`` -> ``'\\''``)."""
    return _line_writer([(k, "export " + k + "='" + v.replace("'", "'\\''") + "'")
                         for k, v in env.items()])


def infisical_json(env: Vars) -> Rendering:
    """formatAsJson: Go ``json.Marshal`` of the SingleEnvironmentVariable array, compact,
    with ``<``, ``>``, ``&``, U+2028 and U+2029 escaped as Go does."""
    items = [{"key": k, "workspace": "w1", "value": v, "type": "shared", "_id": f"id{i}",
              "secretPath": "/", "tags": None, "comment": "", "Etag": "",
              "skipMultilineEncoding": False} for i, (k, v) in enumerate(env.items())]
    text = json.dumps(items, ensure_ascii=False, separators=(",", ":"))
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                    ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, esc)
    return Rendering(text, dict.fromkeys(env, 1))


def infisical_csv(env: Vars) -> Rendering:
    """formatAsCSV: Go ``encoding/csv`` (a field is quoted when it holds ``,`` ``"`` CR or
    LF or starts with a space; ``"`` doubled; ``\\n`` line ends), a ``Key,Value`` header."""
    def field(value: str) -> str:
        if value and (any(c in value for c in ',"\r\n') or value[0] in " \t"):
            return '"' + value.replace('"', '""') + '"'
        return value

    body = _line_writer([(k, f"{field(k)},{field(v)}") for k, v in env.items()])
    return Rendering("Key,Value\n" + body.text, {k: n + 1 for k, n in body.lines.items()})


@dataclass(frozen=True)
class Writer:
    """One CLI output: how to render it, its ``--from`` name, what ``auto`` must pick,
    the file name its users save it under, and the variables the CLI adds itself."""

    render: Callable[[Vars], Rendering]
    fmt: str
    detected: str
    filename: str
    own: Vars


WRITERS: dict[str, Writer] = {
    "vercel env pull": Writer(vercel_pull, "vercel", "vercel", ".env.local",
                              {"VERCEL": "1", "VERCEL_ENV": "development"}),
    "railway variables --kv": Writer(railway_kv, "railway-kv", "railway-kv", ".env",
                                     RAILWAY_OWN),
    "railway variables --json": Writer(railway_json, "railway-json", "railway-json",
                                       "railway.json", RAILWAY_OWN),
    "heroku config -s": Writer(heroku_shell, "heroku-shell", "heroku-shell", "heroku.sh", {}),
    "heroku config": Writer(heroku_table, "heroku-table", "heroku-table", "config.txt", {}),
    "heroku config --json": Writer(js_stringify, "heroku-json", "json", "config.json", {}),
    "netlify env:list --plain": Writer(netlify_plain, "netlify-plain", "raw", "netlify.txt",
                                       {}),
    "netlify env:list --json": Writer(js_stringify, "netlify-json", "json", "netlify.json", {}),
    "infisical export": Writer(infisical_dotenv, "infisical-dotenv", "infisical-dotenv", ".env",
                               {}),
    "infisical export --format dotenv-export": Writer(
        infisical_dotenv_export, "infisical-dotenv", "infisical-dotenv", ".env", {}),
    "infisical export --format dotenv-eval": Writer(
        infisical_dotenv_eval, "infisical-dotenv", "infisical-dotenv", ".env", {}),
    "infisical export --format json": Writer(infisical_json, "infisical-json", "infisical-json",
                                             "secrets.json", {}),
    "infisical export --format csv": Writer(infisical_csv, "infisical-csv", "infisical-csv",
                                            "secrets.csv", {}),
}


def realistic_values(rng: random.Random) -> Vars:
    """The values that break readers: a fresh multi-line PEM key, quotes, backslashes,
    ``$HOME``, unicode, an empty value, ``=`` and ``#`` in values, a 10 KB value."""
    return {
        "API_URL": "https://api.example.com/v1?a=1&b=2#frag",
        "BIG_BLOB": fakes.token(10 * 1024, fakes.ALNUM + "+/"),
        "EMPTY_NOTE": "",
        "GREETING": "say \"hi\", it's fine",
        "HOME_DIR": "$HOME/app and ${HOME}",
        "JWT_PRIVATE_KEY": fakes.pem(rng),
        "MOTTO": "héllo – 日本語 ✓",
        "PASSWORD_HINT": "a=b#c d # not a comment",
        "WIN_PATH": "C:\\Users\\app\\bin\\",
    }

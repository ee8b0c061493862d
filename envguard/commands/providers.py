"""``envguard providers [NAME]``: the built-in provider and platform pieces, and for one of
them its variables, credential formats and rules.

Someone writing a schema includes pieces by id (``include = ["stripe"]``) and refines their
variables; this lists what each piece declares, from the same catalog validation and the
scanner use, so nobody has to read ``schemas/providers/*.toml`` to write one. Names only:
no example value is printed (a format's examples are key-shaped).
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from envguard.commands.common import Usage, add_command
from envguard.errors import InputError
from envguard.schema.model import Provider, Schema

# Imports inside functions are deliberate: each command imports its work when it runs, so `--help`
# and the hooks pay only for the command they use.

USAGE = Usage(
    examples=(
        ("envguard providers", "every provider and platform piece, one line each"),
        ("envguard providers stripe", "Stripe's variables, credential formats and rules"),
        ("envguard providers vercel --format json", "the same, as JSON"),
    ),
    exits=("0 listed", "2 unknown provider or usage error"),
)


def register(sub: Any) -> None:
    parser = add_command(
        sub, "providers", USAGE,
        help="list the built-in providers, or show one provider's declarations",
        description="List the provider and platform pieces a schema can include, or show "
                    "what one of them declares: variables, credential formats and rules.",
    )
    parser.add_argument("name", nargs="?", metavar="NAME", help="a provider id, e.g. stripe")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from envguard.schema.loader import builtin_catalog

    catalog = builtin_catalog()
    if args.name is None:
        rows = [_summary(p) for p in sorted(catalog.providers.values(), key=lambda p: p.id)]
        if args.format == "json":
            print(json.dumps({"providers": rows}, indent=2))
        else:
            width = max(len(r["id"]) for r in rows)
            for r in rows:
                kind = " (platform)" if r["platform"] else ""
                print(f"{r['id']:<{width}}  {r['name']}{kind}: {r['description']}".rstrip(": "))
        return 0
    provider = catalog.providers.get(args.name.lower())
    if provider is None:
        from envguard.tables import near_miss, short_word

        raise InputError(f"unknown provider {short_word(args.name)}"
                         f"{near_miss(args.name.lower(), catalog.providers)}; "
                         "`envguard providers` lists them")
    detail = _detail(provider, catalog)
    if args.format == "json":
        print(json.dumps(detail, indent=2))
    else:
        print(_text(detail))
    return 0


def _summary(provider: Provider) -> dict[str, Any]:
    return {"id": provider.id, "name": provider.name, "description": provider.description,
            "platform": provider.implicit}


def _detail(provider: Provider, catalog: Schema) -> dict[str, Any]:
    """What the piece declares, as JSON-ready data (the text form prints the same)."""
    variables = [
        {"key": spec.key, "type": spec.type, "secret": spec.secret, "public": spec.public,
         "required": spec.required if isinstance(spec.required, bool) else list(spec.required),
         "credential": list(spec.credential), "description": spec.description}
        for spec in sorted(catalog.vars.values(), key=lambda s: s.key)
        if spec.provider == provider.id
    ]
    formats = [
        {"id": fmt.id, "name": fmt.name, "secret": fmt.secret,
         "live_and_test": "(?P<mode>" in fmt.regex, "description": fmt.description}
        for fmt in sorted(catalog.credentials.values(), key=lambda f: f.id)
        if fmt.provider == provider.id
    ]
    rules = [
        {"name": rule.name, "kind": rule.kind, "keys": list(rule.keys),
         "description": rule.description}
        for rule in catalog.rules if rule.source == provider.source
    ]
    return {**_summary(provider), "docs": provider.docs, "includes": list(provider.includes),
            "variables": variables, "credentials": formats, "rules": rules}


def _text(detail: dict[str, Any]) -> str:
    kind = "platform" if detail["platform"] else "provider"
    lines = [f"{detail['name']} ({kind} {detail['id']})"]
    if detail["description"]:
        lines.append(f"  {detail['description']}")
    if detail["docs"]:
        lines.append(f"  docs: {detail['docs']}")
    if detail["includes"]:
        lines.append(f"  includes: {', '.join(detail['includes'])}")
    lines.append(f"\nvariables ({len(detail['variables'])}):")
    for var in detail["variables"]:
        marks = [var["type"]] + [m for m in ("secret", "public") if var[m]]
        if var["required"]:
            marks.append("required" if var["required"] is True
                         else f"required in {', '.join(var['required'])}")
        if var["credential"]:
            marks.append(f"format {', '.join(var['credential'])}")
        lines.append(f"  {var['key']}  [{'; '.join(marks)}]")
        if var["description"]:
            lines.append(f"      {var['description']}")
    if detail["credentials"]:
        lines.append(f"\ncredential formats ({len(detail['credentials'])}):")
        for fmt in detail["credentials"]:
            modes = "; live and test modes" if fmt["live_and_test"] else ""
            secret = "secret" if fmt["secret"] else "public"
            lines.append(f"  {fmt['id']}  {fmt['name']} [{secret}{modes}]")
    if detail["rules"]:
        lines.append(f"\nrules ({len(detail['rules'])}):")
        for rule in detail["rules"]:
            lines.append(f"  {rule['name']}  {rule['kind']}: {', '.join(rule['keys'])}")
            if rule["description"]:
                lines.append(f"      {rule['description']}")
    lines.append(f"\ninclude it in a schema: include = [\"{detail['id']}\"]")
    return "\n".join(lines)

"""A schema -> a typed pydantic-settings class (``envguard codegen --target python``).

For teams that want their own ``BaseSettings`` class with IDE completion and mypy help:
each declared variable becomes a typed field (``SecretStr`` for secrets, ``Literal`` for
enums, bounds and lengths as constraints). The class reads what pydantic-settings reads;
``envguard check --model module:Settings`` or ``envguard.load(Settings)`` adds the
schema's mode and cross-variable checks; a variable with built-in credential formats is
annotated with them (``envguard.credential``), so ``load(Settings)`` checks its format,
its mode and where it may be exposed even under a name of the team's own. No secret value
or secret-shaped default is written.
"""

from __future__ import annotations

import keyword
import re

from envguard.schema.model import Schema, VarSpec
from envguard.secrecy import is_token_shaped, looks_secret_by_value, scrub

_PY_TYPES = {
    "int": "int", "float": "float", "port": "int", "bool": "bool", "json": "Json[Any]",
    "duration": "timedelta",
}


def _field_name(key: str) -> str:
    name = re.sub(r"\W", "_", key.lower())
    if not name or name[0].isdigit():
        name = f"v_{name}"
    return f"{name}_" if keyword.iskeyword(name) or name in ("model_config",) else name


def _annotation(spec: VarSpec, imports: set[str]) -> str:
    if spec.type == "enum" and spec.values:
        imports.add("Literal")
        return f"Literal[{', '.join(repr(v) for v in spec.values)}]"
    if spec.type == "list":
        imports.update({"NoDecode", "BeforeValidator", "Annotated"})
        item = _PY_TYPES.get(spec.items or "string", "str")
        return (f"Annotated[list[{item}], NoDecode, "
                f"BeforeValidator(_split({spec.separator!r}))]")
    if spec.type == "duration":
        imports.update({"timedelta", "BeforeValidator", "Annotated"})
        return "Annotated[timedelta, BeforeValidator(_duration)]"
    if spec.type == "json":
        imports.update({"Json", "Any"})
    base = _PY_TYPES.get(spec.type, "str")
    if spec.secret and base == "str":
        imports.add("SecretStr")
        base = "SecretStr"
    if spec.credential and set(spec.credential) <= _builtin_formats():
        # load(Settings) then applies the formats' checks whatever the field is called
        imports.update({"Annotated", "credential"})
        return f"Annotated[{base}, credential({', '.join(map(repr, spec.credential))})]"
    return base


def _builtin_formats() -> set[str]:
    """Formats ``envguard.credential`` can name with no schema at hand: a schema's own
    format is unknown to ``load(Settings)``, so its variable keeps only its pattern."""
    from envguard.schema.loader import builtin_credentials

    return set(builtin_credentials())


def _constraints(spec: VarSpec) -> list[str]:
    out = []
    if spec.type == "port":
        out += ["ge=1", "le=65535"]
    if spec.type in ("int", "float", "port"):
        if spec.min is not None:
            out.append(f"ge={_num(spec.min)}")
        if spec.max is not None:
            out.append(f"le={_num(spec.max)}")
    if spec.type in ("string", "url", "https_url", "postgres_url", "redis_url", "email",
                     "hex", "base64", "hex_or_base64"):
        if spec.min_length is not None:
            out.append(f"min_length={spec.min_length}")
        if spec.max_length is not None:
            out.append(f"max_length={spec.max_length}")
        if spec.pattern is not None and not spec.secret:
            out.append(f"pattern={spec.pattern!r}")
    return out


def _num(x: float) -> str:
    return str(int(x)) if x == int(x) else repr(x)


def _default(spec: VarSpec) -> str | None:
    value = spec.default
    if value is None or spec.secret or looks_secret_by_value(value) or is_token_shaped(value):
        return None
    if spec.type in ("int", "port") and re.fullmatch(r"[+-]?\d+", value.strip()):
        return value.strip()
    if spec.type == "float":
        try:
            return repr(float(value))
        except ValueError:
            return None
    if spec.type == "bool":
        return repr(value.strip().lower() in ("true", "1", "yes", "on", "y", "t", "enabled"))
    if spec.type == "enum" and value not in spec.values:
        return None
    return repr(value)


def render_python(schema: Schema, environment: str | None = None,
                  command: str = "envguard codegen --target python",
                  class_name: str = "Settings") -> str:
    """The module text. ``environment``: fields required there are required; without
    one, the variables required in every environment."""
    imports: set[str] = set()
    fields: list[str] = []
    for key, declared in schema.vars.items():
        spec = schema.spec_for(key, environment) or declared
        annotation = _annotation(spec, imports)
        required = (spec.is_required(environment) if environment else spec.required is True)
        required = required and not spec.platform
        args = _constraints(spec)
        name = _field_name(key)
        if name.upper() != key:
            args.append(f"validation_alias={key!r}")
        default = _default(spec)
        if default is not None:
            head = f"default={default}"
        elif required:
            head = "..."
        else:
            annotation = f"{annotation} | None"
            head = "default=None"
        description = scrub(" ".join(spec.description.split()))
        if description:
            args.append(f"description={description!r}")
        imports.add("Field")
        call = ", ".join([head, *args])
        fields.append(f"    {name}: {annotation} = Field({call})\n")
    header = [
        f'"""{schema.name}: settings generated by `{command}`.',
        "",
        "Do not edit: regenerate it when the schema changes. It holds no secret value.",
        '"""',
        "",
        "from __future__ import annotations",
        "",
    ]
    if "timedelta" in imports:
        header.append("from datetime import timedelta")
    typing_names = sorted(imports & {"Annotated", "Any", "Literal"})
    if typing_names:
        header.append(f"from typing import {', '.join(typing_names)}")
    header.append("")
    pyd = sorted(imports & {"BeforeValidator", "Field", "Json", "SecretStr"})
    header.append(f"from pydantic import {', '.join(pyd)}")
    settings = sorted({"BaseSettings", "SettingsConfigDict"} | (imports & {"NoDecode"}))
    header.append(f"from pydantic_settings import {', '.join(settings)}")
    if "credential" in imports:
        header += ["", "from envguard import credential"]
    helpers = []
    if "NoDecode" in imports:
        helpers.append(_SPLIT)
    if "timedelta" in imports:
        helpers.append(_DURATION)
    where = f" ({environment})" if environment else ""
    doc = scrub(" ".join(schema.description.split())) or schema.name
    body = [
        "\n".join(header), "\n", *helpers,
        f"\nclass {class_name}(BaseSettings):\n",
        f'    """{doc}{where}."""\n\n',
        "    # python-re: envguard's patterns use lookaheads, which pydantic's default engine\n"
        "    # lacks; extra variables are ignored, as envguard reports them as unknown keys.\n",
        '    model_config = SettingsConfigDict(extra="ignore", regex_engine="python-re")\n\n',
        *fields,
    ]
    return "".join(body)


_SPLIT = '''
def _split(separator: str):  # type: ignore[no-untyped-def]
    """A list variable as envguard reads it: items split on the separator, blanks dropped."""

    def split(value: object) -> object:
        if isinstance(value, str):
            return [p.strip() for p in value.split(separator) if p.strip()]
        return value

    return split
'''

_DURATION = '''
def _duration(value: object) -> object:
    """``30s``, ``15m``, ``24h``, ``30d`` as envguard reads a duration."""
    import re
    from datetime import timedelta

    if not isinstance(value, str):
        return value
    m = re.fullmatch(r"(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h|d|w)", value.strip())
    if not m:
        raise ValueError("must be a duration such as 30s, 15m, 24h or 30d")
    units = {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
    return timedelta(seconds=float(m[1]) * units[m[2]])
'''

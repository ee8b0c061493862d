"""What a flag's value means: typed conversion, boolean idioms, spellings, safe display.

The same string means different things under different code idioms (``X !== 'false'``,
``X === 'true'``, ``!!X``), so a boolean is read the way the flag's declared semantics
says its code reads it, and a spelling that another idiom would read the other way is
reported rather than silently normalised. Typed conversion itself (:func:`typed_value`)
belongs to the declaration, in :mod:`envguard.schema.flagspec`, which checks a declared
default with it; this module builds on it and never the other way round. Messages
describe the expectation, never the value; values are only shown through :func:`shown`,
which hides anything secret-looking.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from envguard.numbers import is_integer, is_number
from envguard.schema.flagspec import FlagSpec, typed_value
from envguard.schema.flagspec import format_number as _num
from envguard.schema.types import FALSE_WORDS, TRUE_WORDS, parse_bool
from envguard.secrecy import is_token_shaped, looks_secret_by_name, looks_secret_by_value, redact

_BOOLEAN_NAME = re.compile(r"(^|_)ENABLE_|_ENABLED$|(^|_)DISABLE_|_DISABLED$")
_SPELLING_PAIRS = {
    "true": "true/false", "false": "true/false", "1": "1/0", "0": "1/0",
    "yes": "yes/no", "no": "yes/no", "on": "on/off", "off": "on/off",
    "y": "y/n", "n": "y/n", "t": "t/f", "f": "t/f",
    "enabled": "enabled/disabled", "disabled": "enabled/disabled",
}


@dataclass(frozen=True)
class Reading:
    """One value as the flag's code sees it.

    ``value`` is the effective typed value (None: undefined or unreadable); ``problem``
    says why the text is not valid for the type; ``misread`` says how the code's idiom
    (or, for strict flags, some other idiom) reads the spelling differently from its word.
    """

    value: Any
    problem: str | None = None
    misread: str | None = None


def read_value(spec: FlagSpec, raw: str | None) -> Reading:
    """The effective value of ``raw`` (None: unset, so the default applies)."""
    if raw is None:
        return Reading(spec.default)
    if spec.type == "bool":
        return _read_bool(spec, raw)
    value, problem = typed_value(spec, raw)
    return Reading(None if problem else value, problem)


def idiom_readings(raw: str) -> dict[str, bool]:
    """How each common idiom reads ``raw``: the doc's table, computed."""
    return {
        "X !== 'false'": raw != "false",
        "X === 'true'": raw == "true",
        "!!X": raw != "",
    }


def _read_bool(spec: FlagSpec, raw: str) -> Reading:
    try:
        says: bool | None = parse_bool(raw)
    except ValueError:
        says = None
    problem = None if says is not None else "must be a boolean (true or false)"
    if spec.semantics == "strict":
        if says is None:
            return Reading(None, problem)
        # Only the exact words true/false mean the same to both string-comparing idioms;
        # ``!!X`` reads "false" as on too, but a strict flag's code does not use it.
        others = [idiom for idiom, reads in idiom_readings(raw).items() if reads != says]
        misread = None
        if others and raw not in ("true", "false"):
            word = "on" if says else "off"
            misread = (f"means {word} here, but code written as {' or '.join(others)} reads it "
                       f"as {'off' if says else 'on'}")
        return Reading(says, None, misread)
    value = {"default-on": raw != "false", "default-off": raw == "true",
             "truthy": raw != ""}[spec.semantics]
    misread = None
    if says is not None and says != value:
        misread = (f"reads as {'on' if value else 'off'} although the word says "
                   f"{'on' if says else 'off'} ({spec.semantics_note()})")
    return Reading(value, problem, misread)


def spelling_family(raw: str) -> str | None:
    """``true``/``false`` -> ``true/false``; ``TRUE`` -> ``TRUE/FALSE``; ``1`` -> ``1/0``."""
    word = raw.strip()
    pair = _SPELLING_PAIRS.get(word.lower())
    if pair is None:
        return None
    if word.isupper():
        return pair.upper()
    if word[:1].isupper():
        return "/".join(p.capitalize() for p in pair.split("/"))
    return pair


def infer_type(raws: list[str], name: str = "") -> str:
    """The type of an undeclared flag: bool when its name or most of its values say so.

    ``ENABLE_*``/``*_ENABLED`` can only be booleans, so ``ture`` there is an invalid value
    rather than a string; for other names, a mostly-boolean flag is boolean too, while
    ``DEBUG=express:*`` everywhere stays a string.
    """
    words = [r.strip().lower() for r in raws]
    evidence = [w for w in words if w]  # an empty value says nothing about the type
    booleans = sum(1 for w in evidence if w in TRUE_WORDS or w in FALSE_WORDS)
    says_bool = _BOOLEAN_NAME.search(name.upper()) is not None
    if says_bool or booleans * 2 > len(evidence) or not evidence:
        return "bool"
    if all(is_integer(w) for w in words):
        return "int"
    if all(w.endswith("%") and is_number(w[:-1]) for w in words):
        return "percent"
    if all(is_number(w) for w in words):
        return "float"
    return "string"


def _secret_looking(name: str, text: str) -> bool:
    """Secret by name or value, or a long single token of letters and digits: flag values
    are words, numbers and short lists, so such a token in a flag is more likely a key
    pasted into the wrong variable (a 32-hex admin key is below the entropy bar) than a
    value anyone needs to read in a report."""
    return looks_secret_by_name(name) or looks_secret_by_value(text) or is_token_shaped(text)


def shown(name: str, value: Any, limit: int = 24) -> str:
    """A cell's text: on/off, numbers, or a short string; secret-looking strings redacted."""
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "on" if value else "off"
    if isinstance(value, (int, float)):
        return _num(value)
    text = value if isinstance(value, str) else json.dumps(value, separators=(",", ":"))
    if _secret_looking(name, text):
        return redact(text)
    text = text.replace("\n", "\\n").replace("\r", "\\r")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def show(spec: FlagSpec, value: Any, limit: int = 24) -> str:
    """Like :func:`shown`, with the flag's type: percentages get their ``%``."""
    if spec.type == "percent" and isinstance(value, (int, float)) and not isinstance(value, bool):
        return f"{_num(value)}%"
    return shown(spec.name, value, limit)


def shown_raw(name: str, raw: str) -> str:
    """A spelling as written, for messages: boolean words verbatim, anything else via shown."""
    if raw.strip().lower() in TRUE_WORDS | FALSE_WORDS:
        return repr(raw)
    return repr(shown(name, raw, limit=40))


def json_value(name: str, value: Any) -> Any:
    """The typed value for JSON output; a secret-looking string becomes its redacted form."""
    if isinstance(value, str) and _secret_looking(name, value):
        return redact(value)
    if isinstance(value, (dict, list)) and _secret_looking(name, json.dumps(value)):
        return redact(json.dumps(value))
    return value

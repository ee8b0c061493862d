"""Just enough Go to read gitleaks' rule test cases (``cmd/generate/config/rules/*.go``).

Each rule is a function that builds ``tps`` and ``fps`` (string slices, or path -> content
maps for ``utils.ValidateWithPaths``) from string literals, ``+``, ``fmt.Sprintf``,
``append`` and gitleaks' helpers, and ends in ``utils.Validate(r, tps, fps)``. This module
tokenizes the source and evaluates those expressions. A value built by
``secrets.NewSecret(regex)`` is drawn fresh from the regex (``_regen``) and the sample is
marked *generated*; an expression it cannot evaluate (a loop, a local helper it does not
know) drops that one statement, and the rule's report says so.
"""

from __future__ import annotations

import base64
import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import _regen

# -- values ------------------------------------------------------------------------------


@dataclass(frozen=True)
class S:
    """A string and whether any part of it was generated from a regex."""

    text: str
    generated: bool = False
    path: str | None = None  # for path -> content maps (ValidateWithPaths)

    def __add__(self, other: S) -> S:
        return S(self.text + other.text, self.generated or other.generated)


class GoError(Exception):
    """An expression outside the subset: the statement is dropped and reported."""


# -- tokens ------------------------------------------------------------------------------

_TOKEN = re.compile(
    r"""(?P<ws>[ \t\r]+)|(?P<nl>\n)|(?P<lc>//[^\n]*)|(?P<bc>/\*.*?\*/)
    |(?P<raw>`[^`]*`)|(?P<str>"(?:[^"\\\n]|\\.)*")|(?P<chr>'(?:[^'\\\n]|\\.)+')
    |(?P<num>\d+(?:\.\d+)?)|(?P<id>[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)
    |(?P<op>\.\.\.|:=|==|!=|<=|>=|&&|\|\||[-+*/%(){}\[\],;:=<>!&|.^])""",
    re.S | re.X,
)


@dataclass
class Tok:
    kind: str
    text: str
    line: int


def tokenize(src: str) -> list[Tok]:
    out: list[Tok] = []
    pos, line = 0, 1
    while pos < len(src):
        m = _TOKEN.match(src, pos)
        if not m:
            raise GoError(f"cannot tokenize at line {line}")
        kind = m.lastgroup or ""
        text = m.group()
        if kind == "nl" or (kind == "bc" and "\n" in text):
            out.append(Tok("nl", "\n", line))
        elif kind not in ("ws", "lc", "bc"):
            out.append(Tok(kind, text, line))
        line += text.count("\n")
        pos = m.end()
    return out


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "'": "'", "a": "\a",
            "b": "\b", "f": "\f", "v": "\v"}


def go_string(tok: Tok) -> str:
    body = tok.text[1:-1]
    if tok.kind == "raw":
        return body.replace("\r", "")
    out: list[str] = []
    i = 0
    while i < len(body):
        c = body[i]
        if c != "\\":
            out.append(c)
            i += 1
            continue
        n = body[i + 1]
        if n in _ESCAPES:
            out.append(_ESCAPES[n])
            i += 2
        elif n == "x":
            out.append(chr(int(body[i + 2:i + 4], 16)))
            i += 4
        elif n == "u":
            out.append(chr(int(body[i + 2:i + 6], 16)))
            i += 6
        elif n in "01234567":
            out.append(chr(int(body[i + 1:i + 4], 8)))
            i += 4
        else:
            raise GoError(f"unknown escape \\{n}")
    return "".join(out)


# -- gitleaks helpers ----------------------------------------------------------------------

# cmd/generate/config/utils/patterns.go
_PATTERNS: dict[str, Callable[..., str]] = {
    "utils.Numeric": lambda n: f"[0-9]{{{n}}}",
    "utils.Hex": lambda n: f"[a-f0-9]{{{n}}}",
    "utils.AlphaNumeric": lambda n: f"[a-z0-9]{{{n}}}",
    "utils.AlphaNumericExtendedShort": lambda n: f"[a-z0-9_-]{{{n}}}",
    "utils.AlphaNumericExtended": lambda n: f"[a-z0-9=_\\-]{{{n}}}",
    "utils.AlphaNumericExtendedLong": lambda n: f"[a-z0-9\\/=_\\+\\-]{{{n}}}",
    "utils.Hex8_4_4_4_12": lambda: "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
}

# cmd/generate/config/utils/generate.go, GenerateSampleSecrets: the syntaxes a secret is
# written in (the TODO entries there are left out, as gitleaks leaves them out)
SAMPLE_TEMPLATES: dict[str, str] = {
    "ini - quoted1": '{i}Token="{s}"',
    "ini - quoted2": '{i}Token = "{s}"',
    "ini - unquoted1": "{i}Token={s}",
    "ini - unquoted2": "{i}Token = {s}",
    "json - string": '{\n    "{i}_token": "{s}"\n}',
    "json - escaped newline in string": '{"config.ini": "{I}_TOKEN={s}\\nBACKUP_ENABLED=true"}',
    "xml - element multiline": "<{i}Token>\n    {s}\n</{i}Token>",
    "yaml - singleline - unquoted": "{i}_token: {s}",
    "yaml - singleline - single quote": "{i}_token: '{s}'",
    "yaml - singleline - double quote": '{i}_token: "{s}"',
    "C#": 'string {i}Token = "{s}";',
    "go - normal": 'var {i}Token string = "{s}"',
    "go - short": '{i}Token := "{s}"',
    "go - backticks": "{i}Token := `{s}`",
    "java": 'String {i}Token = "{s}";',
    "kotlin - notype": 'var {i}Token = "{s}"',
    "php - string concat": '${i}Token .= "{s}"',
    "python - single quote": "{i}Token = '{s}'",
    "python - double quote": '{i}Token = "{s}"',
    "misc - comma operator": 'System.setProperty("{I}_TOKEN", "{s}")',
    "logstash": '  "{i}Token" => "{s}"',
    "make - recursive assignment": '{i}_TOKEN = "{s}"',
    "make - simple assignment": '{i}_TOKEN := "{s}"',
    "make - shell assignment": '{i}_TOKEN ::= "{s}"',
    "make - evaluated shell assignment": '{i}_TOKEN :::= "{s}"',
    "make - conditional assignment": '{i}_TOKEN ?= "{s}"',
}


def sample_secrets(identifier: S, secret: S) -> list[S]:
    out = []
    for template in SAMPLE_TEMPLATES.values():
        text = (template.replace("{i}", identifier.text)
                .replace("{I}", identifier.text.upper()).replace("{s}", secret.text))
        out.append(S(text, secret.generated))
    return out


_SECRET_SUFFIX = r""")(?:[\x60'"\s;]|\\[nr]|$)"""


def semi_generic_regex(identifiers: list[str], secret: str, case_insensitive: bool) -> str:
    """utils.GenerateSemiGenericRegex, as gitleaks builds it."""
    ids = r"[\w.-]{0,50}?(?:" + "|".join(identifiers) + r""")(?:[ \t\w.-]{0,20})[\s'"]{0,3}"""
    head = "(?i)" + ids if case_insensitive else r"[\w.-]{0,50}?(?i:" + ids + ")"
    operator = r"(?:=|>|:{1,3}=|\|\||:|=>|\?=|,)"
    return head + operator + r"""[\x60'"\s=]{0,5}(""" + secret + _SECRET_SUFFIX


def sprintf(fmt: str, args: list[Any]) -> str:
    parts = iter(args)

    def sub(m: re.Match[str]) -> str:
        if m.group() == "%%":
            return "%"
        value = next(parts)
        return value.text if isinstance(value, S) else str(value)

    return re.sub(r"%%|%[-+# 0]*\d*[sdvq]", sub, fmt)


# -- evaluator -----------------------------------------------------------------------------


@dataclass
class Evaluator:
    rng: random.Random
    scope: dict[str, Any] = field(default_factory=dict)
    globals_: dict[str, Any] = field(default_factory=dict)
    toks: list[Tok] = field(default_factory=list)
    pos: int = 0
    depth: int = 0

    # token helpers
    def peek(self, skip_nl: bool = False) -> Tok:
        i = self.pos
        while skip_nl and i < len(self.toks) and self.toks[i].kind == "nl":
            i += 1
        return self.toks[i] if i < len(self.toks) else Tok("eof", "", 0)

    def next(self) -> Tok:
        tok = self.peek()
        self.pos += 1
        return tok

    def skip_nl(self) -> None:
        while self.peek().kind == "nl":
            self.pos += 1

    def expect(self, text: str) -> None:
        self.skip_nl()
        tok = self.next()
        if tok.text != text:
            raise GoError(f"expected {text!r}, got {tok.text!r} at line {tok.line}")

    # expressions
    def expr(self) -> Any:
        value = self.primary()
        while self.peek().text == "+":
            self.next()
            self.skip_nl()
            right = self.primary()
            if not (isinstance(value, S) and isinstance(right, S)):
                raise GoError("+ of non-strings")
            value = value + right
        return value

    def args(self) -> list[Any]:
        self.expect("(")
        out: list[Any] = []
        while True:
            self.skip_nl()
            if self.peek().text == ")":
                self.next()
                return out
            value = self.expr()
            self.skip_nl()
            if self.peek().text == "...":
                self.next()
                if not isinstance(value, list):
                    raise GoError("... of a non-slice")
                out.extend(value)
            else:
                out.append(value)
            self.skip_nl()
            if self.peek().text == ",":
                self.next()

    def composite(self) -> Any:
        """``[]string{...}`` or ``map[string]string{...}`` (the type already read)."""
        self.expect("{")
        items: list[S] = []
        while True:
            self.skip_nl()
            if self.peek().text == "}":
                self.next()
                return items
            value = self.expr()
            self.skip_nl()
            if self.peek().text == ":":
                self.next()
                self.skip_nl()
                content = self.expr()
                if not (isinstance(value, S) and isinstance(content, S)):
                    raise GoError("map entry of non-strings")
                items.append(S(content.text, content.generated, path=value.text))
            elif isinstance(value, S):
                items.append(value)
            else:
                raise GoError("slice element is not a string")
            self.skip_nl()
            if self.peek().text == ",":
                self.next()

    def type_then_composite(self) -> Any:
        # []string{  /  map[string]string{  /  []*config.Allowlist{ (not wanted)
        texts = []
        while self.peek().text not in ("{", "("):
            tok = self.next()
            if tok.kind in ("nl", "eof"):
                raise GoError("bad composite type")
            texts.append(tok.text)
        kind = "".join(texts)
        if kind in ("]byte", "[]byte") and self.peek().text == "(":
            return self.args()[0]
        if kind not in ("[]string", "map[string]string", "]string", "[string]string"):
            raise GoError(f"composite of {kind}")
        return self.composite()

    def primary(self) -> Any:
        self.skip_nl()
        tok = self.next()
        if tok.kind in ("str", "raw"):
            return S(go_string(tok))
        if tok.kind == "num":
            return int(tok.text)
        if tok.text == "[":
            return self.type_then_composite()
        if tok.text == "(":
            value = self.expr()
            self.expect(")")
            return value
        if tok.kind != "id":
            raise GoError(f"unexpected {tok.text!r} at line {tok.line}")
        name = tok.text
        if name in ("true", "false"):
            return name == "true"
        if name == "map":
            return self.type_then_composite()
        if self.peek().text != "(":
            if name in self.scope:
                return self.scope[name]
            if name in self.globals_:
                return self.globals_[name]
            raise GoError(f"unknown name {name}")
        args = self.args()
        return self.call(name, args, tok.line)

    def call(self, name: str, args: list[Any], line: int) -> Any:
        if name in _PATTERNS:
            return S(_PATTERNS[name](*(a.text for a in args)))
        if name in ("secrets.NewSecret", "newPlausibleSecret"):
            pattern = args[0].text
            for _ in range(200):
                value = _regen.generate(pattern, self.rng)
                # newPlausibleSecret (generic.go) retries until a digit 1-9 is in it
                if name == "secrets.NewSecret" or re.search("[1-9]", value):
                    break
            return S(value, True)
        if name == "regexp.MustCompile":
            return args[0]
        if name == "utils.GenerateSemiGenericRegex":
            return S(semi_generic_regex([a.text for a in args[0]], args[1].text, args[2]))
        if name == "utils.GenerateUniqueTokenRegex":
            return S(("(?i)" if args[1] else "") + r"\b(" + args[0].text + _SECRET_SUFFIX)
        if name == "utils.MergeRegexps":
            return S("|".join(a.text for a in args))
        if name == "utils.GenerateSampleSecrets":
            return sample_secrets(args[0], args[1])
        if name == "utils.GenerateSampleSecret":
            ident, secret = args
            return S(f'{ident.text}_api_token = "{secret.text}"', secret.generated)
        if name == "fmt.Sprintf":
            gen = any(isinstance(a, S) and a.generated for a in args)
            return S(sprintf(args[0].text, args[1:]), gen)
        if name == "append":
            base, *rest = args
            return [*base, *rest]
        if name == "strings.Repeat":
            return S(args[0].text * args[1], args[0].generated)
        if name in ("byte", "string"):
            return args[0]
        if name.endswith("EncodeToString"):
            enc = {"StdEncoding": base64.b64encode,
                   "URLEncoding": base64.urlsafe_b64encode}
            raw = "Raw" in name
            key = name.split(".")[-2].replace("Raw", "")
            fn = enc.get(key)
            if fn is None:
                raise GoError(f"unknown encoding {name}")
            text = fn(args[0].text.encode()).decode()
            return S(text.rstrip("=") if raw else text, args[0].generated)
        raise GoError(f"unknown function {name} at line {line}")

    # statements
    def run_body(self, toks: list[Tok]) -> list[str]:
        """Evaluates the assignments of a function body; returns the problems met."""
        self.toks, self.pos = toks, 0
        problems: list[str] = []
        while self.pos < len(self.toks):
            tok = self.next()
            if tok.kind != "id":
                continue
            start = self.pos
            name = tok.text
            if name == "var" and self.peek().kind == "id":
                name = self.next().text
                while self.peek().text not in ("=", "\n", "eof", ""):
                    self.next()  # a declared type
            op = self.peek().text
            if op not in (":=", "=") or name in ("r", "_") or "." in name:
                self.pos = start
                continue
            self.next()
            if self.peek(skip_nl=True).text == "config.Rule":
                continue
            try:
                self.scope[name] = self.expr()
            except (GoError, StopIteration, ValueError, TypeError, IndexError,
                    AttributeError, KeyError) as exc:
                problems.append(f"{name}: {exc}")
                self.scope.pop(name, None)
                self._skip_statement()
        return problems

    def _skip_statement(self) -> None:
        depth = 0
        while self.pos < len(self.toks):
            tok = self.next()
            if tok.text in "([{":
                depth += 1
            elif tok.text in ")]}":
                depth -= 1
            elif tok.kind == "nl" and depth <= 0:
                return


@dataclass
class RuleCases:
    function: str
    rule_id: str
    tps: list[S]
    fps: list[S]
    regex: str | None
    problems: list[str]
    line: int


_FUNC = re.compile(r"^func (\w+)\(\) \*config\.Rule \{", re.M)
_RULE_ID = re.compile(r'RuleID:\s*"([^"]+)"')


def _body(src: str, start: int) -> tuple[str, int]:
    """The text of the function whose ``{`` is at ``start`` (strings and comments skipped)."""
    toks = tokenize(src[start:])
    depth = 0
    for tok in toks:
        if tok.text == "{":
            depth += 1
        elif tok.text == "}":
            depth -= 1
            if depth == 0:
                lines = src[start:].split("\n")
                return "\n".join(lines[:tok.line]), tok.line
    raise GoError("unbalanced braces")


def package_globals(sources: dict[str, str], rng: random.Random) -> dict[str, Any]:
    """Top-level ``var``/``const`` string values of the package (``identifiers`` etc.)."""
    out: dict[str, Any] = {}
    for src in sources.values():
        for m in re.finditer(r"^(?:var|const) (\w+)(?: [\w\[\]]+)? = ", src, re.M):
            ev = Evaluator(rng, globals_=out)
            ev.toks = tokenize(src[m.end():])
            try:
                out[m.group(1)] = ev.expr()
            except (GoError, ValueError, IndexError, KeyError):
                continue
    return out


def rule_cases(src: str, rng: random.Random, globals_: dict[str, Any]) -> list[RuleCases]:
    out = []
    for m in _FUNC.finditer(src):
        body, _ = _body(src, m.end() - 1)
        rid = _RULE_ID.search(body)
        validate = re.search(r"utils\.Validate(?:WithPaths)?\(r, (\w+), (\w+)\)", body)
        if not rid or not validate:
            continue
        ev = Evaluator(rng, globals_=globals_)
        problems = ev.run_body(tokenize(body[body.index("{") + 1:]))
        tp_name, fp_name = validate.groups()
        regex: str | None = None
        at = body.find("Regex:")
        if at >= 0:
            rx = Evaluator(rng, globals_={**globals_, **ev.scope})
            rx.toks = tokenize(body[at + 6:])
            try:
                value = rx.expr()
                regex = value.text if isinstance(value, S) else None
            except (GoError, IndexError, KeyError, ValueError):
                regex = None

        def strings(name: str) -> list[S]:
            value = ev.scope.get(name, [])
            return [v for v in value if isinstance(v, S)] if isinstance(value, list) else []

        out.append(RuleCases(m.group(1), rid.group(1), strings(tp_name), strings(fp_name),
                             regex, problems, src[:m.start()].count("\n") + 1))
    return out

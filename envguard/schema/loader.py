"""TOML schema files -> :class:`Schema`.

A stack file includes provider pieces; every file may declare variables and credential
formats. Two providers declaring one variable differently is an error naming both files;
a stack's own declaration of a provider variable refines it field by field (the stack
knows its deployment better than the generic provider piece does). Platform pieces
(``schemas/platforms/``: the platforms' own system variables) are part of every stack.

Each file is checked on its own first (:mod:`envguard.schema.piece`: header, provider,
rules, flags), then composed; every error names the file and the line to edit
(``schema.toml:14: [vars.API_KEY]: unknown field 'requred' (did you mean 'required'?)``).
The text is kept only to find that line, which is computed when an error is raised.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from envguard._toml import TOMLDecodeError, loads_toml
from envguard.environments import (
    DEFAULT_ENVIRONMENTS,
    LIVE_ENVIRONMENTS,
    suggest_environment,
)
from envguard.errors import SchemaError
from envguard.schema.model import (
    CREDENTIAL_FIELDS,
    VAR_FIELDS,
    CredentialFormat,
    Provider,
    Schema,
    VarSpec,
)
from envguard.schema.piece import Piece, parse_piece, str_tuple
from envguard.schema.rules import Rule, check_rule_keys
from envguard.schema.structure import known_check
from envguard.schema.types import COMPOUND_TYPES, TYPES
from envguard.tables import Document, display_path, near_miss, reject_unknown, short_word
from envguard.tomllines import KeyPath

if TYPE_CHECKING:  # annotations only: the flags module loads when a flag does
    from envguard.schema.flagspec import FlagSpec

# Imports inside functions are deliberate: the parsed-schema cache loads only for the built-in
# files.


@lru_cache(maxsize=1)
def schemas_dir() -> Path:
    """Built-in schemas: inside the wheel, or the top-level folder of a source checkout."""
    here = Path(__file__).resolve().parent.parent
    shipped = here / "_schemas"
    return shipped if shipped.is_dir() else here.parent / "schemas"


def builtin_stacks() -> dict[str, str]:
    """``{name: description}`` of every built-in stack."""
    out: dict[str, str] = {}
    for path in sorted((schemas_dir() / "stacks").glob("*.toml")):
        header = _read_piece(path)[0].header
        out[path.stem] = str(header.get("description", ""))
    return out


def load_schema(ref: str | Path) -> Schema:
    """A built-in stack name or a path to a schema TOML file."""
    text = str(ref)
    if isinstance(ref, Path) or text.endswith(".toml") or "/" in text or "\\" in text:
        return load_schema_file(Path(ref))
    return load_stack(text)


def load_stack(name: str) -> Schema:
    path = schemas_dir() / "stacks" / f"{name}.toml"
    if not re.fullmatch(r"[A-Za-z0-9_-]+", name) or not path.is_file():
        known = ", ".join(builtin_stacks()) or "(none)"
        raise SchemaError(f"unknown stack {name!r}; known stacks: {known}")
    return load_schema_file(path)


def load_schema_file(path: Path) -> Schema:
    resolved = Path(path).resolve()
    try:
        stat = resolved.stat()
        stamp = (stat.st_size, stat.st_mtime_ns)
    except OSError:
        stamp = (-1, -1)  # the composer reports the missing file
    return _load_cached(str(resolved), stamp)


@lru_cache(maxsize=32)
def _load_cached(path: str, stamp: tuple[int, int]) -> Schema:
    """Keyed by size and modification time too: a long-lived process (a test run, a
    server reloading its settings) must see an edited schema. Included files are not
    part of the key; the parsed-schema cache on disk checks each of them."""
    return _Composer().compose(Path(path))


def _builtin_pieces(folder: str) -> list[Path]:
    return sorted((schemas_dir() / folder).glob("*.toml"))


@lru_cache(maxsize=256)
def _is_builtin(path: Path) -> bool:
    return path.is_relative_to(schemas_dir())


def _document(path: Path, text: str | None) -> Document:
    """Where errors about ``path`` point; without the text (a cached piece) the file is
    read again, and only when an error needs a line."""

    def reread() -> str | None:
        try:
            return path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None

    return Document(display_path(path), text, error=SchemaError, reread=reread)


@lru_cache(maxsize=256)
def _builtin_document(path: Path) -> Document:
    """One per built-in file and process: naming it costs a ``getcwd`` and more."""
    return _document(path, None)


def _read_piece(path: Path) -> tuple[Piece, Document]:
    """A schema file checked on its own; the built-in ones come from the parsed cache."""
    root = schemas_dir()
    if _is_builtin(path) and path.is_file():
        from envguard.schema.cache import parsed_tree

        cached = parsed_tree(root, _parse_piece, Piece).get(str(path.relative_to(root)))
        if isinstance(cached, Piece):
            return cached, _builtin_document(path)
    return _parse_file(path)


def _parse_piece(path: Path) -> Piece:
    return _parse_file(path)[0]


def _parse_file(path: Path) -> tuple[Piece, Document]:
    """Read, parse and check one file, keeping its text for the errors' line numbers."""
    shown = display_path(path)
    try:
        text = path.read_bytes().decode("utf-8")
        data = loads_toml(text)
    except FileNotFoundError:
        raise SchemaError(f"{shown}: schema file not found") from None
    except TOMLDecodeError as exc:
        raise SchemaError(f"{shown}: invalid TOML: {exc}") from None
    except UnicodeDecodeError:
        raise SchemaError(f"{shown}: cannot read schema: not UTF-8 text") from None
    except OSError as exc:
        raise SchemaError(f"{shown}: cannot read schema: {exc.strerror}") from None
    doc = _document(path, text)
    return parse_piece(path, data, doc, implicit=_is_platform_piece(path)), doc


def _is_platform_piece(path: Path) -> bool:
    """A built-in platform piece: part of every stack, never an include of its own."""
    path = path.resolve()
    return path.parent.name == "platforms" and path.parent.parent == schemas_dir().resolve()


def _check_environment_names(schema: Schema, own: Mapping[str, tuple[Any, Path]],
                             header: Mapping[str, Any], doc: Document, where: KeyPath) -> None:
    """Environments are a closed set: a live environment or a ``[vars.X.env.NAME]``
    override of this file that names an undeclared environment would never apply, so it
    is an error here (a provider piece's ``env.production`` simply does not apply to a
    stack without one)."""
    declared = schema.environments
    for name in header.get("live_environments", ()) if isinstance(header, Mapping) else ():
        if name not in declared:
            doc.fail((*where, "live_environments"),
                     f"live environment {short_word(str(name))} is not one of the schema's "
                     f"environments ({', '.join(declared)})")
    for key, (raw, _) in own.items():
        overrides = raw.get("env", {}) if isinstance(raw, Mapping) else {}
        for name in overrides if isinstance(overrides, Mapping) else ():
            if name not in declared:
                doc.fail(("vars", key, "env", name),
                         f"[vars.{key}.env.{name}]: {short_word(name)} is not an environment "
                         f"of this schema{suggest_environment(name, declared)}; its environments: "
                         f"{', '.join(declared)}")


class _Composer:
    """Walks includes depth-first, collecting declarations with their files."""

    def __init__(self) -> None:
        self.loading: list[Path] = []
        self.done: set[Path] = set()
        self.docs: dict[str, Document] = {}
        self.provider_vars: dict[str, tuple[dict[str, Any], Path, str]] = {}
        self.credentials: dict[str, CredentialFormat] = {}
        self.providers: dict[str, Provider] = {}
        self.platform_prefixes: list[str] = []
        self.rules: list[Rule] = []
        self.flags: dict[str, FlagSpec] = {}
        #: Included stacks (``include = ["stack:NAME"]``), in the order visited: their
        #: ``[vars]`` refine the providers' as the including file's own do, and their
        #: header gives the defaults (environments, services) the including file refines.
        self.stacks: list[tuple[Piece, Path]] = []

    def doc(self, path: Path | str) -> Document:
        return self.docs.get(str(path)) or _document(Path(path), None)

    def compose(self, path: Path) -> Schema:
        path = path.resolve()
        piece, doc = _read_piece(path)
        header = piece.header
        if piece.provider is not None and piece.kind == "provider":
            header = {"name": piece.provider.id}
        self._visit(path, piece, doc, is_root=True)
        for implicit in self._implicit_providers():
            self._visit(implicit, *_read_piece(implicit), is_root=False)
        own = {k: (v, path) for k, v in _table(piece.data, "vars", doc).items()}
        layers = [*({k: (v, p) for k, v in _table(s.data, "vars", self.doc(p)).items()}
                    for s, p in self.stacks), own]
        where = (piece.kind,) if piece.kind else ()
        inherited: dict[str, Any] = {}
        for included, _ in self.stacks:  # the last included stack's header wins, then ours
            inherited |= {k: v for k, v in included.header.items()
                          if k in ("environments", "live_environments", "services")}
        header = {**inherited, **header}
        services = header.get("services", {}) if piece.kind == "stack" or inherited else {}
        if not isinstance(services, Mapping):
            doc.fail((*where, "services"), "[stack.services] must be a table of globs")
        schema = Schema(
            name=str(header.get("name", path.stem)),
            description=str(header.get("description", "")),
            environments=str_tuple(header, "environments", doc, where, DEFAULT_ENVIRONMENTS),
            live_environments=str_tuple(header, "live_environments", doc, where,
                                        LIVE_ENVIRONMENTS),
            vars=self._merge_vars(*layers),
            credentials=dict(self.credentials),
            providers=dict(self.providers),
            platform_prefixes=tuple(self.platform_prefixes),
            services={str(k): str_tuple(services, k, doc, ("stack", "services"))
                      for k in services},
            rules=tuple(self.rules),
            flags=dict(self.flags),
            source=str(path),
        )
        check_rule_keys(schema.rules, schema.vars, self.doc)  # a typo'd key fails at load
        _check_environment_names(schema, own, header, doc, where)
        return schema

    def _implicit_providers(self) -> list[Path]:
        return [p.resolve() for p in _builtin_pieces("platforms") if p.resolve() not in self.done]

    def _visit(self, path: Path, piece: Piece, doc: Document, is_root: bool,
               included_at: tuple[Document, KeyPath] | None = None) -> None:
        path = path.resolve()
        if path in self.loading:
            chain = " -> ".join(p.name for p in [*self.loading, path])
            if included_at is not None:
                included_at[0].fail(included_at[1], f"circular include: {chain}")
            raise SchemaError(f"{doc.source}: circular include: {chain}")
        if path in self.done:
            return
        self.loading.append(path)
        self.docs[str(path)] = doc
        kind = piece.kind
        for ref in str_tuple(piece.header, "include", doc, (kind,) if kind else ()):
            at: KeyPath = (kind or "", "include")
            target = self._include_path(ref, path, doc, at)
            self._visit(target, *_read_piece(target), is_root=False, included_at=(doc, at))
        provider = piece.provider.id if piece.provider is not None else None
        if piece.provider is not None:
            self.providers[piece.provider.id] = piece.provider
            self.platform_prefixes += piece.provider.platform_prefixes
        for cid, raw in _table(piece.data, "credentials", doc).items():
            self._add_credential(cid, raw, provider or path.stem, path, doc)
        if not is_root and kind == "stack":
            self.stacks.append((piece, path))
        elif not is_root:
            for key, raw in _table(piece.data, "vars", doc).items():
                self._add_provider_var(key, raw, path, doc, provider or path.stem)
        self.rules += piece.rules
        self.flags.update(piece.flags)
        self.loading.pop()
        self.done.add(path)

    def _include_path(self, ref: str, including: Path, doc: Document, at: KeyPath) -> Path:
        if ref.endswith(".toml") or "/" in ref:
            target = (including.parent / ref).resolve()
        elif ref.startswith("stack:"):
            target = schemas_dir() / "stacks" / f"{ref[6:]}.toml"
        else:
            target = schemas_dir() / "providers" / f"{ref}.toml"
            if not target.is_file():
                target = schemas_dir() / "platforms" / f"{ref}.toml"
        if not target.is_file():
            known = ", ".join(sorted(p.stem for p in _builtin_pieces("providers")))
            doc.fail(at, f"include {short_word(ref)} not found (built-in providers: {known})")
        return target

    def _add_credential(self, cid: str, raw: Any, provider: str, path: Path,
                        doc: Document) -> None:
        at: KeyPath = ("credentials", cid)
        where = f"[credentials.{cid}]"
        if not isinstance(raw, dict):
            doc.fail(at, f"{where} must be a table")
        reject_unknown(doc, raw, CREDENTIAL_FIELDS, at, noun="field")
        if cid in self.credentials and self.credentials[cid].source != str(path):
            prior = display_path(self.credentials[cid].source)
            doc.fail(at, f"{where} already declared in {prior}")
        if "pattern" not in raw:
            doc.fail(at, f"{where}: missing field 'pattern'")
        modes = raw.get("modes", {})
        if not isinstance(modes, dict):
            doc.fail((*at, "modes"), f"{where} field 'modes': must be a table of "
                                     "marker = 'live'|'test'")
        checks = str_tuple(raw, "checks", doc, at)
        examples = {name: self._templates(raw, name, doc, at, where, path)
                    for name in ("examples", "not_examples")}
        for check in checks:
            if not known_check(check):
                doc.fail((*at, "checks"), f"{where} field 'checks': unknown check "
                                          f"{short_word(check)}")
        self.credentials[cid] = CredentialFormat(
            id=cid,
            provider=provider,
            name=str(raw.get("name", cid)),
            regex=self._regex(raw["pattern"], doc, (*at, "pattern"), f"{where} field 'pattern'",
                              path),
            keywords=str_tuple(raw, "keywords", doc, at),
            secret=bool(raw.get("secret", True)),
            modes={str(k): str(v) for k, v in modes.items()},
            checks=checks,
            description=str(raw.get("description", "")),
            severity=str(raw.get("severity", "error")),
            entropy=float(raw["entropy"]) if "entropy" in raw else None,
            examples=examples["examples"],
            not_examples=examples["not_examples"],
            source=str(path),
        )

    @staticmethod
    def _templates(raw: Mapping[str, Any], name: str, doc: Document, at: KeyPath,
                   where: str, path: Path) -> tuple[str, ...]:
        """``examples``/``not_examples``: lists of templates. A user's file is checked now;
        the built-in ones are expanded by the test suite (as with ``pattern``)."""
        templates = str_tuple(raw, name, doc, at)
        if not _is_builtin(path):
            from envguard.schema.examples import check  # only when a user file declares some

            for template in templates:
                problem = check(template)
                if problem is not None:
                    doc.fail((*at, name), f"{where} field {name!r}: {problem}")
        return templates

    @staticmethod
    def _regex(pattern: Any, doc: Document, at: KeyPath, where: str, path: Path) -> str:
        """A user's file is checked now; the built-in pieces are compiled by the test suite
        and otherwise on first use, which keeps startup and hooks fast."""
        if not isinstance(pattern, str):
            doc.fail(at, f"{where}: must be a string")
        if not _is_builtin(path):
            _compile(pattern, doc, at, where)
        return pattern

    def _add_provider_var(self, key: str, raw: Any, path: Path, doc: Document,
                          provider: str) -> None:
        if not isinstance(raw, dict):
            doc.fail(("vars", key), f"[vars.{key}] must be a table")
        raw = {**raw, "_provider": provider}
        prior = self.provider_vars.get(key)
        if prior and prior[1] != path:
            a = {k: v for k, v in prior[0].items() if k not in ("description", "docs", "_provider")}
            b = {k: v for k, v in raw.items() if k not in ("description", "docs", "_provider")}
            if a != b:
                doc.fail(("vars", key),
                         f"[vars.{key}] conflicts with the declaration in "
                         f"{display_path(prior[1])}; declare it once, or refine it in the "
                         "stack file")
            return
        self.provider_vars[key] = (raw, path, provider)

    def _merge_vars(self, *layers: Mapping[str, tuple[Any, Path]]) -> dict[str, VarSpec]:
        """Providers' declarations, refined by each layer in turn (included stacks, then the
        file itself)."""
        merged: dict[str, tuple[dict[str, Any], Path]] = {
            k: (dict(raw), path) for k, (raw, path, _) in self.provider_vars.items()
        }
        for key, (raw, path) in ((k, v) for own in layers for k, v in own.items()):
            doc = self.doc(path)
            if not isinstance(raw, dict):
                doc.fail(("vars", key), f"[vars.{key}] must be a table")
            base = merged.get(key, ({}, path))[0]
            env = {**base.get("env", {})}
            own_env = raw.get("env", {})
            if not isinstance(own_env, dict):
                doc.fail(("vars", key, "env"), f"[vars.{key}.env] must be a table of "
                                               "environments")
            for name, table in own_env.items():
                if not isinstance(table, dict):
                    doc.fail(("vars", key, "env", name),
                             f"[vars.{key}.env.{name}] must be a table")
                env[name] = {**env.get(name, {}), **table}
            merged[key] = ({**base, **raw, "env": env}, path)
        return {k: _var_spec(k, raw, path, self.doc(path), self.credentials)
                for k, (raw, path) in merged.items()}


def _var_spec(key: str, raw: dict[str, Any], path: Path, doc: Document,
              credentials: Mapping[str, CredentialFormat]) -> VarSpec:
    provider = raw.pop("_provider", None)
    base: KeyPath = ("vars", key)
    fields = _var_fields(key, raw, path, doc, base, credentials, top=True)
    env_raw = raw.get("env", {})
    if not isinstance(env_raw, dict):
        doc.fail((*base, "env"), f"[vars.{key}.env] must be a table of environments")
    env = {}
    for name, table in env_raw.items():
        if not isinstance(table, dict):
            doc.fail((*base, "env", name), f"[vars.{key}.env.{name}] must be a table")
        env[name] = _var_fields(key, table, path, doc, (*base, "env", name), credentials,
                                top=False)
    secret_default = any(credentials[c].secret for c in fields.get("credential", ()))
    fields.setdefault("secret", secret_default)
    return VarSpec(key=key, provider=provider, env=env, source=str(path), **fields)


def _var_fields(
    key: str,
    raw: Mapping[str, Any],
    path: Path,
    doc: Document,
    at: KeyPath,
    credentials: Mapping[str, CredentialFormat],
    top: bool,
) -> dict[str, Any]:
    where = f"[vars.{key}]" if top else f"[vars.{key}.env.{at[-1]}]"
    allowed = VAR_FIELDS if top else VAR_FIELDS - {"env"}
    reject_unknown(doc, raw, allowed, at, noun="field", section=where)
    out: dict[str, Any] = {}

    def fail(name: str, message: str) -> NoReturn:
        doc.fail((*at, name), f"{where} field {name!r}: {message}")

    for name, value in raw.items():
        if name == "env":
            continue
        if name == "type":
            if value not in TYPES:
                shown = short_word(value) if isinstance(value, str) else "not a string"
                fail(name, f"unknown type {shown}{near_miss(str(value), TYPES)}; "
                           f"known: {', '.join(sorted(TYPES))}")
            out[name] = value
        elif name == "required":
            out[name] = value if isinstance(value, bool) else str_tuple(raw, name, doc, at)
        elif name in ("values", "prefix", "schemes", "credential"):
            out[name] = str_tuple(raw, name, doc, at)
        elif name == "pattern":
            if not isinstance(value, str):
                fail(name, "must be a string")
            if not _is_builtin(path):  # the built-in ones are compiled by the test suite
                _compile(value, doc, (*at, name), f"{where} field {name!r}")
            out[name] = value
        elif name in ("min", "max"):
            if not isinstance(value, (int, float)) or isinstance(value, bool):
                fail(name, "must be a number")
            out[name] = float(value)
        elif name in ("min_length", "max_length", "bytes"):
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                fail(name, "must be a non-negative integer")
            out[name] = value
        elif name in ("secret", "platform", "public"):
            if not isinstance(value, bool):
                fail(name, "must be true or false")
            out[name] = value
        elif name == "items":
            if value not in TYPES - COMPOUND_TYPES:
                fail(name, "unknown item type " + (
                    short_word(value) if isinstance(value, str) else "(not a string)"))
            out[name] = value
        else:
            if not isinstance(value, str):
                fail(name, "must be a string")
            out[name] = value
    for cid in out.get("credential", ()):
        if cid not in credentials:
            fail("credential", f"names unknown credential {short_word(cid)}"
                               f"{near_miss(cid, credentials)}")
    if top and out.get("type") == "enum" and not out.get("values"):
        doc.fail((*at, "type"), f"{where} is an enum without 'values'")
    return out


def _table(data: Mapping[str, Any], name: str, doc: Document) -> dict[str, Any]:
    value = data.get(name, {})
    if not isinstance(value, dict):
        doc.fail((name,), f"[{name}] must be a table")
    return value


def _compile(pattern: Any, doc: Document, at: KeyPath, where: str) -> re.Pattern[str]:
    """The regex compiled; the error quotes the parser's complaint, never the pattern
    (a pattern may embed a literal key prefix or even a whole key)."""
    if not isinstance(pattern, str):
        doc.fail(at, f"{where}: must be a string")
    try:
        compiled = re.compile(pattern)
    except re.error as exc:
        doc.fail(at, f"{where}: invalid regex: {exc.msg}"
                     + (f" at position {exc.pos}" if exc.pos is not None else ""))
    if _nested_quantifier(pattern):
        doc.fail(at, f"{where}: a repeated group that itself repeats (like `(a+)+`) can take "
                     "exponential time on a long value; repeat the inner part only once "
                     "(`a+`) or bound it (`(a{1,8}){1,8}`)")
    return compiled


def _nested_quantifier(pattern: str) -> bool:
    """Whether an unbounded repeat holds another unbounded repeat with nothing fixed
    between them (``(a+)+``, ``(a*)*``, ``(\\w+\\s?)*``, ``(?:x|y+)*``): the shape of
    catastrophic backtracking. ``[a-z]+(-[a-z]+)*`` passes: its ``-`` separates the
    repeats; bounded repeats (``{1,8}``) pass."""
    import re._parser as sre  # type: ignore[import-not-found,unused-ignore]

    repeats = (sre.MAX_REPEAT, sre.MIN_REPEAT)
    fixed = (sre.LITERAL, sre.NOT_LITERAL, sre.IN)

    def unbounded(av: Any) -> bool:
        return bool(av[1] is sre.MAXREPEAT or av[1] > 100)

    def children(op: Any, av: Any) -> list[Any]:
        if op in repeats:
            return [av[2]]
        if op is sre.SUBPATTERN:
            return [av[-1]]
        if op is sre.BRANCH:
            return list(av[1])
        if op in (sre.ASSERT, sre.ASSERT_NOT):
            return [av[1]]
        return []

    def has_repeat(items: Any) -> bool:
        return any((op in repeats and unbounded(av))
                   or any(has_repeat(c) for c in children(op, av)) for op, av in items)

    def separated(items: Any) -> bool:
        return any(op in fixed for op, _ in items)

    def risky_body(items: Any) -> bool:
        items = list(items)
        if len(items) == 1 and items[0][0] is sre.SUBPATTERN:
            return risky_body(items[0][1][-1])
        if len(items) == 1 and items[0][0] is sre.BRANCH:
            return any(risky_body(branch) for branch in items[0][1][1])
        return has_repeat(items) and not separated(items)

    def walk(items: Any) -> bool:
        for op, av in items:
            if op in repeats and unbounded(av) and risky_body(av[2]):
                return True
            if any(walk(c) for c in children(op, av)):
                return True
        return False

    try:
        return walk(sre.parse(pattern))
    except Exception:
        return False


@lru_cache(maxsize=1)
def builtin_catalog() -> Schema:
    """Every built-in provider and platform piece as one schema: what envguard knows about
    variables and credential formats regardless of the stack being checked. Composed once
    per schema version and kept in the parsed-schema cache: every scan starts here."""
    from envguard.schema.cache import composed

    catalog: Schema = composed(schemas_dir(), "catalog", _compose_catalog, Schema)
    return catalog


def _compose_catalog() -> Schema:
    composer = _Composer()
    for path in [*_builtin_pieces("providers"), *_builtin_pieces("platforms")]:
        composer._visit(path, *_read_piece(path), is_root=False)
    return Schema(
        name="built-in providers",
        vars=composer._merge_vars(),
        credentials=dict(composer.credentials),
        providers=dict(composer.providers),
        platform_prefixes=tuple(composer.platform_prefixes),
        rules=tuple(composer.rules),
    )


def builtin_credentials() -> dict[str, CredentialFormat]:
    """Every credential format of every built-in provider (exposure checks, the scanner)."""
    return dict(builtin_catalog().credentials)

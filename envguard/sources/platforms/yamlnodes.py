"""YAML documents (``kubectl get -o yaml``, Doppler and Infisical downloads) read with PyYAML.

PyYAML decides what the YAML means; this adapter only turns its node graph
(``yaml.compose_all``, which stops before any type is constructed) into the located
containers every platform reader shares, so that each value keeps the line it came from.
Composing nodes rather than loading Python objects is deliberate:

* every scalar stays the text that was written (``true``, ``0123``, ``1e3`` and
  ``2024-01-01`` are not turned into a bool, an int, a float or a date), which is what an
  environment value is; a plain ``null``, ``~`` or empty value is None (unset);
* a mapping node still holds both entries of a duplicated key, so ``LocatedDict.pairs``
  keeps both with their lines and the collector reports the duplicate, as for a .env file.

Refused, with the line, rather than guessed at (``kubectl get -o json`` is the exact
alternative): aliases (``*name``: a repeated value is a billion-laughs risk for every
reader that walks the result, and nothing that exports environments writes one; an
anchor that is never used is harmless and accepted), merge keys (``<<``) and explicit
tags that change what a node is (``!!binary``, ``!custom``). A tag that only restates
what YAML would infer anyway (``!!str``, ``!!int 1``) cannot be told from no tag and is
read as text like any other scalar.

Errors never quote the document: a value may be a secret. A PyYAML error becomes
``file:line: YAML: problem``, from the problem's description and mark line only, with
any quoted fragment of the input in the description replaced.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, NoReturn

from envguard.errors import InputError
from envguard.sources.platforms.common import LocatedDict, LocatedList

if TYPE_CHECKING:
    from collections.abc import Iterable

_TAG = "tag:yaml.org,2002:"
_STR, _NULL, _MAP, _SEQ, _MERGE = (_TAG + t for t in ("str", "null", "map", "seq", "merge"))
_AS_JSON = "use `kubectl get -o json` for exact output"
_TAGS = f"explicit tags (such as !!binary, !!set or !custom) are not supported; {_AS_JSON}"

# PyYAML quotes token names ('<block end>', '?', ':') and, in its pure-Python scanner,
# characters of the input ("found unknown escape character 'q'"): keep only the former.
_QUOTED = re.compile(r"""'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*\"""")
_TOKEN_NAME = re.compile(r"""'(?:<[a-z ]+>|[-?:,\[\]{}])'""")


def parse_yaml_documents(text: str, source: str) -> list[Any]:
    """Every document in ``text`` (``---`` separated); empty documents are skipped."""
    # Imported here, not at the top: `import envguard` (and every run that reads no YAML)
    # should not pay PyYAML's import time.
    import yaml  # type: ignore[import-untyped,unused-ignore]  # no stubs: nodes are Any

    loader = getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader
    try:
        nodes: list[Any] = list(yaml.compose_all(text, Loader=loader))
        return _Converter(source, yaml.resolver.Resolver()).documents(nodes)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise InputError(f"{source}:{_line(mark)}: YAML: {_describe(exc)}") from None
    except yaml.reader.ReaderError as exc:
        # The C reader counts UTF-8 bytes, the pure-Python one characters.
        position = int(exc.position)
        line = 1 + (text.count("\n", 0, position) if loader is yaml.SafeLoader
                    else text.encode("utf-8", "surrogatepass").count(b"\n", 0, position))
        raise InputError(f"{source}:{line}: YAML: a character YAML does not allow here "
                         f"({_hide_input(str(exc.reason))}); escape it in a double-quoted "
                         "string") from None
    except yaml.YAMLError as exc:  # no mark to place it by
        raise InputError(f"{source}: YAML: {type(exc).__name__}") from None
    except UnicodeEncodeError as exc:  # a lone surrogate: the C reader encodes to UTF-8
        line = text.count("\n", 0, exc.start) + 1
        raise InputError(f"{source}:{line}: YAML: text that is not valid Unicode") from None
    except RecursionError:
        raise InputError(f"{source}: YAML: collections nested too deeply") from None


def _line(mark: Any) -> int:
    return int(mark.line) + 1 if mark is not None else 1


def _describe(exc: Any) -> str:
    """PyYAML's problem (and context) in words, with the input's own text left out."""
    problem = _hide_input(str(exc.problem or exc.context or "malformed YAML"))
    if exc.context and exc.problem and exc.context_mark is not None:
        problem += f" ({_hide_input(str(exc.context))}, from line {_line(exc.context_mark)})"
    return problem


def _hide_input(message: str) -> str:
    return _QUOTED.sub(
        lambda m: m.group() if _TOKEN_NAME.fullmatch(m.group()) else "(not shown)", message)


class _Converter:
    """Nodes to LocatedDict / LocatedList / str / None, refusing what is not plain data."""

    def __init__(self, source: str, resolver: Any) -> None:
        self.source = source
        self.resolver = resolver
        self.seen: set[int] = set()  # ids of visited nodes: composed aliases are shared

    def fail(self, node: Any, message: str) -> NoReturn:
        raise InputError(f"{self.source}:{_line(node.start_mark)}: YAML: {message}")

    def documents(self, nodes: Iterable[Any]) -> list[Any]:
        out: list[Any] = []
        for node in nodes:
            if node.tag == _NULL and node.value == "" and not node.style:
                continue  # `---` with nothing after it
            self.seen.clear()  # anchors do not reach across documents
            out.append(self.value(node))
        return out

    def visit(self, node: Any, alias_line: int | None) -> None:
        """Refuse a node met twice: the composer shares the anchored node with its aliases."""
        if id(node) in self.seen:
            used = f" (the alias on line {alias_line})" if alias_line else ""
            self.fail(node, f"anchors and aliases are not supported: the value anchored here "
                            f"is repeated by an alias{used}; {_AS_JSON}")
        self.seen.add(id(node))

    def value(self, node: Any, alias_line: int | None = None) -> Any:
        self.visit(node, alias_line)
        kind = node.id
        if kind == "scalar":
            return self.scalar(node)
        if kind == "mapping":
            self.expect_tag(node, _MAP)
            out = LocatedDict(_line(node.start_mark))
            for key_node, value_node in node.value:
                line = _line(key_node.start_mark)
                out.put(self.key(key_node, line), line, self.value(value_node, line))
            return out
        self.expect_tag(node, _SEQ)
        items = LocatedList(_line(node.start_mark))
        for item in node.value:
            items.push(_line(item.start_mark), self.value(item))
        return items

    def key(self, node: Any, line: int) -> str:
        self.visit(node, line)
        if node.id != "scalar":
            self.fail(node, "a mapping key must be text, not a collection")
        if node.tag == _MERGE and not node.style:
            self.fail(node, f"merge keys (<<) are not supported; {_AS_JSON}")
        self.scalar(node)  # for the tag check; a key is its text, even `null` or `~`
        return str(node.value)

    def scalar(self, node: Any) -> str | None:
        tag = node.tag
        if tag == _STR:
            return str(node.value)
        if node.style or tag != self.resolver.resolve(
                type(node), node.value, (True, False)):
            self.fail(node, _TAGS)
        return None if tag == _NULL else str(node.value)

    def expect_tag(self, node: Any, tag: str) -> None:
        if node.tag != tag:
            self.fail(node, _TAGS)

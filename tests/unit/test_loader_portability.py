"""The portability lint against what the real loaders read (tests/fixtures/loaders).

The readings were made by running python-dotenv, node dotenv, dotenv-expand, bash, dash and
compose-go's dotenv parser on every input of the corpus (tests/support/loader_readings.py);
envguard never runs them, it works their readings out from the text. A warning naming a
loader must appear exactly when that loader's reading of the variable differs from
python-dotenv's.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from envguard.checks.portability import LOADERS
from envguard.checks.portability.compose import read_compose
from envguard.checks.portability.node import read_dotenv_expand, read_node_dotenv
from envguard.checks.portability.shell import UNKNOWN, read_shell
from tests.fakes import stripe_key, token
from tests.support.loader_readings import load_corpus, load_readings
from tests.support.portability_score import envguard_findings, named_loaders, score

# Inputs a port reads differently from its loader, each with the reason it is left so.
KNOWN_MISSES = {
    ("bash", "python-dotenv-043"): "bash parses NAME[ as an array subscript up to ']'",
}

READERS: dict[str, Callable[[str], dict[str, str]]] = {
    "node-dotenv": read_node_dotenv,
    "dotenv-expand": read_dotenv_expand,
    "compose": read_compose,
    "bash": lambda text: read_shell(text, bash=True),
    "dash": lambda text: read_shell(text, bash=False),
}


@pytest.mark.parametrize("loader", sorted(READERS))
def test_each_port_reads_what_its_loader_read(loader: str) -> None:
    stored = load_readings(loader)
    readings = stored["readings"]
    wrong = []
    for item in load_corpus():
        if (loader, item["id"]) in KNOWN_MISSES:
            continue
        ours = READERS[loader](item["text"])
        unknown = {k for k, v in ours.items() if v == UNKNOWN}
        real = {k: v for k, v in (readings[item["id"]]["vars"] or {}).items()
                if k not in unknown}
        if {k: v for k, v in ours.items() if k not in unknown} != real:
            wrong.append(item["id"])
    assert wrong == [], f"{loader} ({stored['version']}) read differently: {wrong}"


def test_stored_readings_cover_the_whole_corpus_with_provenance() -> None:
    ids = {item["id"] for item in load_corpus()}
    assert len(ids) >= 250
    for loader in ("python-dotenv", *READERS):
        doc = load_readings(loader)
        assert set(doc["readings"]) == ids
        assert doc["version"] and doc["how"]
    for item in load_corpus():
        assert item["origin"], item["id"]


@pytest.mark.parametrize("part", [False, True], ids=["development", "held-out"])
def test_warnings_name_exactly_the_loaders_that_differ(part: bool) -> None:
    s = score(held_out=part)
    assert s.precision >= 0.95 and s.recall >= 0.95, (sorted(s.fp), sorted(s.fn))


def test_every_warning_names_a_loader_and_how_it_reads() -> None:
    labels = [label for label, _ in LOADERS]
    for item in load_corpus()[:200]:
        for finding in envguard_findings(item["text"], item["id"]):
            assert named_loaders(finding.message), finding.message
            notes = finding.message.split(": ", 1)[1].split("; ")
            for note in notes:
                named, what = note.split(": ", 1)
                assert set(named.split(", ")) <= set(labels) and what, finding.message


@pytest.mark.parametrize("template", [
    "KEY={v}#note\n", "KEY='{v}'\r\n", "export KEY=\"{v}\\n\"\n", "KEY = {v}\n",
    "KEY={v}$HOME\n", "\ufeffKEY={v}\n", "KEY=`{v}`\n",
])
def test_messages_never_show_the_value(template: str) -> None:
    for value in (stripe_key(), token(40)):
        found = envguard_findings(template.format(v=value), "secret")
        assert found, template
        for finding in found:
            assert value not in finding.message and value[:12] not in finding.message
            assert value not in (finding.hint or "")


def test_known_differences_name_the_right_loader() -> None:
    """The cases the old rules got wrong (issue 14), against the stored readings."""
    def named(text: str) -> set[str]:
        return {n for f in envguard_findings(text, "case") for n in named_loaders(f.message)}

    assert named("KEY= # comment\n") == {"compose"}
    assert "compose" not in named("KEY=#value\n")
    assert named("KEY='C:\\\\Users'\n") >= {"compose", "bash", "dash"}
    assert named("KEY=value\r\nNEXT=x\r\n") == {"bash", "dash"}
    assert named("\ufeffKEY=value\n") == {"bash", "dash"}
    assert named("KEY= value\n") >= {"bash", "dash"}
    assert "dotenv-expand" in named("KEY=$(echo hi)\n")
    assert named("KEY=a\\$b\n") >= {"dotenv-expand"}

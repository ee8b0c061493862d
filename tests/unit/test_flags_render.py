"""Renderers: the terminal table (aligned, coloured, wrapped), markdown, JSON and HTML."""

from __future__ import annotations

import itertools
import json
import re
import time
from collections.abc import Callable
from typing import Any

import pytest

from envguard.flags import FlagReport
from envguard.reporters import flags_html, flags_json, flags_markdown, flags_text
from tests.fakes import token
from tests.support.flags import report, specs

ENVS = ("development", "staging", "production")
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def seed_report() -> FlagReport:
    table = {
        "development": {"NEW_EDITOR": "true", "DEBUG_MODE": "true", "ROLLOUT": "100"},
        "staging": {"NEW_EDITOR": "true", "DEBUG_MODE": "false", "ROLLOUT": "25%"},
        "production": {"NEW_EDITOR": "false", "DEBUG_MODE": "true"},
    }
    declared = specs(NEW_EDITOR={"semantics": "default-off"},
                     ROLLOUT={"type": "percent", "default": 0},
                     ENABLE_AI_CHAT={"semantics": "default-on", "kind": "kill-switch"})
    return report(table, declared)


def big_report(flags: int = 500, envs: int = 8) -> FlagReport:
    names = [f"env{n}" for n in range(envs)]
    table: dict[str, dict[str, str | None]] = {env: {} for env in names}
    for i in range(flags):
        for j, env in enumerate(names):
            if (i + j) % 7:
                table[env][f"FEATURE_{i:03d}_SOMETHING_RATHER_LONG"] = ["true", "false", "1"][
                    (i * j) % 3]
    return report(table, cli_order=names)


def test_text_table_is_aligned_with_defaults_marked() -> None:
    text = flags_text.render(seed_report(), color=False, width=100)
    lines = text.splitlines()
    header = next(line for line in lines if line.startswith("FLAG"))
    starts = [header.index(env) for env in ENVS]
    rows = {line.split()[0]: line for line in lines if line.split()[:1] and
            line.split()[0] in ("NEW_EDITOR", "DEBUG_MODE", "ROLLOUT", "ENABLE_AI_CHAT")}
    assert rows["NEW_EDITOR"].split() == ["NEW_EDITOR", "on", "on", "off"]
    assert rows["ROLLOUT"].split() == ["ROLLOUT", "100%", "25%", "0%*"]
    assert rows["ENABLE_AI_CHAT"].split() == ["ENABLE_AI_CHAT", "on*", "on*", "on*"]
    for row in rows.values():  # every value starts under its environment's header
        for start in starts:
            assert row[start - 2 : start] == "  " and row[start] != " "
    assert "* default applied" in text
    assert "\x1b[" not in text
    assert "error [flag-debug-in-production] DEBUG_MODE is on in production" in text
    assert text.splitlines()[-1] == "2 error(s), 1 warning(s), 1 info"


def test_text_colour_only_when_asked() -> None:
    coloured = flags_text.render(seed_report(), color=True, width=100)
    assert "\x1b[32m" in coloured  # on is green
    assert ANSI.sub("", coloured) == flags_text.render(seed_report(), color=False, width=100)


def test_500_flags_by_8_environments_fits_the_width() -> None:
    rep = big_report()
    text = flags_text.render(rep, color=False, width=80, page=40)
    table = text[: text.index("* default applied")]
    lines = table.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert "environments 1-4 of 8:" in text and "environments 5-8 of 8:" in text
    groups = 2
    headers = [line for line in lines if line.startswith("FLAG ")]
    assert len(headers) == groups * 13  # repeated every 40 rows: ceil(500 / 40) per group
    first = next(line for line in lines if line.startswith("FEATURE_000"))
    assert first.split()[0] == "FEATURE_000_SOMETHING_RATHER_LONG"
    wide = flags_text.render(rep, color=False, width=200, page=1000)
    assert "environments 1-" not in wide  # all eight fit side by side
    for fmt in (flags_markdown, flags_json, flags_html):
        assert fmt.render(rep)


def _best_time(work: Callable[[], object], repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        work()
        best = min(best, time.process_time() - start)
    return best


RENDERERS: dict[str, Callable[[FlagReport], object]] = {
    "text": lambda rep: flags_text.render(rep, color=False, width=80, page=40),
    "markdown": flags_markdown.render, "json": flags_json.render, "html": flags_html.render,
}


@pytest.mark.parametrize("stage", ["analysis", "text", "markdown", "json", "html"])
def test_cost_grows_linearly_with_the_flags(stage: str) -> None:
    """No wall-clock budget: the CPU time for 4x the flags against the time for 1x, over a
    doubling series (250, 500, 1000 flags x 8 environments). Linear work gives ~4,
    quadratic ~16; 8 is the line between them."""
    def cost(flags: int) -> float:
        if stage == "analysis":
            return _best_time(lambda: big_report(flags))
        rep = big_report(flags)
        return _best_time(lambda: RENDERERS[stage](rep))

    # a busy machine can slow one size: measure again before calling it quadratic (which
    # fails every attempt, at ~16)
    attempts = []
    for _ in range(3):
        times = [cost(n) for n in (250, 500, 1000)]
        ratios = [later / earlier for earlier, later in itertools.pairwise(times)]
        attempts.append(ratios[0] * ratios[1])
        if attempts[-1] < 8:
            return
    pytest.fail(f"4x the flags cost {attempts} times as much (linear is ~4)")


def test_problems_only_hides_clean_flags() -> None:
    rep = seed_report()
    rep.problems_only = True
    text = flags_text.render(rep, color=False)
    assert "ENABLE_AI_CHAT" not in text.split("\n\n")[0]
    assert "2 of 4 flags" in text


def test_markdown_table() -> None:
    md = flags_markdown.render(seed_report())
    assert "| flag | development | staging | production |" in md
    assert "| `NEW_EDITOR` | on | on | off |" in md
    assert "| `ENABLE_AI_CHAT` | _on_ (default) | _on_ (default) | _on_ (default) |" in md
    assert "| `DEBUG_MODE` | on | off | **on** |" in md  # the error cell is bold
    assert "- **error** `flag-debug-in-production`" in md
    big = flags_markdown.render(big_report(60, 3))
    assert "<details><summary>60 flags</summary>" in big


def test_markdown_escapes_values() -> None:
    rep = report({"a": {"FEATURE_LAYOUT": "a|b"}, "b": {"FEATURE_LAYOUT": "`x`"}},
                 cli_order=["a", "b"])
    md = flags_markdown.render(rep)
    assert "| `FEATURE_LAYOUT` | a\\|b | \\`x\\` |" in md


def test_text_shows_control_characters_from_the_files_as_escapes() -> None:
    """A flag value or name with ESC, CR or BEL cannot erase or recolour the terminal."""
    rep = report({"a": {"FEATURE_X\x1b[2K": "on\r\x07"}}, cli_order=["a"])
    for color in (False, True):
        text = ANSI.sub("", flags_text.render(rep, color=color))
        assert "\x1b" not in text and "\r" not in text and "\x07" not in text
        assert "FEATURE_X\\x1b[2K" in text


def test_json_contract() -> None:
    doc = json.loads(flags_json.render(seed_report()))
    assert doc["matrix"]["NEW_EDITOR"] == {"development": True, "staging": True,
                                           "production": False}
    assert doc["matrix"]["ROLLOUT"] == {"development": 100, "staging": 25, "production": 0}
    assert doc["defaulted"]["ROLLOUT"] == ["production"]
    assert doc["environments"] == list(ENVS)
    finding = next(f for f in doc["findings"] if f["rule"] == "flag-debug-in-production")
    assert {"rule", "severity", "file", "line", "key", "message", "hint", "source",
            "fingerprint"} <= set(finding)
    assert finding["severity"] == "error" and finding["file"] == ".env.production"
    assert finding["environment"] == "production" and finding["key"] == "DEBUG_MODE"
    assert doc["summary"]["errors"] == 2 and doc["summary"]["failed"] is True
    undefined = json.loads(flags_json.render(report({"a": {"ENABLE_X": "true"}, "b": {}},
                                                    cli_order=["a", "b"])))
    assert undefined["matrix"] == {"ENABLE_X": {"a": True, "b": None}}


def _html(rep: FlagReport) -> str:
    return flags_html.render(rep)


def test_html_is_self_contained() -> None:
    page = _html(seed_report())
    assert page.startswith("<!DOCTYPE html>")
    lowered = page.lower()
    for banned in ("<script", "<link", "@import", "url(", "src=", "http://", "https://",
                   "@font-face"):
        assert banned not in lowered, banned
    assert 'data-flag="NEW_EDITOR" data-env="production" data-state="off"' in page
    assert re.search(r'<td class="on default"[^>]*data-env="staging"[^>]*>on</td>', page)
    assert 'class="on sev-error" data-flag="DEBUG_MODE" data-env="production"' in page
    assert page.count('<li data-rule="') == 4


def test_html_legend_chips_use_the_cells_own_classes() -> None:
    """One CSS rule per state and outline, unqualified, so chips and cells share it."""
    page = _html(seed_report())
    legend = re.search(r'<p class="legend">(.*?)</p>', page)
    assert legend
    chips = re.findall(r'<span class="chip ([^"]+)" data-legend="\1"', legend.group(1))
    assert chips == ["on", "off", "value", "unset", "invalid", "withheld", "on default",
                     "sev-error", "sev-warning"]
    css = re.search(r"<style>(.*?)</style>", page, re.S)
    assert css
    for name in ("on", "off", "value", "unset", "invalid", "withheld", "default",
                 "sev-error", "sev-warning"):
        assert len(re.findall(rf"^\.{name} \{{", css.group(1), re.M)) == 1, name
        assert not re.search(rf"td\.{name}\b", css.group(1)), name
    assert re.search(r"^\.sev-error \{ outline: 3px solid ", css.group(1), re.M)
    assert re.search(r"^\.sev-warning \{ outline: 2px dashed ", css.group(1), re.M)


def test_html_escapes_everything() -> None:
    rep = report({"a": {"FEATURE_<b>": "<i>x</i>"}}, cli_order=["a"])
    page = _html(rep)
    assert "<i>x" not in page and "FEATURE_<b>" not in page
    assert ">&lt;i&gt;x&lt;/i&gt;</td>" in page


@pytest.mark.parametrize("render", [
    lambda r: flags_text.render(r, color=False), flags_markdown.render, flags_json.render,
    flags_html.render])
def test_no_secret_in_any_output(render: Any) -> None:
    secret = token(40)
    rep = report({"development": {"STRIPE_SECRET_KEY": secret, "FEATURE_TOKEN": secret,
                                  "FEATURE_PAYLOAD": secret, "ENABLE_X": "true"},
                  "production": {"ENABLE_X": secret}})
    out = render(rep)
    assert secret not in out
    assert "STRIPE_SECRET_KEY" not in out  # not a flag: never shown at all

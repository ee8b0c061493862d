"""The flag report as one self-contained HTML file: a colour-coded grid and the findings.

No scripts, no external fonts or stylesheets: the file opens the same from a CI artifact,
an email attachment or a file:// URL. Each cell carries ``data-flag``, ``data-env``,
``data-state`` and ``data-value`` so tests (and people with devtools) can read it back.
Everything shown is HTML-escaped; values come through the same safe display as the
terminal table.
"""

from __future__ import annotations

import json
from html import escape

from envguard.findings import Finding, Severity
from envguard.flags.matrix import Cell
from envguard.flags.report import FlagReport, cell_class, cell_text
from envguard.flags.values import json_value, shown_raw
from envguard.schema.flagspec import FlagSpec

_CSS = """
:root { color-scheme: light; }
body { font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 1.5rem;
       color: #1d1f23; background: #fff; }
h1 { font-size: 1.3rem; margin: 0 0 .3rem; }
.meta { color: #555; margin: 0 0 1rem; }
.layout { display: flex; gap: 2rem; align-items: flex-start; flex-wrap: wrap; }
.grid-wrap { overflow-x: auto; overflow-y: auto; max-height: 85vh; max-width: 100%;
             min-width: 0; border: 1px solid #ccd; }
table.grid { border-collapse: collapse; }
.grid th, .grid td { padding: .25rem .6rem; border: 1px solid #dde; text-align: center;
                     white-space: nowrap; }
.grid thead th { position: sticky; top: 0; background: #f4f5f8; z-index: 2; }
.grid th.flag { text-align: left; font-family: ui-monospace, Menlo, Consolas, monospace;
                font-weight: normal; background: #fafafa; position: sticky; left: 0;
                z-index: 1; }
.grid thead th:first-child { left: 0; z-index: 3; }
.grid tr.has-error th.flag { color: #a00; font-weight: bold; }
.grid tr.has-warning th.flag { color: #8a5a00; }
/* Cell states and severities: one rule each, shared by the grid's cells and the legend's
   chips, so a chip cannot drift from the cells it explains. */
.on { background: #cdeccd; color: #0b4d0b; }
.off { background: #ececec; color: #444; }
.unset { background: #fff; color: #999; }
.value { background: #dde8ff; color: #12306b; }
.invalid { background: #f9c9c9; color: #7a0000; font-weight: bold; }
.withheld { background: #eadcf5; color: #4b2470; }
.default { font-style: italic; opacity: .8; }
.default::after { content: " (default)"; font-size: .8em; }
.sev-error { outline: 3px solid #c00; outline-offset: -3px; }
.sev-warning { outline: 2px dashed #d08a00; outline-offset: -2px; }
aside.findings { flex: 1 1 28rem; max-width: 48rem; min-width: 0; overflow-wrap: anywhere; }
aside h2 { font-size: 1.1rem; margin: 0 0 .5rem; }
ol.findings { padding-left: 1.2rem; margin: 0; }
ol.findings li { margin-bottom: .6rem; }
.sev { display: inline-block; padding: 0 .4rem; border-radius: 3px; font-size: .8em;
       font-weight: bold; text-transform: uppercase; }
.sev.error { background: #c00; color: #fff; }
.sev.warning { background: #f0b400; color: #222; }
.sev.info { background: #3a7bd5; color: #fff; }
code, .rule { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: .9em; }
.where, .hint { color: #555; font-size: .9em; display: block; }
.legend { display: flex; flex-wrap: wrap; gap: .3rem; align-items: center; }
.legend .chip { display: inline-block; padding: .15rem .6rem; border: 1px solid #dde; }
.legend .label { color: #555; margin-left: .5rem; }
.legend .label:first-child { margin-left: 0; }
"""


def render(report: FlagReport, color: bool = False) -> str:
    matrix = report.matrix
    envs = matrix.environments
    result = report.result
    summary = (f"{result.count(Severity.ERROR)} error(s), {result.count(Severity.WARNING)} "
               f"warning(s), {result.count(Severity.INFO)} info") if result.findings \
        else "no problems found"
    order = [e for e in report.order if e in envs]
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>envguard flags</title>",
        f"<style>{_CSS}</style></head><body>",
        "<h1>Feature flags</h1>",
        f'<p class="meta" id="summary">{len(matrix.flags)} flag(s) x {len(envs)} '
        f"environment(s) ({escape(' < '.join(order) if len(order) > 1 else ', '.join(envs))})"
        f" &middot; {escape(summary)}</p>",
        _legend(),
        '<div class="layout"><div class="grid-wrap"><table class="grid" id="matrix">',
        "<thead><tr><th>flag</th>"
        + "".join(f'<th scope="col">{escape(e)}</th>' for e in envs) + "</tr></thead><tbody>",
    ]
    for flag in report.flags():
        sev = report.flag_severity(flag)
        row_class = f' class="has-{sev}"' if sev is not None and sev >= Severity.WARNING else ""
        spec = matrix.specs[flag]
        cells = "".join(_cell(report, spec, env, matrix.cell(flag, env)) for env in envs)
        parts.append(f'<tr{row_class} data-flag="{escape(flag)}">'
                     f'<th class="flag" scope="row">{escape(flag)}</th>{cells}</tr>')
    parts.append("</tbody></table></div>")
    parts.append(f'<aside class="findings"><h2>Findings ({len(result.findings)})</h2>')
    if report.findings:
        parts.append('<ol class="findings">')
        parts += [_finding(f) for f in report.findings]
        parts.append("</ol>")
    else:
        parts.append("<p>No problems found.</p>")
    parts.append("</aside></div></body></html>")
    return "\n".join(parts)


# The legend's chips: (CSS classes, text, what it means). Each chip carries the very
# classes a cell in that state gets (``cell_class`` / ``default`` / ``sev-*``), so it is
# coloured and outlined by the same rules as the cells.
_STATE_CHIPS = (
    ("on", "on", "on / enabled / above 0%"),
    ("off", "off", "off / disabled / 0%"),
    ("value", "value", "any other value"),
    ("unset", "- unset", "not set there, no default"),
    ("invalid", "!x invalid", "a value the flag cannot take"),
    ("withheld", "withheld", "encrypted, a secret reference or hidden by the platform"),
    ("on default", "on", "not set there: default applied"),
)
_SEVERITY_CHIPS = (
    (f"sev-{Severity.ERROR}", str(Severity.ERROR), "solid red outline: a finding of error"),
    (f"sev-{Severity.WARNING}", str(Severity.WARNING),
     "dashed amber outline: a finding of warning"),
)


def _legend() -> str:
    def chip(classes: str, text: str, meaning: str) -> str:
        return (f'<span class="chip {classes}" data-legend="{classes}" title="{escape(meaning)}">'
                f"{escape(text)}</span>")

    return ('<p class="legend"><span class="label">cells:</span>'
            + "".join(chip(*c) for c in _STATE_CHIPS)
            + '<span class="label">outline:</span>'
            + "".join(chip(*c) for c in _SEVERITY_CHIPS) + "</p>")


def _cell(report: FlagReport, spec: FlagSpec, env: str, cell: Cell) -> str:
    flag = spec.name
    state = cell_class(cell)
    classes = [state]
    if cell.defaulted:
        classes.append("default")
    sev = report.cell_severity(flag, env)
    if sev is not None and sev >= Severity.WARNING:
        classes.append(f"sev-{sev}")
    text = cell_text(spec, cell).rstrip("*") if cell.defaulted else cell_text(spec, cell)
    value = json.dumps(json_value(flag, cell.value), default=str)
    title = []
    if cell.raw is not None:
        title.append(f"written {shown_raw(flag, cell.raw)}")
    if cell.origin:
        title.append(f"at {cell.origin}")
    if cell.defaulted:
        title.append("not set here: default applied")
    if cell.problem:
        title.append(cell.problem)
    return (f'<td class="{" ".join(classes)}" data-flag="{escape(flag)}" data-env="{escape(env)}"'
            f' data-state="{state}" data-value="{escape(value)}"'
            f' data-default="{"true" if cell.defaulted else "false"}"'
            f' title="{escape("; ".join(title))}">{escape(text)}</td>')


def _finding(f: Finding) -> str:
    where = f'<span class="where">{escape(str(f.origin))}</span>' if f.origin else ""
    hint = f'<span class="hint">{escape(f.hint)}</span>' if f.hint else ""
    env = f.extra.get("environment")
    return (f'<li data-rule="{escape(f.rule)}" data-flag="{escape(f.key or "")}"'
            f' data-env="{escape(str(env or ""))}">'
            f'<span class="sev {f.severity}">{f.severity}</span> '
            f'<span class="rule">{escape(f.rule)}</span> {escape(f.message)}{where}{hint}</li>')

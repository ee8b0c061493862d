"""The flag matrix as GitHub-flavoured markdown, for a pull-request comment.

A table (flags down, environments across) with defaults in italics and cells that carry
an error in bold, then the findings as a list. Every value is escaped so a ``|`` or a
backtick in a string flag cannot break the table.
"""

from __future__ import annotations

from envguard.findings import Severity
from envguard.flags.report import FlagReport, cell_text
from envguard.reporters.markdown import code, escape
from envguard.reporters.style import counts

#: Above this many rows the table goes into a collapsed <details> block.
COLLAPSE_ROWS = 40


def render(report: FlagReport, color: bool = False) -> str:
    matrix = report.matrix
    flags = report.flags()
    envs = matrix.environments
    out = [f"### Feature flags: {len(matrix.flags)} flag(s) x {len(envs)} environment(s)", ""]
    table = ["| flag | " + " | ".join(escape(e) for e in envs) + " |",
             "|---|" + "---|" * len(envs)]
    for flag in flags:
        cells = []
        for env in envs:
            cell = matrix.cell(flag, env)
            text = escape(cell_text(matrix.specs[flag], cell).rstrip("*"))
            if cell.defaulted:
                text = f"_{text}_ (default)"
            if report.cell_severity(flag, env) == Severity.ERROR:
                text = f"**{text}**"
            cells.append(text)
        table.append(f"| {code(flag)} | " + " | ".join(cells) + " |")
    if len(flags) > COLLAPSE_ROWS:
        out += [f"<details><summary>{len(flags)} flags</summary>", "", *table, "", "</details>"]
    elif flags:
        out += table
    else:
        out.append("_no flags found_")
    out += ["", _summary(report)]
    if report.findings:
        out.append("")
    for f in report.findings:
        where = f" ({escape(str(f.origin))})" if f.origin else ""
        hint = f" — {escape(f.hint)}" if f.hint else ""
        out.append(f"- **{f.severity}** `{f.rule}`: {escape(f.message)}{where}{hint}")
    return "\n".join(out)


def _summary(report: FlagReport) -> str:
    r = report.result
    if not r.findings:
        return "**No problems found.**"
    return f"**{counts(r)}**"

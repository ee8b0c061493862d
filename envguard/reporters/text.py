"""Text for people, laid out like the linters they already read.

Findings are grouped by file (shown relative to the working directory, with the
environment it was checked as); each finding is one aligned ``line:col  severity  rule
message`` row (the line alone in a file whose findings have no column), its hint on its
own indented line, wrapped to the terminal width. The last line says what was checked and
the totals. In a history scan one line found again in several commits is one row naming
the commits (shortened).
"""

from __future__ import annotations

from itertools import groupby
from typing import Any

from envguard.findings import Finding, Result
from envguard.reporters.style import (
    BOLD,
    DIM,
    GREEN,
    RED,
    SEVERITY_COLORS,
    YELLOW,
    clean,
    counts,
    paint,
    plural,
    shown_path,
    width,
    wrap,
)

_SEVERITY_WIDTH = len("warning")


def render(result: Result, color: bool = False, columns: int | None = None) -> str:
    columns = width(columns)
    environments = _environments(result)
    rows = _merged(result.sorted())
    lines: list[str] = []
    for source, grouped in groupby(rows, key=lambda row: row[0].file or _pseudo(row[0])):
        group = list(grouped)
        widths = _position_widths([f for f, _ in group])
        rule_width = min(max(len(f.rule) for f, _ in group), 24)
        if lines:
            lines.append("")
        header = shown_path(source, result.base) if source != "-" else "(no file)"
        env = environments.get(source)
        label = f"({env})" if env else ""
        if len(header) + len(label) + 2 > columns:  # the environment on a line of its own
            lines += [paint(header, BOLD, color), *([f"  {label}"] if label else [])]
        else:
            lines.append(paint(header, BOLD, color) + (f"  {label}" if label else ""))
        for finding, commits in group:
            lines += _finding(finding, commits, widths, rule_width, columns, color)
    if lines:
        lines.append("")
    tone = GREEN if not result.findings else RED if result.failed else YELLOW
    lines += [paint(line, tone, color) for line in wrap(_summary(result), columns, "  ", "")]
    return "\n".join(lines)


def _pseudo(f: Finding) -> str:
    return f.origin.source if f.origin else "-"


def _merged(findings: list[Finding]) -> list[tuple[Finding, list[str]]]:
    """Findings with the commits they recur in: one line of one file found in several
    commits of a history scan is one row (the first commit's), not one per commit."""
    rows: list[tuple[Finding, list[str]]] = []
    seen: dict[tuple[Any, ...], list[str]] = {}
    for f in findings:
        commit = f.extra.get("commit")
        if not commit:
            rows.append((f, []))
            continue
        key = (f.file, f.rule, f.key, f.message, f.severity)
        if key in seen:
            seen[key].append(str(commit))
            continue
        seen[key] = [str(commit)]
        rows.append((f, seen[key]))
    return rows


def _position_widths(findings: list[Finding]) -> tuple[int, int]:
    """The widest line and the widest column of a file's findings (0: none has one)."""
    return (max((len(str(f.line or "-")) for f in findings), default=1),
            max((len(str(f.column)) for f in findings if f.column is not None and f.line),
                default=0))


def _position(f: Finding, widths: tuple[int, int]) -> str:
    """``line:col``, the colons aligned (line right-aligned, column left-aligned); just
    the line where the file's findings have no column."""
    line_width, column_width = widths
    where = str(f.line or "-").rjust(line_width)
    if not column_width:
        return where
    if f.column is None or not f.line:
        return where + " " * (column_width + 1)
    return f"{where}:{str(f.column).ljust(column_width)}"


def _finding(f: Finding, commits: list[str], widths: tuple[int, int], rule_width: int,
             columns: int, color: bool) -> list[str]:
    where = _position(f, widths)
    line_width = len(where)
    severity = paint(str(f.severity).ljust(_SEVERITY_WIDTH), SEVERITY_COLORS[f.severity],
                     color)
    rule = f.rule.ljust(rule_width)
    lead = f"  {where}  {severity}  {rule}  "
    plain_lead = len(f"  {where}  {'':<{_SEVERITY_WIDTH}}  {rule}  ")
    message = clean(f.message)
    if f.key and f.key not in message:
        message = f"{clean(f.key)}: {message}"
    hint_indent = " " * (line_width + 4)
    # continued in the message column, unless that leaves too little room
    indent = " " * plain_lead if columns - plain_lead >= 50 else hint_indent
    body = wrap(message, columns, indent, " " * plain_lead)
    out = [lead + body[0][plain_lead:], *body[1:]]
    if commits:
        shown = ", ".join(c[:7] for c in commits[:5])
        more = f" and {len(commits) - 5} more" if len(commits) > 5 else ""
        out += [paint(line, DIM, color) for line in wrap(
            f"in {plural(len(commits), 'commit')}: {shown}{more}", columns, hint_indent + "  ",
            hint_indent)]
    if f.hint:
        out += [paint(line, DIM, color) for line in wrap(
            clean(f.hint), columns, hint_indent + "      ", hint_indent + "hint: ")]
    return out


def _environments(result: Result) -> dict[str, str]:
    """Each checked file's ``environment, against SCHEMA`` (from ``check``'s runs)."""
    shown: dict[str, str] = {}
    for run in _runs(result):
        env, schema = run.get("environment"), run.get("schema") or run.get("model")
        label = ", ".join(x for x in (env and f"as {env}", schema and f"against {schema}") if x)
        for file in run.get("files") or ():
            if label:
                shown[str(file)] = label
    return shown


def _runs(result: Result) -> list[dict[str, Any]]:
    runs = result.checked.get("runs")
    if isinstance(runs, list):
        return [r for r in runs if isinstance(r, dict)]
    return [result.checked] if result.checked.get("schema") or result.checked.get("model") \
        else []


def _summary(result: Result) -> str:
    totals = "no problems found" if not result.findings else counts(result)
    checked = scope(result)
    return f"{totals}: {checked}" if checked else totals


def scope(result: Result) -> str:
    """What was checked, in words: ``16 variables against vibelog for production``."""
    checked = result.checked
    parts = []
    for run in _runs(result):
        what = run.get("schema") or run.get("model")
        text = plural(int(run.get("variables", 0)), "variable") if "variables" in run \
            else plural(len(run.get("files") or ()), "file")
        text += f" checked against {what}" if what else " checked"
        if run.get("environment"):
            text += f" for {run['environment']}"
        parts.append(text)
    if parts:
        return "; ".join(parts)
    if "scanned" in checked:
        return _scan_scope(result)
    if "files" in checked:
        return f"{plural(len(checked['files']), 'file')} linted"
    return ""


def _scan_scope(result: Result) -> str:
    checked = result.checked
    mode = checked["scanned"]
    files = plural(int(checked.get("files", 0)), "file")
    lines = plural(int(checked.get("lines", 0)), "line")
    if "commits" in checked or mode in ("history", "rev_range"):
        text = f"{plural(int(checked.get('commits', 0)), 'commit')} scanned ({files}, {lines})"
    else:
        what = {"staged": "staged", "diff": "added in the diff"}.get(mode, "scanned")
        text = f"{files} {what} ({lines})" if mode != "paths" else f"{files} scanned ({lines})"
    if result.elapsed is not None:
        text += f" in {result.elapsed:.1f}s"
    if checked.get("baselined"):
        text += f"; {checked['baselined']} accepted by the baseline"
    below = held_back(result)
    return f"{text}; {below}" if below else text


def held_back(result: Result) -> str:
    """``2 findings below --min-confidence medium not shown (…)`` when a scan held some
    back: every report says so, as a clean-looking run was not necessarily silent."""
    below = int(result.checked.get("below_min_confidence") or 0)
    if not below:
        return ""
    level = result.checked.get("min_confidence", "medium")
    return (f"{plural(below, 'finding')} below --min-confidence {level} not shown "
            "(--min-confidence low shows them)")

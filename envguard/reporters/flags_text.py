"""The flag matrix for a terminal: aligned columns, colour on a TTY, wrapped to the width.

Flags run down, environments across in promotion order. When the environments do not fit
the width, they are split into column groups, each repeating the flag column; the header
repeats every ``page`` rows so a 500-row table piped into ``less`` stays readable.
"""

from __future__ import annotations

import textwrap

from envguard.findings import Finding, Severity
from envguard.flags.report import FlagReport, cell_class, cell_text
from envguard.reporters.style import SEVERITY_COLORS, clean, counts, paint

_CELL_COLORS = {"on": "32", "off": "2", "unset": "2", "invalid": "31;1", "withheld": "35",
                "value": "36"}
NAME_MAX = 40
CELL_MAX = 16
GAP = 2
HEADER_MIN = 7


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def render(report: FlagReport, color: bool = False, width: int = 100, page: int = 50) -> str:
    matrix = report.matrix
    flags = report.flags()
    envs = matrix.environments
    lines = [paint(line, "1", color) for title in _title(report, len(flags))
             for line in textwrap.wrap(title, width, subsequent_indent="  ")]
    if flags and envs:
        # flag names and values come from the files: shown with control characters escaped
        texts = {f: {e: clean(cell_text(matrix.specs[f], matrix.cell(f, e), CELL_MAX))
                     for e in envs} for f in flags}
        name_w = min(max(len("FLAG"), *(len(clean(f)) for f in flags)), NAME_MAX)
        full, short = _widths(envs, flags, texts)
        for group in _groups(envs, short, name_w, width):
            fits = name_w + sum(GAP + full[e] for e in group) <= width
            widths = full if fits else short
            if len(group) < len(envs):
                first, last = envs.index(group[0]) + 1, envs.index(group[-1]) + 1
                span = f"environments {first}-{last}" if last > first else f"environment {first}"
                lines.append(f"{span} of {len(envs)}:")
            lines += _table(report, flags, group, texts, widths, name_w, color, page)
            lines.append("")
        lines.append("* default applied (not set there)   - unset, no default   "
                     "!x invalid value")
    elif not flags:
        lines.append("no flags found" if not report.problems_only else "no flag has a finding")
    lines.append("")
    for f in report.findings:
        lines.append(_finding(f, color))
    lines.append(_summary(report, color))
    return "\n".join(lines)


def _title(report: FlagReport, shown: int) -> list[str]:
    m = report.matrix
    order = [e for e in report.order if e in m.environments]
    rows = f"{shown} of {len(m.flags)} flags" if report.problems_only else f"{len(m.flags)} flags"
    title = f"{rows} x {len(m.environments)} environments"
    if len(order) > 1:
        return [title, f"promotion order: {' < '.join(order)}"]
    return [title]


def _widths(envs: list[str], flags: list[str], texts: dict[str, dict[str, str]]
            ) -> tuple[dict[str, int], dict[str, int]]:
    """Column widths with full environment names, and with names cut to the values' width
    (at least ``HEADER_MIN``): a table too wide for the first tries the second before it
    is split into column groups."""
    values = {e: min(max(len(texts[f][e]) for f in flags), CELL_MAX) for e in envs}
    full = {e: min(max(len(e), values[e]), CELL_MAX) for e in envs}
    return full, {e: max(values[e], min(len(e), HEADER_MIN)) for e in envs}


def _groups(envs: list[str], widths: dict[str, int], name_w: int, width: int) -> list[list[str]]:
    """Split the environment columns into as few groups as fit ``width``, evenly sized."""
    greedy = _greedy(envs, widths, name_w, width)
    size = -(-len(envs) // len(greedy))
    even = [envs[i : i + size] for i in range(0, len(envs), size)]
    fits = all(name_w + sum(GAP + widths[e] for e in g) <= width for g in even)
    return even if fits and len(even) == len(greedy) else greedy


def _greedy(envs: list[str], widths: dict[str, int], name_w: int, width: int) -> list[list[str]]:
    groups: list[list[str]] = [[]]
    used = name_w
    for env in envs:
        need = GAP + widths[env]
        if groups[-1] and used + need > width:
            groups.append([])
            used = name_w
        groups[-1].append(env)
        used += need
    return groups


def _table(report: FlagReport, flags: list[str], envs: list[str],
           texts: dict[str, dict[str, str]], widths: dict[str, int], name_w: int,
           color: bool, page: int) -> list[str]:
    gap = " " * GAP
    header = paint("FLAG".ljust(name_w) + "".join(gap + _fit(clean(e), widths[e]).ljust(widths[e])
                                                    for e in envs).rstrip(), "1", color)
    out = []
    for n, flag in enumerate(flags):
        if n % max(page, 1) == 0:
            out.append(header)
        sev = report.flag_severity(flag)
        name = paint(_fit(clean(flag), name_w).ljust(name_w), SEVERITY_COLORS[sev] if sev else "",
                      color)
        row = name
        for env in envs:
            cell = report.matrix.cell(flag, env)
            text = _fit(texts[flag][env], widths[env])
            if env != envs[-1]:
                text = text.ljust(widths[env])
            cell_sev = report.cell_severity(flag, env)
            code = ("7;" + SEVERITY_COLORS[cell_sev]) if cell_sev == Severity.ERROR \
                else _CELL_COLORS.get(cell_class(cell), "")
            row += gap + paint(text, code, color)
        out.append(row.rstrip())
    return out


def _finding(f: Finding, color: bool) -> str:
    where = str(f.origin) if f.file else "-"
    sev = paint(str(f.severity), SEVERITY_COLORS[f.severity], color)
    hint = f"  ({f.hint})" if f.hint else ""
    return clean(f"{where}  ") + sev + clean(f" [{f.rule}] {f.message}{hint}")


def _summary(report: FlagReport, color: bool) -> str:
    result = report.result
    if not result.findings:
        return paint("no problems found", "32", color)
    return paint(counts(result), "31" if result.failed else "33", color)

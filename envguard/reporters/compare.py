"""``envguard compare`` output: a terminal table, a markdown comment, or JSON.

Cells show what may be shown: a non-secret value's redacted display, ``secret (live)``
for a secret, never its value and never its hash. Environments holding the same secret
share a letter (``[A]``), which is all a reader needs to see the sharing.
"""

from __future__ import annotations

import json
from typing import Any

from envguard.checks.compare import Cell, Comparison, Row
from envguard.findings import Finding
from envguard.reporters.markdown import code, details, escape, findings_list, marker, verdict
from envguard.reporters.style import SEVERITY_COLORS, clean, counts, paint, wrap
from envguard.reporters.style import width as layout_width
from envguard.sources.platforms.system import platform_of

VALUE_WIDTH = 30
#: the narrowest a value column is squeezed to when the table must fit the terminal
MIN_VALUE_WIDTH = 8
KEY_WIDTH = 32


def render(comparison: Comparison, fmt: str, color: bool = False, *,
           columns: int | None = None, show_platform: bool = False) -> str:
    if fmt == "json":
        return render_json(comparison)
    if fmt == "markdown":
        return render_markdown(comparison)
    return render_table(comparison, color, columns=columns, show_platform=show_platform)


def cell_text(row: Row, env: str, cell: Cell, width: int = VALUE_WIDTH) -> str:
    if cell.state == "missing":
        text = "MISSING" if env in row.required else "-"
    elif cell.state == "empty":
        text = "(empty)"
    elif cell.state == "withheld":
        text = "(withheld)"
    elif row.secret or cell.var is None:
        text = f"secret ({cell.mode})" if cell.mode else "secret"
    else:
        text = _truncate(cell.var.display, width)
    return text + (f" [{cell.group}]" if cell.group else "")


def _truncate(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _paint(text: str, code_: str, color: bool) -> str:
    return paint(text, code_, color)


def _flag(cell: Cell) -> str:
    return "! " if cell.flagged else ""


def _key_label(row: Row) -> str:
    return row.key + (" (platform)" if row.platform else "")


def _body(comparison: Comparison, show_platform: bool) -> list[list[str]]:
    """The table's rows as text; platform variables with nothing to say folded into one
    row (``(platform: 9 vercel)``, each cell how many are set) unless ``show_platform``."""
    names = comparison.names
    body, folded = [], []
    for row in comparison.rows:
        if row.platform and not show_platform and not any(
                cell.flagged or cell.group for cell in row.cells.values()):
            folded.append(row)
            continue
        body.append([clean(_key_label(row))] + [
            _flag(row.cells[n]) + clean(cell_text(row, n, row.cells[n])) for n in names])
    if folded:
        owners: dict[str, int] = {}
        for row in folded:
            owner = platform_of(row.key) or "other"
            owners[owner] = owners.get(owner, 0) + 1
        label = "(platform: " + ", ".join(f"{n} {o}" for o, n in sorted(owners.items())) + ")"
        body.append([label] + [
            f"{sum(r.cells[n].state != 'missing' for r in folded)} set" for n in names])
    return body


def _fit(widths: list[int], columns: int) -> list[int]:
    """Column widths that fit ``columns``: the key column first, then the values evenly
    (never below :data:`MIN_VALUE_WIDTH`)."""
    gaps = 2 * (len(widths) - 1)
    if sum(widths) + gaps <= columns:
        return widths
    key = min(widths[0], KEY_WIDTH)
    room = max((columns - key - gaps) // max(len(widths) - 1, 1), MIN_VALUE_WIDTH)
    return [key, *(min(w, room) for w in widths[1:])]


def render_table(comparison: Comparison, color: bool = False, *, columns: int | None = None,
                 show_platform: bool = False) -> str:
    names = comparison.names
    columns = layout_width(columns)
    header = ["KEY", *names]
    body = _body(comparison, show_platform)
    widths = _fit([max(len(r[i]) for r in [header, *body]) for i in range(len(header))],
                  columns)
    header = [_truncate(h, w) for h, w in zip(header, widths, strict=True)]
    body = [[_truncate(c, w) for c, w in zip(r, widths, strict=True)] for r in body]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip(),
             "  ".join("-" * w for w in widths)]
    for cells in body:
        painted = [cells[0].ljust(widths[0])]
        for text, width in zip(cells[1:], widths[1:], strict=True):
            tone = "31" if "MISSING" in text else "33" if text.startswith("! ") else ""
            painted.append(_paint(text.ljust(width), tone, color))
        lines.append("  ".join(painted).rstrip())
    lines += _legend(comparison)
    result = comparison.result
    if result.findings:
        lines.append("")
        for f in result.sorted():
            lines += _finding_lines(f, color, columns)
    lines.append("")
    lines.append(_summary(comparison, color))
    return "\n".join(lines)


def _legend(comparison: Comparison) -> list[str]:
    notes = []
    for row in comparison.rows:
        groups: dict[str, list[str]] = {}
        for env, cell in row.cells.items():
            if cell.group:
                groups.setdefault(cell.group, []).append(env)
        notes += [f"[{g}] {row.key}: the same secret value in {', '.join(envs)}"
                  for g, envs in groups.items()]
    if any(cell.flagged for row in comparison.rows for cell in row.cells.values()):
        notes.append("! marks a cell with a finding (below)")
    return ["", *notes] if notes else []


def _finding_lines(f: Finding, color: bool, columns: int) -> list[str]:
    """``severity  rule  message [where]``, the hint on its own line, wrapped."""
    where = f"  [{clean(str(f.origin))}]" if f.origin else ""
    lead = f"{f.severity!s:<7}  {f.rule}  "
    lines = wrap(clean(f.message) + where, columns, "    ", lead)
    lines[0] = _paint(f"{f.severity!s:<7}", SEVERITY_COLORS[f.severity], color) + \
        lines[0][7:]
    if f.hint:
        lines += wrap(clean(f.hint), columns, "          ", "    hint: ")
    return lines


def _summary(comparison: Comparison, color: bool) -> str:
    result = comparison.result
    scope = (f"{len(comparison.environments)} environments, {len(comparison.rows)} keys"
             + (f", schema {comparison.schema}" if comparison.schema else ""))
    if not result.findings:
        return _paint(f"{scope}: no drift found", "32", color)
    totals = counts(result)
    return _paint(f"{scope}: {totals}", "31" if result.failed else "33", color)


def render_markdown(comparison: Comparison) -> str:
    """Verdict, the findings (errors first), then the full matrix folded in ``<details>``
    (a PR comment's column is narrow: the findings are what a reviewer reads first)."""
    names = comparison.names
    lines = [f"### envguard compare: {verdict(comparison.result)}", ""]
    lines.append(" · ".join(
        f"**{escape(env.name)}** ({', '.join(code(s) for s in env.sources)})"
        for env in comparison.environments))
    if comparison.result.findings:
        lines += ["", "#### Findings", "", *findings_list(comparison.result.findings)]
    table = ["| Key | " + " | ".join(escape(n) for n in names) + " |",
             "| --- |" + " --- |" * len(names)]
    for row in comparison.rows:
        cells = [_markdown_cell(row, n, row.cells[n]) for n in names]
        label = code(row.key) + (" *(platform)*" if row.platform else "")
        table.append(f"| {label} | " + " | ".join(cells) + " |")
    shared = [line for line in _legend(comparison) if line.startswith("[")]
    if shared:
        table += ["", *(f"- {escape(line)}" for line in shared)]
    lines += ["", *details(f"all {len(comparison.rows)} keys in "
                           f"{len(names)} environments", table)]
    lines += ["", marker("compare")]
    return "\n".join(lines)


def _markdown_cell(row: Row, env: str, cell: Cell) -> str:
    text = cell_text(row, env, cell)
    if cell.state == "missing":
        shown = "❌ **missing**" if env in row.required else "—"
    elif cell.state == "set" and not row.secret:
        group = f" [{cell.group}]" if cell.group else ""
        shown = code(text[: len(text) - len(group)]) + escape(group)
    else:
        shown = escape(text)
    return ("⚠️ " if cell.flagged and cell.state != "missing" else "") + shown


def render_json(comparison: Comparison) -> str:
    doc: dict[str, Any] = {
        "environments": [
            {"name": env.name, "sources": list(env.sources), "formats": dict(env.formats),
             "variables": len(env.envset)}
            for env in comparison.environments
        ],
        "schema": comparison.schema,
        "keys": [_row_dict(row) for row in comparison.rows],
        "findings": [f.to_dict() for f in comparison.result.sorted()],
        "summary": comparison.result.summary(),
    }
    return json.dumps(doc, indent=2, ensure_ascii=False)


def _row_dict(row: Row) -> dict[str, Any]:
    return {
        "key": row.key, "declared": row.declared, "secret": row.secret,
        "platform": row.platform, "required": list(row.required),
        "environments": {env: _cell_dict(cell) for env, cell in row.cells.items()},
    }


def _cell_dict(cell: Cell) -> dict[str, Any]:
    shown = cell.var is not None and cell.state == "set"
    return {
        "state": cell.state,
        "value": cell.var.display if shown and cell.var is not None else None,
        "mode": cell.mode,
        "kind": cell.kind,
        "source": cell.var.origin.shown(column=False) if cell.var is not None else None,
        "shared_with": list(cell.shared_with),
    }

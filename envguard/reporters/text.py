"""Text for people: grouped by file, ``file:line KEY  message  (hint)``."""

from __future__ import annotations

from itertools import groupby

from envguard.findings import Finding, Result, Severity

_COLORS = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.INFO: "36"}


def _paint(text: str, code: str, color: bool) -> str:
    return f"\033[{code}m{text}\033[0m" if color else text


def render(result: Result, color: bool = False) -> str:
    lines: list[str] = []
    for source, group in groupby(result.sorted(), key=lambda f: f.file or "(no file)"):
        lines.append(_paint(source, "1", color))
        for f in group:
            lines.append("  " + _line(f, color))
    lines.append(_summary(result, color))
    return "\n".join(lines)


def _line(f: Finding, color: bool) -> str:
    where = f"{f.file}:{f.line}" if f.file and f.line else (f.file or f"{f.origin or '-'}")
    sev = _paint(f"{f.severity}", _COLORS[f.severity], color)
    key = f" {f.key}" if f.key else ""
    hint = f"  ({f.hint})" if f.hint else ""
    return f"{where}{key}  {sev} [{f.rule}] {f.message}{hint}"


def _summary(result: Result, color: bool) -> str:
    errors, warnings = result.count(Severity.ERROR), result.count(Severity.WARNING)
    infos = result.count(Severity.INFO)
    if not result.findings:
        return _paint("no problems found", "32", color)
    text = f"{errors} error(s), {warnings} warning(s), {infos} info"
    return _paint(text, "31" if result.failed else "33", color)

"""Markdown for a pull-request comment: a verdict, one bullet per finding (errors first,
infos folded in ``<details>``), what was checked, and a hidden ``<!-- envguard:COMMAND -->``
marker so a workflow can find and update its own comment instead of adding one per push.

Bullets rather than a table: GitHub's comment column is narrow, and a table pushes the
message off-screen. GitHub renders the comment as HTML, so everything taken from input
(messages, keys, file names) is escaped: ``<`` could inject markup.
"""

from __future__ import annotations

from collections.abc import Iterable

from envguard.findings import Finding, Result, Severity

ICONS = {Severity.ERROR: "❌ error", Severity.WARNING: "⚠️ warning", Severity.INFO: "ℹ️ info"}
_ESCAPES = str.maketrans({"\\": "\\\\", "|": "\\|", "<": "&lt;", ">": "&gt;", "*": "\\*",
                          "[": "\\[", "]": "\\]", "`": "\\`", "\n": " ", "\r": " "})


def escape(text: str) -> str:
    """Text safe inside a table cell."""
    return text.translate(_ESCAPES)


def code(text: str) -> str:
    """An inline code span that survives backticks and pipes in ``text``."""
    text = text.replace("\n", " ").replace("\r", " ").replace("|", "\\|")
    fence = "``" if "`" in text else "`"
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def verdict(result: Result) -> str:
    if not result.findings:
        return "✅ no problems found"
    counts = [(result.count(s), str(s)) for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)]
    text = ", ".join(f"{n} {name}{'s' if n != 1 else ''}" for n, name in counts if n)
    return ("❌ " if result.failed else "⚠️ ") + text


def marker(command: str | None) -> str:
    """The hidden line a workflow looks for to update its own comment."""
    return f"<!-- envguard:{command or 'report'} -->"


def by_importance(findings: Iterable[Finding]) -> list[Finding]:
    """Errors first, then warnings, then infos; by file and line within each."""
    return sorted(findings, key=lambda f: (-f.severity, f.file or "~", f.line or 0,
                                           f.column or 0, f.rule, f.key or ""))


def position(f: Finding) -> str:
    """``:line:col`` (``:line`` where the column is not known; nothing without a line)."""
    if f.line is None:
        return ""
    return f":{f.line}:{f.column}" if f.column is not None else f":{f.line}"


def bullet(f: Finding, base: str | None = None) -> str:
    """``- ❌ `rule` `file:line:col` message — *hint*`` (the file relative to the working
    directory, as the text report shows it)."""
    from envguard.reporters.style import shown_path

    where = ""
    if f.origin:
        where = f" {code(shown_path(f.origin.source, base) + position(f))}"
    hint = f" — *{escape(f.hint)}*" if f.hint else ""
    return f"- {ICONS[f.severity].split()[0]} {code(f.rule)}{where} {escape(f.message)}{hint}"


def findings_list(findings: Iterable[Finding], base: str | None = None) -> list[str]:
    """Errors and warnings as bullets; infos in a folded ``<details>`` block."""
    ordered = by_importance(findings)
    shown = [bullet(f, base) for f in ordered if f.severity > Severity.INFO]
    infos = [bullet(f, base) for f in ordered if f.severity == Severity.INFO]
    lines = list(shown)
    if infos:
        lines += ["", *details(f"{len(infos)} info finding{'s' if len(infos) != 1 else ''}",
                               infos)]
    return lines


def details(summary: str, body: list[str]) -> list[str]:
    return [f"<details><summary>{escape(summary)}</summary>", "", *body, "", "</details>"]


def render(result: Result, color: bool = False) -> str:
    from envguard.reporters.text import scope

    lines = [f"### envguard: {verdict(result)}"]
    if result.findings:
        lines += ["", *findings_list(result.findings, result.base)]
    checked = scope(result)
    if checked:
        lines += ["", f"<sub>{escape(checked)}</sub>"]
    lines += ["", marker(result.command)]
    return "\n".join(lines)

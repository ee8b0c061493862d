"""Markdown for a pull-request comment: a one-line verdict and a table of findings.

GitHub renders the comment as HTML, so everything taken from input (messages, keys,
file names) is escaped: a ``|`` would break the table and ``<`` could inject markup.
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


def findings_table(findings: Iterable[Finding]) -> list[str]:
    lines = ["| Severity | Rule | Key | Where | Message |", "| --- | --- | --- | --- | --- |"]
    for f in findings:
        message = escape(f.message) + (f"<br>*{escape(f.hint)}*" if f.hint else "")
        lines.append(
            f"| {ICONS[f.severity]} | {code(f.rule)} | {code(f.key) if f.key else ''} | "
            f"{code(str(f.origin)) if f.origin else ''} | {message} |"
        )
    return lines


def render(result: Result, color: bool = False) -> str:
    lines = [f"### envguard: {verdict(result)}"]
    if result.findings:
        lines += ["", *findings_table(result.sorted())]
    return "\n".join(lines)

"""GitHub Actions workflow commands: one ``::error file=…,line=…::message`` per finding.

GitHub turns these into annotations on the pull request's changed lines. Property
values escape ``%``, CR, LF, ``:`` and ``,``; the message escapes ``%``, CR and LF
(the runner's own escaping rules). A plain summary line follows for the log.
"""

from __future__ import annotations

from envguard.findings import Finding, Result, Severity

_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(f: Finding) -> str:
    props = []
    if f.file:
        props.append(f"file={_prop(f.file)}")
        if f.line:
            props.append(f"line={f.line}")
            column = f.extra.get("column")
            if isinstance(column, int) and column >= 1:
                props.append(f"col={column}")
    props.append(f"title={_prop(f'envguard {f.rule}')}")
    hint = f" ({f.hint})" if f.hint else ""
    return f"::{_COMMAND[f.severity]} {','.join(props)}::{_data(f.message + hint)}"


def render(result: Result, color: bool = False) -> str:
    lines = [annotation(f) for f in result.sorted()]
    errors, warnings = result.count(Severity.ERROR), result.count(Severity.WARNING)
    lines.append(f"envguard: {errors} error(s), {warnings} warning(s), "
                 f"{result.count(Severity.INFO)} info" if result.findings
                 else "envguard: no problems found")
    return "\n".join(lines)

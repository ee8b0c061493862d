"""GitHub Actions workflow commands: one ``::error file=…,line=…,col=…::message`` per
finding (``col=`` where the finding's column is known).

GitHub turns these into annotations on the pull request's changed lines, resolving
``file=`` against the repository root, so paths are made relative to it
(:mod:`envguard.reporters.paths`). Property values escape ``%``, CR, LF, ``:`` and ``,``;
the message escapes ``%``, CR and LF (the runner's own rules, ``toCommandValue`` and
``escapeProperty`` of ``@actions/core``).

GitHub shows at most 10 annotations of each kind per step, so info findings are not
annotations unless asked (``notices=True``, ``--annotate-info``): they are counted in the
closing line, and the step summary (``$GITHUB_STEP_SUMMARY``) lists them.
"""

from __future__ import annotations

from pathlib import Path

from envguard.findings import Finding, Result, Severity
from envguard.reporters.paths import repo_path, repo_root
from envguard.reporters.style import clean, counts
from envguard.reporters.text import held_back

_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(f: Finding, root: Path | None = None, base: str | None = None) -> str:
    props = []
    if f.file:
        rel = repo_path(f.file, root or repo_root(), base)
        if rel is not None:
            props.append(f"file={_prop(rel)}")
            if f.line:
                props.append(f"line={f.line}")
                if f.column is not None and f.column >= 1:
                    props.append(f"col={f.column}")
    props.append(f"title={_prop(f'envguard {f.rule}')}")
    hint = f" ({f.hint})" if f.hint else ""
    where = "" if f.file is None or any(p.startswith("file=") for p in props) \
        else f"{f.origin}: "
    # a log renders ANSI: control characters from input are shown as escapes
    message = clean(where + f.message + hint, breaks=True)
    return f"::{_COMMAND[f.severity]} {','.join(props)}::{_data(message)}"


def render(result: Result, color: bool = False, *, notices: bool = False,
           root: Path | None = None) -> str:
    root = (root or repo_root()).resolve()
    lines = [annotation(f, root, result.base) for f in result.sorted()
             if notices or f.severity > Severity.INFO]
    infos = result.count(Severity.INFO)
    if not result.findings:
        lines.append("envguard: no problems found")
    else:
        shown = "" if notices or not infos else " (not annotated: see the step summary)"
        lines.append(f"envguard: {counts(result)}{shown}")
    below = held_back(result)
    if below:
        lines[-1] += f"; {below}"
    return "\n".join(lines)

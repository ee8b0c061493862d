"""AWS Elastic Beanstalk: ``eb printenv``.

awsebcli's ebcli/operations/envvarops.py ``print_environment_vars`` echoes the title
`` Environment Variables:``, then for each option of the
``aws:elasticbeanstalk:application:environment`` namespace ``io.echo('    ', name, '=',
value)``: five spaces, the name, `` = ``, the value verbatim (no quoting, so a multi-line
value continues on the lines that follow). A name cannot hold ``=`` (``eb setenv``
refuses it), so the first `` = `` ends the name and the rest of the line is the value, ``=``
and `` = `` included. ``utils.mask_vars`` prints ``*****`` for a name matching
``.*_CONNECTION_STRING`` and for ``AWS_ACCESS_KEY_ID`` / ``AWS_SECRET_KEY``: present,
withheld.
"""

from __future__ import annotations

import re

from envguard.errors import InputError
from envguard.findings import Severity
from envguard.sources.base import SourceRead
from envguard.sources.platforms.common import Collector
from envguard.sources.platforms.rawlines import split_lines

TITLE = "Environment Variables:"
WHAT = "`eb printenv` output"
_ENTRY = re.compile(r" {5}([^=\n]+?) =(?: (.*))?", re.S)
_MASKED = re.compile(r".*_CONNECTION_STRING")
_MASKED_NAMES = {"AWS_ACCESS_KEY_ID", "AWS_SECRET_KEY"}


def is_eb_printenv(first_line: str) -> bool:
    return first_line.strip() == TITLE


def is_masked(name: str) -> bool:
    """Whether ``eb printenv`` prints ``*****`` instead of the value (ebcli utils.mask_vars)."""
    return _MASKED.match(name) is not None or name in _MASKED_NAMES


def read_eb_printenv(text: str, source: str) -> SourceRead:
    lines = split_lines(text)
    while lines and not lines[-1].strip():
        lines.pop()  # print()'s final newline
    start = next((n for n, line in enumerate(lines) if line.strip()), None)
    if start is None or not is_eb_printenv(lines[start]):
        raise InputError(f"{source}:{(start or 0) + 1}: expected the ` {TITLE}` title line "
                         f"of {WHAT}")
    c = Collector(source, "eb-printenv", "Elastic Beanstalk")
    entries: list[tuple[str, int, list[str]]] = []
    for n, line in enumerate(lines[start + 1:], start=start + 2):
        m = _ENTRY.fullmatch(line)
        if m:
            entries.append((m.group(1), n, [m.group(2) or ""]))
        elif entries:
            entries[-1][2].append(line)  # a value printed over several lines
        elif line.strip():
            c.note("parse-error", Severity.ERROR, "not a `     NAME = value` line of "
                   f"{WHAT}", line=n)
    for name, n, parts in entries:
        if is_masked(name) and parts == ["*****"]:
            c.add(name, None, n, withheld=True)
        else:
            c.add(name, "\n".join(parts), n)
    return c.finish(WHAT)

"""``env`` / ``printenv`` output, newline- or NUL-separated (``env -0``).

Raw ``NAME=value`` lines: a newline inside a value makes the reading ambiguous, which the
raw-lines reader reports; the NUL-separated form is exact. The shell's own variables
(``PATH``, ``HOME``, ``SHLVL``...) are dropped: they are the machine's, not the app's.
"""

from __future__ import annotations

from envguard.sources.base import SourceRead
from envguard.sources.platforms.common import Collector
from envguard.sources.platforms.rawlines import read_raw_lines

SHELL_NOISE = frozenset({
    "PATH", "HOME", "PWD", "OLDPWD", "SHLVL", "_", "TERM", "SHELL", "USER", "LOGNAME",
    "HOSTNAME", "LANG", "LANGUAGE", "MAIL", "COLORTERM", "TMPDIR", "EDITOR", "PAGER", "LESS",
    "LS_COLORS", "DISPLAY", "PS1", "HISTFILE", "HISTSIZE", "HISTCONTROL", "TZ",
})
SHELL_PREFIXES = ("LC_", "XDG_", "SSH_", "TERM_", "DBUS_")


def read_printenv(text: str, source: str) -> SourceRead:
    c = Collector(source, "printenv", "the shell")
    if "\0" in text:
        line = 1
        for entry in text.split("\0"):
            key, eq, value = entry.partition("=")
            if entry and key not in SHELL_NOISE and not key.startswith(SHELL_PREFIXES):
                c.add(key, value if eq else None, line)
            line += entry.count("\n")
        return c.finish("environment listing")
    return read_raw_lines(text, c, skip=SHELL_NOISE, skip_prefixes=SHELL_PREFIXES)

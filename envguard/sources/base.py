"""What every source shares: reading bytes safely, decoding them, and the result shape.

Every reader gets its input through ``read_input`` and ``decode``, so a missing file, a
directory, an oversized file, standard input at a terminal, a UTF-16 export from
PowerShell and invalid UTF-8 are handled, and worded, the same way for all formats.
"""

from __future__ import annotations

import re
import stat
import sys
from dataclasses import dataclass, field
from pathlib import Path

from envguard.errors import InputError
from envguard.findings import Finding, Severity
from envguard.model import EnvSet, EnvVar, Origin
from envguard.secrecy import shown_path

MAX_BYTES = 64 * 1024 * 1024
STDIN = "<stdin>"

_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)

#: ``KEY=value`` with nothing any .env reader treats specially (no quote, blank, ``#``,
#: ``$``, backslash, tilde or CR): python-dotenv's parser and the shells read it as exactly
#: this key and value, so both take it without their character-by-character walk (a
#: 10,000-variable file is mostly such lines).
PLAIN_LINE = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)=([A-Za-z0-9_./:@+,%-]*)(?:\n|\Z)")


@dataclass(frozen=True)
class Statement:
    """One ``KEY=value`` statement of a .env file as written: ``text`` is its source text
    (from the key to the end of the value), kept so lint rules can judge what the reader
    already turned into a value."""

    key: str
    value: str | None
    text: str
    origin: Origin


@dataclass
class SourceRead:
    """One source's definitions (in its own order) and the findings its reading produced.

    ``format`` names the reader that was used (``dotenv``, ``vercel``, ``railway-json``...),
    so ``--verbose`` can say what auto-detection chose.
    """

    source: str
    vars: list[EnvVar] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    format: str = "dotenv"
    statements: list[Statement] = field(default_factory=list)
    # a .env file's text as read (BOM and line ends kept), for the portability lint,
    # which works out what other loaders read from it; None for other formats
    text: str | None = None
    # keys a file defines for a tool, not for the application (sops' ``sops_*`` lines):
    # not variables, so the portability lint does not compare how loaders read them either
    metadata_keys: frozenset[str] = frozenset()

    @property
    def envset(self) -> EnvSet:
        """The definitions as an :class:`~envguard.model.EnvSet` (every one kept, in order)."""
        return EnvSet(self.vars)


def read_input(path: str | Path, what: str = "env file") -> tuple[str, bytes]:
    """``(name to show, bytes)`` of a file, or of standard input for ``-``."""
    if str(path) == "-":
        if sys.stdin is None or sys.stdin.isatty():
            raise InputError("-: standard input is a terminal; pipe an export in, e.g. "
                             "`railway variables --json | envguard check - ...`")
        data = sys.stdin.buffer.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            raise InputError(f"{STDIN}: over the {MAX_BYTES} byte limit")
        return STDIN, data
    path = Path(path)
    shown = shown_path(str(path))
    try:
        mode = path.stat().st_mode
        if stat.S_ISDIR(mode):
            raise InputError(f"{shown}: is a directory, not an {what}")
        if not (stat.S_ISREG(mode) or stat.S_ISFIFO(mode)):  # /dev/zero never ends
            raise InputError(f"{shown}: not a regular file or a pipe, so not an {what}")
        with path.open("rb") as handle:  # bounded: the size of a pipe is not known
            data = handle.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            raise InputError(f"{shown}: over the {MAX_BYTES} byte limit")
        return shown, data
    except FileNotFoundError:
        raise InputError(f"{shown}: no such file") from None
    except OSError as exc:
        raise InputError(f"{shown}: cannot read: {exc.strerror or exc}") from None


def decode(data: bytes, source: str) -> tuple[str, list[Finding]]:
    """Bytes to text: honour a BOM (PowerShell's ``>`` writes UTF-16 with one), else UTF-8.

    Invalid UTF-8 is read with U+FFFD and reported per line rather than refused;
    undecodable UTF-16/32 is unusable input.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(encoding), []
            except UnicodeDecodeError as exc:
                line = data[: exc.start].decode(encoding, "replace").count("\n") + 1
                raise InputError(
                    f"{source}:{line}: not valid {encoding.upper()} text after its byte order mark"
                ) from None
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    findings = []
    for n, raw in enumerate(data.split(b"\n"), start=1):
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            findings.append(Finding(
                "invalid-utf8", Severity.ERROR,
                f"invalid UTF-8 at byte {exc.start} of the line; the bad bytes read as U+FFFD",
                origin=Origin(source, n), hint="re-save the file as UTF-8",
            ))
    return data.decode("utf-8", "replace"), findings


#: A value a reader could read but will not judge, and what it is (``dotenvx``, ``sops``,
#: ``1Password``, ``AWS SecureString``): ``(key, kind)``.
Sealed = tuple[str, str]
#: The kinds whose ciphertext was left by mistake (not how the tool is meant to be used).
_UNDECRYPTED = {"AWS SecureString": "re-run with --with-decryption"}


def sealed_finding(source: str, sealed: list[Sealed]) -> Finding | None:
    """The one ``encrypted-value`` finding of a source: how many values are ciphertext or
    secret references, and which keys (up to 5). Never a value: it would be the ciphertext,
    which is no use to a reader of the report and a target for offline attack.

    Committed ciphertext (dotenvx, sops) and references (1Password) are how those tools are
    meant to be used: info. An export that forgot to decrypt is a warning, with its fix."""
    if not sealed:
        return None
    keys = list(dict.fromkeys(key for key, _ in sealed))
    kinds = list(dict.fromkeys(kind for _, kind in sealed))
    shown = ", ".join(keys[:5]) + (f" and {len(keys) - 5} more" if len(keys) > 5 else "")
    fixes = [_UNDECRYPTED[k] for k in kinds if k in _UNDECRYPTED]
    return Finding(
        "encrypted-value", Severity.WARNING if fixes else Severity.INFO,
        f"{len(keys)} value(s) are encrypted or secret references ({', '.join(kinds)}): "
        f"{shown}; they are counted as present, their values were not checked",
        origin=Origin(source),
        hint=fixes[0] if fixes else "check the decrypted values where they are decrypted, "
             "e.g. `dotenvx run -- envguard check` or `sops exec-env FILE 'envguard check'`",
    )

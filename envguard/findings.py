"""Findings and the result they add up to. The exit code is derived here and nowhere else."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from envguard.errors import EnvguardError
from envguard.model import Origin
from envguard.secrecy import sha256


class Severity(enum.IntEnum):
    INFO = 0
    WARNING = 1
    ERROR = 2

    @classmethod
    def parse(cls, text: str) -> Severity:
        try:
            return cls[text.strip().upper()]
        except KeyError:
            raise ValueError(
                f"unknown severity {text!r}: use error, warning or info"
            ) from None

    def __str__(self) -> str:
        return self.name.lower()


#: How sure a scan is that a finding is a real credential, strongest first. Scan findings
#: carry one as ``extra["confidence"]`` (SARIF: ``properties.precision``); what each level
#: means is in :mod:`envguard.secrets.heuristics`.
CONFIDENCES = ("high", "medium", "low")


def meets_confidence(finding: Finding, minimum: str) -> bool:
    """``finding``'s confidence is ``minimum`` or stronger; a finding without one (a lint,
    a file that was not scanned) is never held back by a confidence threshold."""
    level = finding.extra.get("confidence")
    if level not in CONFIDENCES:
        return True
    return CONFIDENCES.index(str(level)) <= CONFIDENCES.index(minimum)


@dataclass(frozen=True)
class Finding:
    """One problem. ``message`` and ``hint`` must be built from redacted displays only.

    ``extra`` carries rule-specific, non-secret facts (provider, mode, environment) that
    machine-readable reports pass through.
    """

    rule: str
    severity: Severity
    message: str
    key: str | None = None
    origin: Origin | None = None
    hint: str | None = None
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def file(self) -> str | None:
        return self.origin.file if self.origin else None

    @property
    def line(self) -> int | None:
        return self.origin.line if self.origin else None

    @property
    def column(self) -> int | None:
        """1-based, in characters; never part of :attr:`fingerprint` (a re-indented line is
        the same finding)."""
        return self.origin.column if self.origin else None

    @property
    def fingerprint(self) -> str:
        """Stable across runs for the same rule, place and key (and commit, in history
        scans, where one line can recur in many commits); never derived from a value."""
        return self.fingerprint_at(self.file)

    def fingerprint_at(self, path: str | None) -> str:
        """:attr:`fingerprint` with the file named by ``path`` (a report's own spelling of
        it, such as SARIF's repository-relative one)."""
        raw = f"{path or ''}:{self.rule}:{self.line or 0}:{self.key or ''}"
        if self.extra.get("commit"):
            raw += f":{self.extra['commit']}"
        return sha256(raw.encode()).hexdigest()[:16]

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "rule": self.rule,
            "severity": str(self.severity),
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "key": self.key,
            "message": self.message,
            "hint": self.hint,
            "source": self.origin.shown(column=False) if self.origin else None,
            "fingerprint": self.fingerprint,
        }
        data.update(self.extra)
        return data


@dataclass
class Result:
    """What a command found, plus what it looked at (for summaries)."""

    findings: list[Finding] = field(default_factory=list)
    fail_on: Severity = Severity.ERROR
    checked: dict[str, Any] = field(default_factory=dict)
    #: The folder relative file paths of findings are relative to (None: the working
    #: directory); git-based scans set the git root, as git prints paths from there.
    base: str | None = None
    #: Seconds the work took, for the text summary (not part of the JSON summary).
    elapsed: float | None = None
    #: The command that made it (``check``, ``scan``...), for the Markdown comment marker.
    command: str | None = None

    def extend(self, findings: Iterable[Finding]) -> None:
        self.findings.extend(findings)

    def __iter__(self) -> Iterator[Finding]:
        return iter(self.sorted())

    def sorted(self) -> list[Finding]:
        return sorted(
            self.findings,
            key=lambda f: (f.file or "~", f.line or 0, -f.severity, f.column or 0, f.rule,
                           f.key or ""),
        )

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    @property
    def failed(self) -> bool:
        return any(f.severity >= self.fail_on for f in self.findings)

    @property
    def exit_code(self) -> int:
        return 1 if self.failed else 0

    def summary(self) -> dict[str, Any]:
        return {
            "errors": self.count(Severity.ERROR),
            "warnings": self.count(Severity.WARNING),
            "infos": self.count(Severity.INFO),
            "total": len(self.findings),
            "failed": self.failed,
            "fail_on": str(self.fail_on),
            **self.checked,
        }


class EnvError(EnvguardError):
    """Raised by :func:`envguard.load`: every problem at once, each with key, origin and hint."""

    def __init__(self, findings: Sequence[Finding]) -> None:
        self.findings = list(findings)
        super().__init__(self._render())

    def _render(self) -> str:
        lines = [f"environment is invalid ({len(self.findings)} problem(s)):"]
        for f in self.findings:
            where = f" [{f.origin}]" if f.origin else ""
            hint = f" ({f.hint})" if f.hint else ""
            lines.append(f"  - {f.key or '-'}: {f.message}{where}{hint}")
        return "\n".join(lines)


class EnvWarning(UserWarning):
    """Issued by :func:`envguard.load` for a finding that does not stop the start but
    should not go unseen (a secret credential in a variable the schema calls plain): the
    same finding ``envguard check`` reports, on :attr:`finding`."""

    def __init__(self, finding: Finding) -> None:
        self.finding = finding
        super().__init__(f"{finding.rule}: {finding.message}")

"""``envguard scan``: find secrets in staged changes, a diff, commits, or files.

Sources (one of): ``--staged``, ``--diff FILE|-``, ``--rev-range A..B``, ``--history``,
or ``PATH...`` (default ``.``; .gitignore is respected inside a repository). Only added
lines of a diff are judged. Exit 0 clean, 1 findings at or above ``--fail-on``, 2 bad
input. Settings in ``[tool.envguard.scan]``: ``exclude`` (globs), ``baseline`` (path),
``test_key_severity``, ``plugins`` (detect-secrets breadth, default true),
``min_confidence``.

``--min-confidence`` (default ``medium``) works like a filter in gitleaks or trufflehog:
a finding below it is not reported in any format, does not count towards the exit code
and is not written to a baseline; the summary counts how many were held back
(``below_min_confidence``), so a quiet run still says something was seen. ``low`` shows
(and fails on) everything. The exit code is always derived from what the report shows.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from envguard.commands.common import (
    Usage,
    add_command,
    add_list_rules_option,
    add_output_options,
    emit,
    fail_on,
    list_rules,
    load_config,
    severity_overrides,
)
from envguard.config import Config, ScanConfig
from envguard.errors import InputError
from envguard.findings import CONFIDENCES, Finding, Result, Severity, meets_confidence

# Imports inside functions are deliberate: each command imports its work when it runs, so `--help`
# and the hooks pay only for the command they use.

DEFAULT_BASELINE = ".envguard-baseline.json"
# Below this many commits a history or range scan stays in one process whatever --jobs
# says. A worker's start (an interpreter, envguard's imports, detect-secrets' plugins)
# costs about 0.4 s of CPU, and one process scans some 4,000 commits of a history like
# flask's a second (1,000 in 0.25 s): the workers of a pull request's range would only
# be ready after it is done, having taken a core from it meanwhile.
MIN_PARALLEL_COMMITS = 1000


USAGE = Usage(
    notes="Each finding has a confidence: high (an exact provider format), medium (a "
          "provider prefix in a new shape, or a heuristic hit with a specific name, a "
          "random-looking value and a non-test path) or low (weaker evidence). Findings "
          "below --min-confidence (default: medium) are left out of every report and of "
          "the exit code; the summary counts them. "
          "Inline `envguard: allow` (or `pragma: allowlist secret`) on a line accepts it; "
          "--update-baseline records current findings as salted hashes in "
          f"{DEFAULT_BASELINE}, which the next scan reads. `envguard scan --list-rules` "
          "shows every rule id.",
    examples=(
        ("envguard scan --staged", "what is about to be committed (the pre-commit hook)"),
        ("envguard scan --rev-range origin/main..HEAD --format sarif -o scan.sarif",
         "the commits of a pull request, as SARIF for code scanning"),
        ("envguard scan src config --exclude '*.min.js' --min-confidence low",
         "files and folders, skipping some; low-confidence guesses reported (and failing) "
         "too"),
    ),
    exits=("0 clean, or only findings below --fail-on or --min-confidence",
           "1 findings at or above --fail-on (default: error) and --min-confidence "
           "(default: medium)",
           "2 usage or input error"),
    config="fail_on, severity and [tool.envguard.scan] (exclude, baseline, "
           "test_key_severity, plugins, min_confidence)",
)


def register(sub: Any) -> None:
    parser = add_command(
        sub, "scan", USAGE, help="find leaked secrets in staged changes, diffs, commits or files",
        description="Find credentials in what a change adds: staged changes, a unified "
                    "diff, a range of commits, the whole history, or files. Provider "
                    "rules come from the same provider schemas validation uses.",
    )
    parser.add_argument("paths", nargs="*", metavar="PATH",
                        help="files or folders to scan (default: .); with --staged, only "
                             "the staged changes of these paths")
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--staged", action="store_true", help="scan what is staged for commit")
    source.add_argument("--diff", metavar="FILE", help="scan a unified diff (- for stdin)")
    source.add_argument("--rev-range", metavar="RANGE",
                        help="scan the commits of a range, e.g. main..HEAD")
    source.add_argument("--history", action="store_true",
                        help="scan every commit reachable from any ref")
    parser.add_argument("--jobs", type=_jobs, metavar="N",
                        help="with --history or --rev-range: scan in N processes, each "
                             "fed by its own git log (default: half the cores, at least "
                             f"1; ranges of fewer than {MIN_PARALLEL_COMMITS} commits use "
                             "one); the report is the same as with --jobs 1")
    parser.add_argument("--baseline", metavar="FILE",
                        help=f"accept findings recorded in FILE (default from config; "
                             f"--update-baseline writes {DEFAULT_BASELINE})")
    parser.add_argument("--update-baseline", action="store_true",
                        help="record current findings in the baseline and exit 0")
    parser.add_argument("--exclude", action="append", default=[], metavar="GLOB",
                        help="skip paths matching GLOB (repeatable; adds to config)")
    parser.add_argument("--test-key-severity", choices=("error", "warning", "info"),
                        help="severity of test-mode keys (default: warning)")
    parser.add_argument("--min-confidence", choices=CONFIDENCES[::-1],
                        help="report (and fail on) only findings of this confidence or "
                             "higher (default: medium, or [tool.envguard.scan] "
                             "min_confidence); the rest are only counted in the summary")
    parser.add_argument("--no-plugins", action="store_true",
                        help="do not use detect-secrets plugins for extra credential kinds")
    add_list_rules_option(parser)
    add_output_options(parser, ("text", "json", "sarif", "github", "markdown"))
    parser.set_defaults(func=run)


def _jobs(text: str) -> int:
    from envguard.numbers import is_integer

    if not is_integer(text.strip()) or int(text) < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of processes, 1 or more "
                                         f"(got {text!r})")
    return int(text)


def run(args: argparse.Namespace) -> int:
    from envguard.overrides import apply_overrides
    from envguard.secrets import Scanner, ScanOptions

    if args.list_rules:
        return list_rules("scan", args)
    config = load_config()
    settings = config.scan
    overrides = severity_overrides(config)
    modes = [m for m in ("staged", "diff", "rev_range", "history") if getattr(args, m)]
    if args.paths and modes and modes != ["staged"]:
        raise InputError("PATH arguments cannot be combined with --diff, --rev-range or "
                         "--history (with --staged they limit the scan to those paths)")
    mode = modes[0] if modes else "paths"
    baseline_path = _baseline_path(args, settings, config)
    severity = Severity.parse(args.test_key_severity or settings.test_key_severity)
    exclude = (*settings.exclude, *args.exclude)
    env_files = True
    if mode == "paths":
        from envguard.sources.files import in_work_tree

        args.paths = args.paths or ["."]
        env_files = in_work_tree(args.paths[0])
    options = ScanOptions(
        test_key_severity=severity, exclude=exclude,
        plugins=settings.plugins and not args.no_plugins,
        verb="found" if mode == "paths" else "added", env_files=env_files,
    )
    scanner = Scanner(options=options)
    started = time.monotonic()
    progress = _Progress() if mode in ("history", "rev_range") else None
    # overrides first: a rule turned off is neither reported nor recorded in a baseline
    skipped: list[Finding] = []
    parallel = _parallel(args, mode, progress, options, baseline_path, config)
    if parallel is not None:
        scanned, files, lines = parallel.detections, parallel.files, parallel.lines
    else:
        patches = _patches(args, mode, progress, skipped)
        if baseline_path is not None:  # the baseline itself, not every file of its name
            from envguard.secrets.parallel import without

            patches = without(patches, baseline_path, config.root)
        scanned = list(scanner.scan(patches))
        files, lines = scanner.stats.files, scanner.stats.lines
    detections = [replace(d, finding=f) for d in scanned
                  for f in apply_overrides([d.finding], overrides)]
    if progress:
        progress.close()
    minimum = args.min_confidence or settings.min_confidence
    shown = [d for d in detections if meets_confidence(d.finding, minimum)]
    result = Result(fail_on=fail_on(args, config), checked={
        "scanned": mode, "files": files, "lines": lines,
        "min_confidence": minimum, "below_min_confidence": len(detections) - len(shown),
    }, elapsed=time.monotonic() - started)
    detections = shown
    if progress and progress.commits:
        result.checked["commits"] = progress.commits
    if mode != "paths":  # git prints paths from the top of the work tree (diffs too)
        from envguard.reporters.paths import repo_root

        result.base = str(repo_root())
    if mode == "staged":
        detections = [replace(d, finding=_unstage_hint(d.finding, result.base))
                      for d in detections]
    if baseline_path is not None:
        detections = _apply_baseline(args, baseline_path, detections, result)
        if args.update_baseline and args.format == "text" and not args.output:
            return 0  # _apply_baseline said what it wrote; there is no report to print
    result.extend(d.finding for d in detections)
    if skipped:
        result.checked["not_scanned"] = len(skipped)
        result.extend(apply_overrides(skipped, overrides))
    return emit(result, args)


def _unstage_hint(finding: Any, root: str | None) -> Any:
    """A staged secret is not committed yet: say how to take it out of the index (the
    "rotate it" hint is for what a commit already holds). Test-mode hints stay."""
    import os
    import shlex

    if not finding.file or not (finding.hint or "").startswith("rotate it"):
        return finding
    where = os.path.relpath(Path(root or ".") / finding.file)
    hint = (f"not committed yet: unstage it with `git restore --staged {shlex.quote(where)}` "
            "and move the value out of the file (rotate it if it was ever pushed); not a "
            "secret? mark the line `envguard: allow` or use --baseline")
    return replace(finding, hint=hint)


def _baseline_path(args: argparse.Namespace, settings: ScanConfig,
                   config: Config) -> Path | None:
    """``--baseline``, else the config's, else :data:`DEFAULT_BASELINE` at the project's
    root (the config's folder, else the git root) when it exists or is being written:
    what ``--update-baseline`` writes, the next scan reads."""
    if args.baseline:
        return Path(args.baseline)
    if settings.baseline:
        return (config.root or Path.cwd()) / settings.baseline
    from envguard.reporters.paths import repo_root

    default = (config.root or repo_root()) / DEFAULT_BASELINE
    return default if args.update_baseline or default.is_file() else None


def _apply_baseline(args: argparse.Namespace, path: Path, detections: list[Any],
                    result: Result) -> list[Any]:
    from envguard.secrets.baseline import Baseline

    explicit = bool(args.baseline) and not args.update_baseline
    baseline = Baseline.load(path, missing_ok=not explicit)
    entries = [baseline.entry(d.finding.file, d.finding.rule, d.digest) for d in detections]
    if args.update_baseline:
        added = baseline.add(entries)
        baseline.save()
        shown = _shown(path)
        text_report = args.format == "text" and not args.output
        print(f"envguard: {shown}: {added} new entr{'y' if added == 1 else 'ies'}, "
              f"{len(baseline.entries)} in total", file=sys.stderr)
        if text_report:
            print(f"envguard: wrote {shown}: recorded {len(detections)} finding(s) "
                  f"({added} new, {len(baseline.entries)} in total); the next scan "
                  f"accepts them")
        result.checked["baselined"] = len(detections)
        return []
    kept = [d for d, e in zip(detections, entries, strict=True) if e not in baseline]
    result.checked["baselined"] = len(detections) - len(kept)
    return kept


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _patches(args: argparse.Namespace, mode: str, progress: _Progress | None,
             skipped: list[Finding]) -> Iterator[Any]:
    from envguard.sources import gitrun

    if mode == "staged":
        return gitrun.staged_patches(paths=args.paths)
    if mode == "diff":
        return _diff_file(args.diff)
    if mode in ("history", "rev_range"):
        rev = None if mode == "history" else args.rev_range
        if progress is not None and progress.total is None:
            progress.total = gitrun.count_commits(rev)
        return gitrun.log_patches(rev, on_commit=progress.tick if progress else None)
    return _file_patches(args.paths, skipped)


def _parallel(args: argparse.Namespace, mode: str, progress: _Progress | None,
              options: Any, baseline: Path | None, config: Config) -> Any:
    """A history or range scan in several processes, or None when one is better (``--jobs
    1``, fewer commits than :data:`MIN_PARALLEL_COMMITS`, another mode)."""
    if mode not in ("history", "rev_range") or args.jobs == 1:
        return None
    from envguard.secrets import parallel
    from envguard.sources import gitrun

    rev = None if mode == "history" else args.rev_range
    total = gitrun.count_commits(rev)
    if progress is not None:
        progress.total = total
    workers = parallel.workers_for(args.jobs or parallel.default_jobs(), total,
                                   MIN_PARALLEL_COMMITS)
    if workers == 1 or total is None:
        return None
    root = gitrun.log_root(rev)
    found = parallel.scan_parallel(rev, root, total, workers, options, baseline,
                                   config.root, progress.show if progress else None)
    if progress is not None:
        progress.commits = found.commits
    return found


def _diff_file(name: str) -> Iterator[Any]:
    from envguard.sources.gitdiff import parse_diff, read_lines

    if name == "-":
        yield from parse_diff(read_lines(sys.stdin.buffer), "<stdin>")
        return
    try:
        fh = open(name, "rb")  # noqa: SIM115 - closed below, after the lazy parse
    except OSError as exc:
        raise InputError(f"{name}: cannot read diff: {exc.strerror}") from None
    with fh:
        yield from parse_diff(read_lines(fh), name)


def _file_patches(paths: Iterable[str], skipped: list[Finding]) -> Iterator[Any]:
    """Each file's patch; a file that is not scanned becomes a ``file-not-scanned``
    finding in ``skipped`` (never a silent "no problems found")."""
    from envguard.model import Origin
    from envguard.secrets.engine import printable_path
    from envguard.sources.files import file_patch_or_skip, iter_files

    for path in iter_files(list(paths)):
        patch = file_patch_or_skip(path)
        if isinstance(patch, str):
            binary = patch.startswith("binary")
            skipped.append(Finding(
                "file-not-scanned", Severity.INFO if binary else Severity.WARNING,
                f"not scanned: {patch}", origin=Origin(printable_path(path)),
                hint="exclude it (--exclude or [tool.envguard.scan] exclude) if it holds no "
                     "text, or split it"))
            continue
        yield patch


class _Progress:
    """Commits done out of the total, redrawn at most ten times a second on a TTY."""

    def __init__(self) -> None:
        self.enabled = sys.stderr.isatty()
        self.total: int | None = None
        self.commits = 0
        self._drawn = 0.0

    def tick(self, _sha: str) -> None:
        self.show(self.commits + 1)

    def show(self, commits: int) -> None:
        self.commits = commits
        now = time.monotonic()
        if self.enabled and now - self._drawn > 0.1:
            self._drawn = now
            total = self.total or 0
            done = min(self.commits / total, 1.0) if total else 0.0
            bar = "#" * int(done * 30)
            sys.stderr.write(f"\rscanning [{bar:<30}] {self.commits}/{total or '?'} commits")
            sys.stderr.flush()

    def close(self) -> None:
        if self.enabled and self._drawn:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()


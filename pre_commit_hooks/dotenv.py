"""envguard-dotenv: lint staged env files and validate them against the configured stack.

Each file is checked on its own. Without a configured stack or schema only the reading
findings (parse errors, duplicates, portability...) are reported. Templates
(``.env.example``) are checked as development files, where placeholders are expected.

Options are read only before the first argument that names an existing file or is
``--`` (see ``_argv.py``): a staged file is never taken for an option.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from envguard.config import find_config
from envguard.envfiles import environment_from_name, is_template
from envguard.findings import Result, Severity

from ._argv import split_hook_argv
from ._failclosed import fail_closed

HOOK = "envguard-dotenv"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog=HOOK, description=__doc__)
    parser.add_argument("--stack", help="built-in stack (default: [tool.envguard] stack)")
    parser.add_argument("--schema", help="schema TOML (default: [tool.envguard] schema)")
    parser.add_argument("--fail-on", default=None, choices=("error", "warning", "info"))
    given = list(sys.argv[1:] if argv is None else argv)

    def body() -> int:
        options, filenames = split_hook_argv(given, parser)
        return _run(parser.parse_args(options), filenames)

    return fail_closed(HOOK, body)


def _run(args: argparse.Namespace, filenames: list[str]) -> int:
    from envguard.catalog import parse_overrides
    from envguard.overrides import apply_overrides
    from envguard.reporters.text import render
    from envguard.schema.loader import builtin_catalog, load_schema
    from envguard.validate import check_files, layer_files

    config = find_config()
    overrides = parse_overrides(config.severity, lambda rule: config.where("severity", rule))
    ref = args.stack or args.schema or config.schema_ref()
    schema = load_schema(ref) if ref else None
    result = Result(fail_on=Severity.parse(args.fail_on or config.fail_on))
    for path in filenames:
        if schema is None:
            result.extend(layer_files([path])[1])
            continue
        env = environment_from_name(path, schema.environments) or config.env
        if is_template(path):
            env = "development"  # placeholders expected, empty values fine
        result.extend(check_files([path], schema, env, catalog=builtin_catalog()).findings)
    result.findings = apply_overrides(result.findings, overrides)
    if result.findings:
        print(render(result, False), file=sys.stderr)
    return result.exit_code


if __name__ == "__main__":
    raise SystemExit(main())

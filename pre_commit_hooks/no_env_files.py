"""envguard-no-env-files: block committing real .env files; templates are allowed.

So is a file encrypted with dotenvx or sops (or holding only 1Password ``op://``
references) whose every value is encrypted: that is how those tools are meant to be used.
One plain value in it blocks the commit, naming its key.

``--allow GLOB`` is read only before the first argument that names an existing file or
is ``--`` (see ``_argv.py``): a staged file named ``--allow=*.env`` is a file name.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from envguard.config import find_config
from envguard.envfiles import forbidden_env_files
from envguard.secrecy import shown_path
from envguard.sources.dotenv import plain_values

from ._argv import split_hook_argv
from ._failclosed import fail_closed

HOOK = "envguard-no-env-files"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog=HOOK, description=__doc__)
    parser.add_argument("--allow", action="append", default=[],
                        help="glob of env files that may be committed (repeatable)")
    given = list(sys.argv[1:] if argv is None else argv)

    def body() -> int:
        options, filenames = split_hook_argv(given, parser)
        args = parser.parse_args(options)
        allowed = [*args.allow, *find_config().hooks.allow_env_files]
        blocked = []
        for path in forbidden_env_files(filenames, allowed):
            plain = plain_values(path)
            if plain == []:
                continue  # every value encrypted (dotenvx, sops) or a 1Password reference
            blocked.append(path)
            if plain:
                more = f" and {len(plain) - 1} more" if len(plain) > 1 else ""
                print(f"{shown_path(path)}: encrypted env file with a plain value staged for "
                      f"commit ({plain[0]}{more}); encrypt it (dotenvx set / sops) or move it "
                      "out of this file", file=sys.stderr)
            else:
                print(f"{shown_path(path)}: real env file staged for commit; commit a template "
                      "(.env.example) instead and keep this one out of git (.gitignore)",
                      file=sys.stderr)
        return 1 if blocked else 0

    return fail_closed(HOOK, body)


if __name__ == "__main__":
    raise SystemExit(main())

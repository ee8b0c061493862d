"""Extract 30 real ``.env.example`` templates of open-source SaaS apps into test fixtures.

Why: envguard's placeholder filters must hold on templates other people wrote, not only
on the ones its own tests invent (issue 11: real templates drew 15 warnings where at
most 3 are real). Each template is read from a local git snapshot of its repository at
a pinned commit (``git --git-dir DIR show COMMIT:PATH``) and written unchanged to
``tests/fixtures/env-examples/OWNER__NAME.env.example``, with ``PROVENANCE.md`` naming
repository, commit, path and licence of each.

The held-out split is fixed by rule, not by looking at results: the 10 repositories
whose ``sha256("owner/name")`` sorts first are held out (decided before any tuning; the
corpus test reports them separately and tuning looks only at the development 20).

Usage: ``python benchmarks/extract_env_examples.py [--mirrors DIR] [--out DIR]``;
``DIR/OWNER+NAME/repo`` is a bare git directory of each repository (what the sandbox's
fetch tool produces).
"""

from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys
from pathlib import Path

#: (repository, commit, path in it, licence of the repository as its LICENSE file says)
SOURCES: tuple[tuple[str, str, str, str], ...] = (
    ("documenso/documenso", "75330166cc00b29c14399bc2e391e4b4d8080c00", ".env.example",
     "AGPL-3.0"),
    ("dubinc/dub", "1de955f782a72e1eff7b201ae54a909d5ceb5722", "apps/web/.env.example",
     "AGPL-3.0 (ee/ directories: commercial)"),
    ("makeplane/plane", "4ca6d6c7b807ad09bb571af2c43e85bf47c3ec6b", "apps/api/.env.example",
     "AGPL-3.0"),
    ("formbricks/formbricks", "b66c1dd978af618a0e402bd3343b456bed68594c", ".env.example",
     "AGPL-3.0 (ee/ and some packages: other licences)"),
    ("vercel/commerce", "5542649d5b4700e80d2da9b40279af50bf451a75", ".env.example", "MIT"),
    ("t3-oss/create-t3-app", "c74237d63769b0d66d6e73141d107328ed512fd6", "www/.env.example",
     "MIT"),
    ("hoppscotch/hoppscotch", "afc2cf181c16e56647b099e5d18cfe55710c6cdd", ".env.example",
     "MIT"),
    ("outline/outline", "d77dcdf853868c5d5fe125c895c9b71f0eff5c68", ".env.sample",
     "BUSL-1.1"),
    ("langfuse/langfuse", "62751446149b702b419a9292ddfc2280cdf74b8c", ".env.prod.example",
     "MIT (ee/ directories: commercial)"),
    ("getsentry/self-hosted", "89a143f8e4d396a858cf6f462a832ae7da9fd2db", ".env",
     "FSL-1.1-Apache-2.0"),
    ("payloadcms/payload", "db7543c2121f0b672e33436447122b5e09ea4f2b", ".env.example", "MIT"),
    ("medusajs/medusa", "59e6747800133e091d20c2c167f600981abc5c0d",
     "www/apps/book/.env.sample", "MIT"),
    ("triggerdotdev/trigger.dev", "b082e44389337dc6505d590737a6df70867cc8f4", ".env.example",
     "Apache-2.0"),
    ("vercel/ai-chatbot", "9d5d8a3ea7968522a37ab1cc145a6c0ef8a9dd2e", ".env.example",
     "Apache-2.0"),
    ("shadcn-ui/taxonomy", "651f984e52edd65d40ccd55e299c1baeea3ff017", ".env.example", "MIT"),
    ("lukevella/rallly", "c629b3148024e40a115a731d3660d725c9329b0e", "apps/web/.env.sample",
     "AGPL-3.0"),
    ("mfts/papermark", "7ff2e657ed09b56f0afcc863a5db52d0debd2e6a", ".env.example",
     "AGPL-3.0 (ee/ directories: commercial)"),
    ("unkeyed/unkey", "fc99b6b925b9f455886832261883f4086eb64d3d",
     "web/apps/dashboard/.env.example", "AGPL-3.0 (packages/: other licence)"),
    ("elie222/inbox-zero", "4f70dcefc55c65f2664ec27a19e118003138fb5f", "apps/web/.env.example",
     "AGPL-3.0"),
    ("novuhq/novu", "74a2e9a6a295cd5a17aa9806914b4574fecce737", "apps/api/src/.example.env",
     "MIT"),
    ("openstatusHQ/openstatus", "22df52eb0dbdafbad2c3fa41269f7a3a3cbf044b",
     ".env.docker.example", "AGPL-3.0"),
    ("getlago/lago", "f2e202a28add7ffd6f1c404d11b9acb109dbe7df", ".env.development.default",
     "AGPL-3.0"),
    ("steven-tey/novel", "fa95098e66476c466faebb8211baa5869c101a9c", "apps/web/.env.example",
     "Apache-2.0"),
    ("midday-ai/midday", "47d252aab7e3ab28a0027376cfdd6ee83d2e5ccf",
     "apps/dashboard/.env-example", "AGPL-3.0"),
    ("keephq/keep", "af93f550b6498089d5e93b6dd426fc2a49498464", "keep-ui/.env.local.example",
     "MIT (ee/ directory: commercial)"),
    ("nextauthjs/next-auth-example", "39ff2b7a375c240a4741866b3818d80fc8edaa5c",
     ".env.local.example", "ISC"),
    ("vercel/nextjs-subscription-payments", "bdd0813206e47e6b218d42f15a7976c8a0d3c3eb",
     ".env.local.example", "MIT"),
    ("boxyhq/saas-starter-kit", "abc9b686823cbfb4973c79bc36fea37a3244be6c", ".env.example",
     "Apache-2.0"),
    ("nextjs/saas-starter", "e0dc5d40ce26c01672557912b533d25e32957ad4", ".env.example", "MIT"),
    ("saasfly/saasfly", "8bd3fb5684b9fb22b4ebdf2cb4ae421c50a79cee", ".env.example", "MIT"),
)
HELD_OUT_COUNT = 10


def fixture_name(repo: str) -> str:
    """``owner/name`` -> ``owner__name.env.example``: a template by envguard's own reading."""
    return repo.replace("/", "__") + ".env.example"


def held_out() -> frozenset[str]:
    """The 10 repositories whose sha256 of ``owner/name`` sorts first."""
    ranked = sorted(SOURCES, key=lambda s: hashlib.sha256(s[0].encode()).hexdigest())
    return frozenset(s[0] for s in ranked[:HELD_OUT_COUNT])


def main(argv: list[str] | None = None) -> int:
    here = Path(__file__).resolve().parent.parent
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--mirrors", default="/work/.mirror", type=Path)
    parser.add_argument("--out", default=here / "tests/fixtures/env-examples", type=Path)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    hold = held_out()
    rows = []
    for repo, commit, path, licence in SOURCES:
        git_dir = args.mirrors / repo.replace("/", "+") / "repo"
        data = subprocess.run(["git", "--git-dir", str(git_dir), "show", f"{commit}:{path}"],
                              check=True, capture_output=True).stdout
        (args.out / fixture_name(repo)).write_bytes(data)
        split = "held-out" if repo in hold else "dev"
        rows.append(f"| `{fixture_name(repo)}` | {repo} | `{commit}` | `{path}` | {licence} "
                    f"| {split} |")
    (args.out / "PROVENANCE.md").write_text(_PROVENANCE.format(rows="\n".join(rows)))
    print(f"wrote {len(rows)} templates ({len(hold)} held out) to {args.out}", file=sys.stderr)
    return 0


_PROVENANCE = """\
# Real `.env.example` templates (issue 11)

Written by `benchmarks/extract_env_examples.py` from each repository's git history at the
commit below, byte for byte. They are other projects' configuration templates, kept here
as test data only (the false-alarm corpus of `tests/unit/test_env_example_corpus.py`);
each stays under its repository's licence, listed below. Several are AGPL-3.0, BUSL-1.1
or FSL: they are data read by a test, never shipped in the package.

Held out (decided before tuning, by rule: the 10 repositories whose sha256 of
`owner/name` sorts first): the rows marked `held-out`. Tuning looked only at `dev`.

| fixture | repository | commit | path | licence | split |
| --- | --- | --- | --- | --- | --- |
{rows}
"""


if __name__ == "__main__":
    raise SystemExit(main())

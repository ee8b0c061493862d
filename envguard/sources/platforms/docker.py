"""Docker: ``docker run --env-file`` files and the ``Env`` array of ``docker inspect``.

``--env-file`` is not dotenv: everything after the first ``=`` is literal, so quotes are
kept (``FOO="bar"`` is the five characters ``"bar"``, moby/moby#12997), there are no
multi-line values, and a bare ``NAME`` passes the host's value through. The reading
follows docker/cli pkg/kvfile/kvfile.go @28f756087eea5fa301f3fbf12b01ae62f91521c2: lines
split by ``bufio.ScanLines`` (a CR before each newline dropped), leading blanks trimmed,
trailing ones kept, ``#`` starts a comment only at the start of a line. ``docker inspect``
is an array of objects with ``Config.Env`` as ``["KEY=value", ...]``; ``docker inspect -f
'{{json .Config.Env}}'`` prints just that array.
"""

from __future__ import annotations

import re

from envguard.errors import InputError
from envguard.findings import Severity
from envguard.secrecy import redact_key
from envguard.sources.base import SourceRead
from envguard.sources.platforms.common import Collector, LocatedDict, LocatedList
from envguard.sources.platforms.jsondoc import parse_json
from envguard.sources.platforms.rawlines import split_lines


def read_docker_env_file(text: str, source: str) -> SourceRead:
    c = Collector(source, "docker-env-file", "Docker")
    in_block = False  # inside a quoted PEM value: docker reads each of its lines as a name
    for n, raw in enumerate(split_lines(text), start=1):
        line = raw.removesuffix("\r").lstrip()  # bufio.ScanLines drops each line's CR
        if not line or line.startswith("#"):
            continue
        key, eq, value = line.partition("=")
        if in_block:  # a value flattened onto one line (Doppler's docker format) is not one
            in_block = "-----END" not in line
            c.note("parse-error", Severity.ERROR,
                   "docker reads this line of a multi-line value as a variable name "
                   "(docker env files have no multi-line values)", line=n)
            continue
        key = redact_key(key)
        if "-----BEGIN" in value and "-----END" not in value:
            in_block = True
            c.note("unquoted-multiline", Severity.ERROR,
                   f"multi-line value of {key}: docker env files have no multi-line values; "
                   "docker reads each following line as a variable name", line=n, key=key,
                   hint="write the value on one line with \\n escapes, or mount it as a file")
        if re.search(r"\s", key):
            c.note("parse-error", Severity.ERROR,
                   f"docker rejects this line: variable {redact_key(key.split()[0])!r} "
                   "contains whitespace (a multi-line value, or a space before '=')", line=n)
            continue
        if not eq:
            c.note("host-passthrough", Severity.INFO,
                   f"{key} has no '=': docker passes the host's value through", line=n, key=key)
            c.add(key, None, n)
            continue
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            c.note("docker-quotes", Severity.WARNING,
                   f"docker run --env-file keeps the quotes: {key}'s value includes the "
                   f"{value[0]} characters", line=n, key=key,
                   hint="remove the quotes (or use compose's env_file, which strips them)")
        c.add(key, value, n)
    return c.finish("env file")


def read_docker_inspect(text: str, source: str) -> SourceRead:
    doc = parse_json(text, source)
    env = doc
    if isinstance(doc, LocatedList) and doc and isinstance(doc[0], LocatedDict):
        if len(doc) > 1:
            raise InputError(f"{source}: `docker inspect` output for {len(doc)} containers; "
                             "inspect one container at a time")
        config = doc[0].get("Config")
        env = config.get("Env") if isinstance(config, LocatedDict) else None
        if env is None:
            raise InputError(f"{source}: no Config.Env in this `docker inspect` output")
    if not isinstance(env, LocatedList) or not all(isinstance(e, str) for e in env):
        raise InputError(f"{source}: expected `docker inspect` output, or its Config.Env "
                         'array of "KEY=value" strings')
    c = Collector(source, "docker-inspect", "Docker")
    for line, entry in env.located():
        key, eq, value = entry.partition("=")
        c.add(key, value if eq else None, line)
    return c.finish("container environment")

"""``--from docker-env-file`` reads what docker reads: the expected readings come from
docker/cli's own parser (pkg/kvfile/kvfile.go built with Go by
benchmarks/docker_kvfile_readings.py), stored in tests/fixtures/docker_kvfile/."""

from __future__ import annotations

import json

import pytest

from envguard.errors import InputError
from envguard.sources import read_bytes
from tests.conftest import FIXTURES

READINGS = json.loads((FIXTURES / "docker_kvfile" / "readings.json").read_text("utf-8"))
CASES = READINGS["cases"]


@pytest.mark.parametrize("name", sorted(CASES))
def test_docker_env_file_reads_as_docker_does(name: str) -> None:
    case = CASES[name]
    try:
        read = read_bytes(case["input"].encode("utf-8"), "app.env", "docker-env-file")
    except InputError:
        assert case.get("error"), "envguard refused a file docker reads"
        return
    if case.get("error"):  # docker refuses the file: envguard must say a line is wrong
        assert [f for f in read.findings if f.rule == "parse-error"]
        return
    # a bare NAME passes the host's value through; with an empty host docker drops it
    got = [f"{v.key}={v.value}" for v in read.vars if v.value is not None]
    assert got == case["vars"]

"""Defects the CLI-derived renderings (tests/support/cli_writers.py) found in the readers;
each test failed before its fix."""

from __future__ import annotations

import random

from envguard.sources import read_text
from tests import fakes
from tests.support.cli_writers import (
    DOPPLER_OWN,
    aws_ssm,
    doppler_docker,
    doppler_env_no_quotes,
    fly_secrets,
    wrangler_pages_secrets,
    wrangler_secrets,
)


def test_docker_env_file_keeps_a_pem_key_flattened_onto_one_line() -> None:
    # Doppler's docker format writes newlines as \n; the reader took the -----END on the
    # same line for the end of a multi-line value and dropped the variable
    key = fakes.pem(random.Random(3))
    text = doppler_docker({"A": "1", "KEY": key, "Z": "2"}).text
    read = read_text(text, "doppler.env", "docker-env-file")
    assert {v.key: v.value for v in read.vars} == {
        "A": "1", "KEY": key.replace("\n", "\\n"), "Z": "2"}
    assert not [f for f in read.findings if f.rule == "parse-error"]


def test_docker_env_file_drops_the_cr_before_each_newline_like_bufio_scanner() -> None:
    # docker/cli pkg/kvfile reads lines with bufio.ScanLines, which drops a CR before "\n"
    read = read_text("A=1\r\nB=2\nC=3\r\n", "app.env", "docker-env-file")
    assert [(v.key, v.value) for v in read.vars] == [("A", "1"), ("B", "2"), ("C", "3")]


def test_names_only_json_listings_point_at_the_line_naming_the_variable() -> None:
    env = {"ALPHA": "x", "BETA": "y"}
    for render, fmt in ((fly_secrets, "fly"), (wrangler_secrets, "wrangler-secrets")):
        rendering = render(env)
        read = read_text(rendering.text, "list.json", fmt)
        assert {v.key: v.origin.line for v in read.vars} == rendering.lines
        assert rendering.lines["ALPHA"] == 3  # not 2, the entry's opening brace


def test_ssm_parameters_point_at_their_name_line() -> None:
    rendering = aws_ssm({"ALPHA": "x", "BETA": "y"})
    read = read_text(rendering.text, "params.json", "aws-ssm")
    assert {v.key: v.origin.line for v in read.vars} == rendering.lines


def test_wrangler_pages_secret_list_is_read_as_names_only() -> None:
    rendering = wrangler_pages_secrets({"API_KEY": "x", "DB_URL": "y"})
    for fmt in ("auto", "wrangler-pages-secrets", "wrangler"):
        read = read_text(rendering.text, "<stdin>", fmt)
        assert read.format == "wrangler-pages-secrets"
        assert [(v.key, v.withheld, v.origin.line) for v in read.vars] == [
            ("API_KEY", True, 2), ("DB_URL", True, 3)]
    coloured = rendering.text.replace('"production"', '"\x1b[34mproduction\x1b[39m"')
    assert read_text(coloured, "<stdin>").format == "wrangler-pages-secrets"


def test_from_doppler_reads_an_unquoted_download_raw() -> None:
    # --from doppler fell back to the quoted env reader, which cut a PEM key into variables
    env = {**DOPPLER_OWN, "KEY": fakes.pem(random.Random(5)), "NOTE": "a # b"}
    read = read_text(doppler_env_no_quotes(env).text, "<stdin>", "doppler")
    assert read.format == "raw"
    assert {v.key: v.value for v in read.vars} == env

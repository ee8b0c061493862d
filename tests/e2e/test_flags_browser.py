"""The HTML flag report, looked at in a real browser (headless Chromium).

``--dump-dom`` gives the document as the browser parsed it: every cell must be there with
the value the JSON report gives. A screenshot shows the grid is colour-coded: the pixels
of "on" cells are green, of "off" grey, and an error cell has its red outline.

Skipped only when Chromium is missing and ``CI`` is not set; under CI a missing browser
is a failure, so the check cannot silently stop running.
"""

from __future__ import annotations

import json
import os
import shutil
import struct
import subprocess
import zlib
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.support.flags import FIXTURES, run_cli, write_envs

pytestmark = pytest.mark.e2e

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                  "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--hide-scrollbars"]


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    if os.environ.get("CI"):
        pytest.fail("chromium is not installed but CI is set: apt-get install -y chromium")
    pytest.skip("chromium is not installed (apt-get install -y chromium); "
                "under CI=true this is a failure")


def browse(page: Path, tmp_path: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    profile = tmp_path / "chromium-profile"
    return subprocess.run(
        [chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *extra, page.as_uri()],
        capture_output=True, text=True, timeout=120, check=False, cwd=tmp_path)


class Cells(HTMLParser):
    """``{(flag, env): (state, text, default)}`` from the grid's ``td`` elements."""

    def __init__(self) -> None:
        super().__init__()
        self.cells: dict[tuple[str, str], tuple[str, str, bool]] = {}
        self.values: dict[tuple[str, str], object] = {}
        self._open: tuple[str, str] | None = None
        self._text = ""
        self._state = ""
        self._default = False
        self.findings = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "td" and a.get("data-flag") is not None:
            self._open = (str(a["data-flag"]), str(a["data-env"]))
            self._state, self._text = str(a["data-state"]), ""
            self._default = a.get("data-default") == "true"
            self.values[self._open] = json.loads(str(a["data-value"]))
        if tag == "li" and a.get("data-rule"):
            self.findings += 1

    def handle_data(self, data: str) -> None:
        if self._open:
            self._text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "td" and self._open:
            self.cells[self._open] = (self._state, self._text.strip(), self._default)
            self._open = None


def test_the_html_report_in_chromium(tmp_path: Path) -> None:
    chromium()  # skip (or fail under CI) before doing any work
    args = write_envs(tmp_path, {
        "development": {"NEW_EDITOR": "true", "DEBUG_MODE": "true", "ROLLOUT": "100"},
        "staging": {"NEW_EDITOR": "true", "DEBUG_MODE": "false", "ROLLOUT": "25"},
        "production": {"NEW_EDITOR": "false", "DEBUG_MODE": "true"},
    })
    shutil.copy(FIXTURES / "browser_schema.toml", tmp_path / "schema.toml")
    proc = run_cli([*args, "--schema", "schema.toml", "--format", "html", "-o", "flags.html"],
                   tmp_path)
    assert proc.returncode == 1, proc.stderr  # DEBUG_MODE is on in production
    data = json.loads(run_cli([*args, "--schema", "schema.toml", "--format", "json"],
                              tmp_path).stdout)

    dom = browse(tmp_path / "flags.html", tmp_path, "--dump-dom")
    assert dom.returncode == 0, dom.stderr[-2000:]
    parsed = Cells()
    parsed.feed(dom.stdout)
    assert parsed.values == {(flag, env): value for flag, row in data["matrix"].items()
                             for env, value in row.items()}
    assert parsed.cells[("NEW_EDITOR", "production")] == ("off", "off", False)
    assert parsed.cells[("NEW_EDITOR", "staging")] == ("on", "on", False)
    assert parsed.cells[("DEBUG_MODE", "production")] == ("on", "on", False)
    assert parsed.cells[("ROLLOUT", "production")] == ("off", "0%", True)  # the default
    assert parsed.cells[("ENABLE_AI_CHAT", "staging")] == ("on", "on", True)
    assert parsed.findings == len(data["findings"]) > 0

    shot = tmp_path / "flags.png"
    result = browse(tmp_path / "flags.html", tmp_path, "--window-size=1200,800",
                    f"--screenshot={shot}")
    assert result.returncode == 0 and shot.is_file(), result.stderr[-2000:]
    colours = pixel_counts(shot)
    assert colours[(0xCD, 0xEC, 0xCD)] > 500, "no green 'on' cells"
    assert colours[(0xEC, 0xEC, 0xEC)] > 500, "no grey 'off' cells"
    assert colours[(0xCC, 0x00, 0x00)] > 50, "no red outline on the error cell"


def pixel_counts(png: Path) -> dict[tuple[int, int, int], int]:
    """Exact-colour pixel counts of an 8-bit RGB/RGBA PNG (enough for a screenshot)."""
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, header = 8, b"", b""
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        chunk = data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            header = chunk
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    width, height, depth, colour_type, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert depth == 8 and colour_type in (2, 6) and interlace == 0
    bpp = 3 if colour_type == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * bpp
    prev = bytearray(stride)
    counts: dict[tuple[int, int, int], int] = {}
    for y in range(height):
        kind = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        for i in range(stride):
            left = line[i - bpp] if i >= bpp else 0
            up = prev[i]
            corner = prev[i - bpp] if i >= bpp else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                pred = left if pa <= pb and pa <= pc else up if pb <= pc else corner
                line[i] = (line[i] + pred) & 0xFF
        for x in range(0, stride, bpp):
            rgb = (line[x], line[x + 1], line[x + 2])
            counts[rgb] = counts.get(rgb, 0) + 1
        prev = line
    return counts

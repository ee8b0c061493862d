"""The HTML flag report, looked at in a real browser (headless Chromium).

``--dump-dom`` gives the document as the browser parsed it: every cell must be there with
the value the JSON report gives. A screenshot shows the grid is colour-coded: the pixels
of "on" cells are green, of "off" grey, and an error cell has its red outline.

The report itself has no scripts, so layout questions (is each legend chip styled like
the cells it explains? does the grid scroll inside its box on a phone?) are asked by a
copy of the page with a small probe script appended: it writes what the browser computed
into the DOM, and ``--dump-dom`` reads it back. Headless Chromium will not make a window
narrower than 500 CSS pixels (``--window-size=375,800`` lays out at 500 and crops), so
the copy is shown in a ``srcdoc`` frame of exactly the phone's size, at the window's top
left corner: that frame is the page's viewport, and a 375-wide screenshot is exactly it.

Skipped only when Chromium is missing and ``CI`` is not set; under CI a missing browser
is a failure, so the check cannot silently stop running.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import struct
import subprocess
import zlib
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from tests.fakes import token
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


# Appended to a copy of the report: computed styles of the legend chips and the cells,
# and the grid box's geometry (before and after scrolling it fully right), as JSON.
PROBE = """<script>
const STYLE = ["background-color", "color", "font-style", "font-weight", "opacity",
               "outline-style", "outline-color", "outline-width", "outline-offset"];
function look(el) {
  const cs = getComputedStyle(el), out = {};
  for (const p of STYLE) out[p] = cs.getPropertyValue(p);
  out.after = getComputedStyle(el, "::after").getPropertyValue("content");
  return out;
}
const wrap = document.querySelector(".grid-wrap"), root = document.documentElement;
const flagCell = document.querySelector("#matrix tbody th.flag");
const dataCell = document.querySelector("#matrix tbody td");
const corner = document.querySelector("#matrix thead th");
const box = () => ({left: wrap.getBoundingClientRect().left + wrap.clientLeft,
                    flag: flagCell.getBoundingClientRect().left,
                    data: dataCell.getBoundingClientRect().left,
                    corner: corner.getBoundingClientRect().left});
const result = {
  innerWidth: window.innerWidth,
  viewport: document.querySelector('meta[name="viewport"]').content,
  page: {scrollWidth: root.scrollWidth, clientWidth: root.clientWidth},
  wrap: {scrollWidth: wrap.scrollWidth, clientWidth: wrap.clientWidth,
         overflowX: getComputedStyle(wrap).overflowX},
  before: box(),
  chips: [...document.querySelectorAll(".legend .chip")].map(
    c => ({legend: c.dataset.legend, style: look(c)})),
  cells: [...document.querySelectorAll("#matrix td")].map(
    c => ({classes: [...c.classList], state: c.dataset.state, style: look(c)})),
};
wrap.scrollLeft = wrap.scrollWidth;
result.scrolled = wrap.scrollLeft;
result.after = box();
parent.document.getElementById("probe").textContent = JSON.stringify(result);
</script>"""

# What each kind of legend chip must share with its cells.
COLOURS = ["background-color", "color", "font-style", "font-weight", "opacity", "after"]
OUTLINE = ["outline-style", "outline-color", "outline-width", "outline-offset"]


def framed(page: Path, tmp_path: Path, width: int, height: int, script: str = "") -> Path:
    """A page showing ``page`` (plus ``script``) in a ``width`` x ``height`` frame."""
    text = page.read_text(encoding="utf-8")
    assert text.count("</body>") == 1
    inner = text.replace("</body>", script + "</body>")
    outer = tmp_path / f"framed-{width}x{height}{'-probe' if script else ''}.html"
    outer.write_text(
        '<!DOCTYPE html><html><head><meta charset="utf-8"><style>body { margin: 0; }'
        " iframe { border: 0; display: block; }</style></head><body>"
        f'<iframe width="{width}" height="{height}" srcdoc="{html.escape(inner)}"></iframe>'
        '<pre id="probe"></pre></body></html>', encoding="utf-8")
    return outer


def probe(page: Path, tmp_path: Path, width: int, height: int = 800) -> dict[str, Any]:
    """What Chromium computed for ``page`` in a ``width`` x ``height`` viewport."""
    outer = framed(page, tmp_path, width, height, PROBE)
    window = f"--window-size={max(width, 500) + 100},{height + 100}"
    dom = browse(outer, tmp_path, window, "--dump-dom")
    assert dom.returncode == 0, dom.stderr[-2000:]
    found = re.search(r'<pre id="probe">(.+?)</pre>', dom.stdout, re.S)
    assert found, "the probe script did not run"
    result: dict[str, Any] = json.loads(html.unescape(found.group(1)))
    assert result["innerWidth"] == width  # the page really was laid out that wide
    return result


def legend_page(tmp_path: Path) -> tuple[Path, str]:
    """A report whose grid has a cell in every state and of every severity the legend shows.

    Returns the page and the secret-looking value it was given (which must not appear).
    """
    secret = token(40)
    args = write_envs(tmp_path, {
        "development": {"NEW_EDITOR": "true", "DEBUG_MODE": "true", "ROLLOUT": "100",
                        "FEATURE_THEME": "dark", "ENABLE_BETA": "maybe",
                        "FEATURE_PAYLOAD": secret, "FEATURE_SEALED": f"encrypted:{token(48)}"},
        "staging": {"NEW_EDITOR": "true", "DEBUG_MODE": "false", "ROLLOUT": "25"},
        "production": {"NEW_EDITOR": "false", "DEBUG_MODE": "true"},
    })
    shutil.copy(FIXTURES / "browser_schema.toml", tmp_path / "schema.toml")
    proc = run_cli([*args, "--schema", "schema.toml", "--format", "html", "-o", "flags.html"],
                   tmp_path)
    assert proc.returncode == 1, proc.stderr
    page = tmp_path / "flags.html"
    assert secret not in page.read_text(encoding="utf-8")
    return page, secret


def test_legend_chips_look_like_the_cells_they_explain(tmp_path: Path) -> None:
    chromium()
    page, _ = legend_page(tmp_path)
    seen = probe(page, tmp_path, 1280)
    cells = seen["cells"]
    chips = {c["legend"]: c["style"] for c in seen["chips"]}
    states = {c["state"] for c in cells}
    assert states == {"on", "off", "value", "unset", "invalid", "withheld"}
    assert set(chips) == states | {"on default", "sev-error", "sev-warning"}
    for legend, style in chips.items():
        if legend.startswith("sev-"):
            like = [c["style"] for c in cells if legend in c["classes"]]
            props = OUTLINE
        else:
            wanted = set(legend.split())
            like = [c["style"] for c in cells
                    if {c["state"], *({"default"} & set(c["classes"]))} == wanted]
            props = COLOURS
        assert like, f"no cell shows what the legend's {legend!r} chip explains"
        for cell in like:
            assert {p: style[p] for p in props} == {p: cell[p] for p in props}, legend
    # Error cells are outlined solid, warning cells dashed, and so are their chips.
    assert chips["sev-error"]["outline-style"] == "solid"
    assert chips["sev-warning"]["outline-style"] == "dashed"
    assert chips["on"]["background-color"] != chips["off"]["background-color"]
    assert chips["on default"]["after"] == '" (default)"'


def test_a_phone_scrolls_the_grid_instead_of_clipping_it(tmp_path: Path) -> None:
    chromium()
    page, secret = legend_page(tmp_path)
    phone = probe(page, tmp_path, 375)
    assert phone["viewport"] == "width=device-width, initial-scale=1"
    assert phone["wrap"]["overflowX"] == "auto"
    # The table is wider than a phone: its box scrolls, the page itself does not overflow.
    assert phone["wrap"]["scrollWidth"] > phone["wrap"]["clientWidth"]
    assert phone["page"]["scrollWidth"] <= phone["page"]["clientWidth"] == 375
    # Scrolled fully right, the cells move left under the flag names, while the names and
    # their header stay at the box's left edge (within the collapsed border's half pixel).
    before, after, scrolled = phone["before"], phone["after"], phone["scrolled"]
    assert scrolled > 0
    assert abs(after["data"] - (before["data"] - scrolled)) <= 1
    assert abs(after["flag"] - before["flag"]) <= 1
    assert abs(after["corner"] - before["corner"]) <= 1
    assert abs(after["flag"] - after["left"]) <= 1 and abs(after["corner"] - after["left"]) <= 1

    desktop = probe(page, tmp_path, 1280)
    assert desktop["wrap"]["scrollWidth"] <= desktop["wrap"]["clientWidth"]  # it all fits
    assert desktop["page"]["scrollWidth"] <= desktop["page"]["clientWidth"]

    shot = tmp_path / "phone.png"
    result = browse(framed(page, tmp_path, 375, 800), tmp_path, "--window-size=375,800",
                    f"--screenshot={shot}")
    assert result.returncode == 0 and shot.is_file(), result.stderr[-2000:]
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    assert struct.unpack(">II", data[16:24]) == (375, 800)
    colours = pixel_counts(shot)
    assert colours[(0xCD, 0xEC, 0xCD)] > 200, "no green 'on' cells on the phone"
    assert len(colours) > 10  # a rendered page, not a blank one
    assert secret not in page.read_text(encoding="utf-8")


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

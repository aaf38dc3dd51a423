"""The HTML report in headless Chromium, with no network: no console message, no missing glyph.

Runs when /usr/bin/chromium is installed (``.ci/run`` installs Debian's package).
A glyph is missing when no font of the page's CSS font stack that is installed
has it (the browser would then draw a box): checked on the fonts' own cmaps.
"""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import FOLDERS
from test_html import visible_text

from simroi.report.documents.build import write_reports

SECTIONS = ("summary", "breakdown", "vendors", "sensitivity", "inputs", "reproduce")
CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="chromium is not installed")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--host-resolver-rules=MAP * ~NOTFOUND",  # no network: every host lookup fails
    "--enable-logging=stderr",
    "--v=0",
    "--hide-scrollbars",
    "--window-size=1000,1400",
)


def screenshot(html: Path, png: Path, profile: Path, *, min_size: int = 20_000) -> str:
    """Render ``html`` into ``png``; return Chromium's log (console messages included)."""
    r = subprocess.run(
        [str(CHROMIUM), *FLAGS, f"--user-data-dir={profile}", f"--screenshot={png}", html.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert png.exists() and png.stat().st_size > min_size, r.stderr[-2000:]
    return r.stderr


def console_lines(log: str) -> list[str]:
    return [line for line in log.splitlines() if ":CONSOLE" in line]


def test_console_messages_are_seen(tmp_path):
    """The check below would catch a console error (a control for the log parsing)."""
    page = tmp_path / "err.html"
    page.write_text("<html><body><p>x</p><script>console.error('boom')</script></body></html>")
    log = screenshot(page, tmp_path / "err.png", tmp_path / "profile", min_size=100)
    assert any("boom" in line for line in console_lines(log))


def _font_files(css_families: list[str]) -> list[str]:
    files = []
    for family in css_families:
        out = subprocess.run(
            ["fc-match", "--format=%{family}\t%{file}", family], capture_output=True, text=True
        ).stdout
        name, _, path = out.partition("\t")
        if family.lower() in name.lower() and path:
            files.append(path)
    return files


def _covered(files: list[str]) -> set[int]:
    from fontTools.ttLib import TTCollection, TTFont

    chars: set[int] = set()
    for path in files:
        fonts = TTCollection(path).fonts if path.endswith(".ttc") else [TTFont(path)]
        for font in fonts[:1]:
            chars |= set(font.getBestCmap())
    return chars


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_report_renders_offline_without_console_errors_or_missing_glyphs(
    lang, en_run, zh_run, tmp_path
):
    folder = en_run if lang == "en" else zh_run
    (html,) = write_reports(folder, ["html"], lang=lang)
    assert_renders_cleanly(html, tmp_path)


@pytest.mark.parametrize("name", FOLDERS)
def test_each_template_report_renders_cleanly(name, reported, tmp_path):
    """The report.html that ``--report`` wrote for each template, compare and sensitivity."""
    assert_renders_cleanly(reported(name) / "report.html", tmp_path)


def assert_renders_cleanly(html: Path, tmp_path: Path) -> None:
    """No console message and no character without a glyph in the page's fonts."""
    pytest.importorskip("fontTools")
    if shutil.which("fc-match") is None:
        pytest.skip("fontconfig's fc-match is not installed")
    log = screenshot(html, tmp_path / f"{html.parent.name}.png", tmp_path / "profile")
    assert not console_lines(log), console_lines(log)
    text = html.read_text("utf-8")
    css = re.search(r"html \{ font-family: (.*?);", text, flags=re.S).group(1)
    families = [f.strip().strip('"') for f in css.split(",")]
    covered = _covered(_font_files(families))
    shown = " ".join(visible_text(text, part) for part in SECTIONS)
    shown += " ".join(re.findall(r"<text[^>]*>([^<]*)</text>", text))  # the charts' text
    missing = sorted({ch for ch in shown if not ch.isspace() and ord(ch) not in covered})
    assert not missing, missing

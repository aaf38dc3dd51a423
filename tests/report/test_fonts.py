"""The CJK font of the charts: the same choice on every machine with the same fonts, a font
installed after matplotlib built its cache found at once, and no font log line for a user.

The machine's own fonts do not matter: each test gives matplotlib a font set of its own
(Noto and Droid, only Droid, none), as font entries named like those fonts whose files
are matplotlib's own DejaVu Sans (CJK characters draw as boxes; the choice and the log
are what is tested).
"""

import os

os.environ.setdefault("MPLBACKEND", "Agg")

import io
import logging
import warnings

import pytest
from matplotlib import font_manager
from matplotlib.text import Text

from simroi.report import plots
from simroi.report.plots import fonts

REGULAR = font_manager.findfont(font_manager.FontProperties(family="DejaVu Sans"))
BOLD = font_manager.findfont(font_manager.FontProperties(family="DejaVu Sans", weight="bold"))
NOTO = [("Noto Sans CJK SC", 400), ("Noto Sans CJK SC", 700), ("Noto Sans CJK JP", 400)]
DROID = [("Droid Sans Fallback", 400)]  # one weight: no bold


def entry(name: str, weight: int) -> font_manager.FontEntry:
    return font_manager.FontEntry(
        fname=BOLD if weight >= 700 else REGULAR, name=name, weight=weight, size="scalable"
    )


@pytest.fixture
def font_set(monkeypatch):
    """``font_set(cached, system=())``: matplotlib's cache holds the fonts ``cached``
    ((name, weight) pairs) besides its own; ``system`` fonts are on the machine but not in
    the cache (``addfont`` of one adds it)."""
    latin = [
        f for f in font_manager.fontManager.ttflist if f.name in ("DejaVu Sans", "STIXGeneral")
    ]

    def use(cached, system=()):
        monkeypatch.setattr(
            font_manager.fontManager, "ttflist", [*latin, *(entry(*f) for f in cached)]
        )
        files = {
            f"/fonts/{name.replace(' ', '')}-{weight}.ttc": (name, weight)
            for name, weight in system
        }
        monkeypatch.setattr(font_manager, "findSystemFonts", lambda *a, **k: list(files))
        monkeypatch.setattr(
            font_manager.fontManager,
            "addfont",
            lambda path: font_manager.fontManager.ttflist.append(entry(*files[path])),
        )
        _forget()

    yield use
    _forget()


def _forget():
    fonts.cjk_fonts.cache_clear()
    fonts.note_missing_cjk.cache_clear()
    font_manager.FontManager._findfont_cached.cache_clear()


def test_noto_first_when_noto_and_droid_are_installed(font_set):
    font_set(DROID + NOTO)  # Droid listed first in the cache: the order is simroi's
    assert fonts.cjk_fonts() == ("Noto Sans CJK SC", "Noto Sans CJK JP", "Droid Sans Fallback")
    assert fonts.family_for("客户流失") == ["Noto Sans CJK SC", "DejaVu Sans"]
    assert fonts.family_for("churn") is None


def test_droid_when_it_is_the_only_one(font_set):
    font_set(DROID)
    assert fonts.cjk_fonts() == ("Droid Sans Fallback",)
    assert fonts.family_for("客户流失") == ["Droid Sans Fallback", "DejaVu Sans"]


def test_a_better_font_missing_from_the_cache_is_added(font_set):
    """Noto installed after matplotlib cached Droid: Noto is found at once and chosen."""
    font_set(DROID, system=NOTO)
    assert fonts.cjk_fonts()[0] == "Noto Sans CJK SC"
    assert fonts.family_for("客户流失")[0] == "Noto Sans CJK SC"
    font_set([], system=DROID)
    assert fonts.cjk_fonts() == ("Droid Sans Fallback",)


@pytest.mark.parametrize("installed", [NOTO + DROID, DROID], ids=["noto and droid", "droid"])
def test_a_bold_chinese_title_logs_nothing(font_set, caplog, capfd, installed):
    """Every zh command printed `findfont: Failed to find font weight bold for Droid Sans
    Fallback, now using 400.` (Droid has no bold; the title is bold)."""
    font_set(installed)
    caplog.set_level(logging.DEBUG, logger="matplotlib.font_manager")
    fig = plots.roi_histogram([0.1, 0.2, 0.3], p10=0.1, p50=0.2, p90=0.3, title="投资回报率")
    with fonts.quiet_glyphs():
        fig.savefig(io.BytesIO(), format="png")
    (title,) = [t for t in fig.findobj(Text) if t.get_text() == "投资回报率"]
    assert title.get_fontfamily()[0] == fonts.cjk_fonts()[0] and title.get_fontweight() == "bold"
    assert not [r for r in caplog.records if r.levelno >= logging.INFO], caplog.records
    assert "findfont" not in capfd.readouterr().err


def test_no_cjk_font_says_once_how_to_install_one_and_prints_no_glyph_warning(font_set, capsys):
    font_set([])
    assert fonts.cjk_fonts() == ()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a glyph warning would fail here
        for _ in range(2):
            fig = plots.roi_histogram(
                [0.1, 0.2, 0.3], p10=0.1, p50=0.2, p90=0.3, title="投资回报率 某贸易公司"
            )
            with fonts.quiet_glyphs():
                fig.savefig(io.BytesIO(), format="png")
    err = capsys.readouterr().err
    assert err.count("fonts-noto-cjk") == 1

"""A CJK font found at run time, even one installed after matplotlib built its font cache."""

import os

os.environ.setdefault("MPLBACKEND", "Agg")

import io
import warnings
from pathlib import Path

import pytest
from matplotlib import font_manager

from simroi.report import plots
from simroi.report.plots import fonts

NOTO = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")


@pytest.fixture
def fresh(monkeypatch):
    fonts.cjk_fonts.cache_clear()
    fonts.note_missing_cjk.cache_clear()
    yield
    fonts.cjk_fonts.cache_clear()
    fonts.note_missing_cjk.cache_clear()


@pytest.mark.skipif(not NOTO.exists(), reason="fonts-noto-cjk is not installed")
def test_a_font_missing_from_the_cache_is_added(monkeypatch, fresh):
    # matplotlib's cache as it was before the font was installed
    without = [f for f in font_manager.fontManager.ttflist if "CJK" not in f.name]
    monkeypatch.setattr(font_manager.fontManager, "ttflist", without)
    monkeypatch.setattr(font_manager, "findSystemFonts", lambda: [str(NOTO)])
    assert fonts.cjk_fonts()[0].startswith("Noto Sans CJK")
    assert fonts.family_for("客户流失")[0].startswith("Noto Sans CJK")
    assert fonts.family_for("churn") is None


def test_no_cjk_font_says_once_how_to_install_one_and_prints_no_glyph_warning(
    monkeypatch, capsys, fresh
):
    without = [f for f in font_manager.fontManager.ttflist if "CJK" not in f.name]
    monkeypatch.setattr(font_manager.fontManager, "ttflist", without)
    monkeypatch.setattr(font_manager, "findSystemFonts", lambda: [])
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


@pytest.mark.skipif(not NOTO.exists(), reason="fonts-noto-cjk is not installed")
def test_chinese_titles_get_the_cjk_font(fresh):
    fig = plots.roi_histogram([0.1, 0.2, 0.3], p10=0.1, p50=0.2, p90=0.3, title="投资回报率")
    from matplotlib.text import Text

    (title,) = [t for t in fig.findobj(Text) if t.get_text() == "投资回报率"]
    assert title.get_fontfamily()[0].startswith("Noto Sans CJK")

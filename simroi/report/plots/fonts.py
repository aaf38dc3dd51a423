"""A font for Chinese, Japanese and Korean text in charts, found at run time.

matplotlib caches its font list the first time it runs, so a CJK font installed
afterwards (``apt-get install fonts-noto-cjk``) stays invisible to it until the
cache is deleted. :func:`cjk_fonts` looks in the cache first and, when no CJK
font is there, once scans the system's font folders and adds any CJK font it
finds (``fontManager.addfont``), so a newly installed font is used at once.
When none is installed, :func:`note_missing_cjk` says once on stderr how to get
one; the glyph warnings matplotlib would print for each character are silenced
by :func:`quiet_glyphs` around drawing instead.
"""

from __future__ import annotations

import contextlib
import functools
import sys
import warnings
from collections.abc import Iterator

from matplotlib import font_manager

__all__ = ["CJK_FONTS", "cjk_fonts", "has_cjk", "note_missing_cjk", "quiet_glyphs"]

CJK_FONTS = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Microsoft YaHei",
    "PingFang SC",
    "SimHei",
    "Heiti SC",
    "Noto Sans CJK JP",
    "Noto Sans CJK KR",
    "Droid Sans Fallback",
)
_FILE_HINTS = ("cjk", "wqy", "droidsansfallback", "sourcehan", "simhei", "msyh", "pingfang")
INSTALL_HINT = (
    "simroi: no Chinese/Japanese/Korean font found, so such characters in charts show as boxes. "
    "Install one, e.g. on Debian/Ubuntu `apt-get install fonts-noto-cjk` "
    "(macOS and Windows ship one)."
)


def has_cjk(text: str) -> bool:
    """Whether ``text`` holds a character that needs a CJK font (CJK radicals and beyond)."""
    return any(ord(ch) > 0x2E7F for ch in text)


def _installed() -> list[str]:
    names = {f.name for f in font_manager.fontManager.ttflist}
    return [name for name in CJK_FONTS if name in names]


@functools.cache
def cjk_fonts() -> tuple[str, ...]:
    """Family names of the installed CJK fonts, best first; empty when there is none.

    A font missing from matplotlib's cache but present on the system is added to
    the font list first (once per process).
    """
    found = _installed()
    if found:
        return tuple(found)
    known = {f.fname for f in font_manager.fontManager.ttflist}
    for path in font_manager.findSystemFonts():
        if path not in known and any(h in path.lower().replace("-", "") for h in _FILE_HINTS):
            with contextlib.suppress(Exception):  # an unreadable font file is skipped, not fatal
                font_manager.fontManager.addfont(path)
    return tuple(_installed())


@functools.cache
def note_missing_cjk() -> None:
    """Print :data:`INSTALL_HINT` on stderr, once per process."""
    print(INSTALL_HINT, file=sys.stderr)


def family_for(text: str) -> list[str] | None:
    """The font family list for ``text``: CJK fonts first when it needs them, else None."""
    if not has_cjk(text):
        return None
    fonts = cjk_fonts()
    if not fonts:
        note_missing_cjk()
        return None
    return [*fonts, "DejaVu Sans"]


@contextlib.contextmanager
def quiet_glyphs() -> Iterator[None]:
    """Silence matplotlib's per-character "Glyph ... missing from font" warnings."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .*missing from", category=UserWarning)
        warnings.filterwarnings("ignore", message=r".*missing from font", category=UserWarning)
        yield

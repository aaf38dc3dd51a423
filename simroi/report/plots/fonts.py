"""A font for Chinese, Japanese and Korean text in charts, found at run time.

The choice is the same on every machine with the same fonts: the first of
:data:`CJK_FONTS` that is installed (Noto Sans CJK first, Droid Sans Fallback
last), and only that one (with DejaVu Sans for Latin text).

matplotlib caches its font list the first time it runs, so a CJK font installed
afterwards (``apt-get install fonts-noto-cjk``) stays invisible to it until the
cache is deleted. Unless the cache holds the first choice, :func:`cjk_fonts` once
scans the system's font folders and adds every CJK font it finds
(``fontManager.addfont``), so a newly installed font is used at once. When none
is installed, :func:`note_missing_cjk` says once on stderr how to get one; the
glyph warnings matplotlib would print for each character are silenced by
:func:`quiet_glyphs` around drawing instead. A CJK font without a bold face (Droid
Sans Fallback has one weight) is drawn in the weight it has, as matplotlib does,
without its log line about it.
"""

from __future__ import annotations

import contextlib
import functools
import logging
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
    """Family names of the installed CJK fonts in the order of :data:`CJK_FONTS`; empty
    when there is none.

    Unless matplotlib's cache holds the first choice, the CJK fonts on the system
    that it lacks are added to the font list first (once per process).
    """
    found = _installed()
    if found[:1] == list(CJK_FONTS[:1]):
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
    """The font family list for ``text``: the CJK font when it needs one, else None."""
    if not has_cjk(text):
        return None
    fonts = cjk_fonts()
    if not fonts:
        note_missing_cjk()
        return None
    return [fonts[0], "DejaVu Sans"]  # one CJK font: the same glyphs on every machine


class _NoWeightNote(logging.Filter):
    """Drops matplotlib's "findfont: Failed to find font weight bold for Droid Sans
    Fallback, now using 400." for the fonts above: nothing a user can act on (the font
    has one weight; matplotlib draws that one), printed by every Chinese command."""

    def filter(self, record: logging.LogRecord) -> bool:
        note = str(record.msg).startswith("findfont: Failed to find font weight")
        args = record.args if isinstance(record.args, tuple) else ()
        return not (note and len(args) > 1 and args[1] in CJK_FONTS)


logging.getLogger(font_manager.__name__).addFilter(_NoWeightNote())


@contextlib.contextmanager
def quiet_glyphs() -> Iterator[None]:
    """Silence matplotlib's per-character "Glyph ... missing from font" warnings."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .*missing from", category=UserWarning)
        warnings.filterwarnings("ignore", message=r".*missing from font", category=UserWarning)
        yield

"""The PDF report: the HTML report printed by WeasyPrint (an optional dependency).

The PDF is the same template as the HTML (A4 pages from its ``@page`` CSS; page
one is the CFO's page), so the two never disagree. WeasyPrint needs Pango from
the system; it is imported only here, when a PDF is asked for.
"""

from __future__ import annotations

import os
from pathlib import Path

from simroi.errors import SimroiError

__all__ = ["write_pdf"]

INSTALL = (
    "the PDF report needs WeasyPrint: pip install 'simroi[pdf]' "
    "(and on Debian/Ubuntu: apt-get install libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-cjk); "
    "or ask for --report html,xlsx"
)


def write_pdf(html_text: str, path: str | os.PathLike[str]) -> Path:
    """Print ``html_text`` (the self-contained report) to ``path`` as PDF."""
    try:
        import weasyprint
    except (ImportError, OSError) as exc:  # OSError: WeasyPrint present but Pango missing
        raise SimroiError(f"{INSTALL} ({exc})") from exc
    import logging

    # WeasyPrint logs CSS it ignores at WARNING level; the report's CSS is ours.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    weasyprint.HTML(string=html_text).write_pdf(os.fspath(path))
    return Path(path)

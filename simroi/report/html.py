"""The HTML report: one self-contained file (inline CSS and SVG charts, no network, no script).

The content is :func:`simroi.report.document.build`'s; this module lays it out
with the jinja2 template ``templates/report.html`` and draws the charts as
inline SVG whose text stays text, so any browser renders Chinese with its own
fonts. The PDF (:mod:`simroi.report.pdf`) prints this same HTML.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

import jinja2

import simroi
from simroi.report.document import Document, build
from simroi.report.i18n import text
from simroi.runs.atomic import replace_atomically
from simroi.runs.readback import RunFolder

__all__ = ["render_html", "write_html"]


def _environment() -> jinja2.Environment:
    folder = resources.files("simroi.report") / "templates"
    return jinja2.Environment(
        loader=jinja2.FunctionLoader(lambda name: (folder / name).read_text("utf-8")),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_html(folder: RunFolder, lang: str, *, doc: Document | None = None) -> str:
    """The report on ``folder`` as HTML text in ``lang``."""
    from simroi.report.svgcharts import report_charts  # matplotlib only when drawing

    doc = doc or build(folder, lang)
    env = _environment()
    css = (resources.files("simroi.report") / "templates" / "report.css").read_text("utf-8")
    return env.get_template("report.html").render(
        doc=doc,
        charts=report_charts(folder, doc),
        css=css,
        version=simroi.__version__,
        t=lambda key, **kw: text(key, lang, **kw),
    )


def write_html(folder: RunFolder, path: str | os.PathLike[str], lang: str) -> Path:
    """Write the report on ``folder`` to ``path`` (UTF-8)."""
    page = render_html(folder, lang)
    return replace_atomically(path, lambda tmp: tmp.write_text(page, encoding="utf-8"))

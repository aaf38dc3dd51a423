"""The HTML report: one self-contained file (inline CSS and SVG charts, no network, no script).

The content is :func:`simroi.report.documents.document.build`'s; this module lays it out
with the jinja2 template ``templates/report.html`` and draws the charts as
inline SVG whose text stays text, so any browser renders Chinese with its own
fonts. The PDF (:mod:`simroi.report.documents.pdf`) prints this same HTML.
"""

from __future__ import annotations

import functools
from importlib import resources

import jinja2

import simroi
from simroi.report.documents.document import Document, build
from simroi.report.documents.page import css_string
from simroi.report.text.i18n import text
from simroi.runs.readback import RunFolder

__all__ = ["render_html"]

TEMPLATES = resources.files("simroi.report.documents") / "templates"


@functools.lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    """The template's environment, made once (a template is compiled on first use only)."""
    return jinja2.Environment(
        loader=jinja2.FunctionLoader(lambda name: (TEMPLATES / name).read_text("utf-8")),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_html(folder: RunFolder, lang: str, *, doc: Document | None = None) -> str:
    """The report on ``folder`` as HTML text in ``lang``."""
    doc = doc or build(folder, lang)
    env = _environment()
    css = (TEMPLATES / "report.css").read_text("utf-8")
    return env.get_template("report.html").render(
        doc=doc,
        charts=_charts(folder, doc),
        css=css,
        footer=css_string(doc.footer),
        version=simroi.__version__,
        t=lambda key, **kw: text(key, lang, **kw),
    )


def _charts(folder: RunFolder, doc: Document) -> dict[str, str]:
    """Place on the page -> ``<svg>`` of each chart the folder's data allows: the views'
    figures (:mod:`simroi.report.views`), the same as the folder's PNGs but for the page."""
    from simroi.report.plots.svg import to_svg  # matplotlib only when drawing
    from simroi.report.views import run, sensitivity

    figures = {}
    if doc.summary is not None:
        scenario = (folder.manifest or {}).get("scenario") or {}
        risks = [
            f"risks.{r.get('name')}" for r in scenario.get("risks") or [] if isinstance(r, dict)
        ]
        # a compare folder has no samples: its leading vendor's summary only
        samples = (
            folder.columns("roi", "payback_month", *risks) if folder.summary is not None else {}
        )
        labels = (scenario.get("scenario") or {}).get("labels")
        figures |= run.figures(doc.summary, samples, lang=doc.lang, labels=labels, page=True)
    if folder.sensitivity is not None:
        figures |= sensitivity.figures(folder.sensitivity, lang=doc.lang, page=True)
    return {name: to_svg(fig, name) for name, fig in figures.items()}

"""The HTML page of a sectioned Report (one self-contained file; the PDF prints it).

:func:`render_page` lays a :class:`~simroi.report.documents.sections.Report` out with
the jinja2 template ``templates/sections.html``: page one is ``sections[0]`` on a
page of its own, every table row stays whole across a page break, charts are
inline SVG (text stays text), and printed pages carry the footer and ``page / pages``
in their margins (CSS ``@page`` boxes, which WeasyPrint draws). Each table cell
carries its raw value and key (``data-value``, ``data-key``) so that what the page
says can be checked against the command's JSON.
"""

from __future__ import annotations

from importlib import resources

import jinja2
from markupsafe import Markup

import simroi
from simroi.report.documents.sections import Report

__all__ = ["css_string", "render_page"]

TEMPLATES = resources.files("simroi.report.documents") / "templates"


def css_string(text: str) -> Markup:
    """``text`` as a quoted CSS string, safe inside ``<style>`` (every character that
    could end the string, the rule or the element escaped as ``\\hex``)."""
    out = []
    for ch in text:
        if ch in '"\\<>&' or ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\{ord(ch):x} ")
        else:
            out.append(ch)
    return Markup('"' + "".join(out) + '"')


def render_page(report: Report, charts: dict[str, str]) -> str:
    """``report`` as HTML text; ``charts`` is chart name -> ``<svg>`` element."""
    env = jinja2.Environment(
        loader=jinja2.FunctionLoader(lambda name: (TEMPLATES / name).read_text("utf-8")),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    css = (TEMPLATES / "sections.css").read_text("utf-8")
    return env.get_template("sections.html").render(
        report=report,
        charts=charts,
        css=Markup(css),
        footer=css_string(report.footer),
        version=simroi.__version__,
    )

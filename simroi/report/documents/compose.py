"""A folder's Report: its command's sections with a title, subtitle, headline and footer.

The dispatch between the two report paths. A folder whose command's view
(:mod:`simroi.report.views`) has ``sections(folder, lang)`` is rendered from a
:class:`~simroi.report.documents.sections.Report` by the generic writers
(:mod:`~simroi.report.documents.page` for HTML and PDF,
:mod:`~simroi.report.documents.xlsx_report` for Excel); ``run`` folders, and
``compare``/``sensitivity`` until their views have sections, keep the CFO
:class:`~simroi.report.documents.document.Document` path. Any other folder
makes no report yet, and :func:`check_renders` says so before anything is
computed or written.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any

import simroi
from simroi.errors import SimroiError
from simroi.report.documents.sections import Cell, Report, Section, Table
from simroi.report.text.i18n import MESSAGES, text
from simroi.runs.readback import RunFolder

__all__ = ["DOCUMENT_KINDS", "check_renders", "figures_of", "renders", "report_of", "view_of"]

#: Kinds whose report is the CFO Document unless their view has ``sections``.
DOCUMENT_KINDS = ("run", "compare", "sensitivity")
_MODULE = {"batch": "sweep"}  # a batch is shown by the sweep's view


def view_of(kind: str) -> ModuleType | None:
    """The view module of ``kind`` if it makes sections (``run``'s never does: its report is
    the CFO Document), else None."""
    if kind == "run":
        return None
    module = importlib.import_module(f"simroi.report.views.{_MODULE.get(kind, kind)}")
    return module if callable(getattr(module, "sections", None)) else None


def renders(kind: str) -> bool:
    """Whether a folder of ``kind`` makes a report (sections, or the CFO Document)."""
    return kind in DOCUMENT_KINDS or view_of(kind) is not None


def check_renders(kind: str, where: object = None) -> None:
    """Refuse, with a SimroiError naming the command, a report of a kind that makes none."""
    if not renders(kind):
        at = f"{where}: " if where else ""
        raise SimroiError(f"{at}simroi {kind} makes no report yet (--report, simroi report)")


def report_of(folder: RunFolder, lang: str) -> Report:
    """The report of ``folder`` in ``lang``: its view's sections, then how to reproduce it."""
    view = view_of(folder.kind)
    if view is None:
        raise SimroiError(f"{folder.path}: simroi {folder.kind} makes no sectioned report")
    manifest = folder.manifest or {}
    name = scenario_name(folder, lang)
    date = (manifest.get("created_utc") or "")[:10]
    headline = view.headline(folder, lang) if callable(getattr(view, "headline", None)) else None
    sections = list(view.sections(folder, lang))
    sections.append(_reproduce(manifest, lang))
    result = folder.result or {}
    return Report(
        lang=lang,
        kind=folder.kind,
        title=text("report_title_kind", lang, kind=text(f"kind_{folder.kind}", lang), name=name),
        subtitle=_subtitle(manifest, result, lang, date),
        headline=headline,
        sections=sections,
        footer=" · ".join(
            x for x in (name, date, f"simroi {manifest.get('simroi_version') or simroi.__version__}")
            if x
        ),
        currency=result.get("currency") or _scenario(manifest).get("currency") or "",
    )


def figures_of(folder: RunFolder, lang: str) -> dict[str, Any]:
    """Chart name -> matplotlib Figure drawn for the page (the view's ``page_figures``)."""
    view = view_of(folder.kind)
    draw = getattr(view, "page_figures", None)
    return dict(draw(folder, lang)) if callable(draw) else {}


def scenario_name(folder: RunFolder, lang: str) -> str:
    """The scenario's name (run.json, else the result's), or for a batch how many files."""
    manifest = folder.manifest or {}
    if manifest.get("scenarios"):
        return text("batch_name", lang, n=len(manifest["scenarios"]))
    name = _scenario(manifest).get("name") or (folder.result or {}).get("scenario")
    files = manifest.get("data_files") or ()
    if not name and files:  # a data command without a scenario: its data file
        name = str(files[0]["source"]).replace("\\", "/").rsplit("/", 1)[-1]
    return str(name or folder.path.name)


def _scenario(manifest: dict) -> dict:
    return ((manifest.get("scenario") or {}).get("scenario")) or {}


def _subtitle(manifest: dict, result: dict, lang: str, date: str) -> str:
    n = manifest.get("iterations") or result.get("iterations")
    parts = [text("iterations_count", lang, n=f"{n:,}")] if n else []
    if manifest.get("seed") is not None:
        parts.append(text("seed_is", lang, seed=manifest["seed"]))
    if date:
        parts.append(date)
    return " · ".join(parts)


def _reproduce(manifest: dict, lang: str) -> Section:
    """Seed, sampler, iterations, version, scenario hash, command and date: as text."""
    rows = [
        ("seed", manifest.get("seed_entropy_str")),
        ("sampler", manifest.get("sampler")),
        ("iterations", manifest.get("iterations")),
        ("version", manifest.get("simroi_version")),
        ("scenario_hash", manifest.get("scenario_sha256")),
        ("command", " ".join(manifest.get("command_line") or [])),
        ("created", manifest.get("created_utc")),
    ]
    cells = [  # a count is a number (the workbook stores it so); a seed can exceed Excel's
        [Cell.of(text(k, lang)), Cell(f"{v:,}", v, "number") if k == "iterations" and
         isinstance(v, int) else Cell.of(str(v))]
        for k, v in rows
        if v
    ]  # fmt: skip
    for f in manifest.get("data_files") or ():  # a data command's files, with their SHA-256
        role = text(f"role_{f['role']}", lang) if f"role_{f['role']}" in MESSAGES else f["role"]
        cells.append([Cell.of(text("data_file", lang, role=role)),
                      Cell.of(f"{f['source']} (SHA-256 {f.get('sha256') or '–'})")])  # fmt: skip
    table = Table((text("what", lang), text("value", lang)), cells)
    return Section(text("reproduce", lang), tables=(table,), anchor="reproduce")

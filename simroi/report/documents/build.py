"""Write a run folder's reports: ``report.html``, ``report.xlsx``, ``report.pdf``.

:data:`FORMATS` is the one table of report formats: ``simroi report``, ``--report``
on every command that writes a folder, and the notebook's ``Results.to_html`` and
``to_excel`` all write through it, and the command line's help lists its keys. Each
file is written under a hidden name and renamed into place, so a failed report
never leaves a half-written file. A folder whose command's view has sections
(:mod:`~simroi.report.documents.compose`) is written from its Report; a run's (and
until their views have sections, a comparison's and a sensitivity's) from the CFO
Document. Importing this module is light (the command
line reads :data:`FORMATS` when it starts); a writer imports what it needs.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from simroi.errors import SimroiError
from simroi.report.text.i18n import resolve_language
from simroi.runs.atomic import replace_atomically
from simroi.runs.layout import FOLDERS, REPORTS

if TYPE_CHECKING:
    from simroi.runs.readback import RunFolder

__all__ = ["FORMATS", "Format", "parse_formats", "report_language", "write_report", "write_reports"]


@dataclass(frozen=True)
class Format:
    """How one report is written: ``write(folder, path, lang, page, samples_csv)``.

    ``page`` is the report rendered as HTML for a format that ``prints_page`` (rendered
    once for all of them, before any file is written), else ``""``; ``samples_csv`` is
    where a workbook puts samples too many for a sheet (None: ``samples.csv`` beside it).
    """

    write: Callable[[RunFolder, Path, str, str, Path | None], object]
    prints_page: bool = False


def _html(folder: RunFolder, path: Path, lang: str, page: str, csv: Path | None) -> None:
    path.write_text(page, encoding="utf-8")


def _xlsx(folder: RunFolder, path: Path, lang: str, page: str, csv: Path | None) -> None:
    from simroi.report.documents.compose import view_of

    if view_of(folder.kind) is not None:
        from simroi.report.documents.xlsx_report import write_report_xlsx

        write_report_xlsx(folder, path, lang)
        return
    from simroi.report.documents.xlsx import write_xlsx

    write_xlsx(folder, path, lang, samples_csv=csv)


def _pdf(folder: RunFolder, path: Path, lang: str, page: str, csv: Path | None) -> None:
    from simroi.report.documents.pdf import write_pdf

    write_pdf(page, path)  # the PDF prints the same HTML


def _live(folder: RunFolder, path: Path, lang: str, page: str, csv: Path | None) -> None:
    from simroi.report.live.page import render_live

    path.write_text(render_live(folder, lang), encoding="utf-8")


#: Report format -> how it is written (its file in a run folder: runs.layout.REPORTS).
FORMATS = {
    "html": Format(_html, prints_page=True),
    "xlsx": Format(_xlsx),
    "pdf": Format(_pdf, prints_page=True),
    "live": Format(_live),  # the what-if page of a run: simroi.report.live
}


def parse_formats(spec: str | Iterable[str] | None) -> tuple[str, ...]:
    """``"html,xlsx"`` -> ``("html", "xlsx")``; an unknown format is an error naming it."""
    if spec is None:
        return ()
    parts = spec.split(",") if isinstance(spec, str) else list(spec)
    chosen = []
    for part in (p.strip().lower() for p in parts):
        if not part:
            continue
        if part not in FORMATS:
            raise SimroiError(
                f"--report: unknown format {part!r}; choose from {', '.join(FORMATS)}"
            )
        if part not in chosen:
            chosen.append(part)
    return tuple(chosen)


def report_language(folder: RunFolder, lang: str | None) -> str:
    """``lang``, else the scenario's ``scenario.language`` (from run.json), else English."""
    scenario = ((folder.manifest or {}).get("scenario") or {}).get("scenario") or {}
    return resolve_language(lang, scenario.get("language"))


def write_report(
    folder: RunFolder,
    path: str | os.PathLike[str],
    fmt: str,
    lang: str,
    *,
    page: str | None = None,
    samples_csv: str | os.PathLike[str] | None = None,
) -> Path:
    """Write the ``fmt`` report of ``folder`` in ``lang`` to ``path``, atomically.

    ``page`` is the HTML page when it was rendered already (html and pdf share it).
    """
    form = FORMATS[fmt]
    if page is None:
        page = _page(folder, lang, [fmt])
    csv = None if samples_csv is None else Path(samples_csv)
    return replace_atomically(path, lambda tmp: form.write(folder, tmp, lang, page, csv))


def _page(folder: RunFolder, lang: str, formats: Iterable[str]) -> str:
    """The report as HTML if one of ``formats`` prints it, else ``""``."""
    if not any(FORMATS[f].prints_page for f in formats):
        return ""
    from simroi.report.documents.compose import view_of

    if view_of(folder.kind) is not None:
        from simroi.report.documents.compose import figures_of, report_of
        from simroi.report.documents.page import render_page
        from simroi.report.plots.svg import to_svg

        report = report_of(folder, lang)
        charts = {name: to_svg(fig, name) for name, fig in figures_of(folder, lang).items()}
        return render_page(report, charts)
    from simroi.report.documents.html import render_html

    return render_html(folder, lang)


def write_reports(
    run_dir: str | os.PathLike[str], formats: Iterable[str], *, lang: str | None = None
) -> list[Path]:
    """Write the reports in ``formats`` into ``run_dir``; return their paths.

    The folder is read and checked first (see :func:`read_run_dir`), and a
    folder in the way of a report is refused, before anything is written.
    """
    from simroi.runs.readback import read_run_dir

    from simroi.report.documents.compose import check_renders

    folder = read_run_dir(run_dir)
    if not FOLDERS[folder.kind].reports:
        raise SimroiError(f"{folder.path}: simroi {folder.kind} makes no report yet")
    check_renders(folder.kind, folder.path)
    language = report_language(folder, lang)
    formats = parse_formats(list(formats))
    for fmt in formats:
        path = folder.path / REPORTS[fmt]
        if path.is_dir() and not path.is_symlink():  # a link is replaced, never followed
            raise SimroiError(f"{path}: is a folder, not a file; move it to write the report")
    from simroi.report.documents.document import shared_documents

    with shared_documents():  # the page and the workbook read the folder once
        page = _page(folder, language, formats)
        return [
            write_report(folder, folder.path / REPORTS[fmt], fmt, language, page=page)
            for fmt in formats
        ]

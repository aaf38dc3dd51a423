"""Write a run folder's reports: ``report.html``, ``report.xlsx``, ``report.pdf``.

``simroi report RUN_DIR`` and ``--report html,xlsx,pdf`` on run, sensitivity
and compare both end here. Each file is written under a hidden name and
renamed into place, so a failed report never leaves a half-written file.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from simroi.errors import SimroiError
from simroi.report.i18n import resolve_language
from simroi.runs.atomic import replace_atomically
from simroi.runs.layout import REPORTS
from simroi.runs.readback import RunFolder, read_run_dir

__all__ = ["FORMATS", "parse_formats", "report_language", "write_reports"]

FORMATS = tuple(REPORTS)  # html, xlsx, pdf


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


def write_reports(
    run_dir: str | os.PathLike[str], formats: Iterable[str], *, lang: str | None = None
) -> list[Path]:
    """Write the reports in ``formats`` into ``run_dir``; return their paths.

    The folder is read and checked first (see :func:`read_run_dir`), and a
    folder in the way of a report is refused, before anything is written.
    """
    folder = read_run_dir(run_dir)
    language = report_language(folder, lang)
    formats = parse_formats(list(formats))
    for fmt in formats:
        path = folder.path / REPORTS[fmt]
        if path.is_dir() and not path.is_symlink():  # a link is replaced, never followed
            raise SimroiError(f"{path}: is a folder, not a file; move it to write the report")
    written = []
    html_text = ""
    if "html" in formats or "pdf" in formats:  # the PDF prints the same HTML
        from simroi.report.html import render_html

        html_text = render_html(folder, language)
    for fmt in formats:
        path = folder.path / REPORTS[fmt]
        if fmt == "html":
            replace_atomically(path, lambda tmp: tmp.write_text(html_text, encoding="utf-8"))
        elif fmt == "pdf":
            from simroi.report.pdf import write_pdf

            replace_atomically(path, lambda tmp: write_pdf(html_text, tmp))
        else:
            from simroi.report.xlsx import write_xlsx

            replace_atomically(path, lambda tmp: write_xlsx(folder, tmp, language))
        written.append(path)
    return written

"""Results in a notebook: a short repr, the one-pager as an HTML table, a tidy DataFrame, files.

:class:`~simroi.simulation.results.Results` and
:class:`~simroi.analysis.compare.Comparison` delegate their ``__repr__``,
``_repr_html_``, ``summary_frame``, ``to_html`` and ``to_excel`` here, importing
this module only when called (the simulation stage does not depend on reports).
"""

from __future__ import annotations

import html
import os
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd

from simroi.report.documents import cfo
from simroi.report.text.i18n import count_text, resolve_language
from simroi.report.text.numbers import percent_to_error, prob_to_error
from simroi.runs.readback import RunFolder

__all__ = [
    "comparison_html",
    "comparison_repr",
    "results_html",
    "results_repr",
    "summary_frame",
    "write_results",
]


def results_repr(res: Any) -> str:
    """``<Results 'SMB CRM': 20,000 iterations, P(ROI > 0) 91.2 % ± 0.2, ROI P50 140 %>``."""
    if res.samples is None and res.samples_path is None:
        return f"<Results {res.scenario.name!r}: no samples>"
    s = res.summary()
    n, roi = s["iterations"], s["metrics"]["roi"]
    p = prob_to_error(s["prob_roi_positive"], s["prob_roi_positive_se"], n)
    return (
        f"<Results {s['scenario']!r}: {count_text(n)}, P(ROI > 0) {p}, "
        f"ROI P50 {percent_to_error(roi['p50'], roi['se_mean'])}>"
    )


def _rows_html(rows: list[tuple[str, str]], title: str) -> str:
    body = "".join(
        f"<tr><th style='text-align:left'>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>"
        for k, v in rows
    )
    caption = f"<caption style='text-align:left'><b>{html.escape(title)}</b></caption>"
    return f"<table>{caption}{body}</table>"


def results_html(res: Any, lang: str = "en") -> str:
    """The one-pager as an HTML table (the notebook's rich display)."""
    s = res.summary()
    rows = [("", cfo.headline(s, lang))]
    rows += [(r.label, r.text) for r in cfo.key_rows(s, lang)]
    for _, label, cells in cfo.percentile_rows(s, lang):
        rows.append((label, " / ".join(f"{c.label}: {c.text}" for c in cells[:3])))
    rows += [(r.label, r.text) for r in cfo.payback_rows(s, lang)]
    return _rows_html(rows, f"{s['scenario']} — {count_text(s['iterations'], lang)}")


def summary_frame(summary: dict) -> pd.DataFrame:
    """summary.json's metrics as a tidy table: one row per metric, one column per statistic."""
    frame = pd.DataFrame({k: v for k, v in summary["metrics"].items() if v}).T
    frame.index.name = "metric"
    return frame


def _folder(res: Any) -> RunFolder:
    scn = res.scenario
    manifest = {
        "scenario": scn.resolved,
        "scenario_source": scn.source,
        "scenario_sha256": scn.sha256,
        "seed_entropy_str": str(res.seed_entropy),
        "sampler": res.sampler,
        "iterations": res.iterations,
    }
    return RunFolder(
        Path(tempfile.gettempdir()),
        summary=res.summary(),
        manifest=manifest,
        samples_path=res.samples_path,
        samples=res.samples,
    )


def write_results(res: Any, path: str | os.PathLike[str], fmt: str, lang: str | None) -> Path:
    """``res`` as a report in ``fmt`` (a key of :data:`~simroi.report.documents.build.FORMATS`:
    ``"html"``, ``"xlsx"``) at ``path``."""
    from simroi.report.documents.build import write_report

    language = resolve_language(lang, res.scenario.resolved["scenario"].get("language"))
    path = Path(path)
    # too many samples for a sheet: <name>.samples.csv, never a file of the user's
    csv = path.with_name(f"{path.stem}.samples.csv")
    return write_report(_folder(res), path, fmt, language, samples_csv=csv)


def comparison_repr(cmp: Any) -> str:
    data = cmp.data
    return (
        f"<Comparison {data['scenario']!r}: {len(data['vendors'])} vendors on {data['metric']}, "
        f"{count_text(data['iterations'])}, ranking {' > '.join(cmp.ranking)}>"
    )


def comparison_html(cmp: Any, lang: str = "en") -> str:
    from simroi.report.documents.document import vendor_rows

    rows = [
        (v["name"], f"P(ROI > 0) {v['prob_roi_positive']} · P(best) {v['prob_best']} · {v['tco']}")
        for v in vendor_rows(cmp.data, lang)
    ]
    return _rows_html(rows, f"{cmp.data['scenario']} — {cmp.data['metric']}")

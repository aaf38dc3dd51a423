"""One report's content, the same for HTML, PDF and Excel: titles, rows and tables, in one language.

:func:`build` turns a run folder (:class:`~simroi.runs.readback.RunFolder`) into
a :class:`Document`; the writers (:mod:`~simroi.report.documents.html`,
:mod:`~simroi.report.documents.xlsx`) only lay it out. A compare folder's page one is its
leading vendor's; a sensitivity folder has no simulated summary, so its page
one is the drivers.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from simroi import __version__
from simroi.report.documents import cfo
from simroi.report.documents.inputs import InputRow, input_rows, source_notes
from simroi.report.text.i18n import months_text, text
from simroi.report.text.labels import input_label
from simroi.report.text.money import amount, compact
from simroi.report.text.numbers import MISSING, prob_to_error, sig
from simroi.runs.readback import RunFolder
from simroi.simulation.metrics import UNITS

__all__ = ["Document", "build", "samples_drivers", "shared_documents", "vendor_rows"]

TOP_DRIVERS = 5


@dataclass
class Document:
    lang: str
    kind: str
    title: str
    subtitle: str
    currency: str
    headline: str | None = None
    key_rows: list[cfo.Row] = field(default_factory=list)
    percentiles: list[tuple[str, str, list[cfo.Row]]] = field(default_factory=list)
    payback: list[cfo.Row] = field(default_factory=list)
    breakdown: list[cfo.Row] = field(default_factory=list)
    costs: list[cfo.Row] = field(default_factory=list)
    drivers: list[dict] = field(default_factory=list)
    drivers_note: str = ""
    inputs: list[InputRow] = field(default_factory=list)
    sensitivity: list[dict] = field(default_factory=list)
    sensitivity_note: str = ""
    vendors: list[dict] = field(default_factory=list)
    reproduce: list[tuple[str, str]] = field(default_factory=list)
    summary: dict | None = None
    footer: str = ""  # scenario, date, simroi version: printed at the foot of every page


# Inside shared_documents(): (id of the folder, language) -> (the folder, its Document).
_SHARED: ContextVar[dict[tuple[int, str], tuple[RunFolder, Document]] | None] = ContextVar(
    "simroi_shared_documents", default=None
)


@contextlib.contextmanager
def shared_documents() -> Iterator[None]:
    """Within this, :func:`build` makes each folder's Document once per language: the HTML
    and the workbook written together (``--report html,xlsx``) read the folder once. The
    writers never change a Document."""
    token = _SHARED.set({})
    try:
        yield
    finally:
        _SHARED.reset(token)


def build(folder: RunFolder, lang: str) -> Document:
    """The content of the report on ``folder`` in ``lang`` (``en`` or ``zh``)."""
    shared = _SHARED.get()
    if shared is None:
        return _build(folder, lang)
    key = (id(folder), lang)
    if key not in shared or shared[key][0] is not folder:
        shared[key] = (folder, _build(folder, lang))  # the folder kept: its id stays its own
    return shared[key][1]


def _build(folder: RunFolder, lang: str) -> Document:
    summary = folder.summary
    comparison, sens, manifest = folder.comparison, folder.sensitivity, folder.manifest or {}
    if summary is None and comparison is not None:
        leader = min(comparison["vendors"], key=lambda v: v["rank"])
        summary = leader["summary"]
    source = summary or comparison or sens or {}
    name = source.get("scenario", "")
    currency = source.get("currency", "")
    n = source.get("iterations") or manifest.get("iterations")
    date = (manifest.get("created_utc") or "")[:10]
    seed = manifest.get("seed_entropy_str") or source.get("seed")
    doc = Document(
        lang=lang,
        kind=folder.kind,
        title=text("report_title", lang, name=name),
        subtitle=text(
            "subtitle" if "horizon_months" in source else "subtitle_no_horizon",
            lang,
            n=f"{n:,}" if n else "?",
            horizon=source.get("horizon_months"),
            seed=seed,
            date=date,
        ).rstrip(" ·"),
        currency=currency,
        summary=summary,
        footer=" · ".join(
            x for x in (name, date, f"simroi {manifest.get('simroi_version') or __version__}") if x
        ),
    )
    if summary is not None:
        doc.headline = cfo.headline(summary, lang)
        if comparison is not None:
            doc.headline = f"{summary.get('vendor', '')}: {doc.headline}"
        doc.key_rows = cfo.key_rows(summary, lang)
        doc.percentiles = cfo.percentile_rows(summary, lang)
        doc.payback = cfo.payback_rows(summary, lang)
        doc.breakdown = cfo.breakdown_rows(summary, lang)
        doc.costs = cfo.cost_rows(summary, lang)
    labels = ((manifest.get("scenario") or {}).get("scenario") or {}).get("labels") or {}
    if sens is not None:
        doc.sensitivity, doc.sensitivity_note = _tornado_rows(sens, lang, labels)
        doc.drivers = doc.sensitivity[:TOP_DRIVERS]
        doc.drivers_note = doc.sensitivity_note
    elif folder.samples_path is not None or folder.samples is not None:
        doc.drivers = samples_drivers(folder, lang, labels)
        doc.drivers_note = text("drivers_rank_note", lang)
    if manifest.get("scenario"):
        notes = source_notes(manifest.get("scenario_source"), manifest.get("scenario_sha256"))
        doc.inputs = input_rows(manifest["scenario"], lang, notes)
    if comparison is not None:
        doc.vendors = vendor_rows(comparison, lang)
    doc.reproduce = _reproduce(manifest, source, lang)
    return doc


def samples_drivers(folder: RunFolder, lang: str, labels: dict | None = None) -> list[dict]:
    """The inputs whose draws rank-correlate most with ROI in the stored samples (Spearman)."""
    import pyarrow.parquet as pq

    if folder.samples is not None:
        names = list(folder.samples.columns)
    else:
        names = pq.read_schema(folder.samples_path).names
    inputs = [c for c in names if "." in c]
    cols = folder.columns("roi", *inputs)
    if "roi" not in cols or not inputs:
        return []
    roi = _ranks(cols["roi"])
    out = []
    for path in inputs:
        x = cols.get(path)
        if x is None or np.nanstd(x) == 0:
            continue
        rho = float(np.corrcoef(_ranks(x), roi)[0, 1])
        if math.isfinite(rho):
            out.append({"path": path, "label": input_label(path, lang, labels), "rho": rho})
    out.sort(key=lambda d: -abs(d["rho"]))
    for d in out:
        d["text"] = _rho(d["rho"])
    return out[:TOP_DRIVERS]


def _rho(rho: float) -> str:
    return f"ρ = {rho:+.2f}"


def _ranks(x: np.ndarray) -> np.ndarray:
    order = np.argsort(x, kind="stable")
    r = np.empty(x.size)
    r[order] = np.arange(x.size)
    return r


def _tornado_rows(sens: dict, lang: str, labels: dict) -> tuple[list[dict], str]:
    metric, cur = sens.get("metric", "npv"), sens.get("currency", "")

    def show(v: float | None) -> str:
        if v is None or not math.isfinite(v):
            return MISSING
        if metric == "payback_month":
            return text("months_value", lang, m=sig(v))
        return compact(v, UNITS[metric], lang, cur)

    rows = []
    for r in sens.get("tornado") or []:
        rows.append(
            {
                "path": r["input"],
                "label": input_label(r["input"], lang, labels),
                "text": f"{show(r['output_low'])} → {show(r['output_high'])}",
                "swing": r.get("swing"),
                "swing_text": show(r.get("swing")),
                "low": r["output_low"],
                "high": r["output_high"],
            }
        )
    rows.sort(key=lambda d: -abs(d["swing"] or 0.0))
    low, high = sens.get("low", 0.1), sens.get("high", 0.9)
    note = text("tornado_note", lang, low=f"{100 * low:g}", high=f"{100 * high:g}") if rows else ""
    if not rows and sens.get("spearman"):
        for path, rho in sorted(sens["spearman"].items(), key=lambda kv: -abs(kv[1] or 0)):
            rows.append(
                {
                    "path": path,
                    "label": input_label(path, lang, labels),
                    "text": _rho(rho),
                    "swing": rho,
                    "swing_text": f"{rho:+.2f}",
                }
            )
        note = text("drivers_rank_note", lang)
    return rows, note


def vendor_rows(comparison: dict, lang: str) -> list[dict]:
    """One row per vendor of ``compare.json`` content, best first, its figures as text."""
    n, cur = comparison["iterations"], comparison.get("currency", "")
    metric = comparison["metric"]
    rows = []
    for v in sorted(comparison["vendors"], key=lambda v: v["rank"]):
        s = v["summary"]
        m = s["metrics"][metric]
        unit = UNITS[metric]
        rows.append(
            {
                "name": v["name"],
                **{q: compact(m[q], unit, lang, cur) for q in ("mean", "p10", "p90")},
                "prob_roi_positive": prob_to_error(
                    s["prob_roi_positive"], s["prob_roi_positive_se"], n, plus_minus=False
                ),
                "prob_best": prob_to_error(v["prob_best"], v["prob_best_se"], n, plus_minus=False),
                "prob_best_value": v["prob_best"],
                "tco": amount(s["metrics"]["total_cost"]["mean"], lang, cur),
                "payback": months_text(s["payback"].get("p50_months"), lang),
                "summary": s,
            }
        )
    return rows


def _reproduce(manifest: dict, source: dict, lang: str) -> list[tuple[str, str]]:
    rows = [
        ("seed", manifest.get("seed_entropy_str") or source.get("seed")),
        ("sampler", manifest.get("sampler") or source.get("sampler")),
        ("iterations", manifest.get("iterations") or source.get("iterations")),
        ("version", manifest.get("simroi_version")),
        ("scenario_hash", manifest.get("scenario_sha256")),
        ("command", " ".join(manifest.get("command_line") or [])),
        ("created", manifest.get("created_utc")),
    ]
    return [(text(k, lang), f"{v:,}" if isinstance(v, int) else str(v)) for k, v in rows if v]


def summary_value(summary: dict, key: str) -> Any:
    """A dotted key of summary.json (``metrics.roi.p50``), None when absent."""
    node: Any = summary
    for part in key.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node

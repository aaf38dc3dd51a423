"""What a run folder holds: the one table of the files each command writes there.

Every command that writes a folder writes its result, ``<kind>.json`` (what it
computed; ``summary.json`` for a run), and ``run.json`` (how to make it again,
:mod:`simroi.runs.manifest`); some write tables (Parquet), charts (PNG, unless
``--no-plots``) and, with ``--report``, the reports. :data:`FOLDERS` lists them
by command; the rest of the package takes every file name from here, so adding
a file to a folder is one line below.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

__all__ = [
    "BASELINE_YAML",
    "CASES_CSV",
    "CASES_JSON",
    "CASES_TABLE",
    "Chart",
    "EXCEL_ROWS",
    "FOLDERS",
    "MARKERS",
    "PARTIAL",
    "REPORTS",
    "RUN_JSON",
    "SAMPLES",
    "SAMPLES_CSV",
    "SHEET_CELLS",
    "SUMMARY",
    "SWEEP_JSON",
    "SWEEP_TABLE",
    "Folder",
]

RUN_JSON = "run.json"  # every folder: versions, seed, sampler, iterations, scenario, command
SUMMARY = "summary.json"  # a run's result
SAMPLES = "samples.parquet"  # a run's samples: one row per iteration
SWEEP_JSON, SWEEP_TABLE = "sweep.json", "sweep.parquet"  # a sweep's or a batch's variants
BASELINE_YAML = "baseline.yaml"  # baseline's scenario fragment, as -o FILE writes it
# A batch of cases (batch --rows): what it did, and one row per case as a table and as CSV;
# the cases finished so far stay in PARTIAL until the batch is done (simroi.runs.cases).
CASES_JSON, CASES_TABLE, CASES_CSV = "cases.json", "cases.parquet", "cases.csv"
PARTIAL = "cases.partial"

# The reports (simroi.report.build) by format; samples.csv beside the workbook when a
# run's samples are too many for a sheet (more than SHEET_CELLS values or EXCEL_ROWS rows).
REPORTS = {
    "html": "report.html",
    "xlsx": "report.xlsx",
    "pdf": "report.pdf",
    "live": "live.html",
}
SAMPLES_CSV = "samples.csv"
EXCEL_ROWS = 1_048_575  # a sheet's rows below its header
SHEET_CELLS = 200_000  # about 0.5 s of XlsxWriter on a quiet machine


class Chart(StrEnum):
    """The charts' file names, by what they draw (simroi.report draws them)."""

    roi_histogram = "roi_histogram.png"
    roi_cdf = "roi_cdf.png"
    payback = "payback.png"
    breakdown = "breakdown.png"
    cash_flow = "cash_flow.png"
    convergence = "convergence.png"  # a run or comparison to a --precision
    tornado = "tornado.png"
    spider = "spider.png"
    sobol = "sobol.png"
    compare_cdf = "compare_cdf.png"
    compare_risk_return = "compare_risk_return.png"
    compare_difference = "compare_difference.png"
    sweep_line = "sweep_line.png"
    sweep_heatmap = "sweep_heatmap.png"
    voi = "voi.png"
    breakeven = "breakeven.png"
    stress = "stress.png"
    reforecast_fan = "reforecast_fan.png"
    evaluate = "evaluate.png"  # realised ROI to date against the forecast's
    fit = "fit.png"  # the data's CDF against the fitted families
    scorecard_bands = "scorecard_bands.png"  # each band's probability before go-live
    cases = "cases.png"  # how many cases of a batch have each P(ROI > 0)


@dataclass(frozen=True)
class Folder:
    """The files one command writes into its folder.

    Attributes
    ----------
    result : str
        What the command computed (``<kind>.json``), with ``run.json`` published last.
    tables : tuple of str
        Parquet files.
    charts : tuple of str
        PNG files, drawn unless ``--no-plots`` (those that apply: a sweep of one input
        draws sweep_line.png, of two sweep_heatmap.png).
    reports : bool
        Whether ``--report`` writes reports here (and ``simroi report`` reads it).
    files : tuple of str
        Other files the command writes there itself (baseline's scenario fragment, a
        batch of cases' CSV).
    on_request : bool
        Written only when asked for (``--output-dir`` or ``--report``): the data
        commands, which print their result, make a folder only then.
    """

    result: str
    tables: tuple[str, ...] = ()
    charts: tuple[str, ...] = ()
    reports: bool = False
    files: tuple[str, ...] = ()
    on_request: bool = False

    def writes(self, *, charts: bool = True, reports: bool = False) -> tuple[str, ...]:
        """Every name the command may write: an ``-o`` folder holding one is refused
        without ``--force``."""
        names = (self.result, RUN_JSON, *self.tables, *self.files)
        names += self.charts if charts else ()
        return names + ((*REPORTS.values(), SAMPLES_CSV) if reports and self.reports else ())


_RUN_CHARTS = (Chart.roi_histogram, Chart.roi_cdf, Chart.payback, Chart.breakdown, Chart.cash_flow)
_COMPARE_CHARTS = (Chart.compare_cdf, Chart.compare_risk_return, Chart.compare_difference)
FOLDERS = {
    "run": Folder(SUMMARY, (SAMPLES,), (*_RUN_CHARTS, Chart.convergence), reports=True),
    "sensitivity": Folder(
        "sensitivity.json", charts=(Chart.tornado, Chart.spider, Chart.sobol), reports=True
    ),
    "compare": Folder("compare.json", charts=(*_COMPARE_CHARTS, Chart.convergence), reports=True),
    "sweep": Folder(
        SWEEP_JSON, (SWEEP_TABLE,), (Chart.sweep_line, Chart.sweep_heatmap), reports=True
    ),
    "batch": Folder(SWEEP_JSON, (SWEEP_TABLE,), reports=True),
    # its pages list the first cases, its workbook every case (and so does cases.csv)
    "cases": Folder(CASES_JSON, (CASES_TABLE,), (Chart.cases,), reports=True, files=(CASES_CSV,)),
    "voi": Folder("voi.json", charts=(Chart.voi,), reports=True),
    "breakeven": Folder("breakeven.json", charts=(Chart.breakeven,), reports=True),
    "stress": Folder("stress.json", charts=(Chart.stress,), reports=True),
    "reforecast": Folder("reforecast.json", charts=(Chart.reforecast_fan,), reports=True),
    # the data commands: a folder with --output-dir or --report, else they only print
    "evaluate": Folder("evaluate.json", charts=(Chart.evaluate,), reports=True, on_request=True),
    "baseline": Folder("baseline.json", files=(BASELINE_YAML,), reports=True, on_request=True),
    "fit": Folder("fit.json", charts=(Chart.fit,), reports=True, on_request=True),
    "scorecard": Folder(
        "scorecard.json", charts=(Chart.scorecard_bands,), reports=True, on_request=True
    ),
}

# Published last, so that a folder whose result is there is whole (simroi.runs.staging).
MARKERS = frozenset({RUN_JSON, *(f.result for f in FOLDERS.values())})

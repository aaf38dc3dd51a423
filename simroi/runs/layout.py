"""What each command writes into its folder (its file names), and the samples' sheet limits."""

from __future__ import annotations

__all__ = ["EXCEL_ROWS", "SHEET_CELLS", "WRITES"]

# What each command may write: ``-o DIR`` holding one of these is refused without --force.
WRITES = {
    "run": ("summary.json", "run.json", "samples.parquet"),
    "run plots": (
        "roi_histogram.png",
        "roi_cdf.png",
        "payback.png",
        "breakdown.png",
        "cash_flow.png",
    ),
    "sensitivity": ("sensitivity.json", "tornado.png", "spider.png", "sobol.png"),
    "compare": ("compare.json",),
    "compare plots": ("compare_cdf.png", "compare_risk_return.png", "compare_difference.png"),
    "precision plots": ("convergence.png",),
    # simroi.report.build; samples.csv when a run's samples are too many for a sheet
    "reports": ("report.html", "report.xlsx", "report.pdf", "samples.csv"),
    "voi": ("voi.json", "voi.png"),
    "breakeven": ("breakeven.json", "breakeven.png"),
    "stress": ("stress.json", "stress.png"),
    "sweep": ("sweep.json", "sweep.parquet", "sweep_line.png", "sweep_heatmap.png"),
}

# A workbook's Samples sheet (simroi.report.xlsx_samples), else samples.csv beside it.
EXCEL_ROWS = 1_048_575  # a sheet's rows below its header
SHEET_CELLS = 200_000  # about 0.5 s of XlsxWriter on a quiet machine

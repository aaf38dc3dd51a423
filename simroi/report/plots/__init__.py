"""Charts of simroi results; the only package that imports matplotlib.

Every function draws the data it is given and returns a
:class:`matplotlib.figure.Figure`. Pass ``ax`` to draw on an existing Axes (its
figure is returned and its layout left alone); otherwise a new Figure with
constrained layout is made. pyplot is never imported, so nothing here depends on
a backend or on global figure state: save with ``fig.savefig(path, dpi=150)``.

Units: ROI-like metrics (``roi``, ``discounted_roi``, ``irr``) and probabilities
are fractions (4.0 = 400 %) and are shown in %; money is shown with k/M/B and
the currency code on the axis label. Non-finite values (NaN: "never", "none")
are dropped before drawing.

Modules: :mod:`~simroi.report.plots.run` (one run), :mod:`~simroi.report.plots.sensitivity`
and :mod:`~simroi.report.plots.compare` hold the charts; ``_values`` (units and tick
labels), ``_style`` (the look), ``_distribution`` (histograms, CDFs, percentile
lines) and ``_labels`` (text beside bars and points) what they share. Numbers
are written by :mod:`simroi.report.text.numbers`.
"""

# Not a chart: report.py titles charts with the metrics' display names.
from simroi.report.plots._values import METRIC_NAMES as METRIC_NAMES
from simroi.report.plots.cashflow import cash_flow_fan, cost_breakdown
from simroi.report.plots.compare import compare_cdf, compare_risk_return, paired_difference
from simroi.report.plots.run import breakdown, payback_curve, roi_cdf, roi_histogram
from simroi.report.plots.sensitivity import sobol, spider, tornado

__all__ = [
    "breakdown",
    "cash_flow_fan",
    "compare_cdf",
    "compare_risk_return",
    "cost_breakdown",
    "paired_difference",
    "payback_curve",
    "roi_cdf",
    "roi_histogram",
    "sobol",
    "spider",
    "tornado",
]

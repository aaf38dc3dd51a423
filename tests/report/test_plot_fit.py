"""The fit chart: the data's ECDF and one line per fitted family, the chosen one named."""

import numpy as np
from matplotlib.figure import Figure

from simroi.data.fit import fit
from simroi.report.plots.fit import fit_ecdf


def _legend(fig: Figure) -> list[str]:
    (ax,) = fig.axes
    return [t.get_text() for t in ax.get_legend().get_texts()]


def test_draws_data_and_fits_with_the_chosen_one_marked():
    x = np.random.default_rng(0).lognormal(1.0, 0.4, 500)
    r = fit(x)
    fig = fit_ecdf(r.values, r.curves(), chosen=r.label, title="t", xlabel="hours")
    fig.draw_without_rendering()
    labels = _legend(fig)
    assert labels[0] == "data (500 values)" and "lognormal — chosen" in labels
    assert len(labels) == 5  # the data and the four best fits
    (ax,) = fig.axes
    assert ax.get_xlabel() == "hours" and ax.get_title(loc="left") == "t"


def test_few_points_draw_the_recommended_pert_too():
    r = fit([2.5, 3.1, 4.0, 1.8, 2.9, 3.6, 2.2, 5.1])
    fig = fit_ecdf(r.values, r.curves(), chosen=r.label)
    fig.draw_without_rendering()
    assert "pert from the range — chosen" in _legend(fig)
    (x, _), *_ = r.curves().values()
    assert x.min() < r.spec["min"] and x.max() > r.spec["max"]  # the whole PERT is in view


def test_no_finite_value_says_so():
    fig = fit_ecdf(np.array([np.nan]), {}, chosen="normal")
    fig.draw_without_rendering()
    (ax,) = fig.axes
    assert any("No finite" in t.get_text() for t in ax.texts)

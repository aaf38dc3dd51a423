"""Streamed summaries (simulation/sketch.py, streaming.py, streamrun.py): equal to the exact
path's within the stated accuracy, checked by brute force against numpy on the same
iterations; identical on every back end; the kept rows reproducible by seed."""

import math
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from simroi import load_scenario
from simroi.errors import SimroiError
from simroi.simulation.backends import Processes, Serial
from simroi.simulation.engine import simulate_scenario
from simroi.simulation.metrics import SUMMARISED
from simroi.simulation.model import COSTS, STREAMS
from simroi.simulation.results import PERCENTILES, percentile_key
from simroi.simulation.sketch import Column, summarise, windows_from_pilot
from simroi.simulation.streaming import PILOT_ROWS, stream_summary, tolerance

ROOT = Path(__file__).resolve().parents[2]
SMB = ROOT / "configs" / "smb.yaml"
EXTRA = (2.5, 99)
HURDLE = 0.5


def _allowed(v: np.ndarray, p: float) -> float:
    """The stated accuracy of percentile ``p`` of the values ``v`` (NaN-free), by brute
    force: a tenth of its Monte Carlo SE (half the spread of the order statistics one
    binomial SE either side), or 1e-6 of its size (or of the P5-P95 spread near 0)."""
    s = np.sort(v)
    n, q = s.size, p / 100
    h, d = (n - 1) * q, math.sqrt(q * (1 - q) * n)
    se = (s[min(n - 1, math.ceil(h + d))] - s[max(0, math.floor(h - d))]) / 2
    spread = float(np.subtract(*np.percentile(s, [95, 5])))
    return tolerance(se, float(np.percentile(s, p)), spread) * (1 + 1e-9)


# --------------------------------------------------------------------------- the sketch alone


def _merged(x: np.ndarray, unit: int, fractions: list[float]) -> Column:
    pilot = np.sort(x[:PILOT_ROWS])
    windows = windows_from_pilot(pilot[~np.isnan(pilot)], fractions, x.size)
    col = Column(windows, (0.0,))
    for a in range(0, x.size, unit):
        col.add(summarise(x[a : a + unit], windows, (0.0,)))
    return col


def _read(col: Column, p: float) -> float:
    h = (col.n - 1) * p / 100
    j = math.floor(h)
    lo = col.order_statistic(j)[0]
    return lo + (h - j) * (col.order_statistic(j + 1)[0] - lo) if h > j else lo


@pytest.mark.parametrize("kind", ["lognormal with NaN", "atoms", "uniform"])
def test_sketch_equals_numpy_within_a_tenth_of_the_standard_error(kind):
    rng = np.random.default_rng(7)
    n = 300_000
    if kind == "atoms":  # a point mass holding the median, as a constant cost would
        x = np.where(rng.random(n) < 0.4, 2.5, rng.normal(2.5, 1.0, n))
    elif kind == "uniform":
        x = rng.random(n)
    else:
        x = rng.lognormal(0.0, 1.2, n) - 1.0
        x[rng.random(n) < 0.02] = np.nan
    ps = (*PERCENTILES, *EXTRA)
    col = _merged(x, 40_000, [p / 100 for p in ps])
    v = x[~np.isnan(x)]
    assert (col.n, col.rows, col.above[0]) == (v.size, n, int(np.sum(v > 0)))
    assert (col.lo, col.hi) == (v.min(), v.max())
    assert col.mean == pytest.approx(np.mean(v), rel=1e-13, abs=1e-15)
    assert col.std() == pytest.approx(np.std(v, ddof=1), rel=1e-12)
    for p in ps:
        assert abs(_read(col, p) - np.percentile(v, p)) <= _allowed(v, p), p
    k = math.floor(0.05 * v.size)
    total, bound = col.lowest_sum(k)
    exact = np.sort(v)[:k].sum()
    assert abs(total - exact) <= bound + 1e-12 * abs(exact)


# --------------------------------------------------------------------------- a scenario


@pytest.fixture(scope="module")
def scn():
    return load_scenario(
        SMB, overrides={"simulation.percentiles": list(EXTRA), "simulation.hurdle_rate": HURDLE}
    )


def _assert_within_accuracy(streamed: dict, exact: dict, samples) -> None:
    """Every figure of ``streamed`` against ``exact``: counts and probabilities equal, means
    to rounding, percentiles within the stated accuracy of numpy's on the same samples."""
    for key, value in exact.items():
        if key in ("metrics", "benefit_breakdown_mean", "cost_breakdown_mean", "cvar5_npv"):
            continue
        assert streamed[key] == value, key
    for group in ("benefit_breakdown_mean", "cost_breakdown_mean"):
        assert streamed[group] == pytest.approx(exact[group], rel=1e-12, abs=1e-9)
    assert streamed["cvar5_npv"] == pytest.approx(exact["cvar5_npv"], rel=1e-9)
    for m in SUMMARISED:
        got, want = streamed["metrics"][m], exact["metrics"][m]
        assert list(got) == list(want), m
        v = samples[m].to_numpy()
        v = v[~np.isnan(v)]
        for stat in ("n", "min", "max"):
            assert got[stat] == want[stat], (m, stat)
        for stat in ("mean", "std", "se_mean"):
            assert got[stat] == pytest.approx(want[stat], rel=1e-11, abs=1e-12), (m, stat)
        for p in (*PERCENTILES, *EXTRA):
            key = percentile_key(p)
            assert abs(got[key] - want[key]) <= _allowed(v, p), (m, key, got[key], want[key])


def test_streamed_summary_equals_the_exact_one_within_the_stated_accuracy(scn):
    n = PILOT_ROWS + 40_000  # the pilot is a prefix of the run, not all of it
    exact = simulate_scenario(scn, iterations=n, seed=11)
    streamed = simulate_scenario(scn, iterations=n, seed=11, keep_rows=0)
    assert streamed.samples is None
    got = streamed.summary(cash_flow=False)
    assert got["samples_kept"] == 0
    assert got["stream"]["unresolved"] == []
    assert got["stream"]["quantile_error_bound_se"] <= 0.1
    _assert_within_accuracy(got, exact.summary(cash_flow=False), exact.samples)


@pytest.mark.slow
def test_streamed_summary_at_a_million_iterations(scn):
    n = 1_000_000
    args = {"iterations": n, "seed": 5, "sampler": "random", "workers": 2}
    exact = simulate_scenario(scn, **args)
    streamed = simulate_scenario(scn, **args, keep_rows=0).summary(cash_flow=False)
    _assert_within_accuracy(streamed, exact.summary(cash_flow=False), exact.samples)


def test_kept_rows_are_the_first_rows_of_the_whole_run_and_reproducible(scn):
    whole = simulate_scenario(scn, iterations=9000, seed=4, chunk_size=2048)
    kept = simulate_scenario(scn, iterations=9000, seed=4, chunk_size=2048, keep_rows=777)
    again = simulate_scenario(scn, iterations=9000, seed=4, chunk_size=2048, keep_rows=777)
    other = simulate_scenario(scn, iterations=9000, seed=5, chunk_size=2048, keep_rows=777)
    assert len(kept.samples) == 777
    assert kept.samples.equals(whole.samples.iloc[:777])
    assert kept.samples.equals(again.samples)
    assert not kept.samples["roi"].equals(other.samples["roi"])
    assert kept.summary(cash_flow=False) == again.summary(cash_flow=False)


def test_the_same_numbers_with_one_worker_two_and_a_dask_cluster(scn):
    args = {"iterations": 30_000, "seed": 8, "chunk_size": 4096, "keep_rows": 5000}
    serial = simulate_scenario(scn, backend=Serial(), **args)
    with Processes(2) as pool:
        two = simulate_scenario(scn, backend=pool, **args)
    want = serial.summary(cash_flow=False)
    assert two.summary(cash_flow=False) == want
    assert two.samples.equals(serial.samples)
    pytest.importorskip("distributed")
    from simroi.simulation.backends import Dask

    with Dask("local", 2) as cluster:
        dask = simulate_scenario(scn, backend=cluster, **args)
    assert dask.summary(cash_flow=False) == want
    assert dask.samples.equals(serial.samples)


@pytest.mark.parametrize("bad", [-1, 1.5, True, "10"])
def test_bad_keep_rows_are_named(scn, bad):
    with pytest.raises(SimroiError, match="keep_rows: must be a whole number >= 0"):
        simulate_scenario(scn, iterations=100, keep_rows=bad)


def test_keep_rows_with_a_precision_is_refused(scn):
    with pytest.raises(SimroiError, match="keep_rows: a run to a precision"):
        simulate_scenario(scn, precision=0.01, keep_rows=10)


# --------------------------------------------------------------------------- refining


def _misleading_job(shift: float):
    """Columns of a fake model whose first PILOT_ROWS iterations lie ``shift`` below the
    rest: every quantile of the run falls outside the window its pilot placed."""

    def job(bounds):
        a, b = bounds
        i = np.arange(a, b)
        u = (i * 0.6180339887498949 + 0.1) % 1.0
        x = u + np.where(i < PILOT_ROWS, 0.0, shift)
        cols = {m: x.copy() for m in SUMMARISED}
        cols |= {k: np.full(i.size, 3.0) for k in ("payback_month", "discounted_payback_month")}
        cols |= {f"benefit_{s}": x.copy() for s in STREAMS}
        cols |= {f"cost_{c}": x.copy() for c in COSTS}
        return cols

    return job


def test_quantiles_outside_their_pilot_window_are_counted_again():
    n = 3 * PILOT_ROWS
    job = _misleading_job(5.0)
    scn = SimpleNamespace(
        name="t", currency="EUR", horizon_months=12, percentiles=(), hurdle_rate=None,
        payback_months=None, headline_payback_month=None,
    )  # fmt: skip
    bounds = [(a, min(a + 50_000, n)) for a in range(0, n, 50_000)]
    got = stream_summary(
        scn, job, n=n, seed=1, sampler="random", bounds=bounds,
        run_units=lambda sj, bs: map(sj, bs),
    )  # fmt: skip
    assert got["stream"]["passes"] >= 2
    assert got["stream"]["unresolved"] == []
    v = job((0, n))["roi"]
    for p in PERCENTILES:
        want = np.percentile(v, p)
        assert abs(got["metrics"]["roi"][f"p{p}"] - want) <= _allowed(v, p), p
    assert got["payback"]["prob_within_months"]["12"] == 1.0

"""Stress: a band conditioned inside the copula matches brute-force rejection."""

import numpy as np
import pytest
from scipy.stats import norm, spearmanr

import simroi
from simroi.analysis.stress import stress
from simroi.errors import SimroiError
from simroi.sampling.bands import draw_band
from simroi.sampling.designs import Design
from simroi.simulation.modelcall import parse_inputs

INPUTS = {
    "x": {"dist": "normal", "mean": 0, "sd": 1},
    "y": {"dist": "lognormal", "ci90": [1, 5]},
    "w": {"dist": "uniform", "low": 0, "high": 1},
}
CORR = [("x", "y", 0.6)]


def f(v):
    return {"out": v["x"] + v["y"] + v["w"]}


@pytest.mark.parametrize("sampler", ["lhs", "random"])
def test_lowest_decile_matches_brute_force_rejection(sampler):
    r = stress(
        f, INPUTS, 20_000, input="x", band=(0, 0.1), seed=1, correlations=CORR, sampler=sampler
    )
    case = r["cases"][0]
    df = simroi.simulate(f, INPUTS, 200_000, seed=2, correlations=CORR, sampler="random")
    kept = df[norm.cdf(df["x"]) < 0.1]
    out = kept["out"].to_numpy()
    se = out.std() * np.sqrt(1 / 20_000 + 1 / out.size)
    assert abs(case["mean"] - out.mean()) < 4 * se
    for q in (10, 50, 90):
        assert abs(case[f"p{q}"] - np.percentile(out, q)) < 6 * se
    p = (out > 0).mean()
    assert abs(case["prob_positive"] - p) < 4 * np.sqrt(p * (1 - p) * (1 / 20_000 + 1 / out.size))


def test_band_keeps_correlation_and_other_draws():
    dists, _ = parse_inputs(INPUTS)
    design = Design(dists, 20_000, seed=3, correlations=CORR)
    plain, banded = design.draw(0, 20_000), draw_band(design, 0, 20_000, "x", 0.0, 0.1)
    u = norm.cdf(banded["x"])
    assert u.min() >= 0 and u.max() <= 0.1 + 1e-12
    assert np.array_equal(plain["w"], banded["w"])  # outside the group: the same draws
    # y given x in its lowest decile: as in a rejection run
    big = Design(dists, 400_000, seed=4, correlations=CORR).draw(0, 400_000)
    keep = norm.cdf(big["x"]) < 0.1
    assert np.median(banded["y"]) == pytest.approx(np.median(big["y"][keep]), rel=0.03)
    rho = spearmanr(big["x"][keep], big["y"][keep])[0]
    assert spearmanr(banded["x"], banded["y"])[0] == pytest.approx(rho, abs=0.03)


def test_default_table_on_a_template_and_risk_events():
    from pathlib import Path

    scn = simroi.load_scenario(
        Path(simroi.__file__).parent / "scenario" / "templates" / "manufacturer.yaml"
    )
    r = stress(scn, n=2000, seed=1)
    labels = {(c["input"], c["label"]) for c in r["cases"]}
    assert ("risks.dealers do not adopt", "occurs") in labels
    assert ("drivers.conversion_lift", "lowest decile") in labels
    rows = {(c["input"], c["label"]): c for c in r["cases"]}
    low = rows[("drivers.conversion_lift", "lowest decile")]
    assert low["prob_positive"] < r["baseline"]["prob_positive"]
    on = rows[("risks.dealers do not adopt", "occurs")]
    off = rows[("risks.dealers do not adopt", "does not occur")]
    assert on["mean"] < r["baseline"]["mean"] < off["mean"]


def test_bad_stress_arguments():
    with pytest.raises(SimroiError, match="not an uncertain input"):
        stress(f, INPUTS, 1000, input="z", band=(0, 0.1))
    with pytest.raises(SimroiError, match="band"):
        stress(f, INPUTS, 1000, input="x", band=(0.5, 0.1))

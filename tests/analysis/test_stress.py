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


# ---------------------------------------------------------------- every sampler (issue 20)


def _smb():
    from pathlib import Path

    return simroi.load_scenario(Path(__file__).resolve().parents[2] / "configs" / "smb.yaml")


def _close(a: dict, b: dict, n: int) -> None:
    """Two stress rows agree within 3 standard errors of their difference."""
    se = np.hypot(a["mean_se"], b["mean_se"])
    assert abs(a["mean"] - b["mean"]) < 3 * se, (a, b)
    p = (a["prob_positive"] + b["prob_positive"]) / 2
    assert abs(a["prob_positive"] - b["prob_positive"]) <= 3 * np.sqrt(p * (1 - p) * 2 / n)


def test_the_default_table_is_the_same_under_every_sampler():
    """configs/smb.yaml: a discrete input (implementation months), a risk event and a
    correlated pair; the review's D1 refused this table under random and sobol."""
    scn = _smb()
    tables = {s: stress(scn, n=4096, seed=1, sampler=s) for s in ("lhs", "random", "sobol")}
    kinds = {scn.inputs[c["input"]].kind for c in tables["lhs"]["cases"]}
    assert {"discrete", "bernoulli", "pert"} <= kinds
    for s in ("random", "sobol"):
        assert [c["label"] for c in tables[s]["cases"]] == [
            c["label"] for c in tables["lhs"]["cases"]
        ]
        for a, b in zip(tables["lhs"]["cases"], tables[s]["cases"], strict=True):
            _close(a, b, 4096)


@pytest.fixture(scope="module")
def smb_plain():
    """A big plain run of configs/smb.yaml: the brute-force reference."""
    res = simroi.simulate_scenario(_smb(), iterations=200_000, seed=9, sampler="random")
    return res.samples


def _reference(samples, weight) -> tuple[float, float]:
    """The weighted mean NPV of a plain run's iterations and its standard error."""
    w = weight / weight.sum()
    y = samples["npv"].to_numpy()
    mean = float(w @ y)
    return mean, float(np.sqrt(np.sum(w**2 * (y - mean) ** 2)))


@pytest.mark.parametrize("sampler", ["lhs", "random", "sobol"])
@pytest.mark.parametrize(
    "input, case, weight",
    [
        # a risk event: rejection keeps the iterations where it occurs / does not
        ("risks.adoption stalls", {"occurs": True}, lambda x: x == 1),
        ("risks.adoption stalls", {"occurs": False}, lambda x: x == 0),
        # a discrete input (1, 2, 3 months with 0.5, 0.3, 0.2): a band on its steps keeps
        # one value; a band inside steps keeps each value with the share of its step inside
        ("adoption.implementation_months", {"band": (0.0, 0.1)}, lambda x: x == 1),
        ("adoption.implementation_months", {"band": (0.9, 1.0)}, lambda x: x == 3),
        (
            "adoption.implementation_months",
            {"band": (0.4, 0.6)},
            lambda x: np.select([x == 1, x == 2], [0.1 / 0.5, 0.1 / 0.3], 0.0),
        ),
    ],
)
def test_risk_events_and_discrete_inputs_match_rejection_from_a_plain_run(
    smb_plain, sampler, input, case, weight
):
    n = 8192
    row = stress(_smb(), n=n, seed=2, sampler=sampler, input=input, **case)["cases"][0]
    x = smb_plain[input].to_numpy()
    mean, se = _reference(smb_plain, np.asarray(weight(x), dtype=float))
    assert abs(row["mean"] - mean) < 4 * np.hypot(row["mean_se"], se)


CORRELATED = {
    "x": {"dist": "normal", "mean": 0, "sd": 1},
    "k": {"dist": "discrete", "values": [0, 1], "probs": [0.7, 0.3]},  # an event, as data
    "m": {"dist": "discrete", "values": [1, 2, 3], "probs": [0.2, 0.5, 0.3]},
}
CORRELATED_PAIRS = [("x", "k", 0.6), ("x", "m", -0.4)]


def g(v):
    return {"out": v["x"] + 2 * v["k"] + v["m"]}


@pytest.mark.parametrize("sampler", ["lhs", "random", "sobol"])
@pytest.mark.parametrize(
    "input, band, keep",
    [("k", (0.7, 1.0), lambda d: d["k"] == 1), ("m", (0.0, 0.2), lambda d: d["m"] == 1)],
)
def test_correlated_discrete_inputs_match_rejection_under_every_sampler(sampler, input, band, keep):
    """The score of a correlated discrete input comes from the design's uniforms."""
    n = 8192
    r = stress(g, CORRELATED, n, input=input, band=band, seed=5, sampler=sampler,
               correlations=CORRELATED_PAIRS)  # fmt: skip
    row = r["cases"][0]
    big = simroi.simulate(g, CORRELATED, 400_000, seed=6, correlations=CORRELATED_PAIRS)
    out = big["out"][keep(big)].to_numpy()
    se = np.hypot(row["mean_se"], out.std() / np.sqrt(out.size))
    assert abs(row["mean"] - out.mean()) < 4 * se
    assert abs(row["p50"] - np.median(out)) < 6 * se

"""Re-forecast: conjugate closed forms, calibration over simulated go-lives, consistency, CLI."""

import datetime as dt
import json
import re

import numpy as np
import pytest
from click.testing import CliRunner
from conftest import EXPORTS
from ruamel.yaml import YAML
from scipy import stats

from simroi.cli import main
from simroi.data.evaluate import evaluate
from simroi.data.kpis import KPI_ROLES, MonthlyKPIs, load_kpis
from simroi.data.reforecast import fit, reforecast
from simroi.errors import ConfigError, SimroiError
from simroi.scenario.config import load_scenario
from simroi.simulation.engine import simulate_scenario

KPIS = EXPORTS / "golive_kpis.csv"
GO_LIVE = "2025-01-01"
# The scenario the KPI sample matches (tests/data/test_evaluate.py's: leads 100, conversion
# 20 %, deal value 5,000); the prior is a conversion lift uniform on [0, 1]
SAMPLE = {**YAML(typ="safe").load((EXPORTS / "golive.yaml").read_text()),
          "simulation": {"iterations": 4000, "seed": 2}}  # fmt: skip


def _day(year: int, month: int) -> float:
    return float((dt.date(year, month, 1) - dt.date(1970, 1, 1)).days)


def kpi_table(first: tuple[int, int], **figures) -> MonthlyKPIs:
    """A KPI table of consecutive months from ``first`` with the given figures."""
    m = len(next(iter(figures.values())))
    month = np.array([_day(first[0] + (first[1] - 1 + j) // 12, (first[1] - 1 + j) % 12 + 1)
                      for j in range(m)])  # fmt: skip
    full = {r: np.full(m, np.nan) for r in KPI_ROLES if r != "month"}
    full.update({k: np.asarray(v, dtype=float) for k, v in figures.items()})
    return MonthlyKPIs("kpis", {"month": "Month", **{k: k for k in figures}}, month, full,
                       np.arange(m) + 2)  # fmt: skip


# --------------------------------------------------------------------------- closed forms

A, B = 5.0, 15.0  # the conversion rate after go-live, 0.2 (1 + lift), is Beta(5, 15)
CONJUGATE = {
    **SAMPLE,
    "drivers": {"conversion_lift": {"dist": "beta", "a": A, "b": B, "min": -1, "max": 4},
                "capacity_share": 0.0},
    "adoption": {"implementation_months": 0, "ramp_months": 0, "ceiling": 1},
}  # fmt: skip


def test_a_beta_prior_on_the_conversion_rate_gives_the_beta_binomial_posterior():
    # lift = 5 p - 1 maps p in [0, 1] onto the beta's [-1, 4]: p ~ Beta(5, 15), adoption
    # complete from go-live, constant leads: the posterior of p is Beta(5 + won, 15 + lost)
    won = np.random.default_rng(3).binomial(100, 0.26, 12)
    kpis = kpi_table((2025, 1), leads=np.full(12, 100), won=won)
    post = stats.beta(A + won.sum(), B + 1200 - won.sum())
    exact = {"mean": 5 * post.mean() - 1, "p5": 5 * post.ppf(0.05) - 1,
             "p95": 5 * post.ppf(0.95) - 1}  # fmt: skip
    scn, n, seeds = load_scenario(CONJUGATE), 4000, 8
    got = np.array([
        [(lift := fit(scn, kpis, GO_LIVE, n=n, seed=s, sampler="lhs").inputs()
          ["drivers.conversion_lift"]).mean(), *np.percentile(lift, [5, 95])]
        for s in range(seeds)
    ])  # fmt: skip
    # Monte Carlo error from the spread over independent seeds; and the sampler is nearly
    # as good as n independent draws (spread within 2x the iid standard error)
    spread = got.std(axis=0, ddof=1)
    for j, key in enumerate(("mean", "p5", "p95")):
        assert abs(got[:, j].mean() - exact[key]) < 4 * spread[j] / np.sqrt(seeds), key
    assert spread[0] < 2 * 5 * post.std() / np.sqrt(n)
    # the public function reports the same posterior
    r = reforecast(CONJUGATE, kpis, GO_LIVE, iterations=n, seed=0)
    d = r["inputs"]["drivers.conversion_lift"]
    assert d["informed_by"] == "data" and r["kept_prior"] == []
    assert abs(d["posterior"]["mean"] - exact["mean"]) < 4 * 2 * 5 * post.std() / np.sqrt(n)
    assert d["prior"]["mean"] == pytest.approx(5 * A / (A + B) - 1, abs=4 * 5 * 0.1 / np.sqrt(n))


def test_a_risk_events_posterior_probability_is_bayes_rule():
    # lift 0.5 for sure; an event (prior 40 %) that wipes the benefit out: the data decide
    # between conversion 0.3 (no event) and 0.2 (event) by their binomial likelihoods
    scn = {**SAMPLE, "drivers": {"conversion_lift": 0.5, "capacity_share": 0.0},
           "risks": [{"name": "stall", "probability": 0.4, "benefit_multiplier": 0.0}]}  # fmt: skip
    won = np.array([24, 27, 22, 25])
    kpis = kpi_table((2025, 1), leads=np.full(4, 100), won=won)
    l1, l0 = (stats.binom.logpmf(won, 100, p).sum() for p in (0.3, 0.2))
    exact = 0.4 * np.exp(l0) / (0.4 * np.exp(l0) + 0.6 * np.exp(l1))
    n = 8000
    r = reforecast(scn, kpis, GO_LIVE, iterations=n, seed=1)
    got = r["inputs"]["risks.stall"]["posterior"]["mean"]
    assert abs(got - exact) < 4 * 1.5 * np.sqrt(exact * (1 - exact) / n), (got, exact)


# --------------------------------------------------------------------------- calibration

CALIBRATION = {
    "scenario": {"name": "calibration", "horizon_months": 36, "discount_rate": 0.0},
    "baseline": {"leads_per_month": 100, "conversion_rate": 0.2, "avg_deal_value": 5000,
                 "gross_margin": 0.5, "customers": 500, "monthly_churn": 0.02,
                 "customer_monthly_margin": 100},
    "drivers": {"conversion_lift": {"dist": "pert", "min": 0, "mode": 0.3, "max": 0.8},
                "deal_size_lift": {"dist": "pert", "min": -0.1, "mode": 0.05, "max": 0.3},
                "churn_reduction": {"dist": "pert", "min": 0, "mode": 0.3, "max": 0.6},
                "capacity_share": 0.0},
    "adoption": {"implementation_months": 2, "ramp_months": {"dist": "uniform", "low": 1,
                                                             "high": 6}},
    "costs": {"one_time": {"crm": 100_000}},
}  # fmt: skip
INFORMED = ("drivers.conversion_lift", "drivers.deal_size_lift", "drivers.churn_reduction",
            "adoption.ramp_months")  # fmt: skip


def _simulated_go_live(rng, scn, before: int, after: int):
    """True inputs drawn from the prior and a KPI table drawn from them, month by month
    (docs/model.md written out again: leads Poisson, won binomial, deal values normal
    with sd 2,000 a deal, churn binomial of 500 customers)."""
    truth = {p: float(scn.uncertain[p].ppf(rng.random(1))[0]) for p in INFORMED}
    k = np.arange(before + after) - before + 1.0
    a = np.clip(k / truth["adoption.ramp_months"], 0.0, 1.0)
    leads = rng.poisson(100, k.size)
    won = rng.binomial(leads, 0.2 * (1 + truth["drivers.conversion_lift"] * a))
    value = 5000 * (1 + truth["drivers.deal_size_lift"] * a)
    value = np.where(won > 0, value + 2000 / np.sqrt(np.maximum(won, 1)) * rng.normal(size=k.size),
                     np.nan)  # fmt: skip
    lost = rng.binomial(500, 0.02 * (1 - truth["drivers.churn_reduction"] * a))
    kpis = kpi_table((2023, 1), leads=leads, won=won, avg_deal_value=value,
                     churn_rate=lost / 500, customers=np.full(k.size, 500))  # fmt: skip
    return truth, kpis, kpis.month[before]


def calibrate(sims: int, months: tuple[int, ...], n: int, seed: int = 11):
    """Coverage of the posterior 90 % intervals and RMSE of the posterior means, by months."""
    scn, rng = load_scenario(CALIBRATION), np.random.default_rng(seed)
    cover, rmse = {}, {}
    for after in months:
        hit, err = np.zeros(len(INFORMED)), np.zeros(len(INFORMED))
        for s in range(sims):
            truth, kpis, go_live = _simulated_go_live(rng, scn, 6, after)
            x = fit(scn, kpis, go_live, n=n, seed=s, sampler="lhs").inputs()
            for i, p in enumerate(INFORMED):
                lo, hi = np.percentile(x[p], [5, 95])
                hit[i] += lo <= truth[p] <= hi
                err[i] += (x[p].mean() - truth[p]) ** 2
        cover[after], rmse[after] = hit / sims, np.sqrt(err / sims)
    return cover, rmse


def test_calibration_small():
    # 20 go-lives: coverage pooled over the 4 inputs (80 intervals, sd 3.4 %) and months
    cover, rmse = calibrate(20, (6, 24), n=800)
    pooled = np.mean([c.mean() for c in cover.values()])
    assert 0.80 <= pooled <= 0.98, cover
    assert np.all(rmse[24][:3] < rmse[6][:3]), rmse  # the lifts: more months, less error


@pytest.mark.slow
def test_calibration_over_200_simulated_go_lives():
    # Recorded (seed 11, n = 1,000): see docs/reforecast.md for the measured coverages.
    cover, rmse = calibrate(200, (6, 12, 24), n=1000)
    print("coverage", cover, "rmse", rmse)
    for i, p in enumerate(INFORMED):  # 600 intervals an input: sd 1.2 %
        pooled = np.mean([c[i] for c in cover.values()])
        assert 0.85 <= pooled <= 0.95, (p, cover)
    for i in range(3):  # the lifts; the ramp is learned from the ramp's months only
        assert rmse[6][i] > rmse[12][i] > rmse[24][i], (INFORMED[i], rmse)


# --------------------------------------------------------------------------- consistency


def test_with_no_month_seen_the_posterior_is_the_prior_run_bit_for_bit():
    kpis = kpi_table((2024, 1), leads=[90, 110, 100], won=[18, 23, 20])  # all before go-live
    r = reforecast(SAMPLE, kpis, GO_LIVE, iterations=3000, seed=4)
    assert r["months_observed"] == 0 and r["months_before_go_live"] == 3
    prior = simulate_scenario(load_scenario(SAMPLE), iterations=3000, seed=4).summary()
    assert r["prior"] == prior and r["posterior"] == prior
    assert r["kept_prior"] == ["drivers.conversion_lift"] and r["inputs"] == {}
    assert r["effective_sample_size"] == 3000 and r["method"]["stages"] == []
    assert r["sentence"].startswith("With no month live observed yet")


def test_evaluates_realised_figures_are_unchanged_and_nothing_is_mutated():
    kpis = load_kpis(KPIS)
    before = {k: v.copy() for k, v in kpis.figures.items()}
    args = dict(go_live=20089.0, replicates=300, iterations=1000)
    first = evaluate(load_scenario(SAMPLE), kpis, **args).to_dict()
    reforecast(SAMPLE, kpis, GO_LIVE, iterations=1000, seed=0)
    assert evaluate(load_scenario(SAMPLE), kpis, **args).to_dict() == first
    for k, v in before.items():
        assert np.array_equal(v, kpis.figures[k], equal_nan=True), k


def test_the_months_seen_pay_their_actual_costs_closed_form():
    # nothing to learn (no counts), everything constant: implementation 2 months, go-live
    # 2025-01: Nov and Dec are months 1 and 2, Jan and Feb months 3 and 4
    scn = {**SAMPLE, "scenario": {"name": "costs", "horizon_months": 12, "discount_rate": 0},
           "adoption": {"implementation_months": 2, "ramp_months": 0, "ceiling": 1},
           "costs": {"one_time": {"crm": 10_000}, "monthly": {"licence": 1000}}}  # fmt: skip
    kpis = kpi_table((2024, 11), costs=[5000, 6000, 1500, 1500])
    r = reforecast(scn, kpis, GO_LIVE, iterations=500, seed=0)
    cost = r["posterior"]["metrics"]["total_cost"]
    # month 0 keeps the forecast's 10,000; months 1-4 are actual; months 5-12: 1,000 each
    assert cost["min"] == cost["max"] == 10_000 + 14_000 + 8 * 1000
    assert r["prior"]["metrics"]["total_cost"]["mean"] == 10_000 + 12 * 1000
    assert r["posterior"]["cost_breakdown_mean"]["risk"] == pytest.approx(10_000)
    assert r["costs"]["actual"] == 14_000 and r["seen"]["share"][:6] == [1.0] * 5 + [0.0]


# --------------------------------------------------------------------------- the sample


@pytest.fixture(scope="module")
def sample():
    return reforecast(SAMPLE, KPIS, GO_LIVE, iterations=4000, seed=3)


def test_the_sample_learns_the_lift_and_says_how(sample):
    d = sample["inputs"]["drivers.conversion_lift"]
    # 12 months of ~110 leads at 20 % -> 25 %: the lift is near 0.25, far from the prior's 0.5
    assert d["posterior"]["p5"] < 0.30 < d["posterior"]["p95"]
    assert d["posterior"]["p95"] - d["posterior"]["p5"] < 0.3 * (d["prior"]["p95"]
                                                                 - d["prior"]["p5"])  # fmt: skip
    assert sample["months_observed"] == 12 and sample["costs"]["actual"] == 144_000
    (term,) = sample["evidence"]
    assert term["term"] == "conversion" and term["months"] == 24
    # strong data: the guard is crossed, and the output says what was done
    assert sample["effective_sample_size"] < 0.5 * 4000
    assert len(sample["method"]["stages"]) > 1
    assert any("below the guard of 2,000" in n and "tempered steps" in n
               for n in sample["notes"])  # fmt: skip
    assert re.fullmatch(r"After 12 months live, the chance of paying back within \d+ months "
                        r"is \d+ %, (down|up) from \d+ %\.", sample["sentence"])  # fmt: skip


def test_weak_data_stay_above_the_guard_in_one_step():
    kpis = kpi_table((2025, 1), leads=[100], won=[24])
    r = reforecast(SAMPLE, kpis, GO_LIVE, iterations=4000, seed=3)
    assert r["effective_sample_size"] >= 2000 and len(r["method"]["stages"]) == 1
    assert not any("guard" in n for n in r["notes"])


def test_same_seed_same_result(sample):
    again = reforecast(SAMPLE, KPIS, GO_LIVE, iterations=4000, seed=3)
    assert json.dumps(again, sort_keys=True) == json.dumps(sample, sort_keys=True)


def test_a_deals_export_is_evidence_too():
    r = reforecast(SAMPLE, EXPORTS / "golive_deals.csv", GO_LIVE, iterations=3000, seed=1)
    d = r["inputs"]["drivers.conversion_lift"]["posterior"]
    assert d["p5"] < 0.30 < d["p95"]  # the export's true lift
    assert r["costs"]["actual"] is None
    assert any("open deals are left out" in n for n in r["notes"])


def test_an_input_correlated_with_an_informed_one_moves_and_is_named():
    cycle = {"dist": "uniform", "low": 0, "high": 0.5}
    pair = ["drivers.conversion_lift", "drivers.cycle_shortening", 0.8]
    scn = {**SAMPLE, "drivers": {**SAMPLE["drivers"], "cycle_shortening": cycle},
           "correlations": [pair]}  # fmt: skip
    r = reforecast(scn, KPIS, GO_LIVE, iterations=3000, seed=1)
    d = r["inputs"]["drivers.cycle_shortening"]
    assert d["informed_by"] == "correlation" and "drivers.cycle_shortening" not in r["kept_prior"]
    assert d["posterior"]["mean"] < d["prior"]["mean"] - 0.05  # dragged down with the lift


def test_bad_arguments_are_clean_errors():
    with pytest.raises(ConfigError, match="go_live: must be a date YYYY-MM-DD, got '2025-13-01'"):
        reforecast(SAMPLE, KPIS, "2025-13-01")
    with pytest.raises(ConfigError, match="actuals: must be a KPI table"):
        reforecast(SAMPLE, [1, 2], GO_LIVE)
    with pytest.raises(SimroiError, match="iterations: at most 200,000 for a re-forecast"):
        reforecast(SAMPLE, KPIS, GO_LIVE, iterations=300_000)
    with pytest.raises(ConfigError, match=r"guard: .*got 1.5"):
        reforecast(SAMPLE, KPIS, GO_LIVE, guard=1.5)


# --------------------------------------------------------------------------- the command


def _cli(tmp_path, actuals=KPIS, *more):
    (tmp_path / "s.yaml").write_text(json.dumps(SAMPLE))
    args = ["reforecast", str(tmp_path / "s.yaml"), "--actuals", str(actuals), "--go-live",
            GO_LIVE, "-n", "2000", "--seed", "1", *more]  # fmt: skip
    return CliRunner().invoke(main, args)


def test_the_command_prints_the_table_and_the_sentence_and_writes_the_json(tmp_path):
    out = tmp_path / "run"
    r = _cli(tmp_path, KPIS, "-o", str(out))
    assert r.exit_code == 0, r.output
    assert "P(ROI > 0)" in r.output and "Re-forecast" in r.output
    assert re.search(r"After 12 months live, the chance of paying back within", r.output)
    assert "Conversion lift" in r.output and "drivers.conversion_lift" not in r.output
    zh = _cli(tmp_path, KPIS, "-o", str(tmp_path / "zh"), "--lang", "zh", "--no-plots")
    assert "重新预测" in zh.stdout and "转化率提升幅度" in zh.stdout and "上线 12 个月后" in zh.stdout
    assert "Forecast" not in zh.stdout and "Conversion" not in zh.stdout
    data = json.loads((out / "reforecast.json").read_text())
    assert set(data) >= {"prior", "posterior", "inputs", "effective_sample_size",
                         "months_observed"}  # fmt: skip
    again = _cli(tmp_path, KPIS, "-o", str(out))
    assert again.exit_code == 2 and "--force" in again.output
    r = _cli(tmp_path, KPIS, "-o", str(out), "--force", "--json")
    assert r.exit_code == 0 and json.loads(r.stdout) == data


def test_a_malformed_kpi_table_gets_evaluates_errors_and_nothing_is_written(tmp_path):
    bad = tmp_path / "kpis.csv"
    text = KPIS.read_text().splitlines()
    text[5] = text[5].replace("2.19%", "2.19")  # line 6: a churn rate of 219 %
    text[8] = "2024-08-99" + text[8][7:]  # line 9: no such month
    bad.write_text("\n".join(text) + "\n")
    r = _cli(tmp_path, bad, "-o", str(tmp_path / "run"))
    assert r.exit_code == 2 and "Traceback" not in r.output
    assert "line 6, column 'Churn Rate' (churn_rate): must be a fraction 0..1" in r.output
    assert "line 9, column 'Month' (month): cannot read '2024-08-99' as a month" in r.output
    assert not (tmp_path / "run").exists()
    r = _cli(tmp_path, KPIS, "--go-live", "2025-02-30")
    assert r.exit_code == 2 and "--go-live 2025-02-30: must be a date YYYY-MM-DD" in r.output


def test_every_test_docs_reforecast_md_cites_exists():
    root = EXPORTS.parents[2]
    text = (root / "docs" / "reforecast.md").read_text(encoding="utf-8")
    sources = "\n".join(p.read_text(encoding="utf-8") for p in (root / "tests").rglob("test_*.py"))
    cited = set(re.findall(r"\b(test_\w+)\b(?!\.py)", text))
    assert len(cited) >= 8
    assert not sorted(n for n in cited if f"def {n}(" not in sources)
    for path in re.findall(r"`(tests/[\w/]+\.py)", text):
        assert (root / path).is_file(), path


def test_the_sentence_names_the_forecasts_median_month_and_never_says_0_or_100():
    from simroi.data.reforecast import _sentence

    def summary(*p):
        return {"payback": {"prob_within_months": dict(zip(("6", "12", "24"), p, strict=True))}}

    prior, post = summary(0.2, 0.93, 1.0), summary(0.0, 0.0007, 0.9)
    assert _sentence(8, prior, post) == (
        "After 8 months live, the chance of paying back within 12 months is under 1 %, "
        "down from 93 %."
    )
    assert _sentence(1, summary(0.1, 0.2, 0.3), summary(0.1, 0.2, 0.9996)).endswith(
        "within 24 months is over 99 %, up from 30 %."
    )
    assert "is 30 %, as forecast." in _sentence(0, summary(0.1, 0.2, 0.3), summary(0, 0, 0.3))


def test_the_fan_draws_the_forecast_and_the_re_forecast_of_the_json_the_months_seen_shaded(
    sample,
):
    import matplotlib.colors as mcolors
    from matplotlib.collections import PolyCollection
    from matplotlib.patches import Rectangle

    from simroi.report.views.reforecast import figures

    for lang in ("en", "zh"):
        (fig,) = figures(sample, lang=lang).values()
        ax = fig.axes[0]
        prior, post = sample["prior"]["cash_flow"], sample["posterior"]["cash_flow"]
        medians = [line.get_ydata() for line in ax.get_lines() if len(line.get_ydata()) > 2]
        assert [list(y) for y in medians] == [prior["p50"], post["p50"]]
        bands = [c for c in ax.collections if isinstance(c, PolyCollection)]
        assert len(bands) == 2  # the forecast's P10-P90 and the re-forecast's
        # months 0..12 are seen in every iteration: the shading ends at month 12
        spans = [p for p in ax.patches if isinstance(p, Rectangle) and mcolors.to_rgba(
            p.get_facecolor())[3] < 0.5]  # fmt: skip
        (span,) = spans
        assert span.get_x() + span.get_width() == pytest.approx(12)
        assert f"{sample['months_observed']}" in ax.texts[-1].get_text()

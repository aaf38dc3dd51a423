"""The live page's payload: exact linear levers against reruns, its size, refusals by name.

The page's arithmetic for levers is repeated here in numpy on the payload (the same
formulas as live.js) and compared with ``simroi run --set`` on the same seed.
"""

import json
import re

import numpy as np
import pytest
from click.testing import CliRunner

from simroi.cli import main
from simroi.errors import SimroiError
from simroi.report.live.page import render_live
from simroi.report.live.payload import LEVER_MAX, build_payload, decode, payload_size
from simroi.runs.readback import read_run_dir

ROOT = __import__("pathlib").Path(__file__).resolve().parents[2]


def run_folder(out, config: str, *extra: str):
    """``simroi run CONFIG -n 2000 --seed 3 -o OUT [extra]``, which must succeed."""
    args = ["run", str(ROOT / "configs" / config), "-n", "2000", "--seed", "3", "-o", str(out)]
    r = CliRunner().invoke(main, [*args, *extra])
    assert r.exit_code == 0, r.output
    return out


SETS = {"costs.seats": 20, "costs.price_per_seat_month": 120, "costs.one_time.data_migration": 4500}


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    return run_folder(tmp_path_factory.mktemp("live") / "run", "smb.yaml", "--no-plots")


def _column(c, n):
    return np.full(n, c["const"]) if "const" in c else decode(c["f8"], "f8")


def page_results(p: dict, sets: dict) -> dict:
    """ROI, NPV and payback month of every iteration as live.js computes them."""
    n, never = p["n"], p["horizon"] + 1
    tc, npv = decode(p["tc"], "f8").copy(), decode(p["npv"], "f8").copy()
    pb = decode(p["pb"], "u1").astype(int)
    dvs = []
    for lever in p["levers"]:
        value = np.prod([sets.get(path, b) for path, b in zip(lever["paths"], lever["base"])])
        dv = value - np.prod(lever["base"])
        dvs.append(dv)
        tc += dv * _column(lever["tc"], n)
        npv += dv * _column(lever["npv"], n)
    w = p["windows"]
    rows = decode(w["rows"], "u4")
    start, length = decode(w["start"], "u1").astype(int), decode(w["length"], "u1").astype(int)
    last, low, span = decode(w["last"], "u1"), decode(w["low"], "f4"), decode(w["span"], "f4")
    cash = decode(w["cash"], "u2").astype(int)
    for j in range(len(rows)):  # each row's steps are stored as differences modulo 2**16
        o = int(np.sum(length[:j]))
        cash[o : o + length[j]] = np.cumsum(cash[o : o + length[j]]) % 65536
    offset = 0
    for j, i in enumerate(rows):
        found = last[j]
        for k in range(length[j]):
            t = start[j] + k
            f = float(low[j]) + cash[offset + k] / 65535 * float(span[j])
            for lever, dv in zip(p["levers"], dvs):
                f -= dv * _column(lever["cost"], n)[i] * lever["share"][t]
            if f >= 0:
                found = t
                break
        offset += length[j]
        pb[i] = found
    tb = decode(p["tb"], "f8")
    return {"roi": (tb - tc) / tc, "npv": npv, "payback_month": np.where(pb == never, np.nan, pb)}


def test_levers_recompute_a_rerun_exactly(base, tmp_path):
    """Seats, price per seat and a one-time amount: every iteration as `--set` reruns it."""
    p = build_payload(read_run_dir(base))
    assert {lever["name"] for lever in p["levers"]} >= {"seat", "costs.one_time.data_migration"}
    extra = [a for k, v in SETS.items() for a in ("--set", f"{k}={v}")]
    rerun = read_run_dir(run_folder(tmp_path / "rerun", "smb.yaml", "--no-plots", *extra))
    want = rerun.columns("roi", "npv", "payback_month")
    got = page_results(p, SETS)
    np.testing.assert_allclose(got["roi"], want["roi"], rtol=1e-9)
    np.testing.assert_allclose(got["npv"], want["npv"], rtol=1e-9)
    np.testing.assert_array_equal(got["payback_month"], want["payback_month"])
    months = rerun.summary["payback"]["prob_within_months"]
    for m, prob in months.items():
        assert np.mean(got["payback_month"] <= int(m)) == prob


def test_no_change_is_the_run_itself(base):
    p = build_payload(read_run_dir(base))
    summary = read_run_dir(base).summary
    got = page_results(p, {})
    assert np.percentile(got["roi"], 10) == summary["metrics"]["roi"]["p10"]
    assert np.mean(got["roi"] > 0) == summary["prob_roi_positive"]


def test_inputs_hold_their_draws_and_correlations(base):
    folder = read_run_dir(base)
    p = build_payload(folder)
    by = {i["path"]: i for i in p["inputs"]}
    draws = folder.columns("drivers.churn_reduction")["drivers.churn_reduction"]
    entry = by["drivers.churn_reduction"]
    x = entry["lo"] + decode(entry["q16"], "u2") / 65535 * (entry["hi"] - entry["lo"])
    assert np.max(np.abs(x - draws)) <= (entry["hi"] - entry["lo"]) / 65535
    assert by["drivers.conversion_lift"]["correlated"] == ["drivers.cycle_shortening"]
    (group,) = p["groups"]  # the sampler's copula: Pearson 2 sin(pi rho_s / 6) of rho_s = 0.5
    assert group["members"] == ["drivers.conversion_lift", "drivers.cycle_shortening"]
    assert group["pearson"][0][1] == pytest.approx(2 * np.sin(np.pi * 0.5 / 6), rel=1e-12)
    assert group["exact"] and not group["singular"]
    assert "z" not in by["drivers.conversion_lift"]  # a continuous member's score is F(x)'s
    risk = by["risks.adoption stalls"]
    assert risk["probs"] == pytest.approx([0.85, 0.15])
    assert set(decode(risk["codes"], "u1")) == {0, 1}


def test_discrete_members_hold_their_copula_scores(tmp_path):
    """A risk event and a discrete input in a group: their own scores, drawn again from the
    run's seed, each inside its value's step (``ppf(Phi(z))`` is the stored draw)."""
    from scipy import special

    from simroi.report.live.groups import correlation_payload
    from simroi.scenario.config import load_scenario

    text = (ROOT / "configs" / "smb.yaml").read_text(encoding="utf-8")
    pairs = '  - ["risks.adoption stalls", adoption.implementation_months, 0.4]\n'
    config = tmp_path / "risky.yaml"
    config.write_text(text + pairs, encoding="utf-8")
    folder = read_run_dir(run_folder(tmp_path / "run", str(config), "--no-plots"))
    scn = load_scenario(folder.manifest["scenario"])
    draws = folder.columns(*scn.uncertain)
    corr = correlation_payload(scn, folder.manifest, draws)
    assert [g["exact"] for g in corr["groups"]] == [True, True]
    for path, z in corr["scores"].items():
        assert np.array_equal(scn.uncertain[path].ppf(special.ndtr(z)), draws[path]), path
    by = {i["path"]: i for i in build_payload(folder)["inputs"]}
    assert set(by["risks.adoption stalls"]["z"]) == {"lo", "hi", "q16"}
    again = {**folder.manifest, "seed_entropy_str": "4"}  # not the run's seed: a stand-in
    assert not any(g["exact"] for g in correlation_payload(scn, again, draws)["groups"][:1])


def test_page_is_self_contained_and_small_at_20000(tmp_path):
    """At most 2 MB at 20,000 iterations (1.5 MB measured), with nothing to fetch."""
    folder = read_run_dir(
        run_folder(tmp_path / "big", "smb.yaml", "--no-plots", "-n", "20000")
    )
    p = build_payload(folder)
    assert payload_size(p) <= 2_000_000
    page = render_live(folder, "zh")
    assert len(page.encode()) <= 2_000_000
    assert not re.search(r"(src|href)\s*=|https?://|@import|fetch\(|XMLHttpRequest", page)
    assert "假设" in page and json.loads(
        re.search(r'id="live-words">(.*?)</script>', page).group(1)
    )["reset"] == "重置"


def test_lever_range_is_stated(base):
    p = build_payload(read_run_dir(base))
    assert p["lever_max"] == LEVER_MAX and p["lever_min"] < 1


def test_a_folder_without_samples_is_refused(base, tmp_path):
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(base, copy)
    (copy / "samples.parquet").unlink()
    with pytest.raises(SimroiError, match="samples.parquet"):
        build_payload(read_run_dir(copy))


def test_run_writes_the_live_page_with_report_live(tmp_path):
    folder = run_folder(tmp_path / "run", "education.yaml", "--no-plots", "--report", "live")
    page = (folder / "live.html").read_text(encoding="utf-8")
    assert 'data-metric="payback.prob_within_months.12"' in page

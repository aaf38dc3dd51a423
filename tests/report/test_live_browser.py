"""The live page in headless Chromium: its data-value figures against summary.json and reruns.

No fragment: every figure is summary.json's. A lever (``#set=costs.seats%3D20``): the
figures of ``simroi run --set`` with the same seed (exact). A changed distribution, a
pinned input (correlated ones too) or a risk event switched off: a rerun with another
seed, within 3 combined standard errors (the page's from its effective sample size), or
the page says ``approximate``. Values outside what was simulated are refused.
Skipped when Chromium is not installed.
"""

import re
import shutil
import subprocess
from urllib.parse import quote

import numpy as np
import pytest
from test_live_payload import ROOT, run_folder

from simroi.report.documents.build import write_reports
from simroi.runs.readback import read_run_dir

CHROMIUM = shutil.which("chromium")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--host-resolver-rules=MAP * ~NOTFOUND")


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    out = tmp_path_factory.mktemp("live") / "run"
    folder = run_folder(out, "smb.yaml", "--no-plots", "-n", "4000")
    write_reports(folder, ["live"], lang="en")
    return folder


def dump(html, sets: dict, profile, dom: list | None = None) -> tuple[dict, dict, str]:
    """(figures by data-metric, root attributes, console log) after the page's script ran;
    the page itself appended to ``dom`` when given."""
    fragment = "&".join("set=" + quote(f"{k}={v}", safe="") for k, v in sets.items())
    r = subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0",
         "--virtual-time-budget=10000", "--dump-dom", html.as_uri() + "#" + fragment],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    if dom is not None:
        dom.append(r.stdout)
    figures = dict(re.findall(r'data-metric="([^"]+)" data-value="([^"]*)"', r.stdout))
    root = dict(re.findall(r'data-(\w+)="([^"]*)"', re.search(r"<html[^>]*>", r.stdout).group(0)))
    return {k: float(v) for k, v in figures.items() if v}, root, r.stderr


def expected(summary: dict) -> dict:
    out = {
        "prob_roi_positive": summary["prob_roi_positive"],
        "prob_loss": 1 - summary["prob_npv_positive"],
    }
    for metric in ("roi", "npv"):
        for q in ("p10", "p50", "p90"):
            out[f"metrics.{metric}.{q}"] = summary["metrics"][metric][q]
    for m, p in summary["payback"]["prob_within_months"].items():
        out[f"payback.prob_within_months.{m}"] = p
    return out


def test_no_fragment_is_summary_json(page, tmp_path):
    figures, root, log = dump(page / "live.html", {}, tmp_path / "p")
    assert root["status"] == "exact" and root["ess"] == "4000"
    want = expected(read_run_dir(page).summary)
    assert figures.keys() == want.keys()
    for key, value in want.items():
        assert figures[key] == pytest.approx(value, rel=1e-12, abs=1e-12), key
    assert ":CONSOLE" not in log


def test_levers_equal_a_rerun_with_the_same_seed(page, tmp_path):
    sets = {"costs.seats": 15, "costs.price_per_seat_month": 200}
    figures, root, _ = dump(page / "live.html", sets, tmp_path / "p")
    assert root["status"] == "exact"
    extra = [a for k, v in sets.items() for a in ("--set", f"{k}={v}")]
    rerun = run_folder(tmp_path / "rerun", "smb.yaml", "--no-plots", "-n", "4000", *extra)
    for key, value in expected(read_run_dir(rerun).summary).items():
        assert figures[key] == pytest.approx(value, rel=1e-9, abs=1e-12), key


def standard_errors(figures: dict, root: dict, rerun) -> dict:
    """How many combined standard errors each figure is from a rerun's: P(ROI > 0), each
    P(payback <= m) (binomial) and NPV P50 (``sqrt(p (1 - p) / n) / density``, the density
    at the median from the rerun's NPV, for both sides: the page's n is its ESS)."""
    summary = read_run_dir(rerun).summary
    n, ess = summary["iterations"], float(root["ess"])
    want = expected(summary)
    out = {}
    for key in ("prob_roi_positive", *(k for k in want if k.startswith("payback"))):
        got = figures[key]
        se = np.sqrt(want[key] * (1 - want[key]) / n + max(got * (1 - got), 0.0) / ess)
        out[key] = abs(got - want[key]) / (se + 1e-3 / 3)  # + 1e-3 at 3 SE: P near 0 or 1
    npv = read_run_dir(rerun).columns("npv")["npv"]
    lo, hi = np.percentile(npv, [45, 55])
    density = 0.1 / (hi - lo)
    se = np.sqrt(0.25 / n + 0.25 / ess) / density
    out["metrics.npv.p50"] = abs(figures["metrics.npv.p50"] - want["metrics.npv.p50"]) / se
    return out


@pytest.mark.parametrize(
    "path, value",
    [
        ("risks.adoption stalls.probability", "0"),
        ("drivers.hours_saved_per_rep_week", "3"),
        ("drivers.churn_reduction", "{dist: pert, min: 0.3, mode: 0.5, max: 0.7}"),
        ("adoption.ramp_months", "{dist: uniform, low: 2, high: 4}"),
        ("drivers.conversion_lift", "0.6"),  # correlated with cycle_shortening: it leaves
    ],
)
def test_reweighted_within_3_standard_errors(page, tmp_path, path, value):
    figures, root, _ = dump(page / "live.html", {path: value}, tmp_path / "p")
    assert root["status"] in ("reweighted", "approximate")
    if root["status"] == "approximate":
        return
    rerun = run_folder(
        tmp_path / "rerun", "smb.yaml", "--no-plots", "-n", "4000", "--seed", "11",
        "--set", f"{path}={value}",
    )  # fmt: skip
    gaps = standard_errors(figures, root, rerun)
    assert max(gaps.values()) <= 3, gaps


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    """smb at 20,000 iterations: enough effective futures for a pinned correlated input."""
    out = tmp_path_factory.mktemp("live") / "run"
    folder = run_folder(out, "smb.yaml", "--no-plots", "-n", "20000")
    write_reports(folder, ["live"], lang="en")
    return folder


CORRELATED = [
    ("drivers.conversion_lift", "0.6"),
    ("drivers.conversion_lift", "{dist: pert, min: 0.3, mode: 0.65, max: 0.9}"),
]


@pytest.mark.parametrize("path, value", CORRELATED)
def test_correlated_input_agrees_with_a_rerun(big, tmp_path, path, value):
    """conversion_lift, a top driver tied to cycle_shortening: pinned (it leaves the copula)
    and given a new range (it keeps it), against ``simroi run --set`` with another seed."""
    figures, root, log = dump(big / "live.html", {path: value}, tmp_path / "p")
    assert root["status"] == "reweighted", root  # answered, with >= 1,000 effective futures
    rerun = run_folder(
        tmp_path / "rerun", "smb.yaml", "--no-plots", "-n", "20000", "--seed", "11",
        "--set", f"{path}={value}",
    )  # fmt: skip
    gaps = standard_errors(figures, root, rerun)
    assert max(gaps.values()) <= 3, (root["ess"], gaps)
    assert ":CONSOLE" not in log


@pytest.mark.parametrize(
    "path, value",
    [
        ("drivers.hours_saved_per_rep_week", "500"),  # outside the draws
        ("drivers.churn_reduction", "{dist: pert, min: 0.1, mode: 0.5, max: 0.7}"),  # support
        ("costs.seats", "1000"),  # beyond the lever's range
        ("drivers.no_such_thing", "1"),
    ],
)
def test_refused_never_extrapolated(page, tmp_path, path, value):
    dom = []
    figures, root, _ = dump(page / "live.html", {path: value}, tmp_path / "p", dom)
    assert root["status"] == "refused"
    # the command that answers exactly, written once after its words (not "rerun: ..." twice)
    command = re.search(r'id="command"[^>]*>([^<]*)<', dom[0]).group(1)
    assert command.startswith("For the exact answer, run: simroi run "), command
    assert command.count(":") == 1 + value.count(":") and path in command


RISKY = (  # smb with its risk event and implementation months joined to conversion_lift
    "  - [drivers.conversion_lift, drivers.cycle_shortening, 0.5]\n"
    '  - ["risks.adoption stalls", drivers.conversion_lift, -0.4]\n'
    '  - [adoption.implementation_months, "risks.adoption stalls", 0.3]\n'
)
SLOW = [
    ("smb.yaml", "drivers.conversion_lift", "0.8"),
    ("smb.yaml", "drivers.conversion_lift", "{dist: pert, min: 0.4, mode: 0.8, max: 0.9}"),
    ("smb.yaml", "drivers.cycle_shortening", "0.45"),
    ("smb.yaml", "drivers.cycle_shortening", "{dist: pert, min: 0.15, mode: 0.3, max: 0.55}"),
    ("smb.yaml", "drivers.churn_reduction", "0.5"),
    ("smb.yaml", "adoption.ceiling", "0.85"),
    ("smb.yaml", "adoption.ceiling", "{dist: pert, min: 0.7, mode: 0.8, max: 1.0}"),
    ("smb-zh.yaml", "drivers.conversion_lift", "0.6"),
    ("smb-zh.yaml", "drivers.conversion_lift", "{dist: pert, min: 0.3, mode: 0.65, max: 0.9}"),
    ("smb-zh.yaml", "risks.推广停滞.probability", "0"),
    ("risky", "risks.adoption stalls.probability", "0"),  # leaves its group of four
    ("risky", "risks.adoption stalls.probability", "0.3"),  # stays: its scores move
    ("risky", "adoption.implementation_months", "2"),
    ("risky", "drivers.conversion_lift", "{dist: pert, min: 0.3, mode: 0.65, max: 0.9}"),
    ("risky", "drivers.cycle_shortening", "0.45"),
]


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    """Config name -> (scenario file, its live page at 20,000 iterations), made when asked."""
    made = {}

    def make(name: str):
        if name not in made:
            out = tmp_path_factory.mktemp("live")
            config = ROOT / "configs" / name
            if name == "risky":
                text = (ROOT / "configs" / "smb.yaml").read_text(encoding="utf-8")
                config = out / "risky.yaml"
                config.write_text(text.replace(RISKY.splitlines(True)[0], RISKY), "utf-8")
            folder = run_folder(out / "run", str(config), "--no-plots", "-n", "20000")
            write_reports(folder, ["live"], lang="zh" if "zh" in name else "en")
            made[name] = (config, folder)
        return made[name]

    return make


@pytest.mark.slow
@pytest.mark.parametrize("config, path, value", SLOW)
def test_top_drivers_and_correlated_risks_agree_with_reruns(pages, tmp_path, config, path, value):
    """smb and smb-zh's top drivers (correlated or not) pinned and moved, and a scenario whose
    risk event and a discrete input are correlated with conversion_lift (their stored copula
    scores), against ``simroi run --set`` with another seed."""
    scenario, folder = pages(config)
    figures, root, _ = dump(folder / "live.html", {path: value}, tmp_path / "p")
    assert root["status"] == "reweighted", root
    rerun = run_folder(
        tmp_path / "rerun", str(scenario), "--no-plots", "-n", "20000", "--seed", "11",
        "--set", f"{path}={value}",
    )  # fmt: skip
    gaps = standard_errors(figures, root, rerun)
    assert max(gaps.values()) <= 3, (root["ess"], gaps)


def test_inputs_tied_one_to_one_are_refused(tmp_path):
    """Rank correlation 1: the copula has no density, so neither input can be reweighted."""
    text = (ROOT / "configs" / "smb.yaml").read_text(encoding="utf-8")
    config = tmp_path / "tied.yaml"
    config.write_text(text.replace("cycle_shortening, 0.5]", "cycle_shortening, 1]"), "utf-8")
    folder = run_folder(tmp_path / "run", str(config), "--no-plots")
    write_reports(folder, ["live"], lang="en")
    for path in ("drivers.conversion_lift", "drivers.cycle_shortening"):
        _, root, _ = dump(folder / "live.html", {path: "0.5"}, tmp_path / "p")
        assert root["status"] == "refused", path
    _, root, _ = dump(folder / "live.html", {"drivers.churn_reduction": "0.5"}, tmp_path / "p")
    assert root["status"] in ("reweighted", "approximate")


@pytest.mark.parametrize("sets", [{}, {"drivers.conversion_lift": 0.6}])
def test_a_probability_is_never_written_as_a_certainty(page, tmp_path, sets):
    """At 0 or 1 a probability reads as its bound out of the (effective) sample, "> 99.5 %"
    at an ESS of 245, never "100 % ± 0.0"; strictly inside, never "100 %" or "0 %"."""
    fragment = "&".join("set=" + quote(f"{k}={v}", safe="") for k, v in sets.items())
    r = subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}",
         "--virtual-time-budget=10000", "--dump-dom", (page / "live.html").as_uri() + "#" + fragment],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    shown = re.findall(
        r'data-metric="(prob_roi_positive|prob_loss|payback\.[^"]+)" data-value="([^"]+)">([^<]*)<',
        r.stdout,
    )
    assert len(shown) >= 4
    for metric, value, text in shown:
        text = text.replace("&gt;", ">").replace("&lt;", "<")
        assert "± 0.0" not in text, (metric, text)
        if float(value) in (0.0, 1.0):
            assert text[:1] in "<>", (metric, value, text)
        else:
            assert text.split(" ")[0] not in ("0", "100"), (metric, value, text)

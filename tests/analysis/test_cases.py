"""A batch of cases as a library: seeds by id, each case equal to its own run."""

from pathlib import Path

import simroi
from simroi.analysis.cases import FIGURES, case_seed, simulate_cases
from simroi.analysis.headline import figures, headline_payback
from simroi.simulation.backends import Processes

ROOT = Path(__file__).resolve().parents[2]
SMB = ROOT / "configs" / "smb.yaml"
RECORDED_ACME = 181653579793653996941815750455756312173
CASES = [("a", {"costs.seats": 20}), ("b", {"costs.seats": 30}), ("c", {})]


def test_a_case_seed_depends_on_the_batch_seed_and_the_id_only():
    assert case_seed(1, "acme") == case_seed(1, "acme")
    seeds = {case_seed(s, c) for s in (0, 1, 2**128 - 1) for c in ("acme", "beta", "1", "")}
    assert len(seeds) == 12
    assert all(0 <= s < 2**128 for s in seeds)
    # recorded (not derived): changing the derivation changes every batch's numbers
    assert case_seed(1, "acme") == RECORDED_ACME


def test_each_case_equals_its_own_run_and_the_order_of_rows_does_not_matter():
    rows = list(simulate_cases(SMB, CASES, seed=7, iterations=1500))
    assert [list(r) for r in rows] == [list(FIGURES)] * 3
    for (case, ov), row in zip(CASES, rows, strict=True):
        scn = simroi.load_scenario(SMB, overrides=ov)
        res = simroi.simulate_scenario(scn, iterations=1500, seed=case_seed(7, case))  # kept
        s = res.summary(cash_flow=False)
        assert {k: row[k] for k in figures(s)} == figures(s)
        assert {k: row[k] for k in headline_payback(s)} == headline_payback(s)
    backwards = list(simulate_cases(SMB, CASES[::-1], seed=7, iterations=1500))
    assert backwards[::-1] == rows


def test_a_pool_of_workers_and_a_later_start_give_the_same_rows():
    rows = list(simulate_cases(SMB, CASES, seed=7, iterations=1000))
    with Processes(2) as pool:
        assert list(simulate_cases(SMB, CASES, seed=7, iterations=1000, backend=pool)) == rows
    done = []
    tail = list(simulate_cases(SMB, CASES, seed=7, iterations=1000, start=1, progress=done.append))
    assert tail == rows[1:] and done == [1, 1]


def test_a_case_past_the_pilot_size_equals_its_streamed_run():
    from simroi.simulation.streaming import PILOT_ROWS

    n = PILOT_ROWS + 1  # kept up to the pilot's size (exact, cheaper), streamed beyond
    (row,) = simulate_cases(SMB, CASES[:1], seed=7, iterations=n)
    scn = simroi.load_scenario(SMB, overrides=CASES[0][1])
    res = simroi.simulate_scenario(scn, iterations=n, seed=case_seed(7, "a"), keep_rows=0,
                                   keep_samples=False)  # fmt: skip
    s = res.summary(cash_flow=False)
    assert {k: row[k] for k in figures(s)} == figures(s)

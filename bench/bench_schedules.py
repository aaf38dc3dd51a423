"""Yearly schedules and per-line adjustments against today's model form, side by side.

    python bench/bench_schedules.py                  # 2 * 10^5 iterations, 5 repeats
    python bench/bench_schedules.py --n 1e6 --repeats 3

Two scenarios with the same uncertain inputs (12, their distributions the same):
- today: bench/scenario.yaml (monthly discounting, constant monthly amounts);
- lines: the same case written with the new forms: annual discounting, a yearly
  cost schedule with its overrun, a yearly custom benefit whose year 1 is the
  old distribution, the implementation paid in two milestones with an overrun,
  haircuts on three streams, the productivity stream on its own later ramp, a
  seat overrun and a risk event's cost multiplier.
Each repeat times `simulate_scenario` (sampling + model + IRR + checks, no I/O)
for both, alternating, in this process; the medians and their ratio go to
stdout (the target is lines / today <= 1.2) and to bench/results/.
"""

from __future__ import annotations

import argparse
import copy
import json
import statistics
import time
from pathlib import Path

from record import save
from ruamel.yaml import YAML

from simroi import load_scenario, simulate_scenario

HERE = Path(__file__).resolve().parent


def today() -> dict:
    return json.loads(json.dumps(YAML(typ="safe").load(HERE / "scenario.yaml")))


def with_lines(base: dict) -> dict:
    """bench/scenario.yaml in the new forms, with the same uncertain inputs."""
    d = copy.deepcopy(base)
    d["scenario"]["name"] = "bench - yearly lines"
    d["scenario"]["discounting"] = "annual"
    costs = d["costs"]
    del costs["monthly"]
    costs["yearly"] = {"administration": {"amount": [18000, 18900, 19845], "risk_adjustment": 0.05}}
    impl = costs["one_time"]["implementation"]
    costs["one_time"]["implementation"] = {
        "payments": [{"month": 0, "amount": impl}, {"month": 6, "amount": 20000}],
        "risk_adjustment": 0.10,
    }
    costs["seat_risk_adjustment"] = 0.05
    custom = d["custom_benefits"][0]
    m = custom.pop("monthly")
    custom["yearly"] = [{**m, **{k: 12 * m[k] for k in ("min", "mode", "max")}}, 14000, 16000]
    custom["risk_adjustment"] = 0.10
    d["benefits"] = {
        "conversion": {"risk_adjustment": 0.10},
        "churn": {"risk_adjustment": 0.05},
        "productivity": {"risk_adjustment": 0.15, "adoption": {"implementation_months": 12}},
    }
    d["risks"][1]["cost_multiplier"] = 1.10
    return d


def timed(scn, n: int) -> float:
    t = time.perf_counter()
    simulate_scenario(scn, iterations=n, seed=1, keep_samples=False)
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=float, default=2e5)
    ap.add_argument("--repeats", type=int, default=5)
    args = ap.parse_args()
    n = int(args.n)
    base = today()
    scns = {"today": load_scenario(base), "lines": load_scenario(with_lines(base))}
    counts = {k: len(s.uncertain) for k, s in scns.items()}
    if counts["today"] != counts["lines"]:
        raise SystemExit(f"uncertain inputs differ: {counts}")
    times = {k: [] for k in scns}
    timed(scns["today"], 1000)  # warm-up: imports and caches
    for _ in range(args.repeats):
        for k, scn in scns.items():
            times[k].append(timed(scn, n))
    med = {k: statistics.median(v) for k, v in times.items()}
    ratio = med["lines"] / med["today"]
    print(f"iterations {n:,}, uncertain inputs {counts['today']} each, {args.repeats} repeats")
    print("| scenario | median s | it/s |")
    print("|---|---:|---:|")
    for k in scns:
        print(f"| {k} | {med[k]:.3f} | {n / med[k]:,.0f} |")
    print(f"lines / today = {ratio:.2f}x (target <= 1.2x)")
    save("schedules", {"iterations": n, "inputs": counts, "times": times, "ratio": ratio})


if __name__ == "__main__":
    main()

"""Benchmark the sensitivity analyses on the benchmark scenario with 10 uncertain inputs.

    python bench/bench_sensitivity.py               # 3 repeats, Sobol n = 2^14
    python bench/bench_sensitivity.py --repeats 5 --sobol-n 65536

The scenario is bench/scenario.yaml with two of its 12 uncertain inputs made
constant (the custom benefit line at 1,000 a month, the overrun's extra cost at
25,000), leaving 8 continuous inputs and 2 risk events. Reported, as medians
over the repeats (one process, after a warm-up call):

- sobol: ``simroi.sobol`` of the NPV, n (d + 2) model evaluations in 16 independent
  scramblings with their t interval (target < 10 s on 2 cores at n = 2^14);
- sobol_one_design: the same as one scrambled design, no interval (what the 16
  scramblings cost: 16 Sobol engines instead of one);
- tornado_spider: ``simroi.tornado`` and ``simroi.spider`` of the NPV (target < 2 s);
- analyze_all: ``analyze_scenario`` with the CLI's defaults (every method,
  the scenario's 100,000 simulated iterations, Sobol n = 4,096).
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from ruamel.yaml import YAML

import simroi
from simroi.analysis.sensitivity import scenario_metric
from simroi.simulation.units import default_chunk_size

SCENARIO = Path(__file__).resolve().parent / "scenario.yaml"


def scenario_with_10_inputs() -> simroi.Scenario:
    raw = YAML(typ="safe").load(SCENARIO.read_text(encoding="utf-8"))
    raw["custom_benefits"][0]["monthly"] = 1000
    raw["risks"][1]["extra_one_time_cost"] = 25000
    scn = simroi.load_scenario(raw)
    assert len(scn.uncertain) == 10, list(scn.uncertain)
    return scn


def median_seconds(fn: Callable[[], object], repeats: int) -> float:
    fn()  # warm-up: imports, caches
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--sobol-n", type=int, default=2**14)
    args = ap.parse_args()
    scn = scenario_with_10_inputs()
    f = scenario_metric(scn, "npv")
    chunk = default_chunk_size(scn.horizon_months + 1)
    d = len(scn.uncertain)
    cases = {
        "sobol": (
            f"n = {args.sobol_n:,}, {args.sobol_n * (d + 2):,} model runs, 16 scramblings",
            lambda: simroi.sobol(f, scn.inputs, args.sobol_n, seed=1, chunk_size=chunk),
            10.0,
        ),
        "sobol_one_design": (
            "the same as one scrambled design (no interval)",
            lambda: simroi.sobol(
                f, scn.inputs, args.sobol_n, seed=1, replicates=1, chunk_size=chunk
            ),
            None,
        ),
        "tornado_spider": (
            f"{1 + 2 * d} + {1 + 19 * (d - 2)} exact points",
            lambda: (simroi.tornado(f, scn.inputs), simroi.spider(f, scn.inputs)),
            2.0,
        ),
        "analyze_all": (
            f"every method, {scn.iterations:,} iterations, Sobol n = 4,096",
            lambda: simroi.analyze_scenario(scn, seed=1),
            None,
        ),
    }
    print(f"{d} uncertain inputs, {scn.horizon_months} months, median of {args.repeats} runs\n")
    print(f"| {'case':<17} | {'what':<52} | {'seconds':>7} | {'target':>6} |")
    print(f"|{'-' * 19}|{'-' * 54}|{'-' * 9}|{'-' * 8}|")
    for name, (what, fn, target) in cases.items():
        s = median_seconds(fn, args.repeats)
        goal = f"< {target:g}" if target else ""
        print(f"| {name:<17} | {what:<52} | {s:7.2f} | {goal:>6} |", flush=True)


if __name__ == "__main__":
    main()

"""Benchmark voi and breakeven beside a plain run of the same size, timed in the same process.

    python bench/bench_decisions.py              # manufacturer template, 3 repeats

Reports medians of: a plain `simulate_scenario` of 100,000 iterations, `simroi.voi` on
100,000 iterations with every input and the default groups (target < 10 s), a plain run
of the template's 20,000 iterations and `simroi.breakeven` for one input on them
(target < 5 s). The machine may be shared: compare the columns, not the absolute times.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import simroi

TEMPLATES = Path(simroi.__file__).parent / "scenario" / "templates"


def timed(f, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        f()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--template", default="manufacturer")
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()
    scn = simroi.load_scenario(TEMPLATES / f"{args.template}.yaml")
    big, small = 100_000, scn.iterations
    rows = [
        (f"run, {big:,} iterations", lambda: simroi.simulate_scenario(scn, iterations=big, seed=1)),
        (f"voi, {big:,} iterations, all inputs", lambda: simroi.voi(scn, n=big, seed=1)),
        (f"run, {small:,} iterations", lambda: simroi.simulate_scenario(scn, seed=1)),
        (
            f"breakeven, {small:,} iterations, one input",
            lambda: simroi.breakeven(
                scn, input="drivers.conversion_lift", target="P(npv>0)>=0.9", seed=1
            ),
        ),
    ]
    for name, f in rows:
        print(f"{name:45s} {timed(f, args.repeats):7.2f} s")


if __name__ == "__main__":
    main()

"""What the cash-flow fan adds to a run's summary, side by side in one process.

    python bench/bench_cashflow.py [--iterations 20000 50000] [--repeat 3]

For configs/smb.yaml and configs/manufacturer.yaml: the time of simulate_scenario,
of ``summary(cash_flow=False)`` and of the fan alone (``cash_flow_fan``: the first
20,000 rows redrawn and one more model pass). Medians over repeats; the machine is
shared, so the load average is printed beside the numbers.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from pathlib import Path

from simroi.scenario.config import load_scenario
from simroi.simulation.cashflow import cash_flow_fan
from simroi.simulation.engine import simulate_scenario

ROOT = Path(__file__).resolve().parents[1]


def median_time(f, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        f()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(argv=None) -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--iterations", type=int, nargs="+", default=[20_000, 50_000])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    print(f"load average {os.getloadavg()[0]:.1f}")
    print(f"{'config':<20} {'n':>7} {'run s':>7} {'summary s':>10} {'fan s':>7}")
    for name in ("smb", "manufacturer"):
        scn = load_scenario(ROOT / "configs" / f"{name}.yaml")
        for n in args.iterations:
            res = simulate_scenario(scn, iterations=n, seed=1)
            run = median_time(
                lambda s=scn, k=n: simulate_scenario(s, iterations=k, seed=1), args.repeat
            )
            summ = median_time(lambda r=res: r.summary(cash_flow=False), args.repeat)
            fan = median_time(lambda r=res: cash_flow_fan(r), args.repeat)
            print(f"{name:<20} {n:>7} {run:>7.2f} {summ:>10.2f} {fan:>7.2f}")
    print(f"load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()

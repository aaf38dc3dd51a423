"""Benchmark `simroi run` against the plain numpy baseline, timed in the same run.

    python bench/bench_run.py                 # 10^5 and 10^6 iterations, 3 repeats
    python bench/bench_run.py --sizes 1e5 1e6 1e7 --repeats 1

For each size it reports, as medians over the repeats:
- engine: `simulate_scenario` in this process (sampling + model + IRR + checks,
  no I/O), with the lhs and random samplers;
- cli: the whole `simroi run` command in a fresh process (imports, validation,
  parquet, summary, run.json, the four charts), with its peak resident memory;
- baseline: bench/baseline.py, the same formulas hand-written in numpy, in this
  process and (for its memory) in a fresh process.
Engine and baseline repeats are interleaved; their CPU times (steadier than
wall time on a shared machine) and the load average are reported too.
Results go to stdout as a markdown table and to bench/results/run-<UTC time>.json.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from record import save

HERE = Path(__file__).resolve().parent
SCENARIO = HERE / "scenario.yaml"
sys.path.insert(0, str(HERE))

import baseline  # noqa: E402

from simroi import load_scenario, simulate_scenario  # noqa: E402

PEAK = (
    "import resource, subprocess, sys;"
    "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL);"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)


def peak_rss_mb(cmd: list[str]) -> tuple[float, float]:
    """(wall seconds, peak resident MB) of a command run in a fresh process."""
    t = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", PEAK, *cmd], check=True, capture_output=True, text=True
    )
    return time.perf_counter() - t, int(out.stdout.split()[-1]) / 1024


def time_engine(n: int, sampler: str) -> tuple[float, float]:
    """(wall s, CPU s) of sampling + model + IRR + checks, no I/O (the baseline writes
    nothing either). CPU time (this process, one BLAS thread) is steadier than wall
    time on a shared machine."""
    scn = load_scenario(SCENARIO)
    t, c = time.perf_counter(), time.process_time()
    simulate_scenario(scn, iterations=n, seed=1, sampler=sampler, keep_samples=False)
    return time.perf_counter() - t, time.process_time() - c


def time_baseline(n: int) -> tuple[float, float]:
    t, c = time.perf_counter(), time.process_time()
    baseline.run(n)
    return time.perf_counter() - t, time.process_time() - c


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", nargs="+", type=float, default=[1e5, 1e6])
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()
    from simroi.simulation.backends import one_blas_thread

    one_blas_thread()  # as the command line does: the engine's BLAS on one thread
    rows = []
    for size in args.sizes:
        n = int(size)
        fns = {
            "baseline": lambda n=n: time_baseline(n),
            "engine_lhs": lambda n=n: time_engine(n, "lhs"),
            "engine_random": lambda n=n: time_engine(n, "random"),
        }
        runs: dict[str, list[tuple[float, float]]] = {name: [] for name in fns}
        for _ in range(args.repeats):  # interleaved: a burst of load hits all three alike
            for name, fn in fns.items():
                runs[name].append(fn())
        med = {name: statistics.median(w for w, _ in r) for name, r in runs.items()}
        cpu = {name: statistics.median(c for _, c in r) for name, r in runs.items()}
        with tempfile.TemporaryDirectory() as tmp:
            cli = [
                peak_rss_mb(
                    [
                        sys.executable,
                        "-m",
                        "simroi",
                        "run",
                        str(SCENARIO),
                        "-n",
                        str(n),
                        "--seed",
                        "1",
                        "-o",
                        f"{tmp}/r{i}",
                        "--json",
                    ]
                )
                for i in range(args.repeats)
            ]
        base_mem = peak_rss_mb(
            [
                sys.executable,
                "-c",
                f"import sys; sys.path.insert(0, {str(HERE)!r}); "
                f"import baseline; baseline.run({n})",
            ]
        )[1]
        row = {
            "iterations": n,
            "baseline_s": med["baseline"],
            "engine_lhs_s": med["engine_lhs"],
            "engine_random_s": med["engine_random"],
            "baseline_cpu_s": cpu["baseline"],
            "engine_lhs_cpu_s": cpu["engine_lhs"],
            "engine_random_cpu_s": cpu["engine_random"],
            "loadavg": os.getloadavg(),
            "cli_s": statistics.median(c[0] for c in cli),
            "cli_peak_mb": max(c[1] for c in cli),
            "baseline_peak_mb": base_mem,
        }
        rows.append(row)
        print(json.dumps(row), file=sys.stderr, flush=True)

    print(
        "| iterations | baseline it/s | engine lhs it/s (ratio) | engine random it/s (ratio) "
        "| `simroi run` s | run peak MB | baseline peak MB |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        n = r["iterations"]
        print(
            f"| {n:,} | {n / r['baseline_s']:,.0f} "
            f"| {n / r['engine_lhs_s']:,.0f} ({r['engine_lhs_s'] / r['baseline_s']:.2f}x) "
            f"| {n / r['engine_random_s']:,.0f} ({r['engine_random_s'] / r['baseline_s']:.2f}x) "
            f"| {r['cli_s']:.1f} | {r['cli_peak_mb']:,.0f} | {r['baseline_peak_mb']:,.0f} |"
        )
    print()
    print("CPU time (this process), medians: ratio to the baseline; lhs / random")
    for r in rows:
        print(
            f"{r['iterations']:,}: baseline {r['baseline_cpu_s']:.2f} s, "
            f"lhs {r['engine_lhs_cpu_s']:.2f} s "
            f"({r['engine_lhs_cpu_s'] / r['baseline_cpu_s']:.2f}x), "
            f"random {r['engine_random_cpu_s']:.2f} s "
            f"({r['engine_random_cpu_s'] / r['baseline_cpu_s']:.2f}x); "
            f"lhs/random {r['engine_lhs_cpu_s'] / r['engine_random_cpu_s']:.2f} "
            f"(wall {r['engine_lhs_s'] / r['engine_random_s']:.2f}); "
            f"load {r['loadavg'][0]:.1f}"
        )
    save("run", {"repeats": args.repeats, "rows": rows})


if __name__ == "__main__":
    main()

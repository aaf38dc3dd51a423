"""Where the time of a large run goes with 1 and 2 workers, and what 2 workers gain.

    python bench/bench_workers.py                        # 10^7 run, 20 x 10^5 sweep, 3 repeats
    python bench/bench_workers.py --n 1e6 --repeats 3
    python bench/bench_workers.py --cli-only --repeats 5  # the command alone, more repeats

In one run, rotating the order each repeat (medians of the repeats):
- cli: the whole `simroi run bench/scenario.yaml -n N --no-plots --sampler random
  --workers W` in a fresh process (imports, validation, simulation, samples.parquet,
  summary, run.json), and its CPU time (user + system, workers included), which the
  load of a shared machine changes far less than the wall time;
- stages, in this process: pool start, the engine alone (units computed and sent
  back, nothing kept), the engine with the parquet sink, and the summary pass;
- sweep: `sweep()` of 20 variants x --sweep-n iterations;
- baseline: bench/baseline.py at 10^6 in this process, as a yardstick of the load.
The load average before each measurement is recorded: the machine is shared.
Results go to stdout (markdown) and bench/results/workers-<UTC time>.json.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
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
from simroi.analysis.sweep import sweep  # noqa: E402
from simroi.runs.parquet import ParquetSink  # noqa: E402
from simroi.scenario.variants import grid  # noqa: E402
from simroi.simulation.backends import one_blas_thread, open_backend  # noqa: E402


def clock(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def cli(n: int, workers: int, out: str) -> tuple[float, float]:
    """Wall seconds and CPU seconds (user + system, the workers included) of the command."""
    cmd = [sys.executable, "-m", "simroi", "run", str(SCENARIO), "-n", str(n), "--seed", "1"]
    cmd += ["--sampler", "random", "--no-plots", "--workers", str(workers), "-o", out, "--force"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall = clock(lambda: subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL))
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return wall, cpu


def stages(n: int, workers: int, tmp: str) -> dict:
    scn = load_scenario(SCENARIO)
    out = {}
    t = time.perf_counter()
    with open_backend(workers) as backend:
        list(backend.imap(abs, range(2 * workers)))  # starts the pool
        out["pool_start_s"] = time.perf_counter() - t
        out["engine_s"] = clock(
            lambda: simulate_scenario(
                scn, iterations=n, seed=1, sampler="random", keep_samples=False, backend=backend
            )
        )
        path = Path(tmp) / f"s{workers}.parquet"

        def with_sink():
            with ParquetSink(path) as sink:
                return simulate_scenario(
                    scn,
                    iterations=n,
                    seed=1,
                    sampler="random",
                    keep_samples=False,
                    backend=backend,
                    on_columns=sink,
                )

        res = []
        out["engine_parquet_s"] = clock(lambda: res.append(with_sink()))
    import dataclasses

    done = dataclasses.replace(res[0], samples_path=path)
    out["summary_s"] = clock(done.summary)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=float, default=1e7)
    ap.add_argument("--sweep-n", type=float, default=1e5)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--cli-only", action="store_true", help="time only the whole command")
    args = ap.parse_args()
    n, sweep_n = int(args.n), int(args.sweep_n)
    one_blas_thread()  # as the command line does
    variants = grid([("costs.seats", list(range(10, 30))[:20])])
    records: dict[str, list] = {}

    def note(key, value):
        records.setdefault(key, []).append(value)

    with tempfile.TemporaryDirectory() as tmp:
        for r in range(args.repeats):
            order = (1, 2) if r % 2 == 0 else (2, 1)
            note("load", os.getloadavg()[0])
            note("baseline_1e6_s", clock(lambda: baseline.run(10**6)))
            for w in order:
                wall, cpu = cli(n, w, f"{tmp}/cli{w}")
                note(f"cli_w{w}_s", wall)
                note(f"cli_cpu_w{w}_s", cpu)
                if args.cli_only:
                    continue
                for k, v in stages(n, w, tmp).items():
                    note(f"{k.removesuffix('_s')}_w{w}_s", v)
                note(
                    f"sweep_w{w}_s",
                    clock(
                        lambda w=w: sweep(
                            SCENARIO,
                            variants,
                            iterations=sweep_n,
                            seed=1,
                            sampler="random",
                            backend=open_backend(w),
                        )
                    ),
                )
            note("load", os.getloadavg()[0])
            print(json.dumps({k: v[-1] for k, v in records.items()}), file=sys.stderr, flush=True)
    med = {k: statistics.median(v) for k, v in records.items()}
    print(
        f"N = {n:,}; medians of {args.repeats}; load average {min(records['load']):.1f}–"
        f"{max(records['load']):.1f} on {os.cpu_count()} cores\n"
    )
    print("| what | 1 worker s | 2 workers s | speed-up |")
    print("|---|---:|---:|---:|")
    for key, label in (
        ("cli", f"`simroi run -n {n:.0e} --no-plots`"),
        ("cli_cpu", "its CPU time, workers included"),
        ("pool_start", "start the pool"),
        ("engine", "engine (units computed, sent back)"),
        ("engine_parquet", "engine + samples.parquet in the parent"),
        ("summary", "summary pass (parent)"),
        ("sweep", f"sweep, 20 variants x {sweep_n:,}"),
    ):
        if f"{key}_w1_s" not in med:
            continue
        a, b = med[f"{key}_w1_s"], med[f"{key}_w2_s"]
        print(
            f"| {label} | {a:.2f} | {b:.2f} | {a / b:.2f}x |"
            if b and key != "cli_cpu"
            else f"| {label} | {a:.2f} | {b:.2f} | |"
        )
    ratios = [a / b for a, b in zip(records["cli_w1_s"], records["cli_w2_s"], strict=True)]
    print(
        "\ncli speed-up within each repeat (1 and 2 workers back to back): "
        + ", ".join(f"{r:.2f}x" for r in ratios)
        + f"; median {statistics.median(ratios):.2f}x"
    )
    print(f"baseline.py 10^6 in the same run: {med['baseline_1e6_s']:.2f} s")
    save("workers", {"n": n, "repeats": args.repeats, "records": records, "median": med})


if __name__ == "__main__":
    main()

"""Issue 24's speed targets: whole `simroi run` commands against the numpy program, one run.

    python bench/bench_targets.py                 # 10^6 (5 commands) and 10^7 (workers 1 vs 2)
    python bench/bench_targets.py --repeats 5 --sizes 1e6

Every command runs in a fresh process under ``/usr/bin/time -v``, the commands of a
size alternating (a burst of load hits all alike), as medians of ``--repeats``:

- at 10^6: the numpy program (bench/baseline.py, one process); ``simroi run`` as people
  use it (lhs, charts, the default workers); ``--no-plots``; ``--sampler random --no-plots``
  (default workers); ``--workers 1 --no-plots``; ``--sampler random --workers 1 --no-plots``;
- at 10^7: the numpy program, ``--sampler random --no-plots --workers 1`` and ``--workers 2``.

Targets (issue 24): default use <= 1.2x the numpy program's wall time at 10^6;
``--sampler random --workers 1 --no-plots`` <= 1.0x; ``--workers 2`` >= 1.8x faster than
``--workers 1`` at 10^7. Wall and CPU seconds (user + sys, workers included) and their
ratios, with the load average before each size; stdout (markdown) and
bench/results/targets-<UTC time>.json.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench_streaming import BASELINE, PARENT, timed
from record import compile_package, save

HERE = Path(__file__).resolve().parent
SCENARIO = HERE / "scenario.yaml"

COMMANDS = {
    1_000_000: {
        "default use": [],
        "--no-plots": ["--no-plots"],
        "--sampler random --no-plots": ["--sampler", "random", "--no-plots"],
        "--workers 1 --no-plots": ["--workers", "1", "--no-plots"],
        "--sampler random --workers 1 --no-plots": [
            "--sampler", "random", "--workers", "1", "--no-plots",
        ],
    },
    10_000_000: {
        "--sampler random --no-plots --workers 1": [
            "--sampler", "random", "--no-plots", "--workers", "1",
        ],
        "--sampler random --no-plots --workers 2": [
            "--sampler", "random", "--no-plots", "--workers", "2",
        ],
    },
}  # fmt: skip


def measure(n: int, commands: dict[str, list[str]], repeats: int) -> list[dict]:
    runs: dict[str, list[dict]] = {"numpy program": [], **{name: [] for name in commands}}
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(dir=HERE.parent) as tmp:
        for i in range(repeats):
            for name in runs:
                if name == "numpy program":
                    runs[name].append(timed([sys.executable, "-c", BASELINE, str(n)]))
                    continue
                out = Path(tmp) / f"r{i}"
                cmd = [
                    sys.executable, "-c", PARENT, "run", str(SCENARIO), "-n", str(n),
                    "--seed", "1", *commands[name], "-o", str(out),
                ]  # fmt: skip
                runs[name].append(timed(cmd))
                subprocess.run(["rm", "-rf", str(out)], check=True)
                print(json.dumps({"n": n, "command": name, **runs[name][-1]}), file=sys.stderr)
    base = {k: statistics.median(r[k] for r in runs["numpy program"]) for k in ("wall_s", "cpu_s")}
    rows = []
    for name, r in runs.items():
        wall, cpu = (statistics.median(x[k] for x in r) for k in ("wall_s", "cpu_s"))
        rows.append(
            {
                "iterations": n,
                "command": name,
                "wall_s": wall,
                "wall_ratio": wall / base["wall_s"],
                "cpu_s": cpu,
                "cpu_ratio": cpu / base["cpu_s"],
                "walls": [x["wall_s"] for x in r],
                "load_before": load,
                "load_after": os.getloadavg()[0],
            }
        )
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", nargs="+", type=float, default=[1e6, 1e7])
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()
    compile_package()
    rows = []
    for size in args.sizes:
        rows += measure(int(size), COMMANDS[int(size)], args.repeats)
    print("| iterations | command | wall s | vs numpy | CPU s | vs numpy | load |")
    print("|---:|---|---:|---:|---:|---:|---:|")
    for r in rows:
        print(
            f"| {r['iterations']:,} | {r['command']} | {r['wall_s']:.2f} | {r['wall_ratio']:.2f}x "
            f"| {r['cpu_s']:.2f} | {r['cpu_ratio']:.2f}x "
            f"| {r['load_before']:.1f}-{r['load_after']:.1f} |"
        )
    by = {(r["iterations"], r["command"]): r for r in rows}
    one = by.get((10_000_000, "--sampler random --no-plots --workers 1"))
    two = by.get((10_000_000, "--sampler random --no-plots --workers 2"))
    if one and two:
        print(f"\n--workers 2 against --workers 1 at 10^7: {one['wall_s'] / two['wall_s']:.2f}x")
    save("targets", {"repeats": args.repeats, "rows": rows})


if __name__ == "__main__":
    main()

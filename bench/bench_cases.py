"""Time and the parent's peak memory of a batch of cases (batch --rows), beside numpy.

    python bench/bench_cases.py                                   # 10^3 and 10^4 cases
    python bench/bench_cases.py --cases 100000 --scheduler local  # the 10^5 batch

Each batch runs bench/scenario.yaml as the template with a rows file of ``--cases``
cases (``costs.seats`` 5..60 and ``costs.price_per_seat_month`` 60..120, drawn with a
fixed seed), ``-n`` iterations per case (default 1,000: a small count, to time the
machinery per case rather than the model), in a fresh process under ``/usr/bin/time -v``:

- ``simroi batch TEMPLATE --rows cases.csv -n N --workers W [--scheduler local]``;
- baseline: bench/baseline.py (the same formulas hand-written in numpy, three summary
  numbers per case instead of simroi's summary.json), the cases one after the other
  in one process.

Reported as medians of ``--repeats``: wall seconds, cases per second, CPU seconds
(user + sys of the process and the workers it waited for), the *parent's* peak
resident memory (``RUSAGE_SELF`` of the simroi process, printed as it exits: a
worker's own peak is not in it), the folder's bytes and the load average before and
after. Results go to stdout as a markdown table and to bench/results/cases-<UTC>.json.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench_streaming import PARENT, folder_bytes, timed
from record import save

HERE = Path(__file__).resolve().parent
SCENARIO = HERE / "scenario.yaml"
BASELINE = (
    "import atexit, resource, sys;"
    "atexit.register(lambda: print('PARENT_MAXRSS_KB', "
    "resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr));"
    f"sys.path.insert(0, {str(HERE)!r}); import baseline;"
    "[baseline.run(int(sys.argv[2]), seed=i) for i in range(int(sys.argv[1]))]"
)


def rows_file(path: Path, cases: int) -> None:
    rng = random.Random(1)
    with path.open("w", encoding="utf-8") as f:
        f.write("case,costs.seats,costs.price_per_seat_month\n")
        for i in range(cases):
            f.write(f"client-{i + 1:06d},{rng.randint(5, 60)},{rng.randint(60, 120)}\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", nargs="+", type=float, default=[1e3, 1e4])
    ap.add_argument("-n", "--iterations", type=int, default=1000)
    ap.add_argument("--repeats", type=int, default=1)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--scheduler", default="local", help="local: a dask LocalCluster; none")
    ap.add_argument("--no-baseline", action="store_true")
    args = ap.parse_args()
    backend = ["--workers", str(args.workers)]
    if args.scheduler != "none":
        backend += ["--scheduler", args.scheduler]
    rows = []
    for size in args.cases:
        m = int(size)
        runs: dict[str, list[dict]] = {"simroi batch --rows": []}
        if not args.no_baseline:
            runs["numpy baseline"] = []
        with tempfile.TemporaryDirectory(dir=HERE.parent) as tmp:
            table = Path(tmp) / "cases.csv"
            rows_file(table, m)
            for i in range(args.repeats):
                for name in runs:
                    before = os.getloadavg()
                    if name == "numpy baseline":
                        cmd = [sys.executable, "-c", BASELINE, str(m), str(args.iterations)]
                        got = timed(cmd)
                    else:
                        out = Path(tmp) / f"out-{i}"
                        cmd = [
                            sys.executable, "-c", PARENT, "batch", str(SCENARIO), "--rows",
                            str(table), "-n", str(args.iterations), "--seed", "1", *backend,
                            "-o", str(out), "--json",
                        ]  # fmt: skip
                        got = timed(cmd)
                        got["bytes"] = folder_bytes(out)
                        subprocess.run(["rm", "-rf", str(out)], check=True)
                    got["load_before"], got["load_after"] = before[0], os.getloadavg()[0]
                    runs[name].append(got)
                    print(json.dumps({"cases": m, "command": name, **got}), file=sys.stderr)
        for name, r in runs.items():
            row = {"cases": m, "iterations": args.iterations, "command": name, "repeats": len(r)}
            for key in r[0]:
                row[key] = statistics.median(x[key] for x in r)
            row["cases_per_s"] = m / row["wall_s"]
            rows.append(row)
    print(
        "| cases | -n | command | wall s | cases/s | CPU s | parent peak MB "
        "| largest process MB | folder MB | load before/after |"
    )
    print("|---:|---:|---|---:|---:|---:|---:|---:|---:|---|")
    for r in rows:
        folder = f"{r['bytes'] / 1e6:,.1f}" if "bytes" in r else "-"
        print(
            f"| {r['cases']:,} | {r['iterations']:,} | {r['command']} | {r['wall_s']:.0f} "
            f"| {r['cases_per_s']:.1f} | {r['cpu_s']:.0f} | {r['parent_mb']:,.0f} "
            f"| {r['tree_max_mb']:,.0f} | {folder} "
            f"| {r['load_before']:.1f}/{r['load_after']:.1f} |"
        )
    info = {"repeats": args.repeats, "workers": args.workers, "scheduler": args.scheduler}
    save("cases", {**info, "rows": rows})


if __name__ == "__main__":
    main()

"""Peak memory of the parent of `simroi run` with and without kept samples, beside numpy.

    python bench/bench_streaming.py                          # 10^6 and 10^7, 3 repeats
    python bench/bench_streaming.py --sizes 1e8 --repeats 1 --samples 100000 \
        --scheduler local                                    # the 10^8 run on a LocalCluster

For each size, every command runs in a fresh process, the commands alternating
(a burst of load hits all alike), each under ``/usr/bin/time -v``:

- ``simroi run -n N --samples S --no-plots --workers W`` for each S of ``--samples``
  (``all``: today's path, every iteration in samples.parquet and summary.json sorted
  from them; ``none`` / a count: the summary merged from the units' summaries);
- baseline: bench/baseline.py, the same formulas hand-written in numpy, one process.

Reported as medians: wall seconds, CPU seconds (user + sys of the process and the
workers it waited for), the *parent's* peak resident memory (``RUSAGE_SELF`` of the
simroi process, printed as it exits: the workers' own peaks are not in it), the
whole tree's largest peak (``time -v``), the bytes written, and the load average.
Results go to stdout as a markdown table and to bench/results/streaming-<UTC>.json.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from record import compile_package, save

HERE = Path(__file__).resolve().parent
SCENARIO = HERE / "scenario.yaml"

# simroi's command line in this process, printing this process's own peak at exit.
PARENT = (
    "import atexit, resource, sys;"
    "atexit.register(lambda: print('PARENT_MAXRSS_KB', "
    "resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr));"
    "from simroi.cli import program; sys.argv = ['simroi', *sys.argv[1:]]; program()"
)
BASELINE = (
    "import atexit, resource, sys;"
    "atexit.register(lambda: print('PARENT_MAXRSS_KB', "
    "resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr));"
    f"sys.path.insert(0, {str(HERE)!r}); import baseline; baseline.run(int(sys.argv[1]))"
)


def timed(cmd: list[str]) -> dict:
    """Wall, CPU, parent and tree peak memory of ``cmd`` under /usr/bin/time -v."""
    out = subprocess.run(["/usr/bin/time", "-v", *cmd], capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{out.stderr[-3000:]}")
    err = out.stderr

    def field(name: str) -> str:
        return re.search(rf"{re.escape(name)}: (.+)", err).group(1).strip()

    wall = field("Elapsed (wall clock) time (h:mm:ss or m:ss)").split(":")
    seconds = sum(float(p) * 60**i for i, p in enumerate(reversed(wall)))
    return {
        "wall_s": seconds,
        "cpu_s": float(field("User time (seconds)")) + float(field("System time (seconds)")),
        "parent_mb": int(re.search(r"PARENT_MAXRSS_KB (\d+)", err).group(1)) / 1024,
        "tree_max_mb": int(field("Maximum resident set size (kbytes)")) / 1024,
    }


def folder_bytes(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", nargs="+", type=float, default=[1e6, 1e7])
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--samples", nargs="+", default=["all", "none", "100000"])
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--scheduler", default=None, help="e.g. local: a dask LocalCluster")
    ap.add_argument("--no-baseline", action="store_true")
    args = ap.parse_args()
    compile_package()
    backend = ["--workers", str(args.workers)]
    if args.scheduler:
        backend += ["--scheduler", args.scheduler]
    rows = []
    for size in args.sizes:
        n = int(size)
        runs: dict[str, list[dict]] = {s: [] for s in args.samples}
        if not args.no_baseline:
            runs["numpy baseline"] = []
        with tempfile.TemporaryDirectory(dir=HERE.parent) as tmp:
            for i in range(args.repeats):
                for name in runs:
                    if name == "numpy baseline":
                        runs[name].append(timed([sys.executable, "-c", BASELINE, str(n)]))
                        continue
                    out = Path(tmp) / f"{name}-{i}"
                    cmd = [
                        sys.executable, "-c", PARENT, "run", str(SCENARIO), "-n", str(n),
                        "--seed", "1", "--samples", name, "--no-plots", *backend,
                        "-o", str(out), "--json",
                    ]  # fmt: skip
                    got = timed(cmd)
                    got["bytes"] = folder_bytes(out)
                    runs[name].append(got)
                    # keep the disk free for the next one
                    subprocess.run(["rm", "-rf", str(out)], check=True)
                    print(json.dumps({"n": n, "samples": name, **got}), file=sys.stderr)
        for name, r in runs.items():
            row = {"iterations": n, "command": name, "repeats": len(r), "loadavg": os.getloadavg()}
            for key in r[0]:
                row[key] = statistics.median(x[key] for x in r)
            rows.append(row)
    base = {r["iterations"]: r for r in rows if r["command"] == "numpy baseline"}
    print(
        "| iterations | command | wall s | vs numpy | CPU s | vs numpy | parent peak MB "
        "| largest process MB | folder MB | load |"
    )
    print("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        b = base.get(r["iterations"])
        what = "numpy baseline" if r["command"] == "numpy baseline" else f"--samples {r['command']}"
        wall_ratio = f"{r['wall_s'] / b['wall_s']:.2f}x" if b else "-"
        cpu_ratio = f"{r['cpu_s'] / b['cpu_s']:.2f}x" if b else "-"
        folder = f"{r['bytes'] / 1e6:,.1f}" if "bytes" in r else "-"
        print(
            f"| {r['iterations']:,} | {what} | {r['wall_s']:.1f} | {wall_ratio} "
            f"| {r['cpu_s']:.1f} | {cpu_ratio} | {r['parent_mb']:,.0f} | {r['tree_max_mb']:,.0f} "
            f"| {folder} | {r['loadavg'][0]:.1f} |"
        )
    info = {"repeats": args.repeats, "workers": args.workers, "scheduler": args.scheduler}
    save("streaming", {**info, "rows": rows})


if __name__ == "__main__":
    main()

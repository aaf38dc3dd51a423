"""The fixed cost of small commands: fresh processes, timed beside plain Python and numpy.

    python bench/bench_startup.py              # 5 repeats of each
    python bench/bench_startup.py --repeats 9

Each case runs in a fresh process, the cases interleaved (so a burst of load
from elsewhere hits them all alike), and reports the median wall time and the
median CPU time (user + system of the child; steadier than wall time on a
shared machine):
- ``python -c pass``: the interpreter alone;
- yardstick: ``bench/baseline.py`` (the plain numpy implementation of the same
  formulas) importing numpy and simulating 1,000 iterations of bench/scenario.yaml;
- ``simroi validate configs/smb.yaml`` (target < 0.5 s);
- ``simroi run configs/smb.yaml -n 1000 --no-plots`` (target < 1.5 s), into a
  fresh temporary folder each time.
The load average is recorded beside the numbers. Results go to stdout as a
markdown table and to bench/results/startup-<UTC time>.json.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from record import compile_package, save

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CONFIG = ROOT / "configs" / "smb.yaml"
YARDSTICK = f"import sys; sys.path.insert(0, {str(HERE)!r}); import baseline; baseline.run(1000)"
TARGETS = {"validate": 0.5, "run -n 1000 --no-plots": 1.5}


def cases(tmp: str) -> dict[str, Callable[[], list[str]]]:
    py = sys.executable
    counter = iter(range(10**9))
    return {
        "python -c pass": lambda: [py, "-c", "pass"],
        "numpy baseline, 1,000 it": lambda: [py, "-c", YARDSTICK],
        "validate": lambda: [py, "-m", "simroi", "validate", str(CONFIG)],
        "run -n 1000 --no-plots": lambda: [
            py,
            "-m",
            "simroi",
            "run",
            str(CONFIG),
            "-n",
            "1000",
            "--no-plots",
            "-o",
            f"{tmp}/r{next(counter)}",
        ],
    }


def timed(cmd: list[str]) -> tuple[float, float]:
    """(wall s, CPU s of the child) of one fresh process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT)
    wall = time.perf_counter() - t
    if done.returncode:
        sys.exit(f"{' '.join(cmd)} failed ({done.returncode}):\n{done.stderr.decode()}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=5)
    args = ap.parse_args()
    compile_package()
    if args.repeats < 3:
        ap.error("--repeats: at least 3 (medians of >= 3)")
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        todo = cases(tmp)
        for make in todo.values():  # warm the file cache once, untimed
            timed(make())
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in todo}
        for _ in range(args.repeats):
            for name, make in todo.items():
                times[name].append(timed(make()))
    load_after = os.getloadavg()
    rows = []
    for name, runs in times.items():
        rows.append(
            {
                "case": name,
                "wall_s": statistics.median(w for w, _ in runs),
                "cpu_s": statistics.median(c for _, c in runs),
                "wall_all": [round(w, 3) for w, _ in runs],
                "target_s": TARGETS.get(name),
            }
        )
    print(f"load average before {load_before[0]:.2f}, after {load_after[0]:.2f} (1 min)")
    print("| case | median wall s | median CPU s | target |")
    print("|---|---:|---:|---:|")
    for r in rows:
        target = f"< {r['target_s']}" if r["target_s"] else ""
        print(f"| {r['case']} | {r['wall_s']:.2f} | {r['cpu_s']:.2f} | {target} |")
    save(
        "startup",
        {
            "repeats": args.repeats,
            "loadavg_before": load_before,
            "loadavg_after": load_after,
            "rows": rows,
        },
    )


if __name__ == "__main__":
    main()

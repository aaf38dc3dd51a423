"""Peak memory and time of a large sweep: `simroi sweep` of many small variants.

    python bench/bench_sweep_memory.py                      # 10,000 variants x 2,000 iterations
    python bench/bench_sweep_memory.py --variants 1000 --workers 1

Runs the command in a fresh process and samples, every 0.2 s, the resident memory
of it and of all its descendants (the worker processes) added up; reports the
largest sum, the wall time and the load average. Linux only (reads /proc).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCENARIO = HERE.parent / "configs" / "smb.yaml"
PAGE = os.sysconf("SC_PAGE_SIZE")


def tree_rss(root: int) -> int:
    """Bytes resident in ``root`` and every process below it."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            parents[int(entry)] = int(stat[1])
            rss[int(entry)] = int(Path(f"/proc/{entry}/statm").read_text().split()[1]) * PAGE
        except (OSError, IndexError, ValueError):
            continue
    total, todo, seen = 0, [root], set()
    while todo:
        pid = todo.pop()
        if pid in seen:
            continue
        seen.add(pid)
        total += rss.get(pid, 0)
        todo.extend(p for p, pp in parents.items() if pp == pid)
    return total


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--variants", type=int, default=10_000)
    ap.add_argument("--iterations", type=int, default=2_000)
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    # a 100 x (variants / 100) grid of price and seats
    cols = max(1, args.variants // 100)
    prices = ",".join(
        str(100 + 2 * i) for i in range(100 if args.variants >= 100 else args.variants)
    )
    seats = ",".join(str(5 + i) for i in range(cols))
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [sys.executable, "-m", "simroi", "sweep", str(SCENARIO), "-n", str(args.iterations)]
        cmd += [f"--vary=costs.price_per_seat_month={prices}", f"--vary=costs.seats={seats}"]
        cmd += ["--workers", str(args.workers), "--no-plots", "-o", f"{tmp}/s", "--json"]
        load = os.getloadavg()[0]
        t = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL)
        peak = 0
        while proc.poll() is None:
            peak = max(peak, tree_rss(proc.pid))
            time.sleep(0.2)
        wall = time.perf_counter() - t
        if proc.returncode:
            raise SystemExit(f"sweep failed with status {proc.returncode}")
        data = json.loads(Path(f"{tmp}/s/sweep.json").read_text())
    row = {
        "variants": len(data["variants"]),
        "iterations": args.iterations,
        "workers": args.workers,
        "wall_s": round(wall, 1),
        "peak_tree_rss_mb": round(peak / 2**20),
        "load_before": load,
        "load_after": os.getloadavg()[0],
    }
    print(json.dumps(row))


if __name__ == "__main__":
    main()

"""What the report step adds to a 20,000-iteration run, side by side in one process.

    python bench/bench_report.py [--iterations 20000] [--repeat 5] [--no-pdf]

For configs/smb.yaml and configs/smb-zh.yaml (run folders: the CFO Document) and a
sweep of configs/smb.yaml over three seat counts (a sectioned Report): the time of
making the folder, then of each report written from it — html, xlsx, pdf (when
WeasyPrint is installed) — and of html + xlsx written together (one call, as
``--report html,xlsx`` does). The target of issue 19 is html + xlsx < 1.5 s for a
20,000-iteration run. The machine is shared: the median over repeats is quoted with
the load average at the start and the end.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # this checkout's simroi, whichever one is installed

from click.testing import CliRunner  # noqa: E402

from simroi.cli import main  # noqa: E402
from simroi.report.documents.build import write_reports  # noqa: E402

CASES = {  # name -> the command that makes the folder (without -n/-o)
    "smb": ["run", str(ROOT / "configs" / "smb.yaml"), "--no-plots"],
    "smb-zh": ["run", str(ROOT / "configs" / "smb-zh.yaml"), "--no-plots"],
    "sweep": ["sweep", str(ROOT / "configs" / "smb.yaml"), "--vary", "costs.seats=10,20,40"],
}


def timed(f) -> float:
    start = time.perf_counter()
    f()
    return time.perf_counter() - start


def main_(argv=None) -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--iterations", type=int, default=20_000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--no-pdf", action="store_true", help="time html and xlsx only")
    args = ap.parse_args(argv)
    try:
        import weasyprint  # noqa: F401

        formats = ("html", "xlsx") if args.no_pdf else ("html", "xlsx", "pdf")
    except (ImportError, OSError):
        formats = ("html", "xlsx")
    load = os.getloadavg()[0]
    print(f"median of {args.repeat}, {args.iterations:,} iterations, load average {load:.1f}")
    print(f"{'folder':<8} {'make':>7} " + " ".join(f"{f:>7}" for f in formats) + "  html+xlsx")
    with tempfile.TemporaryDirectory() as tmp:
        for name, command in CASES.items():
            times: dict[str, list[float]] = {}
            for k in range(args.repeat):
                out = Path(tmp) / f"{name}-{k}"
                cmd = [*command, "-n", str(args.iterations), "--seed", "1", "-o", str(out)]
                with contextlib.redirect_stderr(io.StringIO()):
                    t = timed(lambda cmd=cmd: CliRunner().invoke(main, [*cmd, "--json"],
                                                                 catch_exceptions=False))  # fmt: skip
                times.setdefault("make", []).append(t)
                for f in formats:
                    times.setdefault(f, []).append(timed(lambda f=f, o=out: write_reports(o, [f])))
                both = timed(lambda o=out: write_reports(o, ["html", "xlsx"]))
                times.setdefault("both", []).append(both)
            med = {k: statistics.median(v) for k, v in times.items()}
            print(
                f"{name:<8} {med['make']:7.2f} "
                + " ".join(f"{med[f]:7.2f}" for f in formats)
                + f"  {med['both']:9.2f}"
            )
    print(f"load average at the end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main_()

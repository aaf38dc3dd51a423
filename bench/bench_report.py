"""What the report step adds to a 20,000-iteration run, side by side in one process.

    python bench/bench_report.py [--iterations 20000] [--repeat 3]

For configs/smb.yaml and configs/smb-zh.yaml: the time of ``simroi run --no-plots``
(simulate, write summary/run.json/parquet), then of each report written from that
folder: html, xlsx, pdf (when WeasyPrint is installed). The target of the issue
is html + xlsx <= 1.5 s on top of the run. The machine is shared: quote the
minimum over repeats and compare the columns of the same invocation only.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import tempfile
import time
from pathlib import Path

from click.testing import CliRunner

from simroi.cli import main
from simroi.report.documents.build import write_reports

ROOT = Path(__file__).resolve().parents[1]


def timed(f) -> float:
    start = time.perf_counter()
    f()
    return time.perf_counter() - start


def main_(argv=None) -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--iterations", type=int, default=20_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    try:
        import weasyprint  # noqa: F401

        formats = ("html", "xlsx", "pdf")
    except (ImportError, OSError):
        formats = ("html", "xlsx")
    print(f"{'scenario':<12} {'run':>7} " + " ".join(f"{f:>7}" for f in formats) + "  html+xlsx")
    with tempfile.TemporaryDirectory() as tmp:
        for config in ("smb.yaml", "smb-zh.yaml"):
            best: dict[str, float] = {}
            for k in range(args.repeat):
                out = Path(tmp) / f"{config}-{k}"
                cmd = ["run", str(ROOT / "configs" / config), "-n", str(args.iterations)]
                cmd += ["--seed", "1", "-o", str(out), "--no-plots", "--json"]
                with contextlib.redirect_stderr(io.StringIO()):
                    t = timed(lambda cmd=cmd: CliRunner().invoke(main, cmd, catch_exceptions=False))
                best["run"] = min(best.get("run", t), t)
                for f in formats:
                    t = timed(lambda f=f, out=out: write_reports(out, [f]))
                    best[f] = min(best.get(f, t), t)
            both = best["html"] + best["xlsx"]
            print(
                f"{config:<12} {best['run']:7.2f} "
                + " ".join(f"{best[f]:7.2f}" for f in formats)
                + f"  {both:9.2f}"
            )


if __name__ == "__main__":
    main_()

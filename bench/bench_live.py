"""The live what-if page at 20,000 iterations: its size, writing it, opening it, a change.

    python bench/bench_live.py [--iterations 20000]

For configs/smb.yaml and configs/smb-zh.yaml: the time of ``write_reports(..., ["live"])``
and the size of live.html; then, in headless Chromium (``live.html?bench=1``), the
milliseconds from navigation to the first answers and per change (the page's own
performance.now() around each recomputation and redraw: a lever, a risk event's
probability, a pinned input, a correlated input pinned and given a new range; ten each).
The target of issue 22 is well under 100 ms a change. The machine is shared: quote the
median and the worst. Run it from the checkout (``PYTHONPATH=.``) to bench its simroi.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from click.testing import CliRunner

from simroi.cli import main
from simroi.report.documents.build import write_reports

ROOT = Path(__file__).resolve().parents[1]


def _in_chromium(chromium: str, url: str, profile: Path) -> dict:
    """The root element's data attributes once the page's bench ran, in real time.

    Headless Chromium over its DevTools pipe (fds 3 and 4): ``--dump-dom`` would either
    stop at the load event (before the page's asynchronous start) or run on virtual
    time, in which ``performance.now()`` does not move.
    """
    import os

    chrome_reads, to_chrome = os.pipe()
    from_chrome, chrome_writes = os.pipe()

    def child_fds() -> None:  # chromium reads fd 3 and writes fd 4
        a, b = os.dup(chrome_reads), os.dup(chrome_writes)
        os.dup2(a, 3)
        os.dup2(b, 4)

    proc = subprocess.Popen(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--remote-debugging-pipe",
         f"--user-data-dir={profile}", "about:blank"],
        close_fds=False, stdout=subprocess.DEVNULL,  # fds 3 and 4 stay open
        stderr=subprocess.DEVNULL, preexec_fn=child_fds,
    )  # fmt: skip
    os.close(chrome_reads)
    os.close(chrome_writes)
    buffer = b""
    ids = iter(range(1, 10_000))

    def call(method: str, session: str | None = None, **params) -> dict:
        nonlocal buffer
        ident = next(ids)
        message = {"id": ident, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        os.write(to_chrome, json.dumps(message).encode() + b"\0")
        while True:
            while b"\0" not in buffer:
                buffer += os.read(from_chrome, 1 << 20)
            raw, buffer = buffer.split(b"\0", 1)
            reply = json.loads(raw)
            if reply.get("id") == ident:
                return reply.get("result", {})

    try:
        target = call("Target.createTarget", url="about:blank")["targetId"]
        session = call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        call("Page.navigate", session, url=url)
        expression = "JSON.stringify(document.documentElement.dataset)"
        for _ in range(600):
            time.sleep(0.1)
            got = call("Runtime.evaluate", session, expression=expression, returnByValue=True)
            data = json.loads(got.get("result", {}).get("value") or "{}")
            if "bench" in data:
                return data
        raise RuntimeError("the page's bench did not finish within 60 s")
    finally:
        proc.kill()
        proc.wait()


def main_(argv=None) -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--iterations", type=int, default=20_000)
    args = ap.parse_args(argv)
    chromium = shutil.which("chromium")
    with tempfile.TemporaryDirectory() as tmp:
        for config in ("smb.yaml", "smb-zh.yaml"):
            out = Path(tmp) / config
            cmd = ["run", str(ROOT / "configs" / config), "-n", str(args.iterations)]
            cmd += ["--seed", "1", "-o", str(out), "--no-plots", "--json"]
            with contextlib.redirect_stderr(io.StringIO()):
                CliRunner().invoke(main, cmd, catch_exceptions=False)
            start = time.perf_counter()
            (page,) = write_reports(out, ["live"])
            written = time.perf_counter() - start
            line = f"{config:<12} write {written:5.2f} s  size {page.stat().st_size / 1e6:5.2f} MB"
            if chromium:
                found = _in_chromium(chromium, page.as_uri() + "?bench=1", Path(tmp) / "profile")
                opened, bench = float(found["opened"]), json.loads(found["bench"])
                line += f"  open {opened:6.0f} ms"
                for kind, times in bench.items():
                    line += f"  {kind} {statistics.median(times):5.1f}/{max(times):5.1f} ms"
            print(line)


if __name__ == "__main__":
    main_()

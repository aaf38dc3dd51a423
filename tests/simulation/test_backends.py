"""Back ends: serial, local processes and dask give the same numbers bit for bit."""

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import pytest

import simroi
from simroi.analysis.compare import compare
from simroi.analysis.sweep import sweep
from simroi.errors import SimroiError
from simroi.scenario.variants import grid
from simroi.simulation import backends
from simroi.simulation.backends import Processes, Serial, open_backend

ROOT = Path(__file__).resolve().parents[2]
SMB = ROOT / "configs" / "smb.yaml"
VENDORS = ROOT / "configs" / "vendors.yaml"


def _square(x):
    return x * x


def test_windowed_map_keeps_order_and_bounds_the_window():
    with Processes(2) as pool:
        assert list(pool.imap(_square, range(20))) == [x * x for x in range(20)]
    submitted, done = [], []

    class Ready:
        def __init__(self, x):
            self.x = x

        def cancel(self):
            pass

    def submit(x):
        submitted.append(x)
        return Ready(x)

    def result(f):
        done.append(f.x)
        assert len(submitted) - len(done) <= 3  # never more than the window in flight
        return f.x

    assert list(backends._windowed(submit, result, range(10), 4)) == list(range(10))


def test_open_backend_choices(monkeypatch):
    monkeypatch.delenv("SIMROI_SCHEDULER", raising=False)
    assert isinstance(open_backend(1), Serial)
    assert open_backend(3).workers == 3
    assert open_backend().workers == backends.available_cores() or isinstance(
        open_backend(), Serial
    )
    with pytest.raises(SimroiError, match="or give 'local' for a cluster on this machine"):
        open_backend(2, "somewhere:8786")
    monkeypatch.setenv("SIMROI_SCHEDULER", "nowhere")
    with pytest.raises(SimroiError, match="--scheduler nowhere: not an address"):
        open_backend(2)


def test_missing_dask_says_how_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # import fails as if not installed
    with pytest.raises(SimroiError, match=r'pip install "simroi\[dask\]"'):
        open_backend(2, "local")


def _runs(backend):
    scn = simroi.load_scenario(SMB)
    small = simroi.simulate_scenario(scn, iterations=6000, chunk_size=1000, backend=backend)
    large = simroi.simulate_scenario(scn, iterations=140_000, backend=backend)  # 3 units
    cmp = compare(simroi.load_scenario(VENDORS), iterations=3000, seed=3, backend=backend)
    swp = sweep(
        SMB,
        grid([("costs.seats", [10, 40]), ("costs.price_per_seat_month", [100, 300])]),
        iterations=2000,
        backend=backend,
    )
    return small, large, cmp, swp


@pytest.fixture(scope="module")
def serial():
    return _runs(Serial())


def _assert_same(a, b):
    for x, y in zip(a[:2], b[:2], strict=True):
        assert x.samples.equals(y.samples)
        assert x.summary() == y.summary()
    assert a[2].to_dict() == b[2].to_dict()
    for k in a[2].values:
        assert np.array_equal(a[2].values[k], b[2].values[k])
    assert a[3] == b[3]


def test_two_processes_equal_serial_bit_for_bit(serial):
    with Processes(2) as pool:
        _assert_same(_runs(pool), serial)


def test_cli_workers_do_not_change_a_number(tmp_path):
    from click.testing import CliRunner

    from simroi.cli import main

    out = {}
    for w in (1, 2):
        r = CliRunner().invoke(
            main,
            [
                "run",
                str(SMB),
                "-n",
                "70000",
                "--workers",
                str(w),
                "--no-plots",
                "-o",
                str(tmp_path / str(w)),
                "--set",
                "costs.seats=12",
            ],
        )
        assert r.exit_code == 0, r.output
        out[w] = json.loads((tmp_path / str(w) / "summary.json").read_text())
    assert out[1] == out[2]


def test_workers_exit_when_the_parent_is_killed(tmp_path):
    """SIGKILL or SIGTERM to the parent alone: its pool processes go too (no orphans)."""
    if not sys.platform.startswith("linux"):
        pytest.skip("reads /proc")
    script = textwrap.dedent(f"""
        import simroi
        scn = simroi.load_scenario({str(SMB)!r})
        simroi.simulate_scenario(scn, iterations=50_000_000, workers=2, keep_samples=False)
    """)
    for sig in (signal.SIGKILL, signal.SIGTERM):
        parent = subprocess.Popen([sys.executable, "-c", script])
        try:
            workers = []
            deadline = time.monotonic() + 60
            while len(workers) < 2 and time.monotonic() < deadline:
                time.sleep(0.2)
                workers = _children(parent.pid)
            assert len(workers) >= 2, "the pool did not start"
            os.kill(parent.pid, sig)
            parent.wait(10)
            deadline = time.monotonic() + 10
            while any(_alive(p) for p in workers) and time.monotonic() < deadline:
                time.sleep(0.1)
            assert not [p for p in workers if _alive(p)], f"orphans after {sig.name}"
        finally:
            if parent.poll() is None:
                parent.kill()


def _children(pid):
    out = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                out.append(int(entry))
    return out


def _alive(pid):
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie has exited; only its parent's reaping is left


# --------------------------------------------------------------------------- dask


@pytest.fixture(scope="module")
def dask_local():
    pytest.importorskip("distributed")
    with open_backend(2, "local") as backend:
        yield backend


def test_dask_local_cluster_equals_serial_bit_for_bit(dask_local, serial):
    assert dask_local.workers == 2
    _assert_same(_runs(dask_local), serial)


def test_losing_a_dask_worker_mid_sweep_changes_nothing(dask_local):
    variants = grid([("costs.seats", list(range(10, 130, 10)))])
    ref = sweep(SMB, variants, iterations=3000)
    pids = dask_local.client.run(os.getpid)
    killed = []

    def kill_one(_):
        if not killed:
            victim = next(iter(pids.values()))
            os.kill(victim, signal.SIGKILL)
            killed.append(victim)

    got = sweep(SMB, variants, iterations=3000, backend=dask_local, progress=kill_one)
    assert killed
    assert got == ref
    assert killed[0] not in dask_local.client.run(os.getpid).values()


BACKENDS = {
    "workers 1": ["--workers", "1"],
    "workers 2": ["--workers", "2"],
    "dask local": ["--scheduler", "local", "--workers", "2"],
}


@pytest.mark.parametrize("command", ["sweep", "batch"])
def test_sweep_and_batch_are_bit_for_bit_on_every_back_end_and_equal_run(tmp_path, command):
    """Issue 17 F8: `sweep --scheduler local` gave roi.mean 5.479723675937561, the others
    5.479723675937562 (numpy sums the unaligned arrays a dask worker sends in another order)."""
    pytest.importorskip("distributed")
    from click.testing import CliRunner

    from simroi.cli import main

    def invoke(*args):
        plots = [] if args[0] == "batch" else ["--no-plots"]
        r = CliRunner().invoke(main, [*map(str, args), *plots])
        assert r.exit_code == 0, r.output

    common = ["-n", "20000", "--seed", "3"]
    if command == "sweep":
        given = ["sweep", SMB, "--vary", "costs.seats=5,10,20", *common]
        runs = [["run", SMB, "--set", f"costs.seats={k}", *common] for k in (5, 10, 20)]
    else:
        files = [SMB, ROOT / "configs" / "ecommerce.yaml"]
        given = ["batch", *files, *common]
        runs = [["run", f, *common] for f in files]
    got = {}
    for name, options in BACKENDS.items():
        out = tmp_path / name.replace(" ", "-")
        invoke(*given, *options, "-o", out)
        got[name] = json.loads((out / "sweep.json").read_text())
    assert got["workers 1"] == got["workers 2"] == got["dask local"]
    roi = got["dask local"]["variants"][0]["summary"]["metrics"]["roi"]
    assert command == "batch" or roi["mean"] == 5.479723675937562
    for i, args in enumerate(runs):
        out = tmp_path / f"run{i}"
        invoke(*args, "-o", out)
        summary = json.loads((out / "summary.json").read_text())
        if command == "sweep":
            del summary["cash_flow"]  # a sweep's summaries leave the fan out
        assert got["dask local"]["variants"][i]["summary"] == summary

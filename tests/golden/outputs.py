"""The numbers every simulating command gives at a fixed seed, recorded to prove a refactor
changed none of them.

``python tests/golden/outputs.py record`` writes ``outputs.json`` beside this file from
the checkout it runs in (recorded, not derived: it is the commit before a refactor);
``tests/test_outputs_unchanged.py`` recomputes and compares every recorded value. Keys
added later (a new figure in a JSON file) are not compared; a recorded key that changes
or disappears fails the test. When numbers change on purpose, record again and say so
in the commit message.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parents[2]
RECORD = Path(__file__).with_name("outputs.json")
TEMPLATES = ("smb", "smb-zh", "manufacturer", "ecommerce", "education", "tei", "vendors")
COMMON = ["--seed", "11", "--json"]
# Keys whose values depend on the moment, the machine or the folder, not on the model.
VOLATILE = {"created_utc", "command_line", "versions", "python", "platform", "run_dir", "folder"}


def cases() -> dict[str, list[str]]:
    """Case name -> arguments of ``simroi`` (CONFIG included)."""
    out = {}
    for t in TEMPLATES:
        cfg = str(ROOT / "configs" / f"{t}.yaml")
        out[f"run/{t}"] = ["run", cfg, "-n", "1500", "--no-plots", *COMMON]
        out[f"sensitivity/{t}"] = [
            "sensitivity",
            cfg,
            "--method",
            "all",
            "-n",
            "1000",
            "--sobol-n",
            "64",
            *COMMON,
        ]
        out[f"breakeven/{t}"] = ["breakeven", cfg, "-n", "1000", "--no-plots", *COMMON]
        out[f"stress/{t}"] = ["stress", cfg, "-n", "1000", "--no-plots", *COMMON]
        out[f"voi/{t}"] = ["voi", cfg, "-n", "2000", "--no-plots", *COMMON]
        out[f"sweep/{t}"] = [
            "sweep",
            cfg,
            "--vary",
            "costs.seats=5,40",
            "-n",
            "800",
            "--no-plots",
            *COMMON,
        ]
    vendors = str(ROOT / "configs" / "vendors.yaml")
    out["compare/vendors"] = ["compare", vendors, "-n", "1500", "--no-plots", *COMMON]
    out["breakeven-seek/manufacturer"] = [
        "breakeven",
        str(ROOT / "configs" / "manufacturer.yaml"),
        "--input",
        "drivers.conversion_lift",
        "--target",
        "P(npv>0)>=0.9",
        "-n",
        "1000",
        "--no-plots",
        *COMMON,
    ]
    return out


def _clean(value):
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items() if k not in VOLATILE}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


def _table_digest(folder: Path) -> dict[str, str]:
    """SHA-256 of each column's values (names and float64 bytes) of the folder's parquet files."""
    out = {}
    for path in sorted(folder.glob("*.parquet")):
        table = pq.read_table(path)
        for name in table.column_names:
            column = table.column(name).to_pandas()
            data = (
                np.ascontiguousarray(column.to_numpy(dtype=float)).tobytes()
                if column.dtype.kind in "fiub"
                else json.dumps(column.astype(str).tolist()).encode()
            )
            out[f"{path.name}:{name}"] = hashlib.sha256(data).hexdigest()
    return out


def compute(case: str, args: list[str], tmp: Path) -> dict:
    from simroi.cli import main

    folder = tmp / case.replace("/", "_")
    result = CliRunner().invoke(main, [*args, "-o", str(folder)], catch_exceptions=False)
    if result.exit_code != 0:  # a refusal is an output too (tei has nothing uncertain)
        return {"exit": result.exit_code, "stderr": result.stderr.replace(str(ROOT), "<root>")}
    return {"json": _clean(json.loads(result.stdout)), "tables": _table_digest(folder)}


def differences(recorded, now, where: str = "") -> list[str]:
    """Where `now` differs from `recorded` (keys only in `now` are allowed)."""
    if isinstance(recorded, dict):
        if not isinstance(now, dict):
            return [f"{where}: was an object, now {now!r}"[:300]]
        out = []
        for k, v in recorded.items():
            if k not in now:
                out.append(f"{where}.{k}: missing")
            else:
                out += differences(v, now[k], f"{where}.{k}")
        return out
    if isinstance(recorded, list):
        if not isinstance(now, list) or len(now) != len(recorded):
            return [f"{where}: list changed"]
        return [
            d
            for i, (a, b) in enumerate(zip(recorded, now, strict=True))
            for d in differences(a, b, f"{where}[{i}]")
        ]
    if recorded != now and not (recorded != recorded and now != now):  # NaN == NaN here
        return [f"{where}: {recorded!r} -> {now!r}"]
    return []


if __name__ == "__main__" and sys.argv[1:] == ["record"]:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        data = {case: compute(case, args, Path(tmp)) for case, args in cases().items()}
    RECORD.write_text(json.dumps(data, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    print(f"recorded {len(data)} cases in {RECORD} ({RECORD.stat().st_size:,} bytes)")

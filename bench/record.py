"""Where every bench keeps what it measured (bench/results/<kind>-<UTC time>.json), and
the bytecode the timed processes start from."""

from __future__ import annotations

import compileall
import json
from datetime import UTC, datetime
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"


def save(kind: str, payload: dict) -> Path:
    """Write ``payload`` as ``bench/results/<kind>-<UTC time>.json``; its path."""
    RESULTS.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    path = RESULTS / f"{kind}-{stamp}.json"
    path.write_text(json.dumps(payload, indent=2))
    return path


def compile_package() -> None:
    """Compile simroi's modules to bytecode before anything is timed, as ``pip install``
    does: a checkout run with ``PYTHONDONTWRITEBYTECODE`` set (as some sandboxes and CI
    images do) would otherwise compile ~100 modules again in every process (0.15-0.3 s).
    """
    import simroi

    compileall.compile_dir(Path(simroi.__file__).parent, quiet=1)

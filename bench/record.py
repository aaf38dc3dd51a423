"""Where every bench keeps what it measured: bench/results/<kind>-<UTC time>.json."""

from __future__ import annotations

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

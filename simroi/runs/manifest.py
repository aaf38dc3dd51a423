"""``run.json``: everything needed to re-run a command exactly (versions, seed, scenario)."""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import platform

import simroi

__all__ = ["LIBRARIES", "manifest"]

LIBRARIES = ("numpy", "scipy", "pandas", "pyarrow", "matplotlib")


def manifest(
    *,
    scenario_resolved: dict,
    scenario_sha256: str | None,
    scenario_source: str | None,
    seed: int | None,
    seed_entropy: int,
    sampler: str,
    iterations: int,
    command_line: list[str],
) -> dict:
    """The content of ``run.json``: everything needed to re-run exactly.

    ``seed`` is the seed as given (None: fresh entropy); ``seed_entropy`` the
    root ``SeedSequence`` entropy actually used, which reproduces the run as a
    seed. It may exceed 64 bits, so it is also written as the decimal string
    ``seed_entropy_str`` for tools that read JSON numbers as doubles.
    """
    return {
        "simroi_version": simroi.__version__,
        "versions": {
            "python": platform.python_version(),
            **{lib: importlib.metadata.version(lib) for lib in LIBRARIES},
        },
        "platform": platform.platform(),
        "created_utc": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "command_line": list(command_line),
        "seed": seed,
        "seed_entropy": int(seed_entropy),
        "seed_entropy_str": str(int(seed_entropy)),
        "sampler": sampler,
        "iterations": int(iterations),
        "scenario_source": scenario_source,
        "scenario_sha256": scenario_sha256,
        "scenario": scenario_resolved,
    }

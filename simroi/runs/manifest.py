"""``run.json``: everything needed to make a folder's numbers again, exactly.

Every command that writes a folder writes one: the versions of simroi, Python
and the numerical libraries, the platform, the UTC time and command line, how
it drew (:class:`Settings`: the seed given, the entropy used, the sampler and
iterations) and the scenario (its source, SHA-256 and resolved content, its
warnings and notes); a batch records each file's source and SHA-256, and a data
command (evaluate, baseline, fit, scorecard) each data file it read, under ``data_files``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.metadata
import os
import platform
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import simroi
from simroi.errors import ConfigError
from simroi.runs.fields import Items, Number, Record, Table, Text
from simroi.scenario.schema import SCHEMA

if TYPE_CHECKING:
    from simroi.scenario.structure import Scenario
    from simroi.simulation.results import Results

__all__ = ["LIBRARIES", "MANIFEST", "MAX_ITERATIONS", "Settings", "manifest", "scenario_valid"]

LIBRARIES = ("numpy", "scipy", "pandas", "pyarrow", "matplotlib")


@dataclass(frozen=True)
class Settings:
    """How a command drew its samples.

    Attributes
    ----------
    seed : int or None
        The seed as given (the option, else the scenario's); None: fresh entropy.
    seed_entropy : int or None
        The root ``SeedSequence`` entropy used: given as the seed, it draws the
        same numbers again. None when nothing was drawn.
    sampler : str or None
    iterations : int or None
        None where the command set none of its own (a batch's files keep theirs).
    """

    seed: int | None = None
    seed_entropy: int | None = None
    sampler: str | None = None
    iterations: int | None = None

    @classmethod
    def of_results(cls, res: Results) -> Settings:
        """The settings of a simulation's Results."""
        return cls(res.seed, res.seed_entropy, res.sampler, res.iterations)

    @classmethod
    def of_json(cls, data: Mapping, *, seed: int | None) -> Settings:
        """The settings a result's JSON records: its ``seed_entropy``, else the ``seed``
        it drew with, and its ``sampler`` and ``iterations``; ``seed`` as given."""
        entropy = data.get("seed_entropy", data.get("seed"))
        return cls(seed, entropy, data.get("sampler"), data.get("iterations"))


def manifest(
    scn: Scenario | Sequence[Scenario] | None,
    settings: Settings,
    argv: Sequence[str],
    data: Sequence[tuple[str, str | os.PathLike[str]]] = (),
) -> dict:
    """The content of ``run.json`` for a command on ``scn`` run as ``argv``.

    ``seed_entropy`` may exceed 64 bits, so it is also written as the decimal
    string ``seed_entropy_str`` for tools that read JSON numbers as doubles.
    Several scenarios (a batch) are listed under ``scenarios`` by source and
    SHA-256, their warnings and notes prefixed by their source. ``scn`` is None for
    a command that reads no scenario (baseline, fit); ``data`` lists the data files
    a command read as (role, path): ``data_files`` gives each its SHA-256.
    """
    entropy = None if settings.seed_entropy is None else int(settings.seed_entropy)
    if scn is None:
        scenario = {"scenario_source": None, "scenario_sha256": None, "scenario": None}
        said: dict = {k: [] for k in _SAID}
    elif isinstance(scn, Sequence):
        scenario: dict = {"scenario_source": None, "scenario_sha256": None, "scenario": None}
        scenario["scenarios"] = [{"source": s.source, "sha256": s.sha256} for s in scn]
        said = {k: [f"{s.source}: {t}" for s in scn for t in getattr(s, k)] for k in _SAID}
    else:
        scenario = {
            "scenario_source": scn.source,
            "scenario_sha256": scn.sha256,
            "scenario": scn.resolved,
        }
        said = {k: list(getattr(scn, k)) for k in _SAID}
    return {
        "simroi_version": simroi.__version__,
        "versions": {
            "python": platform.python_version(),
            **{lib: importlib.metadata.version(lib) for lib in LIBRARIES},
        },
        "platform": platform.platform(),
        "created_utc": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "command_line": list(argv),
        "seed": settings.seed,
        "seed_entropy": entropy,
        "seed_entropy_str": None if entropy is None else str(entropy),
        "sampler": settings.sampler,
        "iterations": None if settings.iterations is None else int(settings.iterations),
        **scenario,
        **said,
        **({"data_files": [_data_file(r, p) for r, p in data]} if data else {}),
    }


def _data_file(role: str, path: str | os.PathLike[str]) -> dict:
    """A data file as run.json lists it: its role, path and SHA-256 (read in blocks)."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return {"role": role, "source": os.fspath(path), "sha256": digest.hexdigest()}


_SAID = ("warnings", "notes")  # of the scenario: what loading it said


# --------------------------------------------------------------------------- read back

MAX_ITERATIONS = int(SCHEMA.fields["simulation"].fields["iterations"].hi)

#: The schema of run.json (simroi.runs.schema checks it on read, with scenario_valid).
MANIFEST = Record(
    {
        "simroi_version": Text(100),
        "versions": Table(Text(100), most=100),
        "platform": Text(1000),
        "created_utc": Text(40, null=True),
        "command_line": Items(Text(100_000), most=100_000),
        "seed": Number(0, integer=True, null=True),
        # null where a command drew nothing of its own (a batch's files keep their own)
        "seed_entropy": Number(0, integer=True, null=True),
        "seed_entropy_str": Text(100, null=True),
        "sampler": Text(20, null=True),
        "iterations": Number(1, MAX_ITERATIONS, integer=True, null=True),
        "scenario_source": Text(4096, null=True),
        "scenario_sha256": Text(64, null=True),
        "scenario": Record({}, null=True, most=100),  # checked as a scenario below
        "scenarios": Items(  # a batch's files
            Record({"source": Text(4096, null=True), "sha256": Text(64, null=True)}),
            most=1_000_000,
        ),
        "warnings": Items(Text(10_000), most=1_000_000),
        "notes": Items(Text(10_000), most=1_000_000),
        "data_files": Items(  # a data command's files
            Record(
                {"role": Text(40), "source": Text(4096), "sha256": Text(64, null=True)},
                required=("role", "source"),
            ),
            most=100,
        ),
        # a batch of cases (batch --rows): what a resume must match (simroi.runs.cases)
        "fingerprint": Text(64, null=True),
    },
)


def scenario_valid(manifest: dict) -> list[str]:
    """The resolved scenario validates as the scenario it was (every problem, by path)."""
    if not manifest.get("scenario"):
        return []
    from simroi.scenario.config import load_scenario  # scipy: only for a run.json

    try:
        load_scenario(manifest["scenario"])
    except ConfigError as exc:
        return [f"scenario.{e}" for e in exc.errors]
    return []

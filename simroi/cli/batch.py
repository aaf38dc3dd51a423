"""simroi batch."""

from __future__ import annotations

from pathlib import Path

import click

from simroi.cli.options import scenario_options
from simroi.cli.pipeline import load, simulate
from simroi.cli.sweep import tabled


@click.command("batch")
@click.argument("configs", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@scenario_options("batch", plots=None)
def batch_command(configs, opts):
    """Simulate many scenario files side by side, through one pool of workers.

    Each file keeps its own iterations, seed and sampler unless -n, --seed or
    --sampler set them for all; --set applies to every file. Each summary
    equals `simroi run FILE` of that file. Writes sweep.json (one entry per file)
    and sweep.parquet (one row per file).

    Example: simroi batch clients/*.yaml -n 50000 --seed 1
    """
    from simroi.analysis.sweep import batch
    from simroi.errors import ConfigError, SimroiError

    scenarios, errors = [], []
    for c in configs:  # every file checked, and its warnings printed, before anything runs
        try:
            scenarios.append(load(c, opts))
        except ConfigError as exc:
            errors.append(str(exc))
    if errors:
        raise SimroiError("\n".join(errors))

    def compute(work):
        data = batch(configs, base=opts.sets, iterations=opts.iterations, seed=opts.seed,
                     sampler=opts.sampler, backend=work.backend,
                     progress=work.progress)  # fmt: skip
        return tabled(data)

    total = sum(opts.iterations or s.iterations for s in scenarios)
    simulate("batch", scenarios, opts, compute, progress=total, label="simulating scenarios",
             size={"variants": len(configs)})  # fmt: skip

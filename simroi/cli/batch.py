"""simroi batch."""

from __future__ import annotations

from pathlib import Path

import click

from simroi.cli.options import (
    backend_options,
    open_backend,
    output_folder,
    output_options,
    set_option,
    show,
    show_progress,
    simulation_options,
)
from simroi.cli.sweep import write_sweep


@click.command("batch")
@click.argument("configs", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@simulation_options
@output_options("sweep.json", "outputs/batch/<run-id>/")
@set_option
@backend_options
def batch_command(
    configs, iterations, seed, sampler, output_dir, force, as_json, sets, workers, scheduler
):
    """Simulate many scenario files side by side, through one pool of workers.

    Each file keeps its own iterations, seed and sampler unless -n, --seed or
    --sampler set them for all; --set applies to every file. Each summary
    equals `simroi run FILE` of that file. Writes sweep.json (one entry per file)
    and sweep.parquet (one row per file).

    Example: simroi batch clients/*.yaml -n 50000 --seed 1
    """
    from simroi.analysis.sweep import batch
    from simroi.report import files as report
    from simroi.report import terminal
    from simroi.scenario.config import load_scenario

    total = sum(iterations or load_scenario(c, overrides=sets).iterations for c in configs)
    out, staging = output_folder(output_dir, "batch", force=force, writes=report.WRITES["sweep"])
    with staging as tmp:
        with (
            open_backend(workers, scheduler) as backend,
            terminal.progress_bar(
                total, "simulating scenarios", enabled=show_progress(as_json)
            ) as progress,
        ):
            data = batch(
                configs,
                base=sets,
                iterations=iterations,
                seed=seed,
                sampler=sampler,
                backend=backend,
                progress=progress,
            )
        write_sweep(tmp, data, no_plots=True)
    show(as_json, data, terminal.sweep_table, out)

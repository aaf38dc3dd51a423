"""simroi batch."""

from __future__ import annotations

from pathlib import Path

import click

from simroi.cli.options import (
    load,
    open_backend,
    output_folder,
    scenario_options,
    show,
    show_progress,
)
from simroi.cli.sweep import write_sweep
from simroi.runs.layout import FOLDERS


@click.command("batch")
@click.argument("configs", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@scenario_options(FOLDERS["batch"].result, "outputs/batch/<run-id>/", plots=None)
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
    from simroi.errors import ConfigError, SimroiError
    from simroi.report import terminal
    from simroi.runs.rundir import output_bytes

    total, errors = 0, []
    for c in configs:  # every file checked, and its warnings printed, before anything runs
        try:
            scn = load(c, sets)
        except ConfigError as exc:
            errors.append(str(exc))
            continue
        total += iterations or scn.iterations
    if errors:
        raise SimroiError("\n".join(errors))
    out, staging = output_folder(
        output_dir,
        "batch",
        force=force,
        writes=FOLDERS["batch"].writes(),
        expected_bytes=output_bytes(variants=len(configs)),
    )
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

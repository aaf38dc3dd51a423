"""simroi sweep."""

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
from simroi.runs.layout import FOLDERS


def _parse_vary(ctx, param, values):
    from simroi.errors import SimroiError
    from simroi.scenario.variants import parse_vary

    out = []
    for text in values:
        try:
            out.append(parse_vary(text))
        except SimroiError as exc:
            raise click.BadParameter(str(exc)) from None
    return out


def write_sweep(tmp: Path, data: dict, no_plots: bool) -> None:
    """sweep.json, sweep.parquet and (unless no_plots) the sweep charts into ``tmp``."""
    from simroi.analysis.sweep import sweep_frame
    from simroi.report import charts
    from simroi.runs.jsonfiles import write_json
    from simroi.runs.parquet import ParquetSink

    write_json(tmp / FOLDERS["sweep"].result, data)
    with ParquetSink(tmp / FOLDERS["sweep"].tables[0]) as sink:
        sink(sweep_frame(data))
    if not no_plots:
        charts.write_sweep_plots(tmp, data)


@click.command("sweep")
@click.argument("config", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--vary",
    multiple=True,
    metavar="PATH=V1,V2,...",
    callback=_parse_vary,
    help="Values of one input (repeatable: the sweep is the grid of all of them).",
)
@click.option(
    "--file",
    "sweep_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="A sweep.yaml of named variants and/or 'vary' ranges (values, linspace).",
)
@scenario_options(
    FOLDERS["sweep"].result, "outputs/<scenario>/<run-id>-sweep/", plots="the PNG charts"
)
def sweep_command(
    config,
    vary,
    sweep_file,
    iterations,
    seed,
    sampler,
    output_dir,
    force,
    as_json,
    no_plots,
    sets,
    workers,
    scheduler,
):
    """Simulate CONFIG under every variant of a grid or a sweep file, with the same seed.

    Variants differ only where their inputs differ (common random numbers); each
    variant's summary equals `simroi run CONFIG --set ...` of it with that seed.
    Writes sweep.json (each variant's name, overrides and summary), sweep.parquet
    (one row per variant), sweep_line.png (one varied input) or sweep_heatmap.png
    (two: P(ROI > 0) with the break-even contour).

    Example: simroi sweep configs/smb.yaml --vary costs.price_per_seat_month=100,150,200,250
    --vary costs.seats=10,20,40
    """
    from simroi.analysis.sweep import sweep
    from simroi.errors import SimroiError
    from simroi.report import terminal
    from simroi.runs.rundir import output_bytes
    from simroi.scenario.config import variant_notes
    from simroi.scenario.variants import combine, read_sweep_file

    scn = load(config, sets)
    named, axes = read_sweep_file(sweep_file) if sweep_file else ([], [])
    axes = [*axes, *vary]
    if not named and not axes:
        raise SimroiError("sweep: nothing to vary; give --vary PATH=V1,V2,... or --file sweep.yaml")
    variants = combine(named, axes)
    for note in variant_notes(config, [{**sets, **ov} for _, ov in variants]):
        if note not in scn.notes:  # load() printed those
            click.echo(f"Note: {config}: {note}", err=True)
    n = iterations or scn.iterations
    out, staging = output_folder(
        output_dir,
        scn.name,
        force=force,
        writes=FOLDERS["sweep"].writes(charts=not no_plots),
        kind="sweep",
        expected_bytes=output_bytes(charts=2, variants=len(variants)),
    )
    with staging as tmp:
        with (
            open_backend(workers, scheduler) as backend,
            terminal.progress_bar(
                n * len(variants), "simulating variants", enabled=show_progress(as_json)
            ) as progress,
        ):
            data = sweep(
                config,
                variants,
                base=sets,
                iterations=iterations,
                seed=seed,
                sampler=sampler,
                backend=backend,
                progress=progress,
            )
        write_sweep(tmp, data, no_plots)
    show(as_json, data, terminal.sweep_table, out)

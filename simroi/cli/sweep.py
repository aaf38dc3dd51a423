"""simroi sweep."""

from __future__ import annotations

from pathlib import Path

import click

from simroi.cli.options import scenario_options
from simroi.cli.pipeline import Done, load, simulate


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


def tabled(data: dict) -> Done:
    """A sweep's (or a batch's) result with its table, one row per variant."""
    from simroi.analysis.sweep import sweep_frame
    from simroi.runs.layout import SWEEP_TABLE

    return Done(data, tables={SWEEP_TABLE: sweep_frame(data)})


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
@scenario_options("sweep", plots="the PNG charts")
def sweep_command(config, vary, sweep_file, opts):
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
    from simroi.scenario.config import variant_notes
    from simroi.scenario.variants import sweep_variants

    scn = load(config, opts)
    variants = sweep_variants(sweep_file, vary)
    for note in variant_notes(config, [{**opts.sets, **ov} for _, ov in variants]):
        if note not in scn.notes:  # load() printed those
            click.echo(f"Note: {config}: {note}", err=True)

    def compute(work):
        data = sweep(config, variants, base=opts.sets, iterations=opts.iterations,
                     seed=opts.seed, sampler=opts.sampler, backend=work.backend,
                     progress=work.progress)  # fmt: skip
        return tabled(data)

    total = (opts.iterations or scn.iterations) * len(variants)
    simulate("sweep", scn, opts, compute, progress=total, label="simulating variants",
             size={"variants": len(variants)})  # fmt: skip

"""simroi run."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import click

from simroi.cli.options import scenario_options
from simroi.cli.pipeline import Done, load, simulate


@click.command("run")
@click.argument("config", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--hurdle",
    type=float,
    default=None,
    help="Report P(ROI > H) and P(IRR > H) (default: the scenario's simulation.hurdle_rate).",
)
@scenario_options("run", plots="the PNG charts", precision=True, reports=True)
def run_command(config, hurdle, opts):
    """Simulate CONFIG and write summary, samples and charts.

    Example: simroi run configs/smb.yaml -n 50000 --seed 1 --set costs.seats=20
    """
    from simroi.runs.layout import SAMPLES
    from simroi.runs.manifest import Settings
    from simroi.runs.parquet import ParquetSink
    from simroi.scenario.schema import SCHEMA
    from simroi.scenario.validate import check_value
    from simroi.simulation.engine import sample_columns, simulate_scenario

    sets = opts.sets
    if hurdle is not None:  # the key's rule, named by the option; then a --set of the key
        check_value(SCHEMA.fields["simulation"].fields["hurdle_rate"], hurdle, "--hurdle")
        sets = {**sets, "simulation.hurdle_rate": hurdle}
    scn = load(config, opts, sets)
    if scn.vendors:
        click.echo(
            f"Note: {config}: simulating the base offer only (without the overrides of its "
            f"{len(scn.vendors)} vendors); to compare them: simroi compare {config}",
            err=True,
        )
    n = opts.iterations or scn.iterations

    def compute(work):
        path = work.folder / SAMPLES
        with ParquetSink(path) as sink:
            res = simulate_scenario(
                scn, iterations=n, seed=opts.seed, sampler=opts.sampler, backend=work.backend,
                progress=work.progress, on_columns=sink, keep_samples=False,
                precision=opts.precision, max_iterations=opts.max_iterations,
            )  # fmt: skip
        res = dataclasses.replace(res, samples_path=path)
        return Done(res.summary(), res, settings=Settings.of_results(res))

    size = {"iterations": n, "columns": len(sample_columns(scn))}
    simulate("run", scn, opts, compute, progress=n, size=size)

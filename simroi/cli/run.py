"""simroi run."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import click

from simroi.cli.options import scenario_options
from simroi.cli.pipeline import Done, load, simulate


class SamplesKept(click.ParamType):
    """``all``, ``none`` or a whole number of rows >= 1."""

    name = "all|none|N"

    def convert(self, value, param, ctx):
        if isinstance(value, int) or value in ("all", "none"):
            return value
        text = str(value).strip().replace("_", "").replace(",", "")
        if text.isdigit() and int(text) >= 1:
            return int(text)
        self.fail(
            f"must be all, none or a whole number of rows >= 1 (the first N iterations "
            f"kept), got {value!r}",
            param,
            ctx,
        )


@click.command("run")
@click.argument("config", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--samples",
    "samples",
    type=SamplesKept(),
    default=None,
    help="Iterations kept in samples.parquet and drawn in the charts: all, none, or the "
    "first N; with none or N the summary is merged as the run streams (default: all up to "
    "10,000,000 iterations within a quarter of the free disk, else the first 100,000).",
)
@click.option(
    "--hurdle",
    type=float,
    default=None,
    help="Report P(ROI > H) and P(IRR > H) (default: the scenario's simulation.hurdle_rate).",
)
@scenario_options("run", plots="the PNG charts", precision=True, reports=True)
def run_command(config, hurdle, samples, opts):
    """Simulate CONFIG and write summary, samples and charts.

    Example: simroi run configs/smb.yaml -n 50000 --seed 1 --set costs.seats=20
    """
    from simroi.runs.keep import free_bytes, in_memory, rows_to_keep
    from simroi.runs.layout import SAMPLES
    from simroi.runs.manifest import Settings
    from simroi.runs.parquet import ParquetSink
    from simroi.scenario.schema import SCHEMA
    from simroi.scenario.validate import check_value
    from simroi.simulation.engine import simulate_scenario
    from simroi.simulation.scenario_model import SUMMARY_COLUMNS, sample_columns

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
    columns = len(sample_columns(scn))
    if samples not in (None, "all") and opts.precision is not None:
        raise click.UsageError(
            f"--samples {samples} needs a fixed -n; a run to --precision keeps every iteration"
        )
    keep = rows_to_keep(
        "all" if opts.precision is not None else samples,
        n,
        columns,
        free_bytes(opts.output_dir or "outputs"),
    )
    if keep.note:
        click.echo(f"Note: {keep.note}", err=True)

    # What the summary and the charts read, held in memory when small (not read back).
    held = in_memory(n, (*SUMMARY_COLUMNS, *scn.risk_events))

    def compute(work):
        path = work.folder / SAMPLES
        with ParquetSink(path) as sink:
            res = simulate_scenario(
                scn, iterations=n, seed=opts.seed, sampler=opts.sampler, backend=work.backend,
                progress=work.progress, on_columns=sink, keep_samples=False,
                precision=opts.precision, max_iterations=opts.max_iterations,
                keep_rows=keep.rows, keep_columns=held,
            )  # fmt: skip
        if path.is_file():
            res = dataclasses.replace(res, samples_path=path)
        return Done(res.summary(), res, settings=Settings.of_results(res))

    kept = n if keep.rows is None else keep.rows
    size = {"iterations": kept, "columns": columns}
    simulate("run", scn, opts, compute, progress=n, size=size)

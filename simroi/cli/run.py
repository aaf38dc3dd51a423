"""simroi run."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import click

from simroi.cli.options import (
    backend_options,
    open_backend,
    output_folder,
    output_options,
    print_warnings,
    report_options,
    set_option,
    show,
    show_progress,
    simulation_options,
    write_reports_into,
)


@click.command("run")
@click.argument("config", type=click.Path(dir_okay=False, path_type=Path))
@simulation_options
@output_options("summary.json", "outputs/<scenario>/<run-id>/")
@click.option("--no-plots", is_flag=True, help="Skip the PNG charts.")
@click.option(
    "--hurdle",
    type=float,
    default=None,
    help="Report P(ROI > H) and P(IRR > H) (default: the scenario's simulation.hurdle_rate).",
)
@click.option(
    "--precision",
    type=float,
    help="Draw in batches until the SEs of P(ROI>0), every payback probability and the "
    "mean NPV (per P10-P90 range) are all below this, e.g. 0.005.",
)
@click.option(
    "--max-iterations",
    type=click.IntRange(min=100),
    help="With --precision: stop here at the latest (default 10,000,000).",
)
@set_option
@backend_options
@report_options
def run_command(
    config,
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
    hurdle=None,
    precision=None,
    max_iterations=None,
    report_formats=None,
    lang=None,
):
    """Simulate CONFIG and write summary, samples and charts.

    Example: simroi run configs/smb.yaml -n 50000 --seed 1 --set costs.seats=20
    """
    import pandas as pd

    from simroi.errors import ConfigError
    from simroi.report import charts, decision_charts, terminal
    from simroi.report import files as report
    from simroi.report.build import parse_formats
    from simroi.scenario.config import load_scenario
    from simroi.simulation.engine import simulate_scenario
    from simroi.simulation.model import RESULTS, STREAMS

    parse_formats(report_formats)  # a bad format fails before anything runs
    scn = load_scenario(config, overrides=sets)
    if hurdle is not None:
        if not -1 <= hurdle <= 10:
            raise ConfigError(
                f"--hurdle: {hurdle:g} looks like a percent; write {hurdle:g} % as {hurdle / 100:g}"
                if hurdle > 10
                else f"--hurdle: must be >= -1, got {hurdle:g}"
            )
        scn = dataclasses.replace(scn, hurdle_rate=hurdle)
    print_warnings(scn)
    n = iterations or scn.iterations
    columns = len(scn.uncertain) + len(RESULTS) + len(STREAMS)
    out, staging = output_folder(
        output_dir,
        scn,
        force=force,
        writes=report.WRITES["run"]
        + (() if no_plots else report.WRITES["run plots"] + report.WRITES["precision plots"])
        + (report.WRITES["reports"] if report_formats else ()),
        expected_bytes=n * columns * 8,  # samples.parquet: 8 bytes a value, uncompressed
    )
    with staging as tmp:
        path = tmp / "samples.parquet"
        with (
            open_backend(workers, scheduler) as backend,
            report.ParquetSink(path) as sink,
            terminal.progress_bar(n, "simulating", enabled=show_progress(as_json)) as progress,
        ):
            res = simulate_scenario(
                scn,
                iterations=n,
                seed=seed,
                sampler=sampler,
                backend=backend,
                progress=progress,
                on_columns=sink,
                keep_samples=False,
                precision=precision,
                max_iterations=max_iterations,
            )
        res = dataclasses.replace(res, samples_path=path)
        n = res.iterations
        summary = res.summary()
        report.write_json(tmp / "summary.json", summary)
        report.write_json(
            tmp / "run.json",
            report.manifest(
                scenario_resolved=scn.resolved,
                scenario_sha256=scn.sha256,
                scenario_source=scn.source,
                seed=res.seed,
                seed_entropy=res.seed_entropy,
                sampler=res.sampler,
                iterations=n,
                command_line=["simroi", *sys.argv[1:]],
            )
            | {"warnings": list(scn.warnings)},
        )
        if not no_plots:
            cols = pd.DataFrame({k: res.column(k) for k in ("roi", "payback_month")})
            charts.write_run_plots(tmp, samples=cols, summary=summary)
            decision_charts.write_convergence_plot(tmp, summary)
        write_reports_into(tmp, report_formats, lang)
    if summary.get("stopped_by") == "max_iterations":
        largest = max(summary["precision"]["standard_errors"].values())
        click.echo(
            f"Warning: --max-iterations {n:,} reached before every standard error was below "
            f"{precision:g}; the largest is {largest:.2g}",
            err=True,
        )
    show(as_json, summary, terminal.run_table, out)

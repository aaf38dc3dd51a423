"""simroi run."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import click

from simroi.cli.options import (
    backend_options,
    check_precision,
    open_backend,
    output_folder,
    output_options,
    precision_options,
    precision_warning,
    print_warnings,
    report_options,
    set_option,
    show,
    show_progress,
    simulation_options,
    write_reports_into,
)
from simroi.runs.layout import FOLDERS, RUN_JSON, SAMPLES, SUMMARY


@click.command("run")
@click.argument("config", type=click.Path(dir_okay=False, path_type=Path))
@simulation_options
@output_options(SUMMARY, "outputs/<scenario>/<run-id>/")
@click.option("--no-plots", is_flag=True, help="Skip the PNG charts.")
@click.option(
    "--hurdle",
    type=float,
    default=None,
    help="Report P(ROI > H) and P(IRR > H) (default: the scenario's simulation.hurdle_rate).",
)
@precision_options
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

    from simroi.report import charts, decision_charts, terminal
    from simroi.report.build import parse_formats
    from simroi.report.i18n import resolve_language
    from simroi.runs.jsonfiles import json_text, write_json
    from simroi.runs.manifest import Settings, manifest
    from simroi.runs.parquet import ParquetSink
    from simroi.runs.rundir import output_bytes
    from simroi.scenario.config import load_scenario
    from simroi.scenario.schema import SCHEMA
    from simroi.scenario.validate import check_value
    from simroi.simulation.engine import simulate_scenario
    from simroi.simulation.model import COSTS, RESULTS, STREAMS

    parse_formats(report_formats)  # a bad format fails before anything runs
    check_precision(precision, max_iterations)
    if hurdle is not None:  # the key's rule, named by the option; then a --set of the key
        check_value(SCHEMA.fields["simulation"].fields["hurdle_rate"], hurdle, "--hurdle")
        sets = {**sets, "simulation.hurdle_rate": hurdle}
    scn = load_scenario(config, overrides=sets)
    print_warnings(scn)
    if scn.vendors:
        click.echo(
            f"Note: {config}: simulating the base offer only (without the overrides of its "
            f"{len(scn.vendors)} vendors); to compare them: simroi compare {config}",
            err=True,
        )
    n = iterations or scn.iterations
    columns = len(scn.uncertain) + len(RESULTS) + len(STREAMS) + len(COSTS)
    pngs = 0 if no_plots else len(FOLDERS["run"].charts) - (precision is None)
    out, staging = output_folder(
        output_dir,
        scn,
        force=force,
        writes=FOLDERS["run"].writes(charts=not no_plots, reports=bool(report_formats)),
        expected_bytes=output_bytes(
            iterations=n,
            columns=columns,
            charts=pngs,
            reports=parse_formats(report_formats),
            scenario_bytes=len(json_text(scn.resolved)),
        ),
    )
    with staging as tmp:
        path = tmp / SAMPLES
        with (
            open_backend(workers, scheduler) as backend,
            ParquetSink(path) as sink,
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
        write_json(tmp / SUMMARY, summary)
        argv = ["simroi", *sys.argv[1:]]
        write_json(tmp / RUN_JSON, manifest(scn, Settings.of_results(res), argv))
        if not no_plots:
            events = [p for p in scn.uncertain if p.startswith("risks.") and p.count(".") == 1]
            cols = pd.DataFrame({k: res.column(k) for k in ("roi", "payback_month", *events)})
            scenario = scn.resolved["scenario"]
            language = resolve_language(lang, scenario.get("language"))
            charts.write_run_plots(
                tmp, samples=cols, summary=summary, lang=language, labels=scenario.get("labels")
            )
            decision_charts.write_convergence_plot(tmp, summary, lang=language)
        write_reports_into(tmp, report_formats, lang)
    precision_warning(summary)
    show(as_json, summary, terminal.run_table, out)

"""simroi compare."""

from __future__ import annotations

from pathlib import Path

import click

from simroi.cli.options import (
    backend_options,
    check_precision,
    metric_option,
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
from simroi.runs.layout import FOLDERS


@click.command("compare")
@click.argument("config", type=click.Path(dir_okay=False, path_type=Path))
@metric_option("The metric the vendors are compared on.")
@simulation_options
@output_options(FOLDERS["compare"].result, "outputs/<scenario>/<run-id>-compare/")
@click.option("--no-plots", is_flag=True, help="Skip the PNG charts.")
@precision_options
@set_option
@backend_options
@report_options
def compare_command(
    config,
    metric,
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
    precision=None,
    max_iterations=None,
    report_formats=None,
    lang=None,
):
    """Compare the vendors of CONFIG under the same uncertainty (paired iterations).

    Every vendor is the base scenario with its overrides, simulated with the
    same seed, so draws a vendor does not override are shared (common random
    numbers). Writes compare.json, compare_cdf.png, compare_risk_return.png and
    compare_difference.png (the two vendors with the highest mean); with
    --precision every vendor draws the same batches until every listed SE is
    below the target, and convergence.png draws each vendor's P(best).

    Example: simroi compare configs/vendors.yaml --metric npv -n 20000

    To a precision: simroi compare configs/vendors.yaml --precision 0.005
    """
    from simroi.analysis.compare import compare as compare_vendors
    from simroi.report import charts, decision_charts, terminal
    from simroi.report.build import parse_formats
    from simroi.report.i18n import resolve_language
    from simroi.report.safe import printable
    from simroi.runs.jsonfiles import write_json
    from simroi.scenario.config import load_scenario

    parse_formats(report_formats)  # a bad format fails before anything runs
    check_precision(precision, max_iterations)
    scn = load_scenario(config, overrides=sets)
    language = resolve_language(lang, scn.resolved["scenario"].get("language"))
    print_warnings(scn)
    n = iterations or scn.iterations
    out, staging = output_folder(
        output_dir,
        scn,
        force=force,
        writes=FOLDERS["compare"].writes(charts=not no_plots, reports=bool(report_formats)),
        kind="compare",
    )
    with staging as tmp:
        with (
            open_backend(workers, scheduler) as backend,
            terminal.progress_bar(
                n * len(scn.vendors), "simulating vendors", enabled=show_progress(as_json)
            ) as progress,
        ):
            cmp = compare_vendors(
                scn,
                metric=metric,
                iterations=n,
                seed=seed,
                sampler=sampler,
                progress=progress,
                backend=backend,
                precision=precision,
                max_iterations=max_iterations,
            )
        data = cmp.to_dict()
        write_json(tmp / FOLDERS["compare"].result, data)
        if not no_plots:
            charts.write_compare_plots(tmp, cmp, lang=language)
            decision_charts.write_convergence_plot(tmp, data, lang=language)
        write_reports_into(tmp, report_formats, language)
    for note in data["notes"]:
        click.echo(f"Warning: {printable(note)}", err=True)
    precision_warning(data)
    show(as_json, data, terminal.compare_table, out)

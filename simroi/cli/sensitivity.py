"""simroi sensitivity."""

from __future__ import annotations

from pathlib import Path

import click

from simroi.cli.options import (
    MAX_SOBOL_N,
    load,
    metric_option,
    open_backend,
    output_folder,
    scenario_options,
    show,
    show_progress,
    write_reports_into,
)
from simroi.runs.layout import FOLDERS


@click.command("sensitivity")
@click.argument("config", type=click.Path(dir_okay=False, path_type=Path))
@metric_option("The result to explain.", sensitivity=True)
@click.option(
    "--method",
    type=click.Choice(("tornado", "spearman", "sobol", "downside", "all")),
    default="all",
    show_default=True,
    help="Which analysis (tornado includes the spider).",
)
@click.option(
    "--low",
    type=click.FloatRange(0, 1, min_open=True, max_open=True),
    default=0.10,
    show_default=True,
    help="Tornado low percentile, a fraction.",
)
@click.option(
    "--high",
    type=click.FloatRange(0, 1, min_open=True, max_open=True),
    default=0.90,
    show_default=True,
    help="Tornado high percentile, a fraction.",
)
@click.option(
    "--sobol-n",
    type=click.IntRange(min=8, max=MAX_SOBOL_N),
    default=4096,
    show_default=True,
    help="Sobol base sample count, 8 to 2**20, rounded up to a power of two "
    "(n x (inputs + 2) model runs).",
)
@scenario_options(
    FOLDERS["sensitivity"].result,
    "outputs/<scenario>/<run-id>-sensitivity/",
    plots=None,
    reports=True,
)
def sensitivity_command(
    config,
    iterations,
    seed,
    sampler,
    metric,
    method,
    low,
    high,
    sobol_n,
    output_dir,
    force,
    as_json,
    sets,
    workers,
    scheduler,
    report_formats=None,
    lang=None,
):
    """Which uncertain inputs of CONFIG drive the metric (tornado, spider, Spearman, Sobol).

    The tornado and spider evaluate the model exactly, one input at a time
    (others at their medians, no risk event); Spearman, the downside drivers
    (what separates ROI < 0 iterations) and the dependence-aware correlation
    ratio use a simulation of -n iterations; Sobol indices use their own design
    of --sobol-n base samples. Writes sensitivity.json, tornado.png, spider.png
    and sobol.png.

    Example: simroi sensitivity configs/smb.yaml --metric roi --seed 1
    """
    from simroi.analysis.sensitivity import analyze_scenario
    from simroi.report import charts, terminal
    from simroi.report.build import parse_formats
    from simroi.report.i18n import resolve_language
    from simroi.runs.jsonfiles import write_json

    parse_formats(report_formats)  # a bad format fails before anything runs
    scn = load(config, sets)
    language = resolve_language(lang, scn.resolved["scenario"].get("language"))
    simulates = method != "tornado"
    out, staging = output_folder(
        output_dir,
        scn,
        force=force,
        writes=FOLDERS["sensitivity"].writes(reports=bool(report_formats)),
        kind="sensitivity",
    )
    with staging as tmp:
        with (
            open_backend(workers, scheduler, simulates=simulates) as backend,
            terminal.progress_bar(
                iterations or scn.iterations,
                "simulating",
                enabled=simulates and show_progress(as_json),
            ) as progress,
        ):
            result = analyze_scenario(
                scn,
                metric=metric,
                method=method,
                low=low,
                high=high,
                iterations=iterations,
                seed=seed,
                sampler=sampler,
                sobol_n=sobol_n,
                progress=progress,
                backend=backend,
            )
        write_json(tmp / FOLDERS["sensitivity"].result, result)
        charts.write_sensitivity_plots(tmp, result, lang=language)
        write_reports_into(tmp, report_formats, language)
    show(as_json, result, terminal.sensitivity_table, out)

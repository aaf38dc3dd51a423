"""simroi reforecast."""

from __future__ import annotations

from pathlib import Path

import click

from simroi.cli.dataopts import column_options, parse_columns, parse_date
from simroi.cli.options import load, output_folder, output_options, set_option, simulation_options
from simroi.errors import ConfigError

#: What the command writes into its run folder.
WRITES = ("reforecast.json",)


@click.command("reforecast")
@click.argument("config", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--actuals",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Monthly KPI table (or a deals export, reduced to months) spanning go-live.",
)
@click.option("--go-live", required=True, help="Go-live date YYYY-MM-DD.")
@column_options
@simulation_options
@output_options("reforecast.json", "outputs/<scenario>/<run-id>-reforecast/")
@set_option
def reforecast_command(
    config, actuals, go_live, sheet, column, mapping, iterations, seed, sampler, output_dir,
    force, as_json, sets,
):  # fmt: skip
    """The forecast of CONFIG updated by the months seen since go-live (Bayesian).

    The scenario's distributions are the prior, the actuals' months the evidence;
    the remaining months are forecast from the posterior and the months seen use
    their actual costs. Writes reforecast.json.

    Example: simroi reforecast configs/smb.yaml --actuals kpis.csv --go-live 2025-01-01
    """
    from simroi.data.kpis import KPI_ROLES, load_actuals
    from simroi.data.records import DEAL_ROLES
    from simroi.data.reforecast import reforecast
    from simroi.report import files as report
    from simroi.report import terminal
    from simroi.report.safe import for_terminal, printable

    scn = load(config, sets)
    cols = parse_columns(column, mapping, {**DEAL_ROLES, **KPI_ROLES})
    data = load_actuals(actuals, columns=cols, sheet=sheet)
    day = parse_date(go_live, "--go-live")
    if day is None:
        raise ConfigError("--go-live: required")
    out, staging = output_folder(output_dir, scn.name, force=force, writes=WRITES,
                                 kind="reforecast")  # fmt: skip
    with staging as tmp:
        result = reforecast(scn, data, day, iterations=iterations, seed=seed, sampler=sampler)
        report.write_json(tmp / "reforecast.json", result)
    if as_json:
        click.echo(report.json_text(result))
        return
    shown = for_terminal(result)  # names from the scenario and the file, safe in a table
    terminal.print_table(_table(shown))
    if shown["inputs"]:
        terminal.print_table(_inputs_table(shown))
    click.echo(printable(result["sentence"]))
    if result["kept_prior"]:
        click.echo(printable("Not informed by the data, kept at their prior: "
                             + ", ".join(result["kept_prior"])))  # fmt: skip
    for note in result["notes"]:
        click.echo(printable(f"Note: {note}."))
    click.echo(f"Written to {printable(str(out))}/", err=True)


def _table(result: dict):
    """The forecast and the re-forecast side by side: probabilities, NPV, ROI, payback."""
    from rich.table import Table

    from simroi.report.formatting import money_to_error, percent_to_error, prob_to_error

    a, b = result["prior"], result["posterior"]
    n = result["iterations"]
    t = Table(title=f"{a['scenario']}: after {result['months_observed']} months live "
              f"(go-live {result['go_live']})", title_justify="left", show_edge=False)  # fmt: skip
    for i, name in enumerate(("", "forecast", "re-forecast")):
        t.add_column(name, justify="left" if i == 0 else "right")

    t.add_row("P(ROI > 0)", *(prob_to_error(s["prob_roi_positive"], s["prob_roi_positive_se"], n)
                              for s in (a, b)))  # fmt: skip
    t.add_row("P(loss: NPV <= 0)", *(prob_to_error(1 - s["prob_npv_positive"],
                                                   s["prob_npv_positive_se"], n)
                                     for s in (a, b)))  # fmt: skip
    cur = a["currency"]
    for key in ("p10", "p50", "p90"):
        t.add_row(f"NPV {key.upper()} ({cur})",
                  *(money_to_error(s["metrics"]["npv"][key], s["metrics"]["npv"]["se_mean"])
                    for s in (a, b)))  # fmt: skip
    for key in ("p10", "p50", "p90"):
        t.add_row(f"ROI {key.upper()}",
                  *(percent_to_error(s["metrics"]["roi"][key], s["metrics"]["roi"]["se_mean"])
                    for s in (a, b)))  # fmt: skip
    for m, p in a["payback"]["prob_within_months"].items():
        q = b["payback"]["prob_within_months"][m]
        t.add_row(f"P(payback <= {m} months)",
                  *(prob_to_error(v, (v * (1 - v) / n) ** 0.5, n) for v in (p, q)))  # fmt: skip
    return t


def _inputs_table(result: dict):
    """What was learned: each informed input's prior and posterior mean and 90 % interval."""
    from rich.table import Table

    from simroi.report.formatting import sig

    t = Table(title="What the months seen say about the inputs (mean, 90 % interval)",
              title_justify="left", show_edge=False)  # fmt: skip
    for i, name in enumerate(("", "prior", "posterior")):
        t.add_column(name, justify="left" if i == 0 else "right")
    for path, d in result["inputs"].items():
        cells = [f"{sig(s['mean'])} ({sig(s['p5'])} .. {sig(s['p95'])})"
                 for s in (d["prior"], d["posterior"])]  # fmt: skip
        t.add_row(path if d["informed_by"] == "data" else f"{path} *", *cells)
    if any(d["informed_by"] != "data" for d in result["inputs"].values()):
        t.caption, t.caption_justify = "* through its correlation with an informed input", "left"
    return t

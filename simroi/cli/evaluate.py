"""simroi evaluate."""

from __future__ import annotations

from pathlib import Path

import click

from simroi.cli.dataopts import (
    column_options,
    make_read_options,
    parse_date,
    parse_mapping,
    read_options,
)
from simroi.cli.options import load, set_option
from simroi.errors import ConfigError


@click.command("evaluate")
@click.argument("config", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--actuals",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Deals export spanning go-live, or a table of monthly KPIs (CSV or Excel).",
)
@click.option("--go-live", required=True, help="Go-live date YYYY-MM-DD: splits the export.")
@click.option("--customers", type=click.Path(dir_okay=False, path_type=Path),
              help="Customers export: churn before and after.")  # fmt: skip
@click.option("--actual-costs", metavar="AMOUNT|FILE",
              help="Actual costs to date: a total, or a table of month and costs; "
                   "default the forecast's (or the KPI table's costs column).")  # fmt: skip
@column_options
@read_options()
@click.option("-n", "--iterations", type=click.IntRange(min=1), help="Default: the scenario's.")
@click.option("--replicates", type=click.IntRange(min=100), default=2000, show_default=True)
@click.option("--seed", type=click.IntRange(min=0), default=0, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON only.")
@set_option
def evaluate_command(
    config, actuals, go_live, customers, actual_costs, sheet, column, mapping, encoding,
    delimiter, decimal, date_format, iterations, replicates, seed, as_json, sets,
):  # fmt: skip
    """After go-live: realised lifts, ROI to date and projected, its percentile in the forecast.

    Example: simroi evaluate configs/smb.yaml --actuals deals.csv --go-live 2025-01-01
    """
    from simroi.data.evaluate import evaluate
    from simroi.data.kpis import KPI_ROLES, load_actuals, load_kpis
    from simroi.data.records import CUSTOMER_ROLES, DEAL_ROLES, load_customers
    from simroi.report import terminal
    from simroi.report.views import evaluate as view
    from simroi.runs.jsonfiles import json_text

    scn = load(config, sets)
    cols, stages = parse_mapping(column, mapping, {**DEAL_ROLES, **CUSTOMER_ROLES, **KPI_ROLES})
    how = make_read_options(encoding, delimiter, decimal, date_format)
    own = {k: v for k, v in cols.items() if k in DEAL_ROLES or k in KPI_ROLES}
    deals = load_actuals(actuals, columns=own, sheet=sheet, options=how, stages=stages)
    cust = None
    if customers is not None:
        cust = load_customers(customers, columns={k: v for k, v in cols.items()
                                                  if k in CUSTOMER_ROLES}, options=how)  # fmt: skip
    costs = None
    if actual_costs is not None:
        try:
            costs = float(actual_costs.replace(",", ""))
        except ValueError:
            if not Path(actual_costs).is_file():
                raise ConfigError(
                    f"--actual-costs {actual_costs}: neither an amount nor a file"
                ) from None
            costs = load_kpis(actual_costs, options=how)
    day = parse_date(go_live, "--go-live")
    if day is None:
        raise ConfigError("--go-live: required")
    result = evaluate(
        scn, deals, cust, go_live=day, iterations=iterations, replicates=replicates, seed=seed,
        actual_costs=costs,
    ).to_dict()  # fmt: skip
    if as_json:
        click.echo(json_text(result))
        return
    terminal.print_table(view.table(result))
    pct = result["percentile_in_forecast"]
    k = round(100 * pct)
    nth = f"{k}{'th' if k % 100 in (11, 12, 13) else {1: 'st', 2: 'nd', 3: 'rd'}.get(k % 10, 'th')}"
    where = (
        f"below all {result['iterations']:,} iterations" if pct == 0
        else f"above all {result['iterations']:,} iterations" if pct == 1
        else f"at the {nth} percentile"
    )  # fmt: skip
    click.echo(
        f"The realised ROI to date is {where} of what was forecast "
        f"for the {result['months_observed']} months since go-live."
    )
    c = result["costs_to_date"]
    click.echo(f"Costs to date: {c['value']:,.0f} ({c['source']}).")
    for note in result["notes"]:
        click.echo(f"Note: {note}.")
    if result["kept_forecast"]:
        click.echo("Not measurable from the data, kept at their forecast: "
                   + ", ".join(result["kept_forecast"]))  # fmt: skip

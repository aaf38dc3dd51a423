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
from simroi.cli.options import RunOptions, folder_options, set_option
from simroi.cli.pipeline import Done, load, simulate
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
@folder_options("evaluate")
def evaluate_command(
    config, actuals, go_live, customers, actual_costs, sheet, column, mapping, encoding,
    delimiter, decimal, date_format, iterations, replicates, seed, as_json, sets, output_dir,
    force, no_plots, report_formats, lang,
):  # fmt: skip
    """After go-live: realised lifts, ROI to date and projected, its percentile in the forecast.

    Prints what it found; with --output-dir or --report also writes a folder (evaluate.json,
    evaluate.png, run.json and the reports).

    Example: simroi evaluate configs/smb.yaml --actuals deals.csv --go-live 2025-01-01
    """
    from simroi.data.evaluate import evaluate
    from simroi.data.kpis import KPI_ROLES, load_actuals, load_kpis
    from simroi.data.records import CUSTOMER_ROLES, DEAL_ROLES, load_customers
    from simroi.runs.manifest import Settings

    opts = RunOptions(
        seed=seed, output_dir=output_dir, force=force, as_json=as_json, no_plots=no_plots,
        sets=sets, report_formats=report_formats, lang=lang,
    )  # fmt: skip
    scn = load(config, opts)
    cols, stages = parse_mapping(column, mapping, {**DEAL_ROLES, **CUSTOMER_ROLES, **KPI_ROLES})
    how = make_read_options(encoding, delimiter, decimal, date_format)
    own = {k: v for k, v in cols.items() if k in DEAL_ROLES or k in KPI_ROLES}
    deals = load_actuals(actuals, columns=own, sheet=sheet, options=how, stages=stages)
    files = [("actuals", actuals)]
    cust = None
    if customers is not None:
        cust = load_customers(customers, columns={k: v for k, v in cols.items()
                                                  if k in CUSTOMER_ROLES}, options=how)  # fmt: skip
        files.append(("customers", customers))
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
            files.append(("costs", Path(actual_costs)))
    day = parse_date(go_live, "--go-live")
    if day is None:
        raise ConfigError("--go-live: required")

    def compute(work):
        result = evaluate(
            scn, deals, cust, go_live=day, iterations=iterations, replicates=replicates,
            seed=seed, actual_costs=costs,
        ).to_dict()  # fmt: skip
        return Done(result, settings=Settings(seed, seed, None, result["iterations"]))

    simulate("evaluate", scn, opts, compute, backend=False, data=files)

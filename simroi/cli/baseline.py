"""simroi baseline."""

from __future__ import annotations

from pathlib import Path

import click

from simroi.cli.dataopts import (
    column_options,
    make_read_options,
    parse_date,
    parse_mapping,
    read_options,
    write_text,
)
from simroi.cli.options import OutputPath


@click.command("baseline")
@click.argument("export", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--customers",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Customers export (start, end, monthly revenue): churn, CLV, CRR.",
)
@click.option("--customers-sheet", help="Sheet of the customers workbook.")
@column_options
@read_options()
@click.option("--marketing-spend", type=click.FloatRange(min=0), help="Over the window, for CAC.")
@click.option("--sales-spend", type=click.FloatRange(min=0), help="Over the window, for CAC.")
@click.option(
    "--gross-margin",
    type=click.FloatRange(0, 1),
    help="Given margin: writes gross_margin and customer_monthly_margin.",
)
@click.option("--as-of", help="Export date YYYY-MM-DD (default: the latest date in the data).")
@click.option("--since", help="First day the export covers, YYYY-MM-DD (default: the first "
              "creation date).")  # fmt: skip
@click.option("--replicates", type=click.IntRange(min=100), default=2000, show_default=True)
@click.option("--seed", type=click.IntRange(min=0), default=0, show_default=True)
@click.option(
    "-o",
    "--output",
    type=OutputPath(dir_okay=False, path_type=Path),
    help="Write the scenario fragment here (default: print it).",
)
@click.option("--force", is_flag=True, help="Replace an existing --output file.")
@click.option("--json", "as_json", is_flag=True, help="Print the estimates as JSON only.")
def baseline_command(
    export, customers, customers_sheet, sheet, column, mapping, encoding, delimiter, decimal,
    date_format, marketing_spend, sales_spend, gross_margin, as_of, since, replicates, seed,
    output, force, as_json,
):  # fmt: skip
    """Measure a scenario's baseline from a CRM EXPORT of deals (CSV or Excel).

    Example: simroi baseline deals.csv --customers customers.csv -o baseline.yaml
    """
    from simroi.data.baseline import baseline_from
    from simroi.data.fragment import fragment_yaml, summary
    from simroi.data.records import CUSTOMER_ROLES, DEAL_ROLES, load_customers, load_deals
    from simroi.report import terminal
    from simroi.report.views import baseline as view
    from simroi.runs.jsonfiles import json_text

    cols, stages = parse_mapping(column, mapping, {**DEAL_ROLES, **CUSTOMER_ROLES})
    how = make_read_options(encoding, delimiter, decimal, date_format)
    deals = load_deals(export, columns={k: v for k, v in cols.items() if k in DEAL_ROLES},
                       sheet=sheet, options=how, stages=stages)  # fmt: skip
    cust = None
    if customers is not None:
        cust = load_customers(
            customers,
            columns={k: v for k, v in cols.items() if k in CUSTOMER_ROLES},
            sheet=customers_sheet,
            options=how,
        )
    result = baseline_from(
        deals,
        cust,
        marketing_spend=marketing_spend,
        sales_spend=sales_spend,
        gross_margin=gross_margin,
        as_of=parse_date(as_of, "--as-of"),
        since=parse_date(since, "--since"),
        replicates=replicates,
        seed=seed,
    )
    text = fragment_yaml(result)
    if output is not None:
        write_text(output, text, force=force)
    if as_json:
        click.echo(json_text({**result.to_dict(), "fragment": text}))
        return
    terminal.print_table(view.table(result.to_dict()))
    for line in summary(result):
        click.echo(line)
    for note in result.notes:
        click.echo(f"note: {note}")
    if output is None:
        click.echo("\n" + text, nl=False)
    else:
        click.echo(f"Written to {output}", err=True)

"""simroi baseline."""

from __future__ import annotations

from pathlib import Path

import click

from simroi.cli.dataopts import (
    check_new,
    column_options,
    make_read_options,
    parse_date,
    parse_mapping,
    read_options,
    write_text,
)
from simroi.cli.options import OutputPath, RunOptions, folder_options
from simroi.cli.pipeline import Done, check, simulate


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
@click.option(
    "--force", is_flag=True, help="Replace an existing --output file or --output-dir folder."
)
@click.option("--json", "as_json", is_flag=True, help="Print the estimates as JSON only.")
@folder_options("baseline", short=False, force=False)
def baseline_command(
    export, customers, customers_sheet, sheet, column, mapping, encoding, delimiter, decimal,
    date_format, marketing_spend, sales_spend, gross_margin, as_of, since, replicates, seed,
    output, force, as_json, output_dir, report_formats, lang,
):  # fmt: skip
    """Measure a scenario's baseline from a CRM EXPORT of deals (CSV or Excel).

    Prints the estimates and the baseline: section (-o FILE: writes the section there);
    with --output-dir or --report also writes a folder (baseline.json, baseline.yaml,
    run.json and the reports).

    Example: simroi baseline deals.csv --customers customers.csv -o baseline.yaml
    """
    from simroi.data.baseline import baseline_from
    from simroi.data.fragment import fragment_yaml, scenario_values, summary
    from simroi.data.records import CUSTOMER_ROLES, DEAL_ROLES, load_customers, load_deals
    from simroi.runs.layout import BASELINE_YAML
    from simroi.runs.manifest import Settings

    opts = RunOptions(seed=seed, output_dir=output_dir, force=force, as_json=as_json,
                      report_formats=report_formats, lang=lang)  # fmt: skip
    check(opts)
    if output is not None:
        check_new(output, force=force)
    cols, stages = parse_mapping(column, mapping, {**DEAL_ROLES, **CUSTOMER_ROLES})
    how = make_read_options(encoding, delimiter, decimal, date_format)
    deals = load_deals(export, columns={k: v for k, v in cols.items() if k in DEAL_ROLES},
                       sheet=sheet, options=how, stages=stages)  # fmt: skip
    files = [("deals", export)]
    cust = None
    if customers is not None:
        cust = load_customers(
            customers,
            columns={k: v for k, v in cols.items() if k in CUSTOMER_ROLES},
            sheet=customers_sheet,
            options=how,
        )
        files.append(("customers", customers))
    made = {}

    def compute(work):
        result = baseline_from(
            deals, cust, marketing_spend=marketing_spend, sales_spend=sales_spend,
            gross_margin=gross_margin, as_of=parse_date(as_of, "--as-of"),
            since=parse_date(since, "--since"), replicates=replicates, seed=seed,
        )  # fmt: skip
        made["text"] = text = fragment_yaml(result)
        if work.folder is not None:
            (work.folder / BASELINE_YAML).write_text(text, encoding="utf-8")
        data = {**result.to_dict(), "fragment": text, "summary": summary(result),
                "scenario_values": scenario_values(result)}  # fmt: skip
        return Done(data, settings=Settings(seed, seed))

    simulate("baseline", None, opts, compute, backend=False, name=export.stem, data=files)
    if output is not None:
        write_text(output, made["text"], force=force)
        if not as_json:
            click.echo(f"Written to {output}", err=True)
    elif not as_json:
        click.echo("\n" + made["text"], nl=False)

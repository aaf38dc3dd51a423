"""simroi fit."""

from __future__ import annotations

from pathlib import Path

import click

from simroi.cli.dataopts import check_new
from simroi.cli.options import OutputPath

# simroi.data.mle.FAMILIES, named here so the command line loads no scipy (a test checks)
FAMILY_NAMES = ("normal", "lognormal", "uniform", "triangular", "pert", "beta")


@click.command("fit")
@click.argument("data", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--column", required=True, help="The column of numbers to fit.")
@click.option("--sheet", help="Sheet of an Excel workbook with several sheets.")
@click.option(
    "--family",
    "families",
    multiple=True,
    type=click.Choice(FAMILY_NAMES),
    help="Fit only these families (repeatable; default: all).",
)
@click.option(
    "--plot",
    type=OutputPath(dir_okay=False, path_type=Path),
    help="Write the chart of the data's CDF against the fits (PNG).",
)
@click.option("--force", is_flag=True, help="Replace an existing --plot file.")
@click.option("--json", "as_json", is_flag=True, help="Print the fits as JSON only.")
def fit_command(data, column, sheet, families, plot, force, as_json):
    """Fit distributions to a column of DATA (CSV or Excel); print the best as a spec.

    Example: simroi fit pilot.csv --column hours_saved --plot fit.png
    """
    from simroi.data.fit import fit, spec_yaml
    from simroi.data.records import load_column
    from simroi.report import data_tables, terminal
    from simroi.report.files import json_text

    if plot is not None:
        check_new(plot, force=force)
    values, empty, source = load_column(data, column, sheet=sheet)
    result = fit(values, families=families or None)
    what = f"column {column!r} of {source}"
    text = spec_yaml(result, what)
    if plot is not None:
        from simroi.report.files import save_figure
        from simroi.report.plots.fit import fit_ecdf  # matplotlib only when a chart is drawn

        labels = {
            c.family: f"{c.family} (ΔAIC {c.aic - result.candidates[0].aic:.1f})"
            for c in result.candidates
        }
        save_figure(
            fit_ecdf(
                result.values,
                result.curves(),
                chosen=result.label,
                labels=labels,
                title=f"{column}: data against fitted distributions",
                xlabel=column,
            ),
            plot,
        )
    if as_json:
        click.echo(json_text({**result.to_dict(), "empty_lines": empty, "yaml": text}))
        return
    if result.candidates:
        terminal.print_table(data_tables.fit_table(result.to_dict(), what))
    if empty:
        shown = ", ".join(map(str, empty[:10])) + (" ..." if len(empty) > 10 else "")
        click.echo(f"note: {len(empty)} empty cells left out (lines {shown})")
    click.echo(text)
    if plot is not None:
        click.echo(f"Written to {plot}", err=True)

"""simroi fit."""

from __future__ import annotations

from pathlib import Path

import click

from simroi.cli.dataopts import check_new, make_read_options, parse_where, read_options
from simroi.cli.options import OutputPath, RunOptions, folder_options
from simroi.cli.pipeline import Done, check, simulate

# simroi.data.mle.FAMILIES, named here so the command line loads no scipy (a test checks)
FAMILY_NAMES = ("normal", "lognormal", "uniform", "triangular", "pert", "beta")


@click.command("fit")
@click.argument("data", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--column", help="The column of numbers to fit (default with --for: the input's).")
@click.option(
    "--for",
    "for_path",
    metavar="PATH",
    help="The scenario input it is for, e.g. baseline.avg_deal_value: an average gets "
    "the distribution of the mean, not of single values.",
)
@click.option(
    "--where",
    multiple=True,
    metavar="COLUMN=VALUE",
    help="Only the rows with this value (repeatable: all columns must match, any value of one).",
)
@click.option("--sheet", help="Sheet of an Excel workbook with several sheets.")
@read_options(dates=False)
@click.option(
    "--family",
    "families",
    multiple=True,
    type=click.Choice(FAMILY_NAMES),
    help="Fit only these families (repeatable; default: all).",
)
@click.option("--replicates", type=click.IntRange(min=100), default=2000, show_default=True,
              help="Bootstrap replicates of a mean (--for an average).")  # fmt: skip
@click.option("--seed", type=click.IntRange(min=0), default=0, show_default=True)
@click.option(
    "--plot",
    type=OutputPath(dir_okay=False, path_type=Path),
    help="Write the chart of the data's CDF against the fits (PNG).",
)
@click.option("--force", is_flag=True,
              help="Replace an existing --plot file or --output-dir folder.")  # fmt: skip
@click.option("--json", "as_json", is_flag=True, help="Print the fits as JSON only.")
@folder_options("fit", force=False)
def fit_command(
    data, column, for_path, where, sheet, encoding, delimiter, decimal, families, replicates,
    seed, plot, force, as_json, output_dir, no_plots, report_formats, lang,
):  # fmt: skip
    """Fit distributions to a column of DATA (CSV or Excel); print the best as a spec.

    With --output-dir or --report also writes a folder (fit.json, fit.png, run.json and
    the reports).

    Example: simroi fit deals.csv --for baseline.avg_deal_value
    """
    from simroi.data.exports import read_table
    from simroi.data.fitfor import fit_column
    from simroi.report.figures import save_figure
    from simroi.report.views import fit as view
    from simroi.runs.manifest import Settings

    opts = RunOptions(seed=seed, output_dir=output_dir, force=force, as_json=as_json,
                      no_plots=no_plots, report_formats=report_formats, lang=lang)  # fmt: skip
    check(opts)
    if plot is not None:
        check_new(plot, force=force)
    table = read_table(data, sheet=sheet, options=make_read_options(encoding, delimiter, decimal))
    made = {}

    def compute(work):
        made["found"] = found = fit_column(
            table, column=column, path=for_path, where=parse_where(where),
            families=families or None, replicates=replicates, seed=seed,
        )  # fmt: skip
        return Done(found.to_dict(), settings=Settings(seed, seed))

    simulate("fit", None, opts, compute, backend=False, name=data.stem, data=[("data", data)])
    if plot is not None:
        save_figure(view.figure(made["found"]), plot)
        if not as_json:
            click.echo(f"Written to {plot}", err=True)

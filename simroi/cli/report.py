"""simroi report."""

from __future__ import annotations

from pathlib import Path

import click

from simroi.cli.options import LANG_OPTION
from simroi.report.documents.build import FORMATS


@click.command("report")
@click.argument("run_dir", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--format",
    "formats",
    default="html",
    show_default=True,
    help=f"Comma-separated: {', '.join(FORMATS)}.",
)
@LANG_OPTION
def report_command(run_dir, formats, lang):
    """Write report.html / .xlsx / .pdf of RUN_DIR (the folder of any command that makes reports).

    Example: simroi report outputs/smb-crm/20261201T101500Z --format html,xlsx --lang zh
    """
    from simroi.report.documents.build import write_reports

    for path in write_reports(run_dir, formats.split(","), lang=lang):
        click.echo(f"Wrote {path}", err=True)

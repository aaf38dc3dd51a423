"""Options and output shared by the commands that simulate (run, sensitivity, compare)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from simroi.report import files as report
from simroi.report import terminal
from simroi.sampling.designs import SAMPLERS


def simulation_options(f):
    """The -n/--seed/--sampler options shared by run, sensitivity and compare."""
    f = click.option(
        "--sampler",
        type=click.Choice(SAMPLERS),
        help="Sampling design (default: the scenario's, else lhs).",
    )(f)
    f = click.option(
        "--seed",
        type=click.IntRange(min=0),
        help="Random seed (default: the scenario's, else fresh entropy).",
    )(f)
    f = click.option(
        "-n",
        "--iterations",
        type=click.IntRange(min=1),
        help="Monte Carlo iterations (default: the scenario's).",
    )(f)
    return f


def output_options(json_file: str, default_dir: str):
    """The -o/--output-dir, --force and --json options of run, sensitivity and compare."""

    def decorate(f):
        f = click.option(
            "--json",
            "as_json",
            is_flag=True,
            help=f"Print {json_file} to stdout and nothing else.",
        )(f)
        f = click.option("--force", is_flag=True, help="Replace an earlier run in --output-dir.")(f)
        f = click.option(
            "-o",
            "--output-dir",
            type=click.Path(file_okay=False, path_type=Path),
            help=f"Write here instead of a new {default_dir}.",
        )(f)
        return f

    return decorate


LANG_OPTION = click.option(
    "--lang",
    type=click.Choice(("en", "zh")),  # simroi.report.i18n.LANGUAGES
    help="Language of reports and charts (default: scenario.language, else en).",
)


def report_options(f):
    """--report html,xlsx,pdf and --lang of run, sensitivity and compare."""
    f = LANG_OPTION(f)
    return click.option(
        "--report",
        "report_formats",
        metavar="FORMATS",
        help="Also write reports into the run folder: comma-separated html, xlsx, pdf.",
    )(f)


def write_reports_into(tmp: Path, report_formats: str | None, lang: str | None) -> None:
    """The --report step: the reports of the run staged in ``tmp``."""
    if report_formats:
        from simroi.report.build import write_reports

        write_reports(tmp, report_formats.split(","), lang=lang)


def show_progress(as_json: bool) -> bool:
    return not as_json and sys.stderr.isatty()


def show(as_json: bool, data: dict, table, out: Path) -> None:
    """Exactly the JSON file on stdout, or a table there and the folder on stderr."""
    if as_json:
        click.echo(report.json_text(data))
    else:
        terminal.print_table(table(data))
        click.echo(f"Written to {out}/", err=True)

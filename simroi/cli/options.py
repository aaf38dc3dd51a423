"""Options and output shared by the commands that simulate (run, sensitivity, compare)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from simroi.report import files as report
from simroi.report import terminal
from simroi.report.safe import for_terminal, printable
from simroi.sampling.designs import SAMPLERS

MAX_ITERATIONS = 10**9  # as simulation.iterations in a scenario file
MAX_SEED = 2**128 - 1  # SeedSequence takes any size; 128 bits is all the entropy it keeps
MAX_WORKERS = 64  # beyond the cores, more processes only cost memory (180 MB each)
MAX_SOBOL_N = 2**20  # n x (inputs + 2) model runs; 2**20 is already minutes and GBs


def simulation_options(f):
    """The -n/--seed/--sampler options shared by run, sensitivity and compare."""
    f = click.option(
        "--sampler",
        type=click.Choice(SAMPLERS),
        help="Sampling design (default: the scenario's, else lhs).",
    )(f)
    f = click.option(
        "--seed",
        type=click.IntRange(min=0, max=MAX_SEED),
        help="Random seed, 0 to 2**128 - 1 (default: the scenario's, else fresh entropy).",
    )(f)
    f = click.option(
        "-n",
        "--iterations",
        type=click.IntRange(min=1, max=MAX_ITERATIONS),
        help="Monte Carlo iterations, at most 10**9 (default: the scenario's).",
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


def output_folder(
    output_dir: Path | None,
    scn,
    *,
    force: bool,
    writes: tuple[str, ...],
    kind: str = "",
    expected_bytes: int = 0,
):
    """(folder to name to the user, staged_output context) of a command's run.

    Without -o the run gets a new folder of its own, created exclusively; with
    -o the folder is checked (and locked) before anything is simulated.
    """
    out = output_dir if output_dir is not None else report.default_run_dir(scn.name, kind=kind)
    staging = report.staged_output(
        out,
        force=force,
        writes=writes,
        fresh=output_dir is None,
        expected_bytes=expected_bytes + 5_000_000,  # JSON and charts: a few MB at most
        note=lambda text: click.echo(f"Note: {printable(text)}", err=True),
    )
    return out, staging


def show_progress(as_json: bool) -> bool:
    return not as_json and sys.stderr.isatty()


def show(as_json: bool, data: dict, table, out: Path) -> None:
    """Exactly the JSON file on stdout, or a table there and the folder on stderr."""
    if as_json:
        click.echo(report.json_text(data))
    else:
        terminal.print_table(table(for_terminal(data)))
        click.echo(f"Written to {printable(str(out))}/", err=True)

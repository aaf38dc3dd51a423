"""The ``simroi`` command line: thin click commands over the library.

Bad usage or a bad scenario prints ``Error: ...`` lines on stderr and exits
with status 2, with no traceback and nothing written; anything else that goes
wrong exits with status 1.
"""

from __future__ import annotations

import dataclasses
import sys
from importlib import resources
from pathlib import Path

import click
import pandas as pd

from simroi import __version__, report, terminal
from simroi.config import load_scenario
from simroi.engine import simulate_scenario
from simroi.errors import SimroiError
from simroi.sampling import SAMPLERS

TEMPLATES = ("smb", "manufacturer", "ecommerce", "education", "vendors")


class _Group(click.Group):
    """Turns every SimroiError into 'Error: ...' lines and exit status 2."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except SimroiError as e:
            for line in str(e).splitlines():
                click.echo(f"Error: {line}", err=True)
            ctx.exit(2)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="simroi")
def main() -> None:
    """Monte Carlo ROI, NPV and payback analysis of CRM investments."""


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


def _show_progress(as_json: bool) -> bool:
    return not as_json and sys.stderr.isatty()


def _show(as_json: bool, data: dict, table, out: Path) -> None:
    """Exactly the JSON file on stdout, or a table there and the folder on stderr."""
    if as_json:
        click.echo(report.json_text(data))
    else:
        terminal.print_table(table(data))
        click.echo(f"Written to {out}/", err=True)


@main.command()
@click.argument("config", type=click.Path(dir_okay=False, path_type=Path))
@simulation_options
@output_options("summary.json", "outputs/<scenario>/<run-id>/")
@click.option("--no-plots", is_flag=True, help="Skip the PNG charts.")
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Worker processes (results do not depend on it).",
)
def run(config, iterations, seed, sampler, output_dir, force, as_json, no_plots, workers):
    """Simulate CONFIG and write summary, samples and charts.

    Example: simroi run configs/smb.yaml -n 50000 --seed 1
    """
    scn = load_scenario(config)
    n = iterations or scn.iterations
    out = output_dir or report.default_run_dir(scn.name)
    with report.staged_output(out, force=force) as tmp:
        path = tmp / "samples.parquet"
        with (
            report.ParquetSink(path) as sink,
            terminal.progress_bar(n, "simulating", enabled=_show_progress(as_json)) as progress,
        ):
            res = simulate_scenario(
                scn,
                iterations=n,
                seed=seed,
                sampler=sampler,
                workers=workers,
                progress=progress,
                on_chunk=sink,
                keep_samples=False,
            )
        res = dataclasses.replace(res, samples_path=path)
        summary = res.summary()
        report.write_json(tmp / "summary.json", summary)
        report.write_json(
            tmp / "run.json",
            report.manifest(
                scenario_resolved=scn.resolved,
                scenario_sha256=scn.sha256,
                scenario_source=scn.source,
                seed=res.seed,
                seed_entropy=res.seed_entropy,
                sampler=res.sampler,
                iterations=n,
                command_line=["simroi", *sys.argv[1:]],
            ),
        )
        if not no_plots:
            cols = pd.DataFrame({k: res.column(k) for k in ("roi", "payback_month")})
            report.write_run_plots(tmp, samples=cols, summary=summary)
    _show(as_json, summary, terminal.run_table, out)


@main.command()
@click.argument("config", type=click.Path(dir_okay=False, path_type=Path))
def validate(config):
    """Check CONFIG without simulating; exit 2 listing every problem."""
    scn = load_scenario(config)
    click.echo(
        f"{config}: OK — '{scn.name}', {len(scn.uncertain)} uncertain inputs, "
        f"{scn.horizon_months} months, {len(scn.vendors)} vendors"
    )


@main.command()
@click.argument("template", required=False, default="smb", type=click.Choice(TEMPLATES))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="File to write (default: TEMPLATE.yaml here).",
)
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
def init(template, output, force):
    """Write a starter scenario from a shipped TEMPLATE (default smb)."""
    out = output or Path(f"{template}.yaml")
    if out.exists() and not force:
        raise SimroiError(f"{out}: already exists; use --force to overwrite it")
    text = resources.files("simroi").joinpath("templates", f"{template}.yaml").read_text("utf-8")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    click.echo(f"Wrote {out}; next: simroi run {out}")


@main.command()
@click.argument("config", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--metric",
    type=click.Choice(("npv", "roi", "discounted_roi")),  # simroi.compare.METRICS
    default="npv",
    show_default=True,
    help="The metric the vendors are compared on.",
)
@simulation_options
@output_options("compare.json", "outputs/<scenario>/<run-id>-compare/")
@click.option("--no-plots", is_flag=True, help="Skip the PNG charts.")
def compare(config, metric, iterations, seed, sampler, output_dir, force, as_json, no_plots):
    """Compare the vendors of CONFIG under the same uncertainty (paired iterations).

    Every vendor is the base scenario with its overrides, simulated with the
    same seed, so draws a vendor does not override are shared (common random
    numbers). Writes compare.json, compare_cdf.png, compare_risk_return.png and
    compare_difference.png (the two vendors with the highest mean).

    Example: simroi compare configs/vendors.yaml --metric npv -n 20000
    """
    from simroi.compare import compare as compare_vendors

    scn = load_scenario(config)
    n = iterations or scn.iterations
    out = output_dir or report.default_run_dir(scn.name, kind="compare")
    with report.staged_output(out, force=force) as tmp:
        with terminal.progress_bar(
            n * len(scn.vendors), "simulating vendors", enabled=_show_progress(as_json)
        ) as progress:
            cmp = compare_vendors(
                scn, metric=metric, iterations=n, seed=seed, sampler=sampler, progress=progress
            )
        data = cmp.to_dict()
        report.write_json(tmp / "compare.json", data)
        if not no_plots:
            report.write_compare_plots(tmp, cmp)
    for note in data["notes"]:
        click.echo(f"Warning: {note}", err=True)
    _show(as_json, data, terminal.compare_table, out)


@main.command()
@click.argument("config", type=click.Path(dir_okay=False, path_type=Path))
@simulation_options
@click.option(
    "--metric",
    type=click.Choice(("npv", "roi", "discounted_roi", "payback_month")),  # sensitivity.METRICS
    default="npv",
    show_default=True,
    help="The result to explain.",
)
@click.option(
    "--method",
    type=click.Choice(("tornado", "spearman", "sobol", "downside", "all")),
    default="all",
    show_default=True,
    help="Which analysis (tornado includes the spider).",
)
@click.option(
    "--low", type=float, default=0.10, show_default=True, help="Tornado low percentile, a fraction."
)
@click.option(
    "--high",
    type=float,
    default=0.90,
    show_default=True,
    help="Tornado high percentile, a fraction.",
)
@click.option(
    "--sobol-n",
    type=int,
    default=4096,
    show_default=True,
    help="Sobol base sample count, rounded up to a power of two (n x (inputs + 2) model runs).",
)
@output_options("sensitivity.json", "outputs/<scenario>/<run-id>-sensitivity/")
def sensitivity(
    config,
    iterations,
    seed,
    sampler,
    metric,
    method,
    low,
    high,
    sobol_n,
    output_dir,
    force,
    as_json,
):
    """Which uncertain inputs of CONFIG drive the metric (tornado, spider, Spearman, Sobol).

    The tornado and spider evaluate the model exactly, one input at a time
    (others at their medians, no risk event); Spearman, the downside drivers
    (what separates ROI < 0 iterations) and the dependence-aware correlation
    ratio use a simulation of -n iterations; Sobol indices use their own design
    of --sobol-n base samples. Writes sensitivity.json, tornado.png, spider.png
    and sobol.png.

    Example: simroi sensitivity configs/smb.yaml --metric roi --seed 1
    """
    from simroi.sensitivity import analyze_scenario

    scn = load_scenario(config)
    out = output_dir or report.default_run_dir(scn.name, kind="sensitivity")
    simulates = method != "tornado"
    with report.staged_output(out, force=force) as tmp:
        with terminal.progress_bar(
            iterations or scn.iterations,
            "simulating",
            enabled=simulates and _show_progress(as_json),
        ) as progress:
            result = analyze_scenario(
                scn,
                metric=metric,
                method=method,
                low=low,
                high=high,
                iterations=iterations,
                seed=seed,
                sampler=sampler,
                sobol_n=sobol_n,
                progress=progress,
            )
        report.write_json(tmp / "sensitivity.json", result)
        report.write_sensitivity_plots(tmp, result)
    _show(as_json, result, terminal.sensitivity_table, out)


if __name__ == "__main__":  # pragma: no cover
    main()

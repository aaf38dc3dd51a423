"""simroi sensitivity."""

from __future__ import annotations

from pathlib import Path

import click

from simroi.cli.options import MAX_SOBOL_N, metric_option, scenario_options
from simroi.cli.pipeline import load, simulate


@click.command("sensitivity")
@click.argument("config", type=click.Path(dir_okay=False, path_type=Path))
@metric_option("The result to explain.", sensitivity=True)
@click.option(
    "--method",
    type=click.Choice(("tornado", "spearman", "sobol", "downside", "all")),
    default="all",
    show_default=True,
    help="Which analysis (tornado includes the spider).",
)
@click.option(
    "--low",
    type=click.FloatRange(0, 1, min_open=True, max_open=True),
    default=0.10,
    show_default=True,
    help="Tornado low percentile, a fraction.",
)
@click.option(
    "--high",
    type=click.FloatRange(0, 1, min_open=True, max_open=True),
    default=0.90,
    show_default=True,
    help="Tornado high percentile, a fraction.",
)
@click.option(
    "--sobol-n",
    type=click.IntRange(min=8, max=MAX_SOBOL_N),
    default=4096,
    show_default=True,
    help="Sobol base sample count, 8 to 2**20, rounded up to a power of two "
    "(n x (inputs + 2) model runs).",
)
@scenario_options("sensitivity", plots=None, reports=True)
def sensitivity_command(config, metric, method, low, high, sobol_n, opts):
    """Which uncertain inputs of CONFIG drive the metric (tornado, spider, Spearman, Sobol).

    The tornado and spider evaluate the model exactly, one input at a time
    (others at their medians, no risk event); Spearman, the downside drivers
    (what separates ROI < 0 iterations) and the dependence-aware correlation
    ratio use a simulation of -n iterations; Sobol indices use their own design
    of --sobol-n base samples. Writes sensitivity.json, tornado.png, spider.png
    and sobol.png.

    Example: simroi sensitivity configs/smb.yaml --metric roi --seed 1
    """
    from simroi.analysis.sensitivity import analyze_scenario

    scn = load(config, opts)
    simulates = method != "tornado"  # the tornado alone evaluates the model a few times

    def compute(work):
        return analyze_scenario(
            scn, metric=metric, method=method, low=low, high=high, iterations=opts.iterations,
            seed=opts.seed, sampler=opts.sampler, sobol_n=sobol_n, progress=work.progress,
            backend=work.backend,
        )  # fmt: skip

    total = (opts.iterations or scn.iterations) if simulates else None
    simulate("sensitivity", scn, opts, compute, progress=total, backend=simulates)

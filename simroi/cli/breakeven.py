"""simroi breakeven."""

from __future__ import annotations

from pathlib import Path

import click

from simroi.cli.options import metric_option, scenario_options
from simroi.cli.pipeline import load, simulate


@click.command("breakeven")
@click.argument("config", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--input", "input_", metavar="PATH", help="The input to move (dotted path).")
@click.option(
    "--target",
    metavar="TARGET",
    help="What must hold, e.g. 'P(roi>0)>=0.9', 'mean(npv)>=0', 'p10(roi)>=0', "
    "'P(payback<=12)>=0.8'.",
)
@click.option(
    "--mode",
    type=click.Choice(("shift", "scale")),
    default="shift",
    show_default=True,
    help="Move the input's whole distribution (+ shift) or scale it (x factor).",
)
@metric_option("Without --input: the metric whose zero the table finds.")
@scenario_options("breakeven", backend=False, reports=True)
def breakeven_command(config, input_, target, mode, metric, opts):
    """Break-even and goal seek: how far must an input move for a target to hold?

    With --input and --target: the shift (or scale) of that input's whole
    distribution at which the target statistic is reached, on the same draws
    for every trial (common random numbers), with its Monte Carlo standard
    error. Without --input: for each uncertain input, the value at which the
    median case has NPV = 0 and its percentile. Writes breakeven.json and
    breakeven.png.

    Example: simroi breakeven configs/smb.yaml --input drivers.conversion_lift
    --target "P(roi>0)>=0.9"
    """
    from simroi.analysis.breakeven import breakeven

    scn = load(config, opts)

    def compute(work):
        return breakeven(
            scn, n=opts.iterations, input=input_, target=target, mode=mode, seed=opts.seed,
            sampler=opts.sampler, metric=metric,
        )  # fmt: skip

    simulate("breakeven", scn, opts, compute, backend=False)

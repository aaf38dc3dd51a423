"""simroi compare."""

from __future__ import annotations

from pathlib import Path

import click

from simroi.cli.options import metric_option, scenario_options
from simroi.cli.pipeline import Done, load, simulate


@click.command("compare")
@click.argument("config", type=click.Path(dir_okay=False, path_type=Path))
@metric_option("The metric the vendors are compared on.")
@scenario_options("compare", plots="the PNG charts", precision=True, reports=True)
def compare_command(config, metric, opts):
    """Compare the vendors of CONFIG under the same uncertainty (paired iterations).

    Every vendor is the base scenario with its overrides, simulated with the
    same seed, so draws a vendor does not override are shared (common random
    numbers). Writes compare.json, compare_cdf.png, compare_risk_return.png and
    compare_difference.png (the two vendors with the highest mean); with
    --precision every vendor draws the same batches until every listed SE is
    below the target, and convergence.png draws each vendor's P(best).

    Example: simroi compare configs/vendors.yaml --metric npv -n 20000

    To a precision: simroi compare configs/vendors.yaml --precision 0.005
    """
    from simroi.analysis.compare import compare

    scn = load(config, opts)
    n = opts.iterations or scn.iterations

    def compute(work):
        cmp = compare(
            scn, metric=metric, iterations=n, seed=opts.seed, sampler=opts.sampler,
            progress=work.progress, backend=work.backend, precision=opts.precision,
            max_iterations=opts.max_iterations,
        )  # fmt: skip
        return Done(cmp.to_dict(), cmp)

    total = n * len(scn.vendors)
    simulate("compare", scn, opts, compute, progress=total, label="simulating vendors")

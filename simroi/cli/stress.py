"""simroi stress."""

from __future__ import annotations

from pathlib import Path

import click

from simroi.cli.options import metric_option, scenario_options
from simroi.cli.pipeline import load, simulate
from simroi.errors import SimroiError


def parse_band(text: str | None) -> tuple[float, float] | None:
    """``--band 0,10`` (percentiles) as fractions (0.0, 0.1)."""
    if text is None:
        return None
    try:
        lo, hi = (float(x) / 100 for x in text.split(","))
    except ValueError:
        raise SimroiError(
            f"--band: must read LOW,HIGH in percent, e.g. 0,10; got {text!r}"
        ) from None
    return lo, hi


@click.command("stress")
@click.argument("config", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--input", "input_", metavar="PATH", help="The input to stress (dotted path).")
@click.option("--band", metavar="LOW,HIGH", help="Percentile band of the input, e.g. 0,10.")
@click.option(
    "--occurs/--does-not-occur", default=None, help="For a risk event: force it on or off."
)
@metric_option("The result whose P10/P50/P90 are shown.")
@scenario_options("stress", backend=False, reports=True)
def stress_command(config, input_, band, occurs, metric, opts):
    """The result when one input of CONFIG is held to a band of its percentiles.

    --input with --band LOW,HIGH (percentiles of the input's own distribution),
    or a risk event with --occurs / --does-not-occur; without --input, every
    input's lowest and highest decile and every risk event on and off. The band
    is imposed inside the correlation structure: other inputs keep their draws
    and their correlation with it. Writes stress.json and stress.png.

    Example: simroi stress configs/smb.yaml --input drivers.conversion_lift --band 0,10
    """
    from simroi.analysis.stress import stress

    scn = load(config, opts)
    band = parse_band(band)  # a bad band fails before anything is written

    def compute(work):
        return stress(
            scn, n=opts.iterations, input=input_, band=band, occurs=occurs, metric=metric,
            seed=opts.seed, sampler=opts.sampler,
        )  # fmt: skip

    simulate("stress", scn, opts, compute, backend=False)

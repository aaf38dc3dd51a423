"""simroi stress."""

from __future__ import annotations

from pathlib import Path

import click

from simroi.cli.options import load, metric_option, output_folder, scenario_options, show
from simroi.errors import SimroiError
from simroi.runs.layout import FOLDERS


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
@scenario_options(FOLDERS["stress"].result, "outputs/<scenario>/<run-id>-stress/", backend=False)
def stress_command(
    config,
    input_,
    band,
    occurs,
    metric,
    iterations,
    seed,
    sampler,
    output_dir,
    force,
    as_json,
    no_plots,
    sets,
):
    """The result when one input of CONFIG is held to a band of its percentiles.

    --input with --band LOW,HIGH (percentiles of the input's own distribution),
    or a risk event with --occurs / --does-not-occur; without --input, every
    input's lowest and highest decile and every risk event on and off. The band
    is imposed inside the correlation structure: other inputs keep their draws
    and their correlation with it. Writes stress.json and stress.png.

    Example: simroi stress configs/smb.yaml --input drivers.conversion_lift --band 0,10
    """
    from simroi.analysis.stress import stress
    from simroi.report import decision_charts, decisions
    from simroi.runs.jsonfiles import write_json

    scn = load(config, sets)
    band = parse_band(band)  # a bad band fails before anything is written
    out, staging = output_folder(
        output_dir,
        scn.name,
        force=force,
        writes=FOLDERS["stress"].writes(charts=not no_plots),
        kind="stress",
    )
    with staging as tmp:
        data = stress(
            scn,
            n=iterations,
            input=input_,
            band=band,
            occurs=occurs,
            metric=metric,
            seed=seed,
            sampler=sampler,
        )
        write_json(tmp / FOLDERS["stress"].result, data)
        if not no_plots:
            decision_charts.write_stress_plots(tmp, data)
    show(as_json, data, decisions.stress_table, out)

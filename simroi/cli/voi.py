"""simroi voi."""

from __future__ import annotations

from pathlib import Path

import click

from simroi.cli.options import (
    load,
    metric_option,
    open_backend,
    output_folder,
    scenario_options,
    show,
    show_progress,
)
from simroi.errors import SimroiError
from simroi.runs.layout import FOLDERS


def parse_groups(items: tuple[str, ...]) -> dict[str, list[str]] | None:
    """``--group "name=path,path"`` options as a mapping (None: the default groups)."""
    if not items:
        return None
    groups = {}
    for item in items:
        name, sep, paths = item.partition("=")
        members = [p.strip() for p in paths.split(",") if p.strip()]
        if not sep or not name.strip() or not members:
            raise SimroiError(f"--group: must read NAME=PATH,PATH,..., got {item!r}")
        groups[name.strip()] = members
    return groups


@click.command("voi")
@click.argument("config", type=click.Path(dir_okay=False, path_type=Path))
@metric_option("The result that values the decision (npv: in the currency).")
@click.option(
    "--group",
    "groups",
    multiple=True,
    metavar="NAME=PATH,PATH",
    help="A named group of inputs valued together (repeatable; default: one per section).",
)
@scenario_options(FOLDERS["voi"].result, "outputs/<scenario>/<run-id>-voi/")
def voi_command(
    config,
    metric,
    groups,
    iterations,
    seed,
    sampler,
    output_dir,
    force,
    as_json,
    no_plots,
    sets,
    workers,
    scheduler,
):
    """What is it worth to know each uncertain input of CONFIG before deciding?

    The decision is invest or not (for a vendors file: which vendor), valued by
    the mean of --metric. EVPI is what knowing everything would be worth; the
    EVPPI of an input what knowing it alone exactly would be worth: the most any
    pilot or study measuring it can be worth. Writes voi.json and voi.png.

    Example: simroi voi configs/manufacturer.yaml -n 100000 --seed 1
    """
    from simroi.analysis.voi import voi
    from simroi.report import decision_charts, decisions, terminal
    from simroi.runs.jsonfiles import write_json

    scn = load(config, sets)
    group_map = parse_groups(groups)
    n = iterations or scn.iterations
    out, staging = output_folder(
        output_dir,
        scn.name,
        force=force,
        writes=FOLDERS["voi"].writes(charts=not no_plots),
        kind="voi",
    )
    with staging as tmp:
        total = n * max(len(scn.vendors), 1)
        with (
            open_backend(workers, scheduler) as backend,
            terminal.progress_bar(total, "simulating", enabled=show_progress(as_json)) as bar,
        ):
            data = voi(
                scn,
                n=n,
                seed=seed,
                sampler=sampler,
                metric=metric,
                groups=group_map,
                progress=bar,
                backend=backend,
            )
        write_json(tmp / FOLDERS["voi"].result, data)
        if not no_plots:
            decision_charts.write_voi_plots(tmp, data)
    show(as_json, data, decisions.voi_table, out, reading=decisions.voi_reading)

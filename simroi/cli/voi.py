"""simroi voi."""

from __future__ import annotations

from pathlib import Path

import click

from simroi.cli.options import metric_option, scenario_options
from simroi.cli.pipeline import load, simulate
from simroi.errors import SimroiError


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
@scenario_options("voi", reports=True)
def voi_command(config, metric, groups, opts):
    """What is it worth to know each uncertain input of CONFIG before deciding?

    The decision is invest or not (for a vendors file: which vendor), valued by
    the mean of --metric. EVPI is what knowing everything would be worth; the
    EVPPI of an input what knowing it alone exactly would be worth: the most any
    pilot or study measuring it can be worth. Writes voi.json and voi.png.

    Example: simroi voi configs/manufacturer.yaml -n 100000 --seed 1
    """
    from simroi.analysis.voi import voi

    scn = load(config, opts)
    group_map = parse_groups(groups)
    n = opts.iterations or scn.iterations

    def compute(work):
        return voi(
            scn, n=n, seed=opts.seed, sampler=opts.sampler, metric=metric, groups=group_map,
            progress=work.progress, backend=work.backend,
        )  # fmt: skip

    simulate("voi", scn, opts, compute, progress=n * max(len(scn.vendors), 1))

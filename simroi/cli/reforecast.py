"""simroi reforecast."""

from __future__ import annotations

from pathlib import Path

import click

from simroi.cli.dataopts import column_options, parse_columns, parse_date
from simroi.cli.options import scenario_options
from simroi.cli.pipeline import load, simulate
from simroi.errors import ConfigError


@click.command("reforecast")
@click.argument("config", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--actuals",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Monthly KPI table (or a deals export, reduced to months) spanning go-live.",
)
@click.option("--go-live", required=True, help="Go-live date YYYY-MM-DD.")
@column_options
@scenario_options("reforecast", plots="the PNG chart", backend=False)
def reforecast_command(config, actuals, go_live, sheet, column, mapping, opts):
    """The forecast of CONFIG updated by the months seen since go-live (Bayesian).

    The scenario's distributions are the prior, the actuals' months the evidence;
    the remaining months are forecast from the posterior and the months seen use
    their actual costs. Writes reforecast.json.

    Example: simroi reforecast configs/smb.yaml --actuals kpis.csv --go-live 2025-01-01
    """
    from simroi.data.kpis import KPI_ROLES, load_actuals
    from simroi.data.records import DEAL_ROLES
    from simroi.data.reforecast import reforecast

    scn = load(config, opts)
    cols = parse_columns(column, mapping, {**DEAL_ROLES, **KPI_ROLES})
    data = load_actuals(actuals, columns=cols, sheet=sheet)
    day = parse_date(go_live, "--go-live")
    if day is None:
        raise ConfigError("--go-live: required")

    def compute(work):
        return reforecast(scn, data, day, iterations=opts.iterations, seed=opts.seed,
                          sampler=opts.sampler)  # fmt: skip

    simulate("reforecast", scn, opts, compute, backend=False)

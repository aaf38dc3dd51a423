"""simroi validate."""

from __future__ import annotations

from pathlib import Path

import click

from simroi.cli.options import print_warnings, set_option
from simroi.scenario.config import load_scenario


@click.command("validate")
@click.argument("config", type=click.Path(dir_okay=False, path_type=Path))
@set_option
def validate_command(config, sets):
    """Check CONFIG without simulating; exit 2 listing every problem (warnings on stderr)."""
    scn = load_scenario(config, overrides=sets)
    print_warnings(scn)
    click.echo(
        f"{config}: OK — '{scn.name}', {len(scn.uncertain)} uncertain inputs, "
        f"{scn.horizon_months} months, {len(scn.vendors)} vendors"
    )

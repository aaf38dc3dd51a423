"""simroi validate."""

from __future__ import annotations

from pathlib import Path

import click

from simroi.cli.options import load, set_option


@click.command("validate")
@click.argument("config", type=click.Path(dir_okay=False, path_type=Path))
@set_option
def validate_command(config, sets):
    """Check CONFIG without simulating; exit 2 listing every problem (warnings on stderr)."""
    scn = load(config, sets)
    click.echo(
        f"{config}: OK — '{scn.name}', {len(scn.uncertain)} uncertain inputs, "
        f"{scn.horizon_months} months, {len(scn.vendors)} vendors"
    )

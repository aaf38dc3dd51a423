"""simroi explain."""

from __future__ import annotations

from pathlib import Path

import click

from simroi.cli.options import load, set_option


@click.command("explain")
@click.argument("config", type=click.Path(dir_okay=False, path_type=Path))
@set_option
def explain_command(config, sets):
    """Print CONFIG resolved: every key's value with its unit, defaults filled in (marked *:
    not written in the file or a --set).

    Example: simroi explain configs/tei.yaml --set costs.seats=20
    """
    from simroi.scenario.explain import explain, fit

    scn = load(config, sets)
    for line in fit(f"# {config}: '{scn.name}'"):
        click.echo(line)
    click.echo(f"# amounts in {scn.currency}; * = not in the file: the default value")
    click.echo("# units and meanings: docs/scenario.md; formulas: docs/model.md")
    for line in explain(scn):
        click.echo(line)
    click.echo(f"# uncertain inputs ({len(scn.uncertain)}){':' if scn.uncertain else ': none'}")
    for path in scn.uncertain:
        for line in fit(f"#   {path}"):
            click.echo(line)

"""simroi init."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import click

from simroi.cli.dataopts import write_text
from simroi.cli.options import OutputPath
from simroi.errors import SimroiError

TEMPLATES = ("smb", "smb-zh", "manufacturer", "ecommerce", "education", "vendors", "tei")


@click.command("init")
@click.argument("template", required=False, default="smb", type=click.Choice(TEMPLATES))
@click.option(
    "-o",
    "--output",
    type=OutputPath(dir_okay=False, path_type=Path),
    help="File to write (default: TEMPLATE.yaml here).",
)
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
def init_command(template, output, force):
    """Write a starter scenario from a shipped TEMPLATE (default smb)."""
    out = output or Path(f"{template}.yaml")
    if out.exists() and not force:
        raise SimroiError(f"{out}: already exists; use --force to overwrite it")
    text = (
        resources.files("simroi.scenario")
        .joinpath("templates", f"{template}.yaml")
        .read_text("utf-8")
    )
    write_text(out, text, force=True)  # atomically; a folder in the way is refused
    # a vendors file is a comparison: `run` would simulate only its base offer
    command = "compare" if template == "vendors" else "run"
    click.echo(f"Wrote {out}; next: simroi {command} {out}")

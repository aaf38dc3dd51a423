"""simroi init."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import click

from simroi.cli.dataopts import write_text
from simroi.cli.options import OutputPath
from simroi.errors import SimroiError
from simroi.report.text import i18n
from simroi.report.text.safe import printable
from simroi.scenario.yamlfile import parse_yaml

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
    # the template's comments name the copy shipped in configs/: name the file written
    text = text.replace(f"configs/{template}.yaml", str(out))
    write_text(out, text, force=True)  # atomically; a folder in the way is refused
    # a vendors file is a comparison: `run` would simulate only its base offer
    command = "compare" if template == "vendors" else "run"
    lang = language_of(parse_yaml(text.encode("utf-8"), str(out))[0])
    click.echo(printable(i18n.text("init_written", lang, out=out, command=command)))


def language_of(data: dict) -> str:
    """The template's ``scenario.language``: what it answers in (en by default)."""
    scenario = data.get("scenario")
    language = scenario.get("language") if isinstance(scenario, dict) else None
    return i18n.resolve_language(None, language)

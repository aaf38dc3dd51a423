"""The ``simroi`` command group: every SimroiError becomes ``Error: ...`` lines and exit 2."""

from __future__ import annotations

import click

from simroi import __version__
from simroi.errors import SimroiError


class _Group(click.Group):
    """Turns every SimroiError into 'Error: ...' lines and exit status 2."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except SimroiError as e:
            for line in str(e).splitlines():
                click.echo(f"Error: {line}", err=True)
            ctx.exit(2)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="simroi")
def main() -> None:
    """Monte Carlo ROI, NPV and payback analysis of CRM investments."""

"""``python -m simroi``: the same command line as ``simroi``."""

from simroi.cli import program

program()

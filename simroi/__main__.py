"""``python -m simroi``: the same command line as ``simroi``."""

from simroi.cli import main

main(prog_name="simroi")

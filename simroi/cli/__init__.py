"""The ``simroi`` command line: thin click commands over the library, one module each.

Bad usage or a bad scenario prints ``Error: ...`` lines on stderr and exits
with status 2, with no traceback and nothing written; anything else that goes
wrong exits with status 1.
"""

from simroi.cli import compare, init, report, run, sensitivity, validate
from simroi.cli.app import main

for _module in (run, validate, init, sensitivity, compare, report):
    main.add_command(getattr(_module, f"{_module.__name__.rsplit('.', 1)[1]}_command"))

__all__ = ["main"]

"""The ``simroi`` command line: thin click commands over the library, one module each.

Bad usage or a bad scenario prints ``Error: ...`` lines on stderr and exits
with status 2, with no traceback and nothing written; anything else that goes
wrong exits with status 1.
"""

from simroi.cli import (
    baseline,
    batch,
    breakeven,
    compare,
    evaluate,
    explain,
    fit,
    init,
    report,
    run,
    scorecard,
    sensitivity,
    stress,
    sweep,
    validate,
    voi,
)
from simroi.cli.app import main

_COMMANDS = (
    run,
    validate,
    init,
    sensitivity,
    compare,
    explain,
    voi,
    breakeven,
    stress,
    sweep,
    batch,
    baseline,
    fit,
    scorecard,
    evaluate,
    report,
)
for _module in _COMMANDS:
    main.add_command(getattr(_module, f"{_module.__name__.rsplit('.', 1)[1]}_command"))

__all__ = ["main"]

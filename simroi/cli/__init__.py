"""The ``simroi`` command line: thin click commands over the library, one module each.

Bad usage or a bad scenario prints ``Error: ...`` lines on stderr and exits
with status 2, with no traceback and nothing written; anything else that goes
wrong exits with status 1.
"""

from importlib import import_module

from simroi.cli.app import main, program

# One module per command: simroi/cli/<name>.py defines <name>_command.
COMMANDS = (
    "run",
    "validate",
    "init",
    "sensitivity",
    "compare",
    "explain",
    "voi",
    "breakeven",
    "stress",
    "sweep",
    "batch",
    "baseline",
    "fit",
    "scorecard",
    "evaluate",
    "reforecast",
    "report",
)
for _name in COMMANDS:
    main.add_command(getattr(import_module(f"simroi.cli.{_name}"), f"{_name}_command"))

__all__ = ["main", "program"]

"""simroi batch."""

from __future__ import annotations

from pathlib import Path

import click

from simroi.cli.dataopts import read_options
from simroi.cli.options import scenario_options
from simroi.cli.pipeline import load, simulate
from simroi.cli.sweep import tabled


@click.command("batch")
@click.argument("configs", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--rows",
    type=click.Path(dir_okay=False, path_type=Path),
    help="A CSV or Excel file of cases: one row per case, one column per dotted scenario "
    "path, an optional 'case' column of ids. CONFIGS is then one template.",
)
@click.option("--sheet", help="With --rows: the sheet of a workbook with several sheets.")
@read_options(dates=False)
@click.option(
    "--resume",
    is_flag=True,
    help="With --rows: finish the interrupted batch in -o, skipping the cases it finished "
    "(the same template, rows and options only).",
)
@scenario_options("batch", plots="cases.png (with --rows; a batch of files draws none)")
def batch_command(configs, rows, sheet, encoding, delimiter, decimal, resume, opts):
    """Simulate many scenario files side by side, through one pool of workers.

    Each file keeps its own iterations, seed and sampler unless -n, --seed or
    --sampler set them for all; --set applies to every file. Each summary
    equals `simroi run FILE` of that file. Writes sweep.json (one entry per file)
    and sweep.parquet (one row per file).

    With --rows, CONFIGS is one template and each row of the file is a case: the
    template with that row's values (read as --set reads them; an empty cell keeps
    the template's), validated for every row before anything runs, simulated
    without keeping samples with its own seed (from --seed and the case's id).
    Writes cases.csv and cases.parquet (one row per case, as cases finish) and
    cases.json; an interrupted batch finishes with the same command and --resume.

    Example: simroi batch clients/*.yaml -n 50000 --seed 1

    Example: simroi batch template.yaml --rows clients.csv -n 2000 --seed 1 -o out/clients
    """
    from simroi.analysis.sweep import batch
    from simroi.errors import ConfigError, SimroiError

    if rows is None:
        given = [o for o, v in (("--sheet", sheet), ("--encoding", encoding),
                                ("--delimiter", delimiter), ("--decimal", decimal),
                                ("--resume", resume)) if v]  # fmt: skip
        if given:
            raise click.UsageError(f"{', '.join(given)}: only with --rows")
    else:
        from simroi.cli.cases import run_cases
        from simroi.cli.dataopts import make_read_options

        read = make_read_options(encoding, delimiter, decimal)
        run_cases(configs, rows, sheet, read, resume, opts)
        return

    scenarios, errors = [], []
    for c in configs:  # every file checked, and its warnings printed, before anything runs
        try:
            scenarios.append(load(c, opts))
        except ConfigError as exc:
            errors.append(str(exc))
    if errors:
        raise SimroiError("\n".join(errors))

    def compute(work):
        data = batch(configs, base=opts.sets, iterations=opts.iterations, seed=opts.seed,
                     sampler=opts.sampler, backend=work.backend,
                     progress=work.progress)  # fmt: skip
        return tabled(data)

    total = sum(opts.iterations or s.iterations for s in scenarios)
    simulate("batch", scenarios, opts, compute, progress=total, label="simulating scenarios",
             size={"variants": len(configs)})  # fmt: skip

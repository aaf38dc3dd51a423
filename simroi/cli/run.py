"""simroi run."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import click
import pandas as pd

from simroi.cli.options import (
    MAX_WORKERS,
    output_folder,
    output_options,
    show,
    show_progress,
    simulation_options,
)
from simroi.report import charts, terminal
from simroi.report import files as report
from simroi.scenario.config import load_scenario
from simroi.simulation.engine import simulate_scenario
from simroi.simulation.model import RESULTS, STREAMS


@click.command("run")
@click.argument("config", type=click.Path(dir_okay=False, path_type=Path))
@simulation_options
@output_options("summary.json", "outputs/<scenario>/<run-id>/")
@click.option("--no-plots", is_flag=True, help="Skip the PNG charts.")
@click.option(
    "--workers",
    type=click.IntRange(min=1, max=MAX_WORKERS),
    default=1,
    show_default=True,
    help="Worker processes, at most 64 (results do not depend on it).",
)
def run_command(config, iterations, seed, sampler, output_dir, force, as_json, no_plots, workers):
    """Simulate CONFIG and write summary, samples and charts.

    Example: simroi run configs/smb.yaml -n 50000 --seed 1
    """
    scn = load_scenario(config)
    n = iterations or scn.iterations
    columns = len(scn.uncertain) + len(RESULTS) + len(STREAMS)
    out, staging = output_folder(
        output_dir,
        scn,
        force=force,
        writes=report.WRITES["run"] + (() if no_plots else report.WRITES["run plots"]),
        expected_bytes=n * columns * 8,  # samples.parquet: 8 bytes a value, uncompressed
    )
    with staging as tmp:
        path = tmp / "samples.parquet"
        with (
            report.ParquetSink(path) as sink,
            terminal.progress_bar(n, "simulating", enabled=show_progress(as_json)) as progress,
        ):
            res = simulate_scenario(
                scn,
                iterations=n,
                seed=seed,
                sampler=sampler,
                workers=workers,
                progress=progress,
                on_chunk=sink,
                keep_samples=False,
            )
        res = dataclasses.replace(res, samples_path=path)
        summary = res.summary()
        report.write_json(tmp / "summary.json", summary)
        report.write_json(
            tmp / "run.json",
            report.manifest(
                scenario_resolved=scn.resolved,
                scenario_sha256=scn.sha256,
                scenario_source=scn.source,
                seed=res.seed,
                seed_entropy=res.seed_entropy,
                sampler=res.sampler,
                iterations=n,
                command_line=["simroi", *sys.argv[1:]],
            ),
        )
        if not no_plots:
            cols = pd.DataFrame({k: res.column(k) for k in ("roi", "payback_month")})
            charts.write_run_plots(tmp, samples=cols, summary=summary)
    show(as_json, summary, terminal.run_table, out)

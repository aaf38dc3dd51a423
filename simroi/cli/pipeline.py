"""One skeleton for every command that writes a folder.

load -> output folder -> stage -> compute -> write <kind>.json, its tables and
run.json -> figures -> reports -> show. A command module declares its options
(the shared ones arrive as one :class:`~simroi.cli.options.RunOptions`), loads
its scenario with :func:`load` and hands :func:`simulate` the call of its
library function; the rest happens here, the same way for every command. What
a command shows and draws is its row of :func:`view`; the files it writes are
its row of :data:`simroi.runs.layout.FOLDERS`.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

from simroi.cli.options import RunOptions, check_precision, open_backend, run_id_kind
from simroi.cli.options import load as load_with_sets

__all__ = ["Done", "View", "Work", "check", "load", "simulate", "view"]


@dataclass(frozen=True)
class Work:
    """What a command's computation gets, inside its staging folder."""

    folder: Path | None  # the staging folder, published with the rest (None: no folder)
    output: Path | None  # the folder it is published as (real path; it exists meanwhile)
    backend: Any  # the simroi.simulation.backends.Backend of --workers/--scheduler
    progress: Callable[[int], None] | None  # the progress bar's callback, when one shows


@dataclass(frozen=True)
class Done:
    """What a computation hands the rest of the skeleton.

    ``data`` is written as ``<kind>.json`` and ``tables`` (file name ->
    DataFrame) as Parquet; ``result`` is the library's object when the figures
    need more than ``data`` (a run's samples, a comparison's values);
    ``settings`` (a :class:`simroi.runs.manifest.Settings`) says how it drew
    when ``data`` does not; ``manifest`` adds keys to run.json; ``published`` is
    called once the folder is published (to tidy what the computation kept outside it).
    """

    data: dict
    result: Any = None
    tables: Mapping[str, Any] = field(default_factory=dict)
    settings: Any = None
    manifest: Mapping[str, Any] = field(default_factory=dict)
    published: Callable[[], None] | None = None


def check(opts: RunOptions) -> None:
    """The shared options click cannot check alone (--report's formats, --precision with
    --max-iterations): a bad one fails before anything is read or written."""
    from simroi.report.documents.build import parse_formats

    parse_formats(opts.report_formats)
    check_precision(opts.precision, opts.max_iterations)


def load(config: Path, opts: RunOptions, sets: Mapping[str, object] | None = None):
    """The scenario of CONFIG with --set (or ``sets``), its warnings printed, once the
    options are checked (:func:`check`)."""
    check(opts)
    return load_with_sets(config, opts.sets if sets is None else sets)


def simulate(
    kind: str,
    scn,
    opts: RunOptions,
    compute: Callable[[Work], dict | Done],
    *,
    progress: int | None = None,
    label: str = "simulating",
    backend: bool = True,
    size: Mapping[str, int] | None = None,
    name: str | None = None,
    data: Sequence[tuple[str, Path]] = (),
) -> None:
    """Run the command ``kind`` on ``scn``: its folder, its files, then what it shows.

    A data command's folder (``on_request`` in :data:`simroi.runs.layout.FOLDERS`) is
    written only with --output-dir or --report; without, it computes and shows.

    Parameters
    ----------
    scn : Scenario, list of Scenario, or None
        What ``compute`` works on (a batch: every file's): it names the folder,
        gives the figures and reports their language, and goes into run.json.
        None for a command that reads no scenario (baseline, fit).
    compute : callable
        ``compute(work) -> data or Done``: the library call.
    progress : int, optional
        Iterations in all, for a progress bar saying ``label`` (none without).
    backend : bool
        Whether ``compute`` uses ``work.backend`` (a pool of --workers or a cluster);
        without, it is this process.
    size : mapping, optional
        What :func:`simroi.runs.rundir.output_bytes` needs beyond the layout
        (``iterations`` and ``columns`` of samples, ``variants``).
    name : str, optional
        The folder's name without a scenario (the data file's).
    data : sequence of (role, path)
        The data files the command read: run.json gives each its SHA-256.
    """
    from simroi.report.documents.build import parse_formats
    from simroi.report.figures import save_figures
    from simroi.report.terminal import progress_bar
    from simroi.runs.jsonfiles import write_json
    from simroi.runs.layout import FOLDERS, RUN_JSON
    from simroi.runs.manifest import manifest
    from simroi.runs.parquet import write_table

    folder, several = FOLDERS[kind], isinstance(scn, list)
    reports = parse_formats(opts.report_formats)
    if reports:
        from simroi.report.documents.compose import check_renders

        check_renders(kind)  # before anything is computed or written
    lang = _language(opts.lang, None if several else scn)
    shown = view(kind)
    if folder.on_request and opts.output_dir is None and not reports:
        with open_backend(opts.workers, opts.scheduler, simulates=False) as pool:
            done = compute(Work(None, None, pool, None))
        done = done if isinstance(done, Done) else Done(done)
        _warn(done.data, shown.notes)
        _show(opts.as_json, done.data, shown, None, lang)
        return
    out, staging = _output_folder(kind, scn, opts, reports, size or {}, name)
    with staging as tmp:
        with (
            open_backend(opts.workers, opts.scheduler, simulates=backend) as pool,
            progress_bar(progress or 0, label, enabled=_shows_progress(opts, progress)) as bar,
        ):
            if not opts.no_plots and shown.figures is not None and pool.workers > 1:
                _charts_ahead()
            done = compute(Work(tmp, Path(os.path.realpath(out)), pool, bar))
        done = done if isinstance(done, Done) else Done(done)
        write_json(tmp / folder.result, done.data)
        for name, frame in done.tables.items():
            write_table(tmp / name, frame)
        argv = ["simroi", *sys.argv[1:]]
        write_json(
            tmp / RUN_JSON, manifest(scn, _settings(done, opts, scn), argv, data) | done.manifest
        )
        if not opts.no_plots and shown.figures is not None:
            save_figures(tmp, shown.figures(done, scn, lang))
        if reports:
            from simroi.report.documents.build import write_reports

            write_reports(tmp, reports, lang=lang)
    if done.published is not None:
        done.published()
    _warn(done.data, shown.notes)
    _show(opts.as_json, done.data, shown, out, lang)


# --------------------------------------------------------------------------- the steps


def _charts_ahead() -> None:
    """Import the charts' modules (matplotlib, pandas: about 0.6 s) on a thread while the
    workers compute, instead of after them. A failure is left to the import that draws
    the charts, which raises it as it would without this."""

    def load() -> None:
        try:
            from simroi.report import plots  # noqa: F401
        except Exception:  # noqa: S110 -- raised again, where the charts are drawn
            pass

    threading.Thread(target=load, name="simroi-charts-import", daemon=True).start()


def _language(lang: str | None, scn) -> str:
    from simroi.report.text.i18n import resolve_language

    return resolve_language(lang, scn and scn.resolved["scenario"].get("language"))


def _output_folder(
    kind: str, scn, opts: RunOptions, reports: tuple[str, ...], size: Mapping, name: str | None
):
    """(the folder to name to the user, its staged_output context).

    Without -o the command gets a new folder of its own, created exclusively;
    with -o the folder is checked (and locked) before anything is computed, and
    refused without room for what the layout says the command writes.
    """
    from simroi.report.text.safe import printable
    from simroi.runs.jsonfiles import json_text
    from simroi.runs.layout import FOLDERS
    from simroi.runs.rundir import default_run_dir, output_bytes, staged_output

    folder, plots, several = FOLDERS[kind], not opts.no_plots, isinstance(scn, list)
    name = "batch" if several or kind == "cases" else name if scn is None else scn.name
    out = opts.output_dir
    if out is None:
        out = default_run_dir(name, kind=run_id_kind(kind))
    expected = output_bytes(
        charts=len(folder.charts) if plots else 0,
        reports=reports,
        scenario_bytes=0 if several or scn is None else len(json_text(scn.resolved)),
        **size,
    )
    staging = staged_output(
        out,
        force=opts.force,
        writes=folder.writes(charts=plots, reports=bool(reports)),
        fresh=opts.output_dir is None,
        expected_bytes=expected,
        note=lambda text: click.echo(f"Note: {printable(text)}", err=True),
    )
    return out, staging


def _settings(done: Done, opts: RunOptions, scn):
    """How the command drew: what its computation says, else what its JSON records,
    with the seed as given (the option, else the scenario's)."""
    from simroi.runs.manifest import Settings

    if done.settings is not None:
        return done.settings
    seed = opts.seed
    if seed is None and scn is not None and not isinstance(scn, list):
        seed = scn.seed
    return Settings.of_json(done.data, seed=seed)


def _shows_progress(opts: RunOptions, progress: int | None) -> bool:
    return progress is not None and not opts.as_json and sys.stderr.isatty()


def _warn(data: dict, label: str) -> None:
    """A result's notes (``label: ...``), and a run to a precision that hit
    --max-iterations, on stderr."""
    from simroi.report.text.safe import printable

    for note in data.get("notes", ()):
        click.echo(f"{label}: {printable(note)}", err=True)
    if data.get("stopped_by") != "max_iterations":
        return
    info = data["precision"]
    largest = info["history"][-1]
    click.echo(
        f"Warning: --max-iterations {data['iterations']:,} reached before every standard error "
        f"was below {info['target']:g}; the largest is {largest['largest_se']:.2g} "
        f"({printable(largest['largest_se_of'])})",
        err=True,
    )


def _show(as_json: bool, data: dict, shown: View, out: Path | None, lang: str) -> None:
    """Exactly the result's JSON on stdout; or its table and reading there, in the
    report's language, and the folder (if one was written) on stderr."""
    if as_json:
        from simroi.runs.jsonfiles import json_text

        click.echo(json_text(data))
        return
    from simroi.report.terminal import print_table
    from simroi.report.text.safe import for_terminal, printable

    table = shown.table(for_terminal(data), lang)
    if table is not None:
        print_table(table, lang=lang)
    for line in shown.reading(data, lang) if shown.reading else ():
        click.echo(printable(line))
    if out is not None:
        click.echo(f"Written to {printable(str(out))}/", err=True)


# --------------------------------------------------------------------------- the views


@dataclass(frozen=True)
class View:
    """What a command shows (its table, a reading in words) and draws (its figures)."""

    table: Callable[[dict, str], Any]  # (data, lang)
    reading: Callable[[dict, str], list[str]] | None = None
    figures: Callable[[Done, Any, str], Mapping[str, Any]] | None = None  # (done, scn, lang)
    notes: str = "Warning"  # how the result's "notes" are labelled on stderr


def view(kind: str) -> View:
    """The table, reading and figures of the command ``kind``: its module of
    :mod:`simroi.report.views` (imported only when a command runs)."""
    from simroi.report.views import (
        baseline,
        breakeven,
        cases,
        compare,
        evaluate,
        fit,
        reforecast,
        run,
        scorecard,
        sensitivity,
        stress,
        sweep,
        voi,
    )

    data = {"evaluate": evaluate, "baseline": baseline, "fit": fit, "scorecard": scorecard}
    if kind in data:  # the data commands (a folder only when asked for)
        m = data[kind]
        return View(m.table, m.reading, lambda d, _, lang: m.figures(d.data, lang=lang), "Note")

    def run_figures(done: Done, scn, lang: str) -> Mapping[str, Any]:
        columns = ("roi", "payback_month", *scn.risk_events)
        res = done.result
        kept = res.samples is not None or res.samples_path is not None  # --samples none: no
        samples = {k: res.column(k) for k in columns} if kept else {}
        labels = scn.resolved["scenario"].get("labels")
        return run.figures(done.data, samples, lang=lang, labels=labels, lazy=True)

    return {
        "run": View(run.table, figures=run_figures),
        "sensitivity": View(
            lambda d, lang: sensitivity.table(d, lang=lang),
            figures=lambda d, _, lang: sensitivity.figures(d.data, lang=lang),
        ),
        "compare": View(
            lambda d, lang: compare.table(d, lang=lang),
            figures=lambda d, _, lang: compare.figures(d.result, lang=lang),
        ),
        "sweep": View(sweep.table, figures=lambda d, _, lang: sweep.figures(d.data, lang=lang)),
        "batch": View(sweep.table),
        "cases": View(
            cases.table, figures=lambda d, _, lang: cases.figures(d.result, d.data, lang=lang)
        ),
        "voi": View(voi.table, voi.reading, lambda d, _, lang: voi.figures(d.data, lang=lang)),
        "breakeven": View(
            breakeven.table,
            breakeven.reading,
            lambda d, _, lang: breakeven.figures(d.data, lang=lang),
        ),
        "stress": View(
            stress.table, stress.reading, lambda d, _, lang: stress.figures(d.data, lang=lang)
        ),
        "reforecast": View(
            reforecast.table,
            reforecast.reading,
            lambda d, _, lang: reforecast.figures(d.data, lang=lang),
            notes="Note",
        ),
    }[kind]

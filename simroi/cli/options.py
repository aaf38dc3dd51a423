"""Options shared by the commands that load a scenario.

:func:`scenario_options` is the one stack of options the commands that write a
folder share (-n/--seed/--sampler, -o/--force/--json, --no-plots, --set, and
where they apply --workers/--scheduler, --precision and --report/--lang),
handed to the command as one :class:`RunOptions`; :func:`load` reads the
scenario with the --set overrides and prints its warnings.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path

import click

# The samplers (simroi.sampling.designs.SAMPLERS), spelled out so that loading the
# command line does not import the sampling stage; tests/cli checks they agree.
SAMPLERS = ("random", "lhs", "sobol")

MAX_ITERATIONS = 10**9  # as simulation.iterations in a scenario file
MAX_SEED = 2**128 - 1  # SeedSequence takes any size; 128 bits is all the entropy it keeps
MAX_WORKERS = 64  # beyond the cores, more processes only cost memory (180 MB each)
MAX_SOBOL_N = 2**20  # n x (inputs + 2) model runs; 2**20 is already minutes and GBs


def simulation_options(f):
    """-n/--iterations, --seed and --sampler: the simulation settings a command overrides."""
    f = click.option(
        "--sampler",
        type=click.Choice(SAMPLERS),
        help="Sampling design (default: the scenario's, else lhs).",
    )(f)
    f = click.option(
        "--seed",
        type=click.IntRange(min=0, max=MAX_SEED),
        help="Random seed, 0 to 2**128 - 1 (default: the scenario's, else fresh entropy).",
    )(f)
    f = click.option(
        "-n",
        "--iterations",
        type=click.IntRange(min=1, max=MAX_ITERATIONS),
        help="Monte Carlo iterations, at most 10**9 (default: the scenario's).",
    )(f)
    return f


class OutputPath(click.Path):
    """A path to write to; an empty one (which would mean the current folder) is refused."""

    def convert(self, value, param, ctx):
        if isinstance(value, str) and not value:
            self.fail("empty path", param, ctx)
        return super().convert(value, param, ctx)


def output_options(json_file: str, default_dir: str):
    """-o/--output-dir, --force and --json: where a command writes, and what it prints."""

    def decorate(f):
        f = click.option(
            "--json",
            "as_json",
            is_flag=True,
            help=f"Print {json_file} to stdout and nothing else.",
        )(f)
        f = click.option("--force", is_flag=True, help="Replace an earlier run in --output-dir.")(f)
        f = click.option(
            "-o",
            "--output-dir",
            type=OutputPath(file_okay=False, path_type=Path),
            help=f"Write here instead of a new {default_dir}.",
        )(f)
        return f

    return decorate


def metric_option(help: str, *, sensitivity: bool = False):
    """--metric: the result a command decides on (simroi.simulation.metrics), default npv."""
    from simroi.simulation.metrics import DECISION_METRICS, SENSITIVITY_METRICS

    return click.option(
        "--metric",
        type=click.Choice(SENSITIVITY_METRICS if sensitivity else DECISION_METRICS),
        default="npv",
        show_default=True,
        help=help,
    )


LANG_OPTION = click.option(
    "--lang",
    type=click.Choice(("en", "zh")),  # simroi.report.text.i18n.LANGUAGES
    help="Language of reports and charts (default: scenario.language, else en).",
)


def report_options(f):
    """--report html,xlsx,pdf and --lang of the commands whose folders make reports."""
    from simroi.report.documents.build import FORMATS

    f = LANG_OPTION(f)
    return click.option(
        "--report",
        "report_formats",
        metavar="FORMATS",
        help=f"Also write reports into the run folder: comma-separated {', '.join(FORMATS)}.",
    )(f)


def folder_options(kind: str, *, short: bool = True, force: bool = True):
    """A data command's folder, written only when asked for: -o/--output-dir (``short``:
    with -o; baseline's -o is its fragment FILE), --force (unless the command has its own),
    --no-plots (where the folder has charts), --report and --lang."""
    from simroi.runs.layout import FOLDERS

    folder = FOLDERS[kind]
    what = ", ".join((folder.result, *folder.files, *folder.charts))

    def decorate(f):
        f = report_options(f)
        if folder.charts:
            f = click.option("--no-plots", is_flag=True, help="Skip the PNG chart.")(f)
        if force:
            f = click.option(
                "--force", is_flag=True, help="Replace an earlier folder in --output-dir."
            )(f)
        names = ("-o", "--output-dir") if short else ("--output-dir",)
        return click.option(
            *names,
            "output_dir",
            type=OutputPath(file_okay=False, path_type=Path),
            help=f"Also write a folder here: {what}, run.json (and the reports). With --report "
            f"alone: a new outputs/<name>/<run-id>-{kind}/.",
        )(f)

    return decorate


def print_warnings(scn) -> None:
    """A scenario's warnings and notes on stderr, one ``Warning: ...``/``Note: ...`` line each."""
    where = scn.source + ": " if scn.source else ""
    for kind, texts in (("Warning", scn.warnings), ("Note", scn.notes)):
        for text in texts:
            click.echo(f"{kind}: {where}{text}", err=True)


def _parse_sets(ctx, param, values) -> dict:
    from simroi.errors import SimroiError
    from simroi.scenario.variants import parse_assignment

    out = {}
    for text in values:
        try:
            path, value = parse_assignment(text)
        except SimroiError as exc:
            raise click.BadParameter(str(exc).removeprefix(f"--set {text!r}: ")) from None
        out[path] = value
    return out


def set_option(f):
    """--set PATH=VALUE (repeatable): a what-if without an edited copy of the file."""
    return click.option(
        "--set",
        "sets",
        multiple=True,
        metavar="PATH=VALUE",
        callback=_parse_sets,
        help="Override one value of the scenario (repeatable; YAML value, the vendors' "
        "override syntax), e.g. --set costs.seats=20.",
    )(f)


def load(config, sets: dict | None = None):
    """The scenario of ``config`` with the --set overrides, its warnings printed on stderr.

    A bad file or a bad --set raises ConfigError (exit 2, nothing written yet).
    """
    from simroi.scenario.config import load_scenario

    scn = load_scenario(config, overrides=sets)
    print_warnings(scn)
    return scn


def backend_options(f):
    """--workers and --scheduler: where the work units run (results do not depend on it)."""
    f = click.option(
        "--scheduler",
        envvar="SIMROI_SCHEDULER",
        metavar="tcp://HOST:PORT|local",
        help="Run on a dask.distributed cluster: a scheduler address, or 'local' for a "
        "LocalCluster of --workers processes (env SIMROI_SCHEDULER; needs simroi[dask]; "
        "SIMROI_SCHEDULER_TIMEOUT: seconds to connect, default 15).",
    )(f)
    f = click.option(
        "--workers",
        type=click.IntRange(min=1, max=MAX_WORKERS),
        help="Worker processes, at most 64 (default: the cores available; results do not "
        "depend on it).",
    )(f)
    return f


def open_backend(workers, scheduler, *, simulates: bool = True):
    """The back end of --workers/--scheduler; BLAS on one thread here too (once per command).

    A command that will not simulate gets this process (no pool, no cluster).
    """
    from simroi.simulation.backends import Serial, one_blas_thread
    from simroi.simulation.backends import open_backend as _open

    if not simulates:
        return Serial()
    one_blas_thread()
    return _open(workers=workers, scheduler=scheduler)


@dataclass(frozen=True)
class RunOptions:
    """The options every command that writes a folder shares, as one argument ``opts``.

    :func:`scenario_options` declares them and packs them; an option a command
    lacks keeps its default here. A new shared option is a field here, its
    declaration below, and its use in :mod:`simroi.cli.pipeline`.
    """

    iterations: int | None = None
    seed: int | None = None
    sampler: str | None = None
    output_dir: Path | None = None
    force: bool = False
    as_json: bool = False
    no_plots: bool = False
    sets: Mapping[str, object] = field(default_factory=dict)
    workers: int | None = None
    scheduler: str | None = None
    precision: float | None = None
    max_iterations: int | None = None
    report_formats: str | None = None
    lang: str | None = None


_SHARED = frozenset(f.name for f in fields(RunOptions))


def scenario_options(
    kind: str,
    *,
    plots: str | None = "the PNG chart",
    backend: bool = True,
    precision: bool = False,
    reports: bool | None = None,
):
    """The options of the command ``kind`` that writes a folder, in one order, as ``opts``.

    -n/--seed/--sampler, -o/--output-dir, --force, --json (of ``kind``'s result
    in :data:`simroi.runs.layout.FOLDERS`), --no-plots (unless ``plots`` is
    None; its help says "Skip <plots>."), --set, --workers and --scheduler (with
    ``backend``), --precision and --max-iterations (with ``precision``),
    --report and --lang (with ``reports``; by default where the layout says the
    folder makes reports, :data:`simroi.runs.layout.FOLDERS`). The command receives them as one
    :class:`RunOptions` keyword ``opts``, beside its own options.
    """
    from simroi.runs.layout import FOLDERS

    where = "batch" if kind in ("batch", "cases") else "<scenario>"
    suffix = f"-{kind}" if run_id_kind(kind) else ""
    stack = [
        simulation_options,
        output_options(FOLDERS[kind].result, f"outputs/{where}/<run-id>{suffix}/"),
    ]
    if plots is not None:
        stack.append(click.option("--no-plots", is_flag=True, help=f"Skip {plots}."))
    stack.append(set_option)
    if backend:
        stack.append(backend_options)
    if precision:
        stack.append(precision_options)
    if FOLDERS[kind].reports if reports is None else reports:
        stack.append(report_options)

    def decorate(f):
        @functools.wraps(f)
        def command(**params):
            shared = {k: params.pop(k) for k in _SHARED & params.keys()}
            return f(**params, opts=RunOptions(**shared))

        for option in reversed(stack):  # the first listed is the first in --help
            command = option(command)
        return command

    return decorate


def run_id_kind(kind: str) -> str:
    """What a new folder's name says made it (``<run-id>-<kind>``): nothing for a run or a
    batch (whose folder is ``outputs/batch/<run-id>``)."""
    return "" if kind in ("run", "batch", "cases") else kind


def precision_options(f):
    """--precision and --max-iterations of run and compare: batches until every SE is below."""
    f = click.option(
        "--max-iterations",
        type=click.IntRange(min=100, max=MAX_ITERATIONS),  # precision.MIN_ITERATIONS
        help="With --precision: stop here at the latest (at least 100; default 10,000,000).",
    )(f)
    f = click.option(
        "--precision",
        type=click.FloatRange(min=0, max=0.5, min_open=True, max_open=True),
        metavar="SE",
        help="Draw in batches until the SEs of P(ROI>0), every payback probability and the "
        "mean NPV (per P10-P90 range) are all below SE, e.g. 0.005 (compare: of every "
        "vendor, and of P(best) and P(a > b) too); -n is then ignored.",
    )(f)
    return f


def check_precision(precision: float | None, max_iterations: int | None) -> None:
    """NaN (FloatRange lets it through) and --max-iterations without --precision: exit 2."""
    if precision is not None and not 0 < precision < 0.5:
        raise click.BadParameter(
            f"must be in (0, 0.5), got {precision}", param_hint="'--precision'"
        )
    if max_iterations is not None and precision is None:
        raise click.UsageError("--max-iterations needs --precision (it caps a run to a precision)")

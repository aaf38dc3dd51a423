"""simroi batch TEMPLATE --rows FILE: a batch of cases, one row of the file per case.

The batch command's other half (:mod:`simroi.cli.batch` declares the options): every
row read and its scenario validated before anything runs (:mod:`simroi.data.caserows`),
the cases simulated through the back end (:mod:`simroi.analysis.cases`), their rows
written to cases.csv and cases.parquet as they finish and kept for a resume
(:mod:`simroi.runs.cases`).
"""

from __future__ import annotations

import hashlib
import heapq
import json
import sys
from pathlib import Path

import click

from simroi.cli.pipeline import Done, load, simulate

EXTREMES = 5  # cases shown with the lowest and the highest P(ROI > 0)
_SHOWN = ("case", "prob_roi_positive", "prob_roi_positive_se", "roi_p50", "npv_p50",
          "npv_mean_se", "payback_within_headline", "payback_headline_month", "currency",
          "iterations")  # fmt: skip


def fingerprint(scn, cases, opts) -> str:
    """What a resume must match: simroi's version, the template's bytes, --set, the cases
    (ids and overrides), -n, --seed and --sampler as given."""
    import simroi
    from simroi.data.caserows import fingerprint_data

    what = {
        "format": 1,
        "simroi": simroi.__version__,
        "template": scn.sha256,
        "sets": dict(opts.sets),
        "cases": fingerprint_data(cases),
        "iterations": opts.iterations,
        "seed": opts.seed if opts.seed is not None else scn.seed,
        "sampler": opts.sampler,
    }
    text = json.dumps(what, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class _Extremes:
    """The cases of lowest and highest P(ROI > 0) (ties: the earlier case first)."""

    def __init__(self) -> None:
        self.low: list = []
        self.high: list = []
        self.seen = 0

    def add(self, row: dict) -> None:
        p, i = row["prob_roi_positive"], self.seen
        self.seen += 1
        shown = {k: row[k] for k in _SHOWN}
        heapq.heappush(self.low, (-p, -i, shown))
        heapq.heappush(self.high, (p, -i, shown))
        for heap in (self.low, self.high):
            if len(heap) > EXTREMES:
                heapq.heappop(heap)

    def lists(self) -> tuple[list[dict], list[dict]]:
        low = [r for _, _, r in sorted(self.low, key=lambda t: (-t[0], -t[1]))]
        high = [r for _, _, r in sorted(self.high, key=lambda t: (-t[0], t[1]))]
        return low, high


def _keep(chart: dict[str, list], row: dict) -> None:
    for k, values in chart.items():
        values.append(row[k])


def run_cases(configs, rows: Path, sheet, read, resume: bool, opts) -> None:
    """Read, check and run the batch of cases of ``rows`` on the template ``configs[0]``."""
    from simroi.analysis.cases import FIGURES, case_seed, simulate_cases
    from simroi.analysis.headline import MISSING, cell, numeric
    from simroi.data.caserows import check_cases, read_cases
    from simroi.report.terminal import progress_bar
    from simroi.report.text.safe import printable
    from simroi.runs.manifest import Settings
    from simroi.sampling.seeds import resolve_seed

    if len(configs) != 1:
        raise click.UsageError(f"--rows takes one template scenario, got {len(configs)} files")
    if resume and opts.output_dir is None:
        raise click.UsageError("--resume needs -o/--output-dir: the folder of the batch")
    if resume and opts.force:
        raise click.UsageError("--resume and --force: choose one (--force starts over)")
    config = configs[0]
    scn = load(config, opts)
    cases = read_cases(rows, sheet=sheet, options=read)
    tty = sys.stderr.isatty() and not opts.as_json
    with progress_bar(len(cases), "checking cases", enabled=tty) as bar:
        check_cases(config, cases, base=opts.sets, progress=bar)
    kinds = {p: numeric(ov.get(p, MISSING) for ov in cases.overrides) for p in cases.paths}
    fp = fingerprint(scn, cases, opts)
    pairs = list(zip(cases.ids, cases.overrides, strict=True))

    def compute(work):
        import pyarrow as pa

        from simroi.runs.cases import (
            CasesWriter,
            case_schema,
            open_partial,
            read_part,
            remove_partial,
            rows_table,
        )

        schema = case_schema(cases.paths, kinds, FIGURES)
        partial = open_partial(
            work.output, opts.output_dir or work.output, fingerprint=fp,
            seed=resolve_seed(opts.seed, scn.seed), cases=len(cases), resume=resume,
            force=opts.force,
        )  # fmt: skip
        seed = partial.seed

        def fixed(i: int) -> dict:
            case, ov = pairs[i]
            out = {"case": case, **{p: cell(ov.get(p, MISSING), kinds[p]) for p in cases.paths}}
            return out | {"seed": str(case_seed(seed, case))}

        names = ["case", *cases.paths, "seed"]
        fixed_schema = pa.schema([schema.field(n) for n in names])

        def expected(start: int, stop: int):
            return rows_table([fixed(i) for i in range(start, stop)], fixed_schema)

        writer, extremes, done = CasesWriter(work.folder, partial.path, schema), _Extremes(), 0
        chart: dict[str, list] = {"prob_roi_positive": [], "iterations": []}  # cases.png
        shown = opts.output_dir or work.output
        for part in partial.parts:  # a refused part: nothing kept is touched
            table = read_part(part, shown, schema, done, len(cases) - done, expected)
            writer.replay(table)
            for row in table.to_pylist():
                extremes.add(row)
                _keep(chart, row)
            done += table.num_rows
            if work.progress is not None:
                work.progress(table.num_rows)
        if done:
            click.echo(f"Note: resuming: {done:,} of {len(cases):,} cases finished already",
                       err=True)  # fmt: skip
        try:
            figures = simulate_cases(
                config, pairs, seed=seed, base=opts.sets, iterations=opts.iterations,
                sampler=opts.sampler, backend=work.backend, start=done, progress=work.progress,
            )  # fmt: skip
            for i, fig in enumerate(figures, start=done):
                row = fixed(i) | fig
                writer.add(row)
                extremes.add(row)
                _keep(chart, row)
            writer.close()
        except BaseException:
            try:
                writer.save()
            finally:
                writer.discard()
            if kept := writer.kept:
                where = printable(str(shown))
                click.echo(
                    f"Note: {kept:,} of {len(cases):,} cases are kept in {where}/; finish the "
                    f"batch with the same command and --resume -o {where}",
                    err=True,
                )
            raise
        low, high = extremes.lists()
        data = {
            "template": scn.name,
            "template_source": str(config),
            "rows_source": cases.source,
            "cases": len(cases),
            "overridden": list(cases.paths),
            "iterations": opts.iterations,
            "seed": seed,
            "sampler": opts.sampler,
            "columns": schema.names,
            "lowest_prob_roi_positive": low,
            "highest_prob_roi_positive": high,
        }
        given = opts.seed if opts.seed is not None else scn.seed
        settings = Settings(given, seed, opts.sampler or scn.sampler,
                            opts.iterations or scn.iterations)  # fmt: skip
        return Done(data, result=chart, settings=settings, manifest={"fingerprint": fp},
                    published=lambda: remove_partial(work.output))  # fmt: skip

    simulate("cases", scn, opts, compute, progress=len(cases), label="simulating cases",
             size={"cases": len(cases)}, data=[("rows", rows)])  # fmt: skip

"""``simroi fit`` over a table: the rows (``--where``), the column, and what the fit is for.

Without ``--for`` the values of the column are fitted as they are (:func:`~.fit.fit`).
With ``--for PATH`` the fit means what the input means (:mod:`.inputs`):

* an average-type input (``baseline.avg_deal_value``, the rates, per-rep figures)
  gets the sampling distribution of the mean of the values: the mean's bootstrap
  (rows resampled, as ``simroi baseline`` does), summarised by the normal or the
  lognormal with the bootstrap's mean and standard deviation, whichever is nearer
  the bootstrap draws (Kolmogorov-Smirnov distance); a normal is truncated at the
  key's range;
* any other input gets the families fitted to the values, those whose support
  leaves the key's range left out.

The column defaults to the input's own (``amount`` for the deal value, the stage or
won column for the conversion rate, found by their usual names); for the deal value
without ``--where`` only the won deals count, when the table says which they are.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from simroi.data import cells
from simroi.data.bootstrap import counts
from simroi.data.exports import Table, candidates, find_columns
from simroi.data.fit import Fit, fit, flow
from simroi.data.inputs import Input, resolve
from simroi.data.records import listed
from simroi.errors import ConfigError

__all__ = ["SAMPLE_LEVELS", "FitFor", "MeanFit", "fit_column", "fit_mean", "select"]

SAMPLE_LEVELS = np.linspace(0.0, 1.0, 201)  # the quantiles fit.json keeps for its chart


def select(table: Table, where: Sequence[tuple[str, str]]) -> tuple[np.ndarray, str]:
    """The rows where every ``(column, value)`` holds (one column's values: any of them).

    Values are compared as text, case and surrounding spaces ignored.
    """
    keep = np.ones(len(table.frame), dtype=bool)
    by_column: dict[str, list[str]] = {}
    for column, value in where:
        by_column.setdefault(column, []).append(value.strip())
    for column, values in by_column.items():
        if column not in table.frame.columns:
            raise table.error(f"--where {column}=...: no such column "
                              f"(columns: {', '.join(table.frame.columns)})")  # fmt: skip
        text = table.frame[column].str.strip().str.casefold()
        hit = text.isin([v.casefold() for v in values]).to_numpy()
        if not hit.any():
            seen = ", ".join(repr(v) for v in table.frame[column].unique()[:8])
            raise table.error(f"--where {column}={values[0]}: no row has it (values: {seen})")
        keep &= hit
    words = " and ".join(f"{c} = {' or '.join(v)}" for c, v in by_column.items())
    if where and not keep.any():
        raise table.error(f"--where: no row has {words}")
    return keep, words


@dataclass(frozen=True)
class MeanFit:
    """The sampling distribution of a mean: bootstrap draws, and the family that summarises them."""

    n: int
    mean: float
    se: float
    low: float
    high: float
    values_sd: float
    replicates: int
    seed: int
    candidates: list[dict]  # {family, spec, ks, ci95}, the chosen first
    draws: np.ndarray = field(repr=False)
    warnings: list[str] = field(default_factory=list)

    @property
    def spec(self) -> dict:
        return self.candidates[0]["spec"]

    @property
    def family(self) -> str:
        return self.candidates[0]["family"]

    def to_dict(self) -> dict:
        return {
            "n": self.n, "mean": self.mean, "se": self.se, "ci95": [self.low, self.high],
            "values_sd": self.values_sd, "replicates": self.replicates, "seed": self.seed,
            "family": self.family, "spec": self.spec, "candidates": self.candidates,
            "warnings": self.warnings,
        }  # fmt: skip


def _ks(draws: np.ndarray, cdf) -> float:
    x = np.sort(draws)
    f = cdf(x)
    i = np.arange(1, x.size + 1)
    return float(max((i / x.size - f).max(), (f - (i - 1) / x.size).max()))


def fit_mean(values, item: Input, *, replicates: int = 2000, seed: int = 0) -> MeanFit:
    """The distribution of the mean of ``values`` for ``item`` (module docstring)."""
    from scipy import stats

    x = np.asarray(values, dtype=float)
    if x.size < 2 or x.min() == x.max():
        raise ConfigError(
            f"fit: the mean of {x.size} value(s)"
            + (f", all {x[0]:g}," if x.size else "")
            + " has no spread to fit; write the value as a constant"
        )
    draws = counts(np.random.default_rng(seed), x.size, replicates) @ x / x.size
    mean, se = float(x.mean()), float(draws.std(ddof=1))
    lo, hi = item.bounds
    normal = {"dist": "normal", "mean": float(f"{mean:.6g}"), "sd": float(f"{se:.3g}")}
    normal |= {"min": lo} if math.isfinite(lo) else {}
    normal |= {"max": hi} if math.isfinite(hi) else {}
    frozen = {"normal": (normal, stats.norm(mean, se))}
    if draws.min() > 0 and not math.isfinite(hi):
        s = math.sqrt(math.log1p((se / mean) ** 2))
        spec = {"dist": "lognormal", "mean": normal["mean"], "sd": normal["sd"]}
        frozen["lognormal"] = (spec, stats.lognorm(s, scale=mean * math.exp(-s * s / 2)))
    cands = sorted(
        ({"family": k, "spec": spec, "ks": _ks(draws, f.cdf),
          "ci95": [float(f.ppf(0.025)), float(f.ppf(0.975))]}
         for k, (spec, f) in frozen.items()),
        key=lambda c: c["ks"],
    )  # fmt: skip
    warnings = []
    if x.size < 20:
        warnings.append(f"only {x.size} values: their mean's distribution is a rough one")
    low, high = np.percentile(draws, [2.5, 97.5])
    return MeanFit(x.size, mean, se, float(low), float(high), float(x.std(ddof=1)), replicates,
                   seed, cands, draws, warnings)  # fmt: skip


@dataclass(frozen=True)
class FitFor:
    """A fit of one column of a table, for a scenario input or for none."""

    result: Fit | MeanFit
    item: Input | None
    column: str
    source: str
    rows: str  # which rows, in words
    notes: list[str]

    @property
    def what(self) -> str:
        return f"column {self.column!r} of {self.source} ({self.rows})"

    def yaml(self) -> str:
        """The spec under its path (or alone), after comments saying what was fitted."""
        r, item = self.result, self.item
        if isinstance(r, MeanFit):
            alt = ", ".join(f"{c['family']} {c['ks']:.3f}" for c in r.candidates)
            head = [
                f"# fitted by simroi fit for {item.path}: the mean of {r.n:,} values of "
                f"{self.what}",
                f"# the input is an average over {item.mean.over}: this is the distribution of "
                f"that average (bootstrap of the mean, {r.replicates:,} replicates, seed "
                f"{r.seed}; sd {r.se:,.3g}), not the spread of single values "
                f"(sd {r.values_sd:,.4g})",
                f"# {r.family}: the nearer to the bootstrap draws (KS distance: {alt})",
            ]
        else:
            head = [f"# fitted by simroi fit to {self.what}: n = {r.n:,}, {r.family} — {r.reason}"]
            if item is not None:
                head.append(f"# the spread of single values: each iteration draws one value of "
                            f"{item.path} like one of these")  # fmt: skip
        head += [f"# warning: {w}" for w in r.warnings]
        if item is None:
            return "\n".join([*head, flow(r.spec)]) + "\n"
        parts = item.path.split(".")
        body = [f"{'  ' * k}{_key(p)}:" for k, p in enumerate(parts[:-1])]
        body.append(f"{'  ' * (len(parts) - 1)}{_key(parts[-1])}: {flow(r.spec)}")
        return "\n".join(head + body) + "\n"

    def to_dict(self) -> dict:
        r = self.result
        values = r.draws if isinstance(r, MeanFit) else r.values
        return {
            "for": None if self.item is None else self.item.path,
            "kind": "mean" if isinstance(r, MeanFit) else "values",
            "column": self.column, "source": self.source, "rows": self.rows,
            "notes": self.notes, **r.to_dict(), "yaml": self.yaml(),
            # what its chart draws: the values' (a mean's bootstrap draws') quantiles
            "sample": {"levels": SAMPLE_LEVELS.tolist(),
                       "quantiles": np.quantile(values, SAMPLE_LEVELS).tolist()},
        }  # fmt: skip


def _key(name: str) -> str:
    return name if name.replace("_", "").replace(" ", "").isalnum() else f'"{name}"'


def _outcome_column(table: Table) -> tuple[str, cells.Outcomes] | None:
    """The won flag, else the first stage column whose words decide a deal."""
    errors: list[str] = []
    for role, flag in (("won", True), ("stage", False)):
        for column in candidates(table, role):
            o = cells.outcomes(table, column, role, errors, flag=flag)
            if not errors and (o.codes >= 0).any():
                return column, o
            errors.clear()
    return None


def fit_column(
    table: Table,
    *,
    column: str | None = None,
    path: str | None = None,
    where: Sequence[tuple[str, str]] = (),
    families: tuple[str, ...] | None = None,
    replicates: int = 2000,
    seed: int = 0,
) -> FitFor:
    """Fit ``column`` of ``table`` (the rows ``where`` holds), for the input ``path`` if given."""
    item = resolve(path) if path is not None else None
    mean = item.mean if item is not None else None
    if families and mean is not None:
        raise ConfigError(f"--family: {path} is an average; its distribution is the mean's "
                          "(normal or lognormal), not a family of single values")  # fmt: skip
    keep, rows = select(table, where)
    notes: list[str] = []
    outcome = None
    if mean is not None and (mean.role == "outcome" or mean.won_only):
        outcome = _outcome_column(table)
    if column is None:
        if mean is not None and mean.role == "amount":
            column = find_columns(table, {"amount": True})["amount"]
        elif outcome is not None and mean.role == "outcome":
            column = outcome[0]
        else:
            raise ConfigError("--column: required" + (f" for {path}" if path else "")
                              + " (the column of numbers to fit)")  # fmt: skip
    elif column not in table.frame.columns:
        raise table.error(f"--column {column}: no such column "
                          f"(columns: {', '.join(table.frame.columns)})")  # fmt: skip
    if mean is not None and mean.won_only and not where:
        if outcome is None:
            notes.append("no stage or won column: every row counts (choose rows with --where)")
        else:
            keep &= outcome[1].codes == cells.WON
            rows = f"the {int(keep.sum()):,} won deals by column {outcome[0]!r}"
    rows = rows or f"all {int(keep.sum()):,} rows"
    part = table.subset(keep)
    errors: list[str] = []
    if mean is not None and mean.role == "outcome" and outcome and column == outcome[0]:
        codes = cells.outcomes(part, column, "value", errors, flag=False).codes.astype(float)
        values = np.where(codes >= 0, codes, np.nan)
        undecided = int(((codes < 0) & (part.frame[column] != "").to_numpy()).sum())
        if undecided:
            notes.append(f"{undecided} open deals left out (neither won nor lost)")
        notes.append("every decided deal counts; simroi baseline counts only those old enough "
                     "to have closed (the mature cohort), which a recent export needs")  # fmt: skip
    else:
        money = item is not None and item.field.lo >= 0 and not math.isfinite(item.field.hi)
        values = cells.amounts(part, column, "value", errors, negative=True, percent=True,
                               money=money)  # fmt: skip
    if item is not None:
        outside = [i for i, v in enumerate(values) if np.isfinite(v) and not item.holds(v)]
        for i in outside:
            cell = part.frame[column].iat[i]
            errors.append(f"line {part.lines[i]}, column {column!r}: {cell!r} is outside the "
                          f"range of {item.path} ({item.rule})")  # fmt: skip
    cells.flush(part, errors)
    empty = np.flatnonzero(np.isnan(values) & (part.frame[column] == "").to_numpy())
    if empty.size:
        notes.append(f"{empty.size} empty cells left out "
                     f"(lines {listed(np.asarray(part.lines)[empty])})")  # fmt: skip
    x = values[np.isfinite(values)]
    if mean is not None:
        result = fit_mean(x, item, replicates=replicates, seed=seed)
    else:
        result = fit(x, families=families, bounds=item.bounds if item else None)
    return FitFor(result, item, column, table.source, rows, notes)

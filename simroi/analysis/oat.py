"""One input at a time: tornado bars and spider curves, each point evaluated exactly.

Every other input sits at its median and every risk event does not occur (the
base case); no sampling, so the results carry no Monte Carlo error. A risk
event is an input whose distribution is ``bernoulli`` (``risks.<name>``): the
tornado swings it from "does not occur" (0, the base case) to "occurs" (1);
the spider leaves it out (a 0/1 step is not a curve). A risk's own uncertain
amount (``risks.<name>.<field>``, e.g. its extra cost) does nothing while the risk
does not occur, so its tornado bar is taken *given the risk occurs*: the event at 1,
the amount at its low and high percentile, swinging about the event's own "occurs"
point (``base_given``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from simroi.errors import SimroiError
from simroi.sampling import distributions
from simroi.simulation.modelcall import (
    Model,
    check_fraction,
    check_low_high,
    evaluate,
    parse_inputs,
    point_text,
    require_finite,
)

__all__ = ["SPIDER_PERCENTILES", "spider", "tornado"]

SPIDER_PERCENTILES = tuple(round(0.05 * k, 2) for k in range(1, 20))  # 0.05 ... 0.95


def _is_event(d: distributions.Distribution) -> bool:
    return d.kind == "bernoulli"


def _base_point(dists: Mapping[str, distributions.Distribution]) -> dict[str, float]:
    """Every input at its median, every risk event not occurring."""
    return {k: 0.0 if _is_event(d) else d.median() for k, d in dists.items()}


def _event_of(path: str, dists: Mapping[str, distributions.Distribution]) -> str | None:
    """The risk event (``risks.<name>``) an input ``risks.<name>.<field>`` belongs to."""
    head, dot, _ = path.rpartition(".")
    if dot and head.startswith("risks.") and head in dists and _is_event(dists[head]):
        return head
    return None


def tornado(
    f: Model,
    inputs: Mapping[str, object],
    low: float = 0.10,
    high: float = 0.90,
    *,
    output: str | None = None,
) -> pd.DataFrame:
    """One-at-a-time swings: each uncertain input at its `low` and `high` percentile.

    Every other input sits at its median and every risk event (a ``bernoulli``
    input) does not occur; the output is computed exactly at each point. A risk
    event's bar swings from "does not occur" (``low_value`` 0, ``output_low`` =
    the base case) to "occurs" (``high_value`` 1).

    Parameters
    ----------
    f : callable
        ``f(x)``, ``x`` a dict of input name -> 1-D array (constants as floats),
        returning a 1-D array of the same length, or a dict of such arrays.
    inputs : mapping
        Input name -> constant or distribution spec (docs/scenario.md) or Distribution.
    low, high : float
        Percentiles as fractions, ``0 < low < high < 1``.
    output : str, optional
        Which output to use when `f` returns a dict of several.

    Returns
    -------
    pandas.DataFrame
        Columns ``input, low_value, high_value, output_low, output_high, swing``
        (``swing = |output_high - output_low|``), ``given`` and ``base_given``, one row
        per uncertain input, largest swing first (ties keep the input order).
        ``attrs["base"]`` is the output at the base case (all medians, no risk event).
        A risk's own amount (``risks.<name>.<field>``) is swung with its event occurring:
        ``given`` names the event and ``base_given`` is the output with the event
        occurring and the amount at its median (both None for every other input).

    Raises
    ------
    SimroiError
        Bad percentiles, no uncertain input, a non-vectorised `f` or a
        non-finite output (the message names the point).
    """
    low, high = check_low_high(low, high)
    dists, constants = parse_inputs(inputs)
    base = _base_point(dists)
    names = list(dists)
    given = {k: _event_of(k, dists) for k in names}
    ends = {}
    for k, d in dists.items():
        ends[k] = (0.0, 1.0) if _is_event(d) else (d.quantile(low), d.quantile(high))
    # Row 0 is the base case, rows 2j+1 / 2j+2 input j at its low / high value; a risk's
    # own amount is evaluated with its event occurring (the event's "yes" row is its base).
    values = {k: np.full(1 + 2 * len(names), v) for k, v in base.items()}
    for j, k in enumerate(names):
        values[k][2 * j + 1], values[k][2 * j + 2] = ends[k]
        if given[k] is not None:
            values[given[k]][2 * j + 1 : 2 * j + 3] = 1.0
    y = evaluate(f, constants, values, output)
    require_finite(y, lambda i: point_text(values, i), limit=1e145)
    rows = []
    for j, k in enumerate(names):
        out_low = y[0] if _is_event(dists[k]) else y[2 * j + 1]
        out_high = y[2 * j + 2]
        event = given[k]
        rows.append(
            {
                "input": k,
                "low_value": ends[k][0],
                "high_value": ends[k][1],
                "output_low": float(out_low),
                "output_high": float(out_high),
                "swing": float(abs(out_high - out_low)),
                "given": event,
                "base_given": None if event is None else float(y[2 * names.index(event) + 2]),
            }
        )
    df = pd.DataFrame(
        rows,
        columns=[
            "input", "low_value", "high_value", "output_low", "output_high", "swing",
            "given", "base_given",
        ],
    )  # fmt: skip
    df = df.sort_values("swing", ascending=False, kind="stable").reset_index(drop=True)
    for column in ("given", "base_given"):  # None, not NaN, where no event is given
        df[column] = df[column].astype(object).where(df[column].notna(), None)
    df.attrs["base"] = float(y[0])
    return df


def spider(
    f: Model,
    inputs: Mapping[str, object],
    *,
    percentiles: Sequence[float] = SPIDER_PERCENTILES,
    output: str | None = None,
) -> pd.DataFrame:
    """The output as each input moves through its percentiles, the others at their medians.

    Risk events (``bernoulli`` inputs) are left out: their tornado bar says all
    there is. Every point is an exact evaluation, as in :func:`tornado`.

    Returns
    -------
    pandas.DataFrame, shape (len(percentiles), inputs)
        Index: the percentiles (fractions); columns: the non-event uncertain
        inputs; values: the output. ``attrs["base"]`` is the base-case output.
    """
    qs = [check_fraction("percentiles", p) for p in np.atleast_1d(percentiles).tolist()]
    if not qs:
        raise SimroiError("percentiles: at least one is needed")
    dists, constants = parse_inputs(inputs)
    base = _base_point(dists)
    names = [k for k, d in dists.items() if not _is_event(d)]
    m = len(qs)
    # Row 0 is the base case, rows 1 + j*m ... hold input j through the percentiles.
    values = {k: np.full(1 + m * len(names), v) for k, v in base.items()}
    for j, k in enumerate(names):
        values[k][1 + j * m : 1 + (j + 1) * m] = dists[k].ppf(np.asarray(qs))
    y = evaluate(f, constants, values, output)
    require_finite(y, lambda i: point_text(values, i), limit=1e145)
    table = pd.DataFrame(
        {k: y[1 + j * m : 1 + (j + 1) * m] for j, k in enumerate(names)},
        index=pd.Index(qs, name="percentile"),
    )
    table.attrs["base"] = float(y[0])
    return table

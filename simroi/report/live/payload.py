"""The live page's data: a run's per-iteration results, levers and draws, packed compactly.

The page answers "what if" without simroi, so everything it recomputes is here:

* ``tb``, ``tc``, ``npv`` (float64) and ``pb`` (payback month, ``H + 1`` for never) of
  every iteration, as the run wrote them (the scenario is evaluated again on the
  stored draws and must give the same numbers, else the folder is refused);
* **levers**: the scenario's plain cost numbers that the model uses linearly (seat
  count times price per seat, each constant one-time and monthly amount). Each is
  found by evaluating the model at 0 and at the scenario's value: per iteration,
  total cost and NPV move by ``coef * (value - base)`` exactly (checked at twice the
  value), and the cumulative cash of month ``t`` by ``cost * share[t]``. Payback is
  monotone in a cost, so an iteration whose payback month is the same with every
  lever at 0 and at its largest allowed value (:data:`LEVER_MAX` times the base)
  keeps it; for the others the cumulative cash of the months in between is stored;
* **inputs**: each uncertain input's draws (continuous ones quantised to 16 bits over
  their range: the page only weighs them), its family's parameters for the density
  ratio, and the inputs it is correlated with;
* **groups**: each correlation group's Gaussian-copula matrix, and the copula scores of
  its discrete members (:mod:`simroi.report.live.groups`), which the page needs to
  reweigh a correlated input as ``simroi run --set`` would draw it.

Arrays are little-endian and base64 encoded; :func:`payload_size` is what they weigh.
"""

from __future__ import annotations

import base64
import math
import zlib
from typing import TYPE_CHECKING, Any

import numpy as np

from simroi.errors import SimroiError
from simroi.report.live.groups import correlation_payload
from simroi.report.text.labels import input_label, input_unit

if TYPE_CHECKING:
    from simroi.runs.readback import RunFolder

__all__ = ["ESS_MIN", "LEVER_MAX", "PIN_BANDWIDTH", "build_payload", "decode", "payload_size"]

#: A lever may go from 0 to this many times the scenario's value (beyond: rerun).
LEVER_MAX = 2.0
#: Below this effective sample size the page calls its answer approximate.
ESS_MIN = 1000
#: A pinned continuous input keeps the draws within this share of its drawn range.
PIN_BANDWIDTH = 0.05
LEVER_GROUPS = ("costs.one_time.",)
#: ... and down to this share of it.
LEVER_MIN = 0.5
_SEAT = ("costs.seats", "costs.price_per_seat_month")
_OUT = ("total_benefit", "total_cost", "npv", "payback_month")
_EXACT = 1e-9  # relative agreement asked of a re-evaluation and of linearity


def encode(a: np.ndarray, dtype: str) -> str:
    """``a`` as little-endian ``dtype``, bytes grouped by significance, deflated, base64.

    Grouping byte ``k`` of every value together lets deflate find the repeats of the
    high bytes; the page inflates with the browser's DecompressionStream("deflate").
    """
    data = np.ascontiguousarray(a, dtype=np.dtype(dtype).newbyteorder("<"))
    if data.size == 0:
        return ""
    size = data.dtype.itemsize
    grouped = np.frombuffer(data.tobytes(), np.uint8).reshape(-1, size).T.tobytes()
    return base64.b64encode(zlib.compress(grouped, 9)).decode("ascii")


def decode(text: str, dtype: str) -> np.ndarray:
    """The inverse of :func:`encode` (tests read the payload with it)."""
    kind = np.dtype(dtype).newbyteorder("<")
    if not text:
        return np.zeros(0, kind)
    raw = np.frombuffer(zlib.decompress(base64.b64decode(text)), np.uint8)
    return np.frombuffer(raw.reshape(kind.itemsize, -1).T.tobytes(), kind)


def build_payload(folder: RunFolder) -> dict[str, Any]:
    """The live page's data for the run folder ``folder`` (a ``simroi run`` folder)."""
    from simroi.scenario.config import load_scenario
    from simroi.simulation.scenario_model import scenario_constants, scenario_model

    if folder.kind != "run" or folder.summary is None or folder.manifest is None:
        raise SimroiError(f"{folder.path}: the live page is made of a simroi run folder")
    if folder.samples_path is None and folder.samples is None:
        raise SimroiError(f"{folder.path}: no samples.parquet; the live page needs the draws")
    scn = load_scenario(folder.manifest["scenario"])
    cols = folder.columns(*scn.uncertain, *_OUT)
    missing = [k for k in (*scn.uncertain, *_OUT) if k not in cols]
    if missing:
        raise SimroiError(f"{folder.path}/samples.parquet: no column {missing[0]!r}")
    base = {**scenario_constants(scn), **{k: np.asarray(cols[k], float) for k in scn.uncertain}}
    model = scenario_model(scn)
    out = _evaluate(model, base)
    for key in ("total_benefit", "total_cost", "npv"):
        if not np.allclose(out[key], cols[key], rtol=_EXACT, atol=0):
            raise SimroiError(
                f"{folder.path}: {key} of samples.parquet is not what its scenario gives "
                "on its draws; the folder was changed after the run"
            )
    horizon = scn.horizon_months
    never = horizon + 1
    pb = np.nan_to_num(np.asarray(cols["payback_month"], float), nan=never).astype(np.uint8)
    levers = _levers(scn, model, base, out)
    summary = folder.summary
    draws = {k: base[k] for k in scn.uncertain}
    corr = correlation_payload(scn, folder.manifest, draws)
    return {
        "n": int(pb.size),
        "horizon": horizon,
        "currency": summary.get("currency", ""),
        "seed": folder.manifest.get("seed"),
        "sampler": folder.manifest.get("sampler"),
        "config": folder.manifest.get("scenario_source") or "CONFIG",
        "payback_months": [int(m) for m in summary["payback"]["prob_within_months"]],
        "ess_min": ESS_MIN,
        "lever_max": LEVER_MAX,
        "lever_min": LEVER_MIN,
        "pin_bandwidth": PIN_BANDWIDTH,
        "tb": encode(cols["total_benefit"], "f8"),
        "tc": encode(cols["total_cost"], "f8"),
        "npv": encode(cols["npv"], "f8"),
        "pb": encode(pb, "u1"),
        "levers": levers,
        "windows": _windows(scn, model, base, out, levers, pb),
        "inputs": [_input(scn, p, base[p], corr["scores"].get(p)) for p in scn.uncertain],
        "groups": corr["groups"],
    }


def _evaluate(model, x: dict) -> dict[str, np.ndarray]:
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        return model(x)


def _lever_values(scn) -> list[tuple[str, tuple[str, ...], float]]:
    """(name, input paths, base value) of each plain cost number the model uses linearly."""
    consts = {k: v for k, v in scn.inputs.items() if k not in scn.uncertain}
    found = []
    if all(p in consts for p in _SEAT) and consts[_SEAT[0]] * consts[_SEAT[1]] > 0:
        found.append(("seat", _SEAT, consts[_SEAT[0]] * consts[_SEAT[1]]))
    for group in LEVER_GROUPS:
        for path, value in consts.items():
            rest = path[len(group) :]
            if path.startswith(group) and "." not in rest and value > 0:
                found.append((path, (path,), float(value)))
    return found


def _with(base: dict, paths: tuple[str, ...], value: float, scn) -> dict:
    """``base`` with the lever of ``paths`` at ``value`` (seats x price: price = value / seats)."""
    x = dict(base)
    if len(paths) == 2:  # seat spend: keep the seat count, scale the price
        seats = scn.inputs[paths[0]]
        x[paths[1]] = value / seats
    else:
        x[paths[0]] = value
    return x


def _levers(scn, model, base: dict, out: dict) -> list[dict]:
    levers = []
    for name, paths, value in _lever_values(scn):
        zero = _evaluate(model, _with(base, paths, 0.0, scn))
        double = _evaluate(model, _with(base, paths, 2 * value, scn))
        coef = {k: (out[k] - zero[k]) / value for k in ("total_cost", "npv")}
        linear = all(
            np.allclose(double[k], out[k] + value * coef[k], rtol=_EXACT, atol=1e-9 * value)
            for k in coef
        ) and np.array_equal(double["total_benefit"], out["total_benefit"])
        with np.errstate(invalid="ignore"):
            moved = model.monthly_net(base) - model.monthly_net(_with(base, paths, 0.0, scn))
        cum = np.cumsum(moved, axis=1)
        cost = -cum[:, -1] / value  # cumulative cost of one unit by the horizon, per iteration
        paid = cost[:, None] > 0
        share = np.divide(-cum / value, cost[:, None], out=np.zeros_like(cum), where=paid)
        shape = share[int(np.argmax(cost))]
        same = np.allclose(share[cost > 0], shape, rtol=1e-9, atol=1e-12)
        if not linear or np.any(cost < 0) or not same:
            continue  # not a plain linear cost of this scenario: no exact lever
        levers.append(
            {
                "name": name,
                "paths": list(paths),
                "base": [float(scn.inputs[p]) for p in paths],
                "tc": _column(coef["total_cost"]),
                "npv": _column(coef["npv"]),
                "cost": _column(cost),
                "share": [float(s) for s in shape],
                "labels": {lang: [input_label(p, lang) for p in paths] for lang in ("en", "zh")},
                "units": [input_unit(p) for p in paths],
            }
        )
    return levers


def _column(a: np.ndarray) -> dict:
    """One number when every iteration has it (to rounding), else the float64 column."""
    if np.allclose(a, a[0], rtol=1e-11, atol=0):
        return {"const": float(np.median(a))}
    return {"f8": encode(a, "f8")}


def _windows(scn, model, base: dict, out: dict, levers: list[dict], pb: np.ndarray) -> dict:
    """The cumulative cash of the months where a lever can move an iteration's payback."""
    if not levers:
        return {k: "" for k in ("rows", "start", "length", "last", "low", "span", "cash")}
    low, high = dict(base), dict(base)
    for lever in levers:
        paths = tuple(lever["paths"])
        value = float(np.prod(lever["base"]))
        low = _with(low, paths, LEVER_MIN**len(paths) * value, scn)
        high = _with(high, paths, LEVER_MAX**len(paths) * value, scn)
    never = scn.horizon_months + 1
    first = np.nan_to_num(_evaluate(model, low)["payback_month"], nan=never).astype(int)
    last = np.nan_to_num(_evaluate(model, high)["payback_month"], nan=never).astype(int)
    if np.any(first > pb) or np.any(last < pb):
        raise SimroiError("live page: payback is not monotone in the scenario's costs")
    rows = np.flatnonzero(first < last)
    stop = np.minimum(last[rows], scn.horizon_months)
    kept = {k: v[rows] if np.ndim(v) else v for k, v in base.items()}
    with np.errstate(invalid="ignore"):
        cum = np.cumsum(model.monthly_net(kept), axis=1)
    cash = [cum[j, first[i] : stop[j] + 1] for j, i in enumerate(rows)]
    low_cash = np.array([c.min() for c in cash]) if cash else np.zeros(0)
    span = np.array([c.max() - c.min() for c in cash]) if cash else np.zeros(0)
    steps = [
        np.rint((c - lo) / s * 65535) if s > 0 else np.zeros(c.size)
        for c, lo, s in zip(cash, low_cash, span, strict=True)
    ]
    return {
        "rows": encode(rows, "u4"),
        "start": encode(first[rows], "u1"),
        "length": encode(stop - first[rows] + 1, "u1"),
        "last": encode(last[rows], "u1"),
        "low": encode(low_cash, "f4"),
        "span": encode(span, "f4"),
        # each row's first step, then its differences modulo 2**16 (small: deflate's gain)
        "cash": encode(np.concatenate([_deltas(c) for c in steps]) if steps else [], "u2"),
    }


def _deltas(steps: np.ndarray) -> np.ndarray:
    out = steps.astype(np.int64)
    out[1:] = np.diff(out)
    return np.mod(out, 65536)


def _input(scn, path: str, draws: np.ndarray, scores: np.ndarray | None) -> dict:
    """An uncertain input: labels, unit, its spec and family numerics, its draws (and the
    copula scores of a discrete member of a correlation group, 16 bits over their range)."""
    dist = scn.uncertain[path]
    impl = dist._impl
    partners = sorted({b if a == path else a for a, b, _ in scn.correlations if path in (a, b)})
    entry: dict[str, Any] = {
        "path": path,
        "labels": {lang: input_label(path, lang) for lang in ("en", "zh")},
        "unit": input_unit(path),
        "kind": dist.kind,
        "spec": dist.spec,
        "support": [_finite(s) for s in dist.support],
        "lo": float(np.min(draws)),
        "hi": float(np.max(draws)),
        "correlated": partners,
    }
    if dist.kind in ("discrete", "bernoulli"):
        values = impl.values.tolist() if dist.kind == "discrete" else [0.0, 1.0]
        probs = impl.probs.tolist() if dist.kind == "discrete" else [1 - impl.p, impl.p]
        codes = np.searchsorted(np.asarray(values), draws)
        entry.update(values=values, probs=probs, codes=encode(codes, "u1"))
        if scores is not None:
            entry["z"] = _quantised(scores)
        return entry
    entry.update(family=_family(impl), **_quantised(draws))
    return entry


def _quantised(a: np.ndarray) -> dict:
    """``lo``, ``hi`` and ``q16``: ``a`` in 65,535 steps over its range."""
    lo, hi = float(np.min(a)), float(np.max(a))
    q = np.zeros(a.size) if hi == lo else np.rint((a - lo) / (hi - lo) * 65535)
    return {"lo": lo, "hi": hi, "q16": encode(q, "u2")}


def _family(impl) -> dict:
    """The density's parameters: the family's numerics as simroi draws them."""
    name = type(impl).__name__
    if name == "Uniform":
        return {"f": "uniform", "lo": impl.low, "hi": impl.low + impl.width}
    if name == "Triangular":
        mode = impl.lo + impl.c * impl.width
        return {"f": "triangular", "lo": impl.lo, "mode": mode, "hi": impl.lo + impl.width}
    if name == "Beta":
        return {"f": "beta", "a": impl.a, "b": impl.b, "lo": impl.lo, "hi": impl.lo + impl.width}
    if name == "Normal":
        return {"f": "normal", "mean": impl.mean, "sd": impl.sd}
    if name == "TruncNormal":
        lo, hi = impl.support
        bounds = {"lo": _finite(lo), "hi": _finite(hi), "mass": impl.mass}
        return {"f": "normal", "mean": impl.mean, "sd": impl.sd, **bounds}
    if name == "Lognormal":
        return {"f": "lognormal", "mu": impl.mu, "sigma": impl.sigma}
    raise SimroiError(f"live page: no density for the {name} family")


def _finite(x: float) -> float | None:
    return float(x) if math.isfinite(x) else None


def payload_size(payload: dict) -> int:
    """Characters the payload's JSON takes in the page."""
    import json

    return len(json.dumps(payload, ensure_ascii=False, separators=(",", ":")))

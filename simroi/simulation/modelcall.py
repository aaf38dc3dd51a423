"""Named inputs and a vectorised model: the calling convention of the sensitivity functions.

:func:`simroi.analysis.oat.tornado`, :func:`simroi.analysis.oat.spider` and
:func:`simroi.analysis.sobol.sobol` take any model ``f`` and named input specs. This
module holds what they share: splitting the specs into uncertain
Distributions and constants (:func:`parse_inputs`), checking their
percentile arguments, calling ``f`` on rows of values with the constants as
floats (:func:`evaluate`), and naming the first point where ``f`` gives a
non-finite output (:func:`require_finite`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np

from simroi.errors import ConfigError, SimroiError
from simroi.sampling import distributions, specs

__all__ = [
    "Model",
    "check_callable",
    "check_fraction",
    "check_low_high",
    "evaluate",
    "numeric_output",
    "parse_inputs",
    "point_text",
    "require_finite",
]

Model = Callable[[dict[str, np.ndarray | float]], np.ndarray | Mapping[str, np.ndarray]]


def parse_inputs(
    inputs: Mapping[str, object], *, require_uncertain: bool = True
) -> tuple[dict[str, distributions.Distribution], dict]:
    """Split specs into (uncertain Distributions, constants); ConfigError lists every bad spec.

    With ``require_uncertain`` (sensitivity), all-constant inputs are an error.
    """
    if not isinstance(inputs, Mapping):
        raise SimroiError(f"inputs: must be a mapping of name -> spec, got {type(inputs).__name__}")
    names = [k for k in inputs if not isinstance(k, str)]
    if names:
        raise SimroiError(
            f"inputs: every input name must be a string, got {names[0]!r} "
            f"({type(names[0]).__name__}); name it {str(names[0])!r}"
        )
    dists, constants, errors = {}, {}, []
    for name, spec in inputs.items():
        if isinstance(spec, distributions.Distribution):
            dists[str(name)] = spec
            continue
        try:
            value = specs.parse(spec, str(name))
        except ConfigError as e:
            errors.extend(e.errors)
            continue
        if isinstance(value, distributions.Distribution):
            dists[str(name)] = value
        else:
            constants[str(name)] = value
    if errors:
        raise ConfigError(errors)
    if require_uncertain and not dists:
        raise SimroiError(
            "inputs: no uncertain input (every input is a constant); "
            "sensitivity needs at least one distribution"
        )
    return dists, constants


def check_callable(name: str, value: object, *, optional: bool = False) -> None:
    """Refuse a ``value`` that cannot be called (``None`` allowed when ``optional``)."""
    if (value is None and optional) or callable(value):
        return
    raise SimroiError(f"{name}: must be a function, got {type(value).__name__} {value!r:.60}")


def numeric_output(name: object, values: object, inputs: object = ()) -> np.ndarray:
    """A model output as a float array: real numbers (not text, objects or complex) under
    a string name that is not one of the ``inputs`` (it would replace that input's column).
    """
    if not isinstance(name, str):
        raise SimroiError(f"model output names must be strings, got {name!r}")
    if name in inputs:
        raise SimroiError(
            f"model output {name!r} has the name of an input: it would replace the sampled "
            "input's column; give the output another name"
        )
    array = np.asarray(values)
    if array.dtype.kind not in "biuf":
        what = "complex numbers" if array.dtype.kind == "c" else f"values of type {array.dtype}"
        raise SimroiError(
            f"model output {name!r} must be real numbers, one per iteration, got {what}"
        )
    return array.astype(float, copy=False)


def check_fraction(name: str, value: object) -> float:
    """`value` as a float in the open interval (0, 1); the error names the argument `name`."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.floating, np.integer)):
        raise SimroiError(f"{name}: must be a number in (0, 1), got {value!r}")
    if not 0.0 < float(value) < 1.0:
        raise SimroiError(f"{name}: must be in the open interval (0, 1), got {value!r}")
    return float(value)


def check_low_high(low: object, high: object) -> tuple[float, float]:
    """The `low` and `high` percentiles as floats, each in (0, 1) and ``low < high``."""
    low, high = check_fraction("low", low), check_fraction("high", high)
    if not low < high:
        raise SimroiError(f"low: the low percentile ({low}) must be < the high one ({high})")
    return low, high


def evaluate(
    f: Model, constants: Mapping[str, float], values: Mapping[str, np.ndarray], output: str | None
) -> np.ndarray:
    """``f`` on the rows of ``values`` (constants as floats): a 1-D float array, shape checked."""
    rows = len(next(iter(values.values())))
    out = f({**constants, **values})
    if isinstance(out, Mapping):
        if output is None:
            if len(out) != 1:
                raise SimroiError(
                    f"f returned several outputs ({', '.join(map(str, out))}); "
                    "choose one with output=..."
                )
            output = next(iter(out))
        if output not in out:
            raise SimroiError(
                f"output: {output!r} is not among f's outputs ({', '.join(map(str, out))})"
            )
        out = out[output]
    y = numeric_output(output or "output", out)
    if y.shape != (rows,):
        raise SimroiError(
            f"f returned shape {y.shape} for {rows} rows, expected ({rows},): the model must be "
            "vectorised (1-D arrays in, a 1-D array of the same length out)"
        )
    return y


def require_finite(y: np.ndarray, where: Callable[[int], str], limit: float = np.inf) -> None:
    """Raise unless every output is finite (and at most ``limit`` in size); ``where(i)``
    describes row i in the message."""
    with np.errstate(invalid="ignore"):
        bad = ~(np.abs(y) <= limit)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        what, rule = "a non-finite", ""
        if np.isfinite(y[i]):
            what, rule = "too large an", f" (beyond {limit:.0e}, where sums of squares overflow)"
        raise SimroiError(
            f"f gave {what} output ({y[i]:.6g}){rule} at {int(bad.sum())} point(s), "
            f"first {where(i)}"
        )


def point_text(values: Mapping[str, np.ndarray], i: int) -> str:
    """Row `i` of `values` for a message: ``with a = 0.9, b = 1``."""
    return "with " + ", ".join(f"{k} = {v[i]:.6g}" for k, v in values.items())

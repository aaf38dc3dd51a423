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
    "check_fraction",
    "check_low_high",
    "evaluate",
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
    y = np.asarray(out, dtype=float)
    if y.shape != (rows,):
        raise SimroiError(
            f"f returned shape {y.shape} for {rows} rows, expected ({rows},): the model must be "
            "vectorised (1-D arrays in, a 1-D array of the same length out)"
        )
    return y


def require_finite(y: np.ndarray, where: Callable[[int], str]) -> None:
    """Raise unless every output is finite; ``where(i)`` describes row i in the message."""
    bad = ~np.isfinite(y)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise SimroiError(
            f"f gave a non-finite output ({y[i]}) at {int(bad.sum())} point(s), first {where(i)}"
        )


def point_text(values: Mapping[str, np.ndarray], i: int) -> str:
    """Row `i` of `values` for a message: ``with a = 0.9, b = 1``."""
    return "with " + ", ".join(f"{k} = {v[i]:.6g}" for k, v in values.items())

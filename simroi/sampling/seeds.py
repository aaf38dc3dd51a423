"""The seed rule, written once: the seed given, else the scenario's, else fresh entropy.

Every analysis that draws several designs from one seed (vendors, variants, trial
moves, the designs of a Subject) resolves it here first, so that a run without any
seed still draws every design from the same recorded number (docs/model.md: common
random numbers), and a run is re-made exactly from that number.
"""

from __future__ import annotations

import numbers

import numpy as np

from simroi.errors import SimroiError

__all__ = ["resolve_seed", "root_sequence"]

_RULE = "must be a non-negative integer, a SeedSequence or None"


def resolve_seed(seed: object, default: object = None) -> int:
    """The seed to use: `seed`, else `default` (a scenario's), else fresh entropy.

    Raises
    ------
    SimroiError
        When the chosen value is not a whole number >= 0.
    """
    seed = default if seed is None else seed
    if seed is None:
        return int(np.random.SeedSequence().entropy)
    return int(_checked(seed))


def root_sequence(seed: object, default: object = None) -> np.random.SeedSequence:
    """The root SeedSequence: `seed` (a SeedSequence as it is), else `default`, else fresh."""
    seed = default if seed is None else seed
    if isinstance(seed, np.random.SeedSequence):
        return seed
    if seed is None:
        return np.random.SeedSequence()
    return np.random.SeedSequence(int(_checked(seed)))


def _checked(seed: object) -> numbers.Integral:
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or seed < 0:
        raise SimroiError(f"seed: {_RULE}, got {seed!r}")
    return seed

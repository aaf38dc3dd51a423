"""Sampling designs: named distributions -> values for any range of iterations.

A :class:`Design` draws every uncertain input of a simulation for iterations
``[start, stop)`` of ``n``, in any chunking, bit for bit the same. Three
samplers:

``random``
    Independent draws. Each input has its own stream per block of
    :data:`BLOCK` iterations, derived from the root seed, the input's dotted
    path and the block index (STYLE §3), so its draws depend only on the seed,
    ``n``, the path and the iteration (common random numbers).
``lhs`` (default)
    Latin hypercube over all ``n`` iterations: input ``j`` gets
    ``u_i = (perm_j(i) + jitter_i) / n`` with ``perm_j`` a keyed
    pseudo-random permutation of the ``n`` strata, evaluated for any index
    range without an O(n) array (:mod:`simroi.sampling.permutation`), and the
    jitter from the input's block streams. Common random numbers as for ``random``.
``sobol``
    Scrambled Sobol' points over the uncertain inputs in sorted path order.
    Lower error for smooth models, but NO common random numbers: adding or
    removing an input changes the dimension and so every input's draws.

Correlations (Spearman rank correlations) join inputs into groups, drawn with
a Gaussian copula: the members' own uniforms become normal scores, are mixed by
a factor of the group's Pearson matrix ``2 sin(pi rho_s / 6)``, and map back to
uniforms and through each member's inverse CDF, so every marginal stays exact.
Under ``random`` the copula only orders the members' own direct draws within
each block (Iman–Conover reordering), which needs no inverse CDF.
The factor is a Cholesky factor where the matrix allows, so the first member of
a group (in sorted order) keeps its own draws (up to rounding); under ``lhs``
the other members are no longer stratified, only exactly distributed.
"""

from __future__ import annotations

import numbers
import warnings
import zlib
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np
from scipy import special

from simroi.errors import SimroiError
from simroi.sampling.copula import copula_factor, correlation_groups
from simroi.sampling.distributions import Distribution
from simroi.sampling.permutation import permute
from simroi.sampling.seeds import root_sequence

__all__ = ["BLOCK", "SAMPLERS", "Design", "permute"]

#: Iterations are drawn in fixed blocks; the block plan depends on ``n`` only.
BLOCK = 65536
#: Sampler names accepted by :class:`Design`.
SAMPLERS = ("random", "lhs", "sobol")

_ROUNDS = 6  # Feistel rounds of the LHS permutation
_U_LO = float(np.nextafter(0.0, 1.0))  # uniforms are kept inside (0, 1): ppf(0) may be -inf
_U_HI = float(np.nextafter(1.0, 0.0))
_SOBOL_MAX = 2**30  # scipy's Sobol' engine (30 bits) yields at most 2**30 points


class Design:
    """Values of named uncertain inputs for any iteration range of an ``n``-iteration run.

    Parameters
    ----------
    dists : mapping of str to Distribution
        The uncertain inputs, by dotted path.
    n : int
        Number of iterations of the whole run (>= 1).
    seed : int, SeedSequence or None, optional
        Root of all randomness; None draws fresh entropy (see :attr:`entropy`).
    sampler : {'lhs', 'random', 'sobol'}, optional
        See the module docstring.
    correlations : sequence of (str, str, float), optional
        Spearman rank correlations between pairs of inputs of `dists`.

    Attributes
    ----------
    entropy : int
        The root ``SeedSequence`` entropy; ``seed=entropy`` reruns the design exactly.
    groups : tuple of tuple of str
        The correlated groups (connected components of `correlations`), each sorted.

    Raises
    ------
    SimroiError
        For a bad argument, naming it, the rule and the value.
    """

    def __init__(
        self,
        dists: Mapping[str, Distribution],
        n: int,
        *,
        seed: int | np.random.SeedSequence | None = None,
        sampler: str = "lhs",
        correlations: Sequence[tuple[str, str, float]] = (),
    ) -> None:
        if not isinstance(sampler, str) or sampler not in SAMPLERS:
            raise SimroiError(f"sampler: must be one of {', '.join(SAMPLERS)}, got {sampler!r}")
        if isinstance(n, bool) or not isinstance(n, numbers.Integral) or n < 1:
            raise SimroiError(f"n: the number of iterations must be an integer >= 1, got {n!r}")
        n = int(n)
        if sampler == "sobol" and n > _SOBOL_MAX:
            raise SimroiError(f"n: the sobol sampler allows at most 2**30 iterations, got {n}")
        if not isinstance(dists, Mapping):
            raise SimroiError(f"dists: must map dotted paths to distributions, got {dists!r}")
        for path, dist in dists.items():
            if not isinstance(path, str):
                raise SimroiError(f"dists: paths must be strings, got {path!r}")
            if not isinstance(dist, Distribution):
                raise SimroiError(f"dists[{path!r}]: must be a Distribution, got {dist!r}")
        root = root_sequence(seed)
        self.dists: dict[str, Distribution] = dict(dists)
        self.n = n
        self.sampler = sampler
        self.entropy: int = root.entropy  # type: ignore[assignment]
        self._spawn = tuple(root.spawn_key)
        self._keys = _path_keys(self.dists)
        self.correlations, self.groups = correlation_groups(correlations, self.dists)
        self._factors = {g: copula_factor(g, self.correlations) for g in self.groups}
        self._triangular = {g: bool(np.all(np.triu(f, 1) == 0)) for g, f in self._factors.items()}
        self._grouped = {p for g in self.groups for p in g}
        self._cache: dict[tuple[str, str], tuple[int, Any]] = {}  # see _from_blocks

    def __repr__(self) -> str:
        return (
            f"Design({len(self.dists)} inputs, n={self.n}, sampler={self.sampler!r}, "
            f"entropy={self.entropy}, groups={self.groups})"
        )

    def __getstate__(self) -> dict:
        state = self.__dict__.copy()
        state["_cache"] = {}  # a per-process convenience, not part of the design
        return state

    # ------------------------------------------------------------------ public

    def draw(self, start: int, stop: int) -> dict[str, np.ndarray]:
        """Values of every input for iterations ``[start, stop)``.

        ``draw(a, b)`` equals ``draw(0, n)[a:b]`` bit for bit, for every input.

        Returns
        -------
        dict of str to ndarray of float, shape (stop - start,)
            In the order of `dists`.
        """
        for name, value in (("start", start), ("stop", stop)):
            if isinstance(value, bool) or not isinstance(value, numbers.Integral):
                raise SimroiError(f"draw: {name} must be an integer, got {value!r}")
        start, stop = int(start), int(stop)
        if not 0 <= start <= stop <= self.n:
            raise SimroiError(
                f"draw: need 0 <= start <= stop <= n ({self.n}), got start={start}, stop={stop}"
            )
        if start == stop:
            return {p: np.empty(0) for p in self.dists}
        if self.sampler == "sobol":
            return self._draw_sobol(start, stop)
        out: dict[str, np.ndarray] = {}
        for path, dist in self.dists.items():
            if path in self._grouped:
                continue
            if self.sampler == "random":
                out[path] = self._from_blocks(path, "rvs", start, stop, dist.rvs)
            else:
                out[path] = dist.ppf(self._lhs_uniforms(path, start, stop))
        for group in self.groups:
            if self.sampler == "random":
                out.update(self._reordered(group, start, stop))
            else:
                u = [self._lhs_uniforms(p, start, stop) for p in group]
                out.update(self._correlate(group, u))
        return {p: out[p] for p in self.dists}

    def scores(self, path: str, start: int, stop: int, values: np.ndarray) -> np.ndarray:
        """The normal score of `path`'s copula uniform in iterations ``[start, stop)``.

        ``values`` are its draws there. Under ``lhs`` and ``sobol``: ``ndtri`` of the
        design's own uniform (mixed by the group's factor if correlated); under
        ``random``, a correlated input's mixed score its draws are ranked by, and an
        uncorrelated one's (drawn directly, with no uniform) the probability integral
        transform of its value: ``F(x)``, or for a discrete input a uniform redrawn
        inside its value's step ``[F(x-), F(x)]`` (a stream of its own, spawn key 2),
        so ``ppf`` gives ``x`` back and every score is exactly standard normal.
        """
        group = next((g for g in self.groups if path in g), None)
        if self.sampler == "random" and group is None:
            return self._pit_scores(path, start, stop, values)
        if self.sampler == "random":
            z = [self._blocks((p, "z"), start, stop, self._own_scores(p)) for p in group]
        else:
            members = group or (path,)
            if self.sampler == "sobol":
                u = self._sobol_uniforms(start, stop)
            else:
                u = {p: self._lhs_uniforms(p, start, stop) for p in members}
            z = [special.ndtri(u[p]) for p in members]
        return z[0] if group is None else self._mixed(group, group.index(path), z)

    # ------------------------------------------------------------------ streams

    def _seq(self, path: str, *extra: int) -> np.random.SeedSequence:
        return np.random.SeedSequence(
            self.entropy, spawn_key=self._spawn + (self._keys[path], *extra)
        )

    def _blocks(
        self, key: tuple, start: int, stop: int, make: Callable[[int, int], np.ndarray]
    ) -> np.ndarray:
        """Rows ``[start, stop)`` of the per-block arrays ``make(block, size)`` stacked."""
        parts = []
        for block in range(start // BLOCK, -(-stop // BLOCK)):
            b0 = block * BLOCK
            size = min(BLOCK, self.n - b0)
            lo, hi = max(start - b0, 0), min(stop - b0, size)
            cached = self._cache.get(key)
            if cached is not None and cached[0] == block:
                arr = cached[1]
            else:
                arr = make(block, size)
                if lo > 0 or hi < size:  # a chunk boundary inside the block: the next
                    self._cache[key] = (block, arr)  # chunk will want the rest
            parts.append(arr[lo:hi])
        if not parts:
            return np.empty(0)
        return parts[0] if len(parts) == 1 else np.concatenate(parts)

    def _from_blocks(
        self,
        path: str,
        kind: str,
        start: int,
        stop: int,
        make: Callable[[np.random.Generator, int], np.ndarray],
    ) -> np.ndarray:
        """Slice ``[start, stop)`` of the per-block arrays ``make(rng_b, size_b)``."""
        return self._blocks(
            (path, kind),
            start,
            stop,
            lambda block, size: make(self._rng(path, block), size),
        )

    def _own_scores(self, path: str) -> Callable[[int, int], np.ndarray]:
        """A correlated input's own normal scores of one block (before mixing)."""
        return lambda block, size: self._rng(path, block, 1).standard_normal(size)

    def _own_uniforms(self, path: str) -> Callable[[int, int], np.ndarray]:
        return lambda block, size: self._rng(path, block, 2).random(size)

    def _rng(self, path: str, *extra: int) -> np.random.Generator:
        return np.random.default_rng(self._seq(path, *extra))

    def _pit_scores(self, path: str, start: int, stop: int, values: np.ndarray) -> np.ndarray:
        dist = self.dists[path].frozen
        high = dist.cdf(values)
        if self.dists[path].kind in ("discrete", "bernoulli"):
            low = high - dist.pmf(values)
            own = self._blocks((path, "pit"), start, stop, self._own_uniforms(path))
            high = low + own * (high - low)  # a uniform inside the value's step
        return special.ndtri(np.clip(high, _U_LO, _U_HI))

    def _reordered(self, group: tuple[str, ...], start: int, stop: int) -> dict[str, np.ndarray]:
        """Random sampler, correlated group: each member's own direct draws, reordered.

        Within each block, every member keeps exactly the values ``dist.rvs`` gives
        it uncorrelated (so its marginal is exact and no inverse CDF is needed);
        only their order changes, to the ranks of correlated normal scores
        (Iman & Conover 1982 with a Gaussian copula: the expected Spearman
        correlation is the target).
        """
        values = self._blocks(
            (group, "reordered"),
            start,
            stop,
            lambda block, size: self._reorder_block(group, block, size),
        )
        return {p: np.ascontiguousarray(values[:, j]) for j, p in enumerate(group)}

    def _reorder_block(self, group: tuple[str, ...], block: int, size: int) -> np.ndarray:
        """One block of a correlated group's values, shape (size, members)."""
        # Scores come from a stream of their own (extra spawn key 1), so the
        # member's value stream is the one it has when uncorrelated.
        z = [self._own_scores(p)(block, size) for p in group]
        out = np.empty((size, len(group)))
        for i, path in enumerate(group):
            values = np.sort(
                self.dists[path].rvs(np.random.default_rng(self._seq(path, block)), size)
            )
            # the member's sorted values in the order of its scores' ranks
            out[_rank_order(self._mixed(group, i, z)), i] = values
        return out

    def _mixed(self, group: tuple[str, ...], i: int, z: list[np.ndarray]) -> np.ndarray:
        """Member i's correlated normal score, row i of the factor times z.

        Summed elementwise in a fixed order: a BLAS matmul may round differently
        for different chunk lengths, which would break chunk invariance.
        """
        row = self._factors[group][i]
        zc = row[0] * z[0]
        for j in range(1, i + 1 if self._triangular[group] else len(group)):
            zc = zc + row[j] * z[j]
        return zc

    def _lhs_uniforms(self, path: str, start: int, stop: int) -> np.ndarray:
        keys = self._seq(path).generate_state(_ROUNDS, np.uint64)
        strata = permute(np.arange(start, stop, dtype=np.uint64), self.n, keys)
        jitter = self._from_blocks(path, "u", start, stop, _uniform)
        return np.clip((strata + jitter) / self.n, _U_LO, _U_HI)

    def _sobol_uniforms(self, start: int, stop: int) -> dict[str, np.ndarray]:
        order = sorted(self.dists)
        if not order:
            return {}
        cached = self._cache.get(("", "sobol"))
        if cached is not None and cached[0] == start:  # sequential chunks: carry on
            engine = cached[1]
        else:
            seq = np.random.SeedSequence(self.entropy, spawn_key=self._spawn)
            engine = _sobol_engine(len(order), np.random.default_rng(seq))
            if start:
                engine.fast_forward(start)
        with warnings.catch_warnings():
            # any n is allowed; the balance warning for non-powers of two is noise here
            warnings.filterwarnings("ignore", message=".*balance properties", category=UserWarning)
            points = engine.random(stop - start)
        self._cache[("", "sobol")] = (stop, engine)
        columns = np.ascontiguousarray(np.clip(points, _U_LO, _U_HI).T)
        return dict(zip(order, columns, strict=True))

    def _draw_sobol(self, start: int, stop: int) -> dict[str, np.ndarray]:
        u = self._sobol_uniforms(start, stop)
        out = {p: self.dists[p].ppf(u[p]) for p in u if p not in self._grouped}
        for group in self.groups:
            out.update(self._correlate(group, [u[p] for p in group]))
        return {p: out[p] for p in self.dists}

    def _correlate(self, group: tuple[str, ...], u: list[np.ndarray]) -> dict[str, np.ndarray]:
        z = [special.ndtri(x) for x in u]
        out = {}
        for i, path in enumerate(group):
            uc = np.clip(special.ndtr(self._mixed(group, i, z)), _U_LO, _U_HI)
            out[path] = self.dists[path].ppf(uc)
        return out


def _rank_order(scores: np.ndarray) -> np.ndarray:
    """The stable argsort of `scores`, computed by the (5x faster) default sort.

    Distinct scores have one sorting permutation, so any sort gives it; where
    two scores tie (rare: they are continuous), the stable sort decides.
    """
    order = np.argsort(scores)
    ranked = scores[order]
    if (ranked[1:] == ranked[:-1]).any():
        order = np.argsort(scores, kind="stable")
    return order


def _uniform(rng: np.random.Generator, size: int) -> np.ndarray:
    return rng.random(size)


def _path_keys(dists: Mapping[str, Distribution]) -> dict[str, int]:
    keys: dict[str, int] = {}
    seen: dict[int, str] = {}
    for path in dists:
        key = zlib.crc32(path.encode("utf-8"))
        if key in seen:  # would give two inputs the same stream
            raise SimroiError(
                f"dists: inputs {seen[key]!r} and {path!r} share a stream key (crc32 {key}); "
                "rename one of them"
            )
        seen[key] = path
        keys[path] = key
    return keys


def _sobol_engine(d: int, rng: np.random.Generator):
    from scipy.stats import qmc  # only the sobol sampler needs it (scipy.stats: ~0.8 s)

    try:
        return qmc.Sobol(d, scramble=True, rng=rng)
    except TypeError:  # scipy < 1.15 spells it `seed`
        return qmc.Sobol(d, scramble=True, seed=rng)

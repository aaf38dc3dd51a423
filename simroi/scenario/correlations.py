"""The walk of ``correlations``: pairs of uncertain inputs, no contradictions.

Each entry names two uncertain inputs (distributions, or risk events with
0 < p < 1) and a Spearman rho in [-1, 1]; each connected group of three or more
inputs must give a positive semi-definite matrix, both as ranks and as the
Gaussian copula's Pearson matrix ``2 sin(pi rho / 6)``.

An input pinned by an override (``--set``, a sweep variant, a vendor: a constant
now, or removed) leaves its correlations: each such entry is dropped with a note,
and the scenario is the one written without it. What is left stays valid: a
pinned input leaves with all its pairs, so the matrix of the inputs still
correlated is a principal submatrix of the one before (the same entries), and a
principal submatrix of a positive (semi-)definite matrix is positive
(semi-)definite, in ranks and in the copula's Pearson form alike. Groups are
formed from the kept pairs only, so none shrinks to a single input.
"""

from __future__ import annotations

import numpy as np

from simroi.sampling.distributions import Distribution
from simroi.scenario.messages import hint, show, under
from simroi.scenario.schema import PSD_TOLERANCE

__all__ = ["check"]


def check(self, value: object, path: str) -> list:
    """Walk ``correlations: [[a, b, rho], ...]``; ``self`` is the Checker."""
    if value is None:
        return []
    if not isinstance(value, list):
        self.error(path, f"must be a list of [input_a, input_b, rho], got {show(value)}")
        return []
    uncertain = [p for p, v in self.inputs.items() if isinstance(v, Distribution)]
    out, seen, pairs = [], {}, []
    for i, entry in enumerate(value):
        at = f"{path}[{i}]"
        if not isinstance(entry, list) or len(entry) != 3:
            self.error(at, f"must be a list [input_a, input_b, rho], got {show(entry)}")
            continue
        a, b, rho = entry
        if _pinned_pair(self, a, b, rho, at, uncertain):
            continue
        ok = _correlated_input(self, a, at, uncertain)
        ok = (a == b or _correlated_input(self, b, at, uncertain)) and ok
        pair = frozenset((a, b)) if ok else None
        if ok and a == b:
            self.error(at, f"correlates {a!r} with itself")
        elif ok and pair in seen:
            self.error(at, f"duplicate pair {a!r}, {b!r} (also {path}[{seen[pair]}])")
        if isinstance(rho, bool) or not isinstance(rho, (int, float)) or not -1 <= rho <= 1:
            self.error(at, f"rho must be a number in [-1, 1], got {show(rho)}")
        elif ok and a != b and pair not in seen:
            seen[pair] = i
            pairs.append((a, b, float(rho)))
        out.append([a, b, float(rho) if at not in self.failed else rho])
    _positive_semidefinite(self, pairs, path)
    return out


def _pinned_pair(self, a: object, b: object, rho: object, at: str, uncertain: list[str]) -> bool:
    """Whether an override pinned ``a`` or ``b`` (a note then: the pair is dropped)."""
    if self.pinned is None:
        return False
    pinned = [
        name
        for name in dict.fromkeys(x for x in (a, b) if isinstance(x, str))
        if name not in uncertain
        and not self.touched(name)
        and any(under(name, o) or under(o, name) for o in self.pinned)
    ]
    if not pinned:
        return False
    # no value in the text: a sweep's variants pinning one input at many values share one note
    why = " and ".join(
        f"{p!r} is {'pinned to a constant' if p in self.inputs else 'removed'}" for p in pinned
    )
    self.note(at, f"[{a}, {b}, {show(rho)}] is dropped: {why} by an override")
    self.dropped.append([a, b, rho])
    return True


def _correlated_input(self, name: object, at: str, uncertain: list[str]) -> bool:
    if not isinstance(name, str):
        self.error(at, f"input paths must be strings, got {show(name)}")
    elif name in uncertain:
        return True
    elif self.touched(name):
        pass  # already reported where it is defined
    elif name in self.inputs:
        self.error(
            at,
            f"{name!r} is a constant; only distributions and risk events with "
            "0 < probability < 1 can be correlated",
        )
    else:
        self.error(at, f"{name!r} is not an uncertain input{hint(name, uncertain)}")
    return False


def _positive_semidefinite(self, pairs: list[tuple[str, str, float]], path: str) -> None:
    group = {}  # input -> its connected group (a shared set)
    for a, b, _ in pairs:
        merged = group.get(a, {a}) | group.get(b, {b})
        for name in merged:
            group[name] = merged
    for members in {id(g): g for g in group.values()}.values():
        if len(members) < 3:
            continue  # a single pair with |rho| <= 1 is always valid
        names = sorted(members)
        spearman = np.eye(len(names))
        for a, b, rho in pairs:
            if a in members:
                i, j = names.index(a), names.index(b)
                spearman[i, j] = spearman[j, i] = rho
        copula = 2 * np.sin(np.pi * spearman / 6)  # Pearson of the Gaussian copula
        for what, matrix in (
            ("rank", spearman),
            ("Gaussian-copula (2 sin(pi rho / 6))", copula),
        ):
            low = float(np.linalg.eigvalsh(matrix).min())
            if low < -PSD_TOLERANCE:
                self.error(
                    path,
                    f"the {what} correlation matrix of {', '.join(names)} is not "
                    f"positive semi-definite (smallest eigenvalue {low:.3g}); "
                    "these coefficients contradict each other",
                )
                break

"""Many cases of one template: each case's overrides simulated, its headline figures returned.

A batch of cases is a template scenario and a list of cases, an id and overrides each
(one per row of a rows file: :mod:`simroi.data.caserows`). Each case is one work unit:
the worker applies the case's overrides to the template (under ``--set``'s), simulates
it with the case's own seed -- its samples kept in memory up to the streaming pilot's
size, :data:`~simroi.simulation.streaming.PILOT_ROWS` iterations, streamed beyond
(:mod:`simroi.simulation.streaming`) -- and returns its headline figures
(:mod:`simroi.analysis.headline`). The units
go through one back end in case order with a bounded window in flight, so the parent
holds the cases (their overrides) and a few results, whatever their number.

A case's seed is :func:`case_seed` of the batch's seed and the case's id, never of its
position: adding, removing or reordering rows changes no other case's numbers, and a
case equals ``simroi run TEMPLATE --set ... --seed <its seed>`` bit for bit (with
``--samples none`` past ``PILOT_ROWS`` iterations), whatever the back end.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import secrets
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from simroi.analysis.headline import figures, headline_payback
from simroi.scenario.config import load_variants
from simroi.scenario.yamlfile import check_text, parse_yaml, plain, read_bytes
from simroi.simulation.backends import Backend, Serial
from simroi.simulation.engine import simulate_scenario
from simroi.simulation.streaming import PILOT_ROWS
from simroi.simulation.units import evaluate

__all__ = ["FIGURES", "CaseUnit", "case_seed", "simulate_cases", "template_data"]

#: The columns of a case's figures, in order (what :class:`CaseUnit` returns).
FIGURES = (
    "prob_roi_positive", "prob_roi_positive_se", "prob_npv_positive", "prob_npv_positive_se",
    "roi_mean", "roi_p10", "roi_p50", "roi_p90", "npv_mean", "npv_mean_se", "npv_p10",
    "npv_p50", "npv_p90", "cvar5_npv", "payback_headline_month", "payback_within_headline",
    "payback_p50_months", "payback_prob_never", "currency", "horizon_months", "iterations",
)  # fmt: skip


def case_seed(seed: int, case: str) -> int:
    """The seed of the case ``case`` of a batch seeded ``seed``: 0 to 2**128 - 1.

    The batch's ``SeedSequence`` spawns a child keyed by the SHA-256 of the case's id
    (its first 128 bits, as four 32-bit words); the child's first 128 bits of state are
    the case's seed, which ``simroi run --seed`` takes as it is.
    """
    digest = hashlib.sha256(case.encode("utf-8")).digest()
    key = tuple(int.from_bytes(digest[i : i + 4], "little") for i in range(0, 16, 4))
    words = np.random.SeedSequence(int(seed), spawn_key=key).generate_state(2, np.uint64)
    return int(words[0]) | int(words[1]) << 64


def template_data(source: str | os.PathLike[str] | Mapping) -> dict:
    """A template as plain data, before defaults: what each case's overrides apply to
    (sent to the workers whole, so that no worker reads a file)."""
    if isinstance(source, Mapping):
        data = plain(source)
        check_text(data, {}, None)
        return data
    origin = os.fspath(source)
    return parse_yaml(read_bytes(origin), origin)[0]


@dataclass(frozen=True)
class CaseUnit:
    """The work of a case, run where the back end runs it: ``unit((overrides, seed))``."""

    template: dict  # the template's data (template_data)
    base: dict  # --set: under every case's overrides
    iterations: int | None  # None: each case's scenario's
    sampler: str | None

    def __call__(self, item: tuple[Mapping[str, object], int]) -> dict[str, object]:
        overrides, seed = item
        scn = next(load_variants(self.template, [{**self.base, **overrides}]))
        # Streaming pays for a pilot, the whole of a run this small: kept, it is exact
        # and three times cheaper (0.027 against 0.085 CPU s at 1,000 iterations).
        small = (self.iterations or scn.iterations) <= PILOT_ROWS
        res = simulate_scenario(
            scn,
            iterations=self.iterations,
            seed=seed,
            sampler=self.sampler,
            keep_rows=None if small else 0,
            keep_samples=small,
            backend=Serial(),
        )
        s = res.summary(cash_flow=False)
        return {
            **figures(s),
            **headline_payback(s),
            "currency": s["currency"],
            "horizon_months": float(s["horizon_months"]),
            "iterations": float(s["iterations"]),
        }


def simulate_cases(
    template: str | os.PathLike[str] | Mapping,
    cases: Sequence[tuple[str, Mapping[str, object]]],
    *,
    seed: int,
    base: Mapping[str, object] | None = None,
    iterations: int | None = None,
    sampler: str | None = None,
    backend: Backend | None = None,
    start: int = 0,
    progress: Callable[[int], None] | None = None,
) -> Iterator[dict[str, object]]:
    """The figures (:data:`FIGURES`) of ``cases[start:]``, one dict per case, in order.

    Parameters
    ----------
    template : path or dict
        The scenario every case starts from.
    cases : sequence of (id, overrides)
        Validated beforehand (:func:`simroi.data.caserows.check_cases`): a case that
        does not validate raises ConfigError when it is reached.
    seed : int
        The batch's seed; each case draws with :func:`case_seed` of it and its id.
    base : mapping, optional
        Overrides under every case's (``--set``).
    iterations, sampler : optional
        For every case (default: each case's scenario's).
    backend : Backend, optional
        Where the cases run (default: this process); the figures do not depend on it.
    start : int
        The cases before it are skipped (finished by an earlier, interrupted batch).
    progress : callable, optional
        Called with 1 as each case's figures arrive.
    """
    unit = CaseUnit(template_data(template), dict(base or {}), iterations, sampler)
    backend = backend or Serial()
    key = secrets.token_hex(8)  # names this batch in the workers' caches
    serial = isinstance(backend, Serial)
    payload = unit if serial else pickle.dumps(unit, protocol=pickle.HIGHEST_PROTOCOL)
    items = (
        (key, payload, (dict(ov), case_seed(seed, case)))
        for case, ov in (cases[i] for i in range(start, len(cases)))
    )
    results = backend.imap(evaluate, items)
    try:
        for row in results:
            if progress is not None:
                progress(1)
            yield row
    finally:
        if hasattr(results, "close"):
            results.close()  # cancels the cases still in flight

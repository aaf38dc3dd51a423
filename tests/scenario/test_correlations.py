"""Tests of simroi.scenario.correlations: a pinned input leaves its correlations.

Wherever an input is pinned (``--set``, a sweep variant, a vendor, ``load_scenario(...,
overrides=)``), the correlations naming it are dropped with one note per pair, and the
scenario equals, bit for bit, the same scenario written with those pairs removed.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from ruamel.yaml import YAML

from simroi.errors import ConfigError
from simroi.sampling.distributions import Distribution
from simroi.scenario.config import apply_overrides, load_scenario, variant_notes, vendor_scenario
from simroi.simulation.engine import simulate_scenario

ROOT = Path(__file__).resolve().parents[2]
CONFIGS = ROOT / "configs"
TEMPLATES = ["smb", "smb-zh", "manufacturer", "ecommerce", "education", "vendors", "tei"]

BASE = {
    "scenario": {"name": "pins"},
    "baseline": {
        "leads_per_month": 100,
        "conversion_rate": 0.2,
        "avg_deal_value": 1000,
        "gross_margin": 0.5,
    },
    "drivers": {
        "conversion_lift": {"dist": "uniform", "low": 0.1, "high": 0.3},
        "deal_size_lift": {"dist": "uniform", "low": 0.0, "high": 0.2},
    },
    "adoption": {"ceiling": {"dist": "uniform", "low": 0.6, "high": 1.0}},
    "costs": {"one_time": {"setup": {"dist": "uniform", "low": 1000, "high": 3000}}},
    "risks": [{"name": "slip", "probability": 0.3, "delay_months": 2}],
    "correlations": [
        ["drivers.conversion_lift", "drivers.deal_size_lift", 0.6],
        ["drivers.conversion_lift", "adoption.ceiling", 0.5],
        ["drivers.deal_size_lift", "adoption.ceiling", 0.4],
        ["risks.slip", "costs.one_time.setup", 0.3],
    ],
}


def _removed(data: dict, names: set[str]) -> dict:
    out = copy.deepcopy(data)
    out["correlations"] = [c for c in out["correlations"] if not names & {c[0], c[1]}]
    return out


def _same_scenario(a, b) -> None:
    """Every field the model and the design read: only provenance and notes may differ."""
    assert a.inputs == b.inputs
    assert list(a.inputs) == list(b.inputs)  # the order draws are made in
    assert a.correlations == b.correlations
    assert a.resolved == b.resolved


def test_pinning_one_input_of_a_group_drops_its_pairs_with_one_note_each():
    scn = load_scenario(BASE, overrides={"drivers.conversion_lift": 0.2})
    assert scn.correlations == (
        ("drivers.deal_size_lift", "adoption.ceiling", 0.4),
        ("risks.slip", "costs.one_time.setup", 0.3),
    )
    assert scn.notes == (
        "correlations[0]: [drivers.conversion_lift, drivers.deal_size_lift, 0.6] is dropped: "
        "'drivers.conversion_lift' is pinned to a constant by an override",
        "correlations[1]: [drivers.conversion_lift, adoption.ceiling, 0.5] is dropped: "
        "'drivers.conversion_lift' is pinned to a constant by an override",
    )
    assert scn.warnings == ()
    written = apply_overrides(_removed(BASE, {"drivers.conversion_lift"}), {})
    written["drivers"]["conversion_lift"] = 0.2
    _same_scenario(scn, load_scenario(written))


def test_a_pair_with_both_inputs_pinned_gets_one_note():
    both = {"drivers.conversion_lift": 0.2, "drivers.deal_size_lift": 0.1}
    scn = load_scenario(BASE, overrides=both)
    assert [n.split(":")[0] for n in scn.notes] == [
        "correlations[0]",
        "correlations[1]",
        "correlations[2]",
    ]
    assert (
        "'drivers.conversion_lift' is pinned to a constant and 'drivers.deal_size_lift' "
        "is pinned to a constant" in scn.notes[0]
    )


@pytest.mark.parametrize(
    "overrides, dropped",
    [
        ({"risks.slip.probability": 0.0}, "'risks.slip' is pinned to a constant"),
        ({"risks.slip.probability": 1.0}, "'risks.slip' is pinned to a constant"),
        ({"risks": []}, "'risks.slip' is removed"),
        ({"costs.one_time": {"setup": 2000}}, "'costs.one_time.setup' is pinned to a constant"),
    ],
)
def test_risk_events_whole_sections_and_removed_inputs_are_pins_too(overrides, dropped):
    scn = load_scenario(BASE, overrides=overrides)
    assert len(scn.correlations) == 3
    assert scn.notes == (
        f"correlations[3]: [risks.slip, costs.one_time.setup, 0.3] is dropped: {dropped} "
        "by an override",
    )


def test_a_distribution_for_a_distribution_keeps_the_pairs():
    other = {"drivers.conversion_lift": {"dist": "uniform", "low": 0.0, "high": 0.1}}
    scn = load_scenario(BASE, overrides=other)
    assert len(scn.correlations) == 4 and scn.notes == ()


def test_a_constant_written_in_the_file_is_still_an_error():
    data = copy.deepcopy(BASE)
    data["drivers"]["conversion_lift"] = 0.2
    with pytest.raises(ConfigError) as info:
        load_scenario(data)
    assert info.value.errors[0].startswith(
        "correlations[0]: 'drivers.conversion_lift' is a constant; only distributions"
    )


def test_overridden_correlations_must_name_uncertain_inputs():
    """The correlations an override writes are its own: a constant there is an error."""
    overrides = {"drivers.conversion_lift": 0.2, "correlations": BASE["correlations"][:1]}
    with pytest.raises(ConfigError, match="'drivers.conversion_lift' is a constant"):
        load_scenario(BASE, overrides=overrides)


def test_a_bad_pinned_value_is_reported_alone():
    with pytest.raises(ConfigError) as info:
        load_scenario(BASE, overrides={"drivers.conversion_lift": 20})
    assert [e.split(":")[0] for e in info.value.errors] == ["drivers.conversion_lift"]


def _pearson(scn) -> dict[tuple[str, ...], np.ndarray]:
    from simroi.sampling.copula import copula_factor, correlation_groups

    pairs, groups = correlation_groups(scn.correlations, scn.uncertain)
    return {g: (f := copula_factor(g, pairs)) @ f.T for g in groups}


@pytest.mark.parametrize(
    "pins",
    [
        {"drivers.conversion_lift": 0.2},
        {"drivers.deal_size_lift": 0.1},
        {"adoption.ceiling": 0.9},
        {"drivers.conversion_lift": 0.2, "adoption.ceiling": 0.9},
        {"risks.slip.probability": 0.0, "costs.one_time.setup": 2000},
    ],
)
def test_what_is_left_is_positive_definite_and_the_copula_draws_it(pins):
    """A principal submatrix of a positive definite matrix is positive definite; groups of
    one never form (groups come from kept pairs), and the design draws the rest."""
    scn = load_scenario(BASE, overrides=pins)
    for group, matrix in _pearson(scn).items():
        assert len(group) >= 2
        assert np.linalg.eigvalsh(matrix).min() > 0.05
    res = simulate_scenario(scn, iterations=4000, seed=3)
    for a, b, rho in scn.correlations:
        ranks = res.samples[[a, b]].rank()
        r = np.corrcoef(ranks[a], ranks[b])[0, 1]
        if not a.startswith("risks."):  # a 0/1 event's rank correlation is attenuated
            assert abs(r - rho) < 4 * (1 - rho**2) / np.sqrt(4000)


def test_vendor_pins_use_the_same_mechanism_and_note():
    data = copy.deepcopy(BASE)
    data["vendors"] = [
        {"name": "Fixed", "overrides": {"adoption.ceiling": 1.0}},
        {"name": "Other", "overrides": {"costs.one_time.setup": 5000}},
    ]
    scn = load_scenario(data)
    assert len(scn.correlations) == 4
    assert scn.notes == (
        "vendors.Fixed: correlations[1]: [drivers.conversion_lift, adoption.ceiling, 0.5] is "
        "dropped: 'adoption.ceiling' is pinned to a constant by an override",
        "vendors.Fixed: correlations[2]: [drivers.deal_size_lift, adoption.ceiling, 0.4] is "
        "dropped: 'adoption.ceiling' is pinned to a constant by an override",
        "vendors.Other: correlations[3]: [risks.slip, costs.one_time.setup, 0.3] is "
        "dropped: 'costs.one_time.setup' is pinned to a constant by an override",
    )
    fixed = vendor_scenario(scn, "Fixed")
    assert fixed.correlations == scn.correlations[::3]
    written = _removed(BASE, {"adoption.ceiling"})
    written["adoption"]["ceiling"] = 1.0
    _same_scenario(fixed, load_scenario(written))


def test_variant_notes_are_distinct_across_variants():
    variants = [{"drivers.conversion_lift": v} for v in (0.1, 0.2, 0.3)] + [{}]
    notes = variant_notes(BASE, variants)
    assert len(notes) == 2 and all("conversion_lift" in n for n in notes)


# --------------------------------------------------------------------------- shipped templates


def _correlated(name: str) -> list[tuple[str, Distribution]]:
    scn = load_scenario(CONFIGS / f"{name}.yaml")
    names = dict.fromkeys(p for a, b, _ in scn.correlations for p in (a, b))
    return [(p, scn.inputs[p]) for p in names]


CASES = [(name, path, dist) for name in TEMPLATES for path, dist in _correlated(name)]


def test_every_template_with_correlations_is_covered():
    assert {name for name, _, _ in CASES} == {
        "smb",
        "smb-zh",
        "manufacturer",
        "ecommerce",
        "education",
        "vendors",
    }


def _pair_removed_file(tmp_path: Path, name: str, path: str, value: float) -> Path:
    """The template written with ``path`` set to ``value`` and its correlations removed
    (as JSON, which is YAML 1.2 and keeps the order of the keys)."""
    data = YAML(typ="safe", pure=True).load((CONFIGS / f"{name}.yaml").read_text("utf-8"))
    data = apply_overrides(data, {path: value})
    data["correlations"] = [c for c in data["correlations"] if path not in c[:2]]
    out = tmp_path / f"{name}-pinned.yaml"
    out.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return out


@pytest.mark.parametrize("name, path, dist", CASES, ids=[f"{n}:{p}" for n, p, _ in CASES])
def test_pinning_a_template_input_equals_the_pair_removed_file_bit_for_bit(
    tmp_path, name, path, dist
):
    value = float(dist.ppf(np.array([0.5]))[0])
    pinned = load_scenario(CONFIGS / f"{name}.yaml", overrides={path: value})
    assert len(pinned.notes) == sum(path in c[:2] for c in _template(name).correlations)
    written = load_scenario(_pair_removed_file(tmp_path, name, path, value))
    _same_scenario(pinned, written)
    for sampler in ("lhs", "random", "sobol"):
        a = simulate_scenario(pinned, iterations=1024, seed=11, sampler=sampler)
        b = simulate_scenario(written, iterations=1024, seed=11, sampler=sampler)
        pd.testing.assert_frame_equal(a.samples, b.samples, check_exact=True)
        assert a.summary() == b.summary()


def _template(name: str):
    return load_scenario(CONFIGS / f"{name}.yaml")


# --------------------------------------------------------------------------- the docs


def test_the_sweep_file_of_docs_sweeps_md_runs_as_printed(tmp_path):
    """docs/sweeps.md: best case / worst case / a 4 x 3 grid."""
    from click.testing import CliRunner

    from simroi.cli import main

    page = (ROOT / "docs" / "sweeps.md").read_text("utf-8")
    block = re.search(r"```yaml\n(.*?)```", page, re.S).group(1)
    assert "best case" in block and "worst case" in block
    (tmp_path / "sweep.yaml").write_text(block, encoding="utf-8")
    out = tmp_path / "out"
    args = ["sweep", str(CONFIGS / "smb.yaml"), "--file", str(tmp_path / "sweep.yaml")]
    result = CliRunner().invoke(main, [*args, "-n", "500", "--no-plots", "-o", str(out)])
    assert result.exit_code == 0, result.output
    frame = pd.read_parquet(out / "sweep.parquet")
    assert len(frame) == 2 * 4 * 3
    notes = [line for line in result.stderr.splitlines() if line.startswith("Note:")]
    assert len(notes) == 1 and "[drivers.conversion_lift, drivers.cycle_shortening" in notes[0]

"""The scenario templates shipped in ``simroi/scenario/templates``; their copies in ``configs/``."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import numpy as np
import pytest

from simroi.scenario.config import load_scenario

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "simroi" / "scenario" / "templates"
CONFIGS = ROOT / "configs"
NAMES = ["smb", "smb-zh", "manufacturer", "ecommerce", "education", "vendors", "tei"]


def test_every_expected_template_exists():
    found = sorted(p.stem for p in TEMPLATES.glob("*.yaml"))
    assert found == sorted(NAMES)


def test_templates_are_package_resources():
    """``simroi init TEMPLATE`` reads them from the installed package, not from the repo."""
    folder = resources.files("simroi.scenario") / "templates"
    for name in NAMES:
        assert (folder / f"{name}.yaml").is_file(), name


@pytest.mark.parametrize("name", NAMES)
def test_template_loads(name):
    scn = load_scenario(TEMPLATES / f"{name}.yaml")
    assert scn.name
    # tei reproduces a published table, so its amounts are constants (its comments
    # show where uncertainty goes); every other template shows some.
    assert scn.uncertain or name == "tei", "a template should show some uncertainty"
    assert 1 <= scn.horizon_months <= 240


@pytest.mark.parametrize("name", NAMES)
def test_config_copy_is_identical(name):
    template = (TEMPLATES / f"{name}.yaml").read_bytes()
    copy = (CONFIGS / f"{name}.yaml").read_bytes()
    assert copy == template, (
        f"configs/{name}.yaml differs from simroi/scenario/templates/{name}.yaml"
    )


def test_configs_folder_holds_only_the_templates():
    found = sorted(p.stem for p in CONFIGS.glob("*.yaml"))
    assert found == sorted(NAMES)


def test_vendors_template_compares_at_least_three_offers():
    scn = load_scenario(TEMPLATES / "vendors.yaml")
    assert len(scn.vendors) >= 3
    names = [name for name, _ in scn.vendors]
    assert len(set(names)) == len(names)
    # at least one override addresses a list item by name (SPEC §2)
    paths = [path for _, overrides in scn.vendors for path in overrides]
    assert any(path.startswith(("risks.", "custom_benefits.")) for path in paths)


@pytest.mark.parametrize("name", NAMES)
def test_template_has_correlation_or_risk(name):
    scn = load_scenario(TEMPLATES / f"{name}.yaml")
    assert scn.correlations or scn.risks


# Plausibility of the templates' numbers (wide bands: these guard against a typo that
# turns a template into a fairy tale or a certain disaster, not against model changes).
PLAUSIBLE_MEAN_ROI = (-0.6, 6.0)


@pytest.mark.parametrize("name", NAMES)
def test_template_results_are_plausible(name):
    from simroi.simulation.engine import simulate_scenario

    scn = load_scenario(TEMPLATES / f"{name}.yaml")
    res = simulate_scenario(scn, iterations=4000, seed=7)
    roi = res.samples["roi"].to_numpy()
    assert np.all(np.isfinite(roi))
    lo, hi = PLAUSIBLE_MEAN_ROI
    assert lo < roi.mean() < hi, roi.mean()


def test_manufacturer_is_not_a_sure_win():
    from simroi.simulation.engine import simulate_scenario

    scn = load_scenario(TEMPLATES / "manufacturer.yaml")
    res = simulate_scenario(scn, iterations=4000, seed=7)
    p_loss = float(np.mean(res.samples["roi"].to_numpy() < 0))
    assert 0.05 < p_loss < 0.5, p_loss

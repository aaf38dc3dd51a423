"""simroi: Monte Carlo ROI, NPV and payback analysis of CRM investments.

>>> import simroi
>>> scn = simroi.load_scenario("configs/smb.yaml")
>>> res = simroi.simulate_scenario(scn, iterations=20000, seed=1)
>>> res.summary()["prob_roi_positive"]  # doctest: +SKIP
"""

from simroi.analysis.compare import compare
from simroi.analysis.oat import spider, tornado
from simroi.analysis.sensitivity import (
    analyze_scenario,
    contribution_to_variance,
    correlation_ratio,
    downside,
    spearman,
)
from simroi.analysis.sobol import sobol
from simroi.data.baseline import baseline_from
from simroi.data.evaluate import evaluate
from simroi.data.fit import fit
from simroi.data.scorecard import scorecard
from simroi.errors import ConfigError, SimroiError
from simroi.scenario.config import Scenario, load_scenario
from simroi.simulation.engine import simulate, simulate_scenario
from simroi.simulation.results import Results

__version__ = "0.1.0"

__all__ = [
    "ConfigError",
    "Results",
    "Scenario",
    "SimroiError",
    "__version__",
    "analyze_scenario",
    "baseline_from",
    "compare",
    "contribution_to_variance",
    "correlation_ratio",
    "downside",
    "evaluate",
    "fit",
    "load_scenario",
    "simulate",
    "simulate_scenario",
    "scorecard",
    "sobol",
    "spearman",
    "spider",
    "tornado",
]

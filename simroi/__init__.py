"""simroi: Monte Carlo ROI, NPV and payback analysis of CRM investments.

>>> import simroi
>>> scn = simroi.load_scenario("configs/smb.yaml")
>>> res = simroi.simulate_scenario(scn, iterations=20000, seed=1)
>>> res.summary()["prob_roi_positive"]  # doctest: +SKIP
"""

from simroi.errors import ConfigError, SimroiError

# The public names, imported on first use (PEP 562): `import simroi` and the command
# line stay fast, and a command loads only the stages it needs (no pandas to validate).
_LAZY = {
    "baseline_from": "simroi.data.baseline",
    "breakeven": "simroi.analysis.breakeven",
    "evaluate": "simroi.data.evaluate",
    "fit": "simroi.data.fit",
    "load_actuals": "simroi.data.kpis",
    "reforecast": "simroi.data.reforecast",
    "scorecard": "simroi.data.scorecard",
    "compare": "simroi.analysis.compare",
    "spider": "simroi.analysis.oat",
    "tornado": "simroi.analysis.oat",
    "analyze_scenario": "simroi.analysis.sensitivity",
    "contribution_to_variance": "simroi.analysis.sensitivity",
    "correlation_ratio": "simroi.analysis.sensitivity",
    "downside": "simroi.analysis.sensitivity",
    "spearman": "simroi.analysis.sensitivity",
    "sobol": "simroi.analysis.sobol",
    "stress": "simroi.analysis.stress",
    "voi": "simroi.analysis.voi",
    "Scenario": "simroi.scenario.config",
    "load_scenario": "simroi.scenario.config",
    "simulate": "simroi.simulation.engine",
    "simulate_scenario": "simroi.simulation.engine",
    "Results": "simroi.simulation.results",
}


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'simroi' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


__version__ = "0.1.0"

__all__ = [
    "ConfigError",
    "Results",
    "Scenario",
    "SimroiError",
    "__version__",
    "analyze_scenario",
    "breakeven",
    "baseline_from",
    "compare",
    "contribution_to_variance",
    "correlation_ratio",
    "downside",
    "evaluate",
    "fit",
    "load_actuals",
    "load_scenario",
    "reforecast",
    "simulate",
    "simulate_scenario",
    "scorecard",
    "sobol",
    "spearman",
    "spider",
    "stress",
    "tornado",
    "voi",
]

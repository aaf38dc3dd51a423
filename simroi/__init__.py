"""simroi: Monte Carlo ROI, NPV and payback analysis of CRM investments."""

from simroi.errors import ConfigError, SimroiError

__version__ = "0.1.0"

__all__ = ["ConfigError", "SimroiError", "__version__"]

"""The charts of voi, breakeven and stress, drawn from their JSON and saved into a run folder.

matplotlib is imported only when a chart is drawn (through :mod:`simroi.report.plots`).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from simroi.report.files import save_figure

__all__ = ["write_voi_plots"]


def write_voi_plots(out_dir: str | os.PathLike[str], data: Mapping[str, Any]) -> list[Path]:
    """Save voi.png: the EVPPI bars of ``voi.json`` content."""
    from simroi.report.plots.voi import evppi_bars

    name = data.get("scenario", "model")
    fig = evppi_bars(data, title=f"Value of knowing each input before deciding\n{name}")
    return [save_figure(fig, Path(out_dir) / "voi.png")]

"""The charts of voi, breakeven and stress, drawn from their JSON and saved into a run folder.

matplotlib is imported only when a chart is drawn (through :mod:`simroi.report.plots`).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from simroi.report.figures import save_figure
from simroi.runs.layout import Chart

__all__ = [
    "write_breakeven_plots",
    "write_convergence_plot",
    "write_stress_plots",
    "write_voi_plots",
]


def write_voi_plots(out_dir: str | os.PathLike[str], data: Mapping[str, Any]) -> list[Path]:
    """Save voi.png: the EVPPI bars of ``voi.json`` content."""
    from simroi.report.plots.voi import evppi_bars

    name = data.get("scenario", "model")
    fig = evppi_bars(data, title=f"Value of knowing each input before deciding\n{name}")
    return [save_figure(fig, Path(out_dir) / Chart.voi)]


def write_breakeven_plots(out_dir: str | os.PathLike[str], data: Mapping[str, Any]) -> list[Path]:
    """Save breakeven.png (one input's goal seek); the table has no chart."""
    if "table" in data:
        return []
    from simroi.report.plots.breakeven import goal_seek

    fig = goal_seek(data, title=f"Goal seek: {data['target']}\n{data['name']}")
    return [save_figure(fig, Path(out_dir) / Chart.breakeven)]


def write_stress_plots(out_dir: str | os.PathLike[str], data: Mapping[str, Any]) -> list[Path]:
    """Save stress.png: every case's P10-P90 against the unrestricted run."""
    from simroi.report.plots.stress import stress_ranges

    fig = stress_ranges(data, title=f"Stress: {data['metric'].upper()} by case\n{data['name']}")
    return [save_figure(fig, Path(out_dir) / Chart.stress)]


def write_convergence_plot(
    out_dir: str | os.PathLike[str], summary: Mapping[str, Any], *, lang: str = "en"
) -> list[Path]:
    """Save convergence.png for a run or a comparison to a precision (nothing otherwise).

    ``summary`` is a run's summary.json or a comparison's compare.json content.
    """
    if "precision" not in summary:
        return []
    from simroi.report.i18n import text
    from simroi.report.plots.convergence import compare_convergence, convergence

    info = summary["precision"]
    draw = compare_convergence if "vendors" in info["history"][-1] else convergence
    title = text("png_convergence", lang, target=f"{info['target']:g}")
    fig = draw(info, title=f"{title}\n{summary['scenario']}", lang=lang)
    return [save_figure(fig, Path(out_dir) / Chart.convergence)]

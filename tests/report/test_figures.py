"""Saving a chart: its text is data (no mathtext, no control characters), no warning."""

import os

os.environ.setdefault("MPLBACKEND", "Agg")

import pytest

from simroi.report.figures import save_figure


@pytest.mark.parametrize(
    "name", ["Cost $\\frac{ 50$", "a $x^$ b", "\x1b[31mRED\x1b[0m \x1b]0;pwned\x07", "🚀 launch"]
)
def test_scenario_names_are_data_in_charts(tmp_path, name):
    """Issue #9 B4/C2: mathtext in a name crashed the charts after the simulation."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    title = ax.set_title(f"ROI distribution\n{name}")
    path = save_figure(fig, tmp_path / "t.png")  # filterwarnings=error: no UserWarning
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert title.get_text() == "ROI distribution\n" + name.replace("\x1b", "").replace("\x07", "")
    plt.close(fig)

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


def _figures(n: int, fail_in=None):
    """``n`` small Figures; the one at ``fail_in[0]`` raises when saved in a process
    for which ``fail_in[1](pid)`` is true."""
    from matplotlib.figure import Figure

    class Failing(Figure):
        def savefig(self, *args, **kwargs):
            if fail_in[1](os.getpid()):
                raise OSError(28, "No space left on device")
            return super().savefig(*args, **kwargs)

    out = {}
    for i in range(n):
        fig = Failing() if fail_in and fail_in[0] == i else Figure()
        fig.add_subplot().plot(range(i + 2), label=f"chart {i}")
        fig.suptitle(f"chart {i}")
        out[f"c{i}.png"] = fig
    return out


@pytest.fixture
def cores(monkeypatch):
    import simroi.simulation.backends as backends

    def use(n):
        monkeypatch.setattr(backends, "available_cores", lambda: n)

    return use


def test_charts_saved_by_two_processes_equal_those_saved_by_one(tmp_path, cores):
    from simroi.report.figures import save_figures

    (tmp_path / "one").mkdir(), (tmp_path / "two").mkdir()
    cores(1)
    one = save_figures(tmp_path / "one", _figures(5))
    cores(2)
    two = save_figures(tmp_path / "two", _figures(5))
    assert [p.name for p in one] == [p.name for p in two] == [f"c{i}.png" for i in range(5)]
    assert [p.read_bytes() for p in one] == [p.read_bytes() for p in two]


def test_a_chart_that_fails_in_the_child_is_saved_again_here(tmp_path, cores):
    from simroi.report.figures import save_figures

    cores(2)
    here = os.getpid()
    paths = save_figures(tmp_path, _figures(4, fail_in=(1, lambda pid: pid != here)))
    assert all(p.read_bytes()[:4] == b"\x89PNG" for p in paths)


def test_an_error_here_stops_the_child_and_is_raised(tmp_path, cores, monkeypatch):
    import simroi.report.figures as saving
    from simroi.runs.atomic import WriteError

    started = []

    class Recorded(saving._Child):
        def __init__(self, work):
            super().__init__(work)
            started.append(self.pid)

    monkeypatch.setattr(saving, "_Child", Recorded)
    cores(2)
    here = os.getpid()
    with pytest.raises(WriteError, match="No space left"):
        saving.save_figures(tmp_path, _figures(4, fail_in=(0, lambda pid: pid == here)))
    assert len(started) == 1
    with pytest.raises(ChildProcessError):
        os.waitpid(started[0], os.WNOHANG)  # reaped: no zombie, nothing running


def test_charts_handed_over_as_calls_are_drawn_where_they_are_saved(tmp_path, cores):
    # A run hands its charts over undrawn: the child draws its share as well as saving it,
    # and the files are those of Figures drawn here.
    from simroi.report.figures import save_figures

    drawn_in = {}

    def call(name, fig):
        def draw():
            drawn_in[name] = os.getpid()  # seen only for what this process draws
            return fig

        return draw

    (tmp_path / "figs").mkdir(), (tmp_path / "calls").mkdir()
    cores(2)
    figs = save_figures(tmp_path / "figs", _figures(5))
    calls = save_figures(
        tmp_path / "calls", {name: call(name, f) for name, f in _figures(5).items()}
    )
    assert [p.read_bytes() for p in figs] == [p.read_bytes() for p in calls]
    assert sorted(drawn_in) == ["c0.png", "c2.png", "c4.png"]  # the others: in the child

"""The live what-if page (live.html): a run's draws and the browser code that recomputes them.

:mod:`simroi.report.live.payload` turns a run folder into the data the page needs
(compact per-iteration arrays, the linear levers' exact coefficients, each uncertain
input's draws and density, with :mod:`simroi.report.live.groups` for the correlation
groups' copulas); :mod:`simroi.report.live.page` lays it out as one self-contained HTML
file (weights.js, live.js and live.css inlined, no network).
"""

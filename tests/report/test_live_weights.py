"""The live page's importance weights (weights.js, run under node) against direct simulations.

Draws of correlated inputs come from the project's sampler (:class:`Design`) and are
packed as the payload packs them (16-bit values, a discrete member's copula scores);
weights.js weighs them for a changed input, and the weighted law of the OTHER members
is compared with a simulation of what ``simroi run --set`` draws: a moved marginal keeps
the copula, a pinned input leaves it. Within 4 standard errors (the weighted side's from
its effective sample size); the same weights without the copula's factor must miss.
Skipped when node is not installed.
"""

import json
import shutil
import subprocess
from importlib import resources
from types import SimpleNamespace

import numpy as np
import pytest

from simroi.report.live.groups import correlation_payload
from simroi.report.live.payload import PIN_BANDWIDTH, _input, decode
from simroi.sampling.designs import Design
from simroi.sampling.distributions import Distribution, bernoulli
from simroi.sampling.specs import parse

NODE = shutil.which("node")
pytestmark = pytest.mark.skipif(NODE is None, reason="node is not installed")
N = 20000
CONVERSION = {"dist": "pert", "min": 0.3, "mode": 0.75, "max": 0.9}
CYCLE = {"dist": "pert", "min": 0.15, "mode": 0.44, "max": 0.55}
HOURS = {"dist": "lognormal", "ci90": [1, 5]}
HARNESS = """
const W = require(process.argv[1]);
const data = JSON.parse(require("fs").readFileSync(0, "utf8"));
const arrays = (i) => ({ x: Float64Array.from(i.x), z: i.z && Float64Array.from(i.z) });
const inputs = data.inputs.map((i) => ({ ...i, ...arrays(i) }));
const groups = data.no_copula ? [] : data.groups;
const r = W.weights(inputs, groups, data.state, data.bandwidth);
process.stdout.write(JSON.stringify({ ...r, w: r.w ? Array.from(r.w) : null }));
"""


def draw(specs: dict, corr: list, n: int, seed: int, sampler: str = "lhs"):
    dists = {p: s if isinstance(s, Distribution) else parse(s, p) for p, s in specs.items()}
    design = Design(dists, n, seed=seed, sampler=sampler, correlations=corr)
    scn = SimpleNamespace(uncertain=dists, correlations=tuple(corr))
    return scn, design.draw(0, n), {"seed_entropy": seed, "sampler": sampler}


def page_inputs(scn, x: dict, manifest: dict) -> tuple[list, list, dict]:
    """The inputs and groups as the page holds them (values as its 16 bits give them back)."""
    corr = correlation_payload(scn, manifest, x)
    inputs, values = [], {}
    for path in scn.uncertain:
        entry = _input(scn, path, x[path], corr["scores"].get(path))
        if "codes" in entry:
            entry["x"] = decode(entry["codes"], "u1").astype(float)
            values[path] = np.asarray(entry["values"])[entry["x"].astype(int)]
        else:
            q = decode(entry["q16"], "u2")
            entry["x"] = entry["lo"] + q / 65535 * (entry["hi"] - entry["lo"])
            values[path] = entry["x"]
        if "z" in entry:
            z = entry["z"]
            entry["z"] = z["lo"] + decode(z["q16"], "u2") / 65535 * (z["hi"] - z["lo"])
        inputs.append({k: v.tolist() if isinstance(v, np.ndarray) else v for k, v in entry.items()})
    return inputs, corr["groups"], values


def node_weights(inputs, groups, state: dict, no_copula: bool = False, out: dict | None = None):
    """(weights, exact) from weights.js; ``out`` receives its whole answer."""
    script = resources.files("simroi.report.live").joinpath("weights.js")
    data = {"inputs": inputs, "groups": groups, "state": state, "bandwidth": PIN_BANDWIDTH}
    data["no_copula"] = no_copula
    r = subprocess.run(
        [NODE, "-e", HARNESS, str(script)], input=json.dumps(data), capture_output=True,
        text=True, timeout=120, check=True,
    )  # fmt: skip
    answer = json.loads(r.stdout)
    if out is not None:
        out.update(answer)
    return np.asarray(answer["w"]), answer["exact"]


def weighted(x: np.ndarray, w: np.ndarray, q: float) -> float:
    order = np.argsort(x)
    c = np.cumsum(w[order]) / w.sum()
    return float(x[order][np.searchsorted(c, q)])


def ess(w: np.ndarray) -> float:
    return w.sum() ** 2 / (w**2).sum()


def agree(w, values: np.ndarray, direct: np.ndarray, what: str, spread: float = 4.0) -> float:
    """How many standard errors apart: the weighted mean and (for a continuous input) the
    share below P10, P50 and P90 of ``direct``; asserts every one is within ``spread``."""
    values, direct = np.asarray(values, float), np.asarray(direct, float)
    e, m = ess(w), direct.size
    worst = 0.0
    stats = [("mean", values, direct)]
    for q in (0.1, 0.5, 0.9) if np.unique(direct).size > 2 else ():
        cut = np.quantile(direct, q)
        stats.append((f"P(< q{q})", (values < cut).astype(float), (direct < cut).astype(float)))
    for name, v, d in stats:
        got = np.sum(w * v) / w.sum()
        se = np.sqrt(np.sum(w**2 * (v - got) ** 2) / w.sum() ** 2 + d.var() / m)
        gap = abs(got - d.mean()) / se if se > 0 else (0.0 if got == d.mean() else np.inf)
        assert gap <= spread, (what, name, got, d.mean(), se, e)
        worst = max(worst, gap)
    return worst


@pytest.mark.parametrize("sampler", ["lhs", "random", "sobol"])
def test_moved_marginal_keeps_the_copula(sampler):
    """conversion_lift gets a new PERT: its partner's law, and the pair's joint law, as drawn
    again with the new range and the same correlation."""
    corr = [("a", "b", 0.5)]
    scn, x, manifest = draw({"a": CONVERSION, "b": CYCLE}, corr, N, 5, sampler)
    inputs, groups, values = page_inputs(scn, x, manifest)
    new = {"dist": "pert", "min": 0.3, "mode": 0.6, "max": 0.9}
    w, exact = node_weights(inputs, groups, {"a": new})
    assert exact and ess(w) > 3000
    _, direct, _ = draw({"a": new, "b": CYCLE}, corr, 200_000, 6)
    agree(w, values["b"], direct["b"], "b")
    agree(w, values["a"], direct["a"], "a")
    joint = (values["a"] > 0.6) & (values["b"] > 0.42)
    agree(w, joint, (direct["a"] > 0.6) & (direct["b"] > 0.42), "joint")
    naive, _ = node_weights(inputs, groups, {"a": new}, no_copula=True)
    with pytest.raises(AssertionError):
        agree(naive, values["b"], direct["b"], "b without the copula's factor")


def test_pinned_input_leaves_the_copula():
    """A pinned conversion_lift: its partner keeps its own law (not its law given the pin)."""
    corr = [("a", "b", 0.5)]
    scn, x, manifest = draw({"a": CONVERSION, "b": CYCLE}, corr, N, 7)
    inputs, groups, values = page_inputs(scn, x, manifest)
    _, direct, _ = draw({"b": CYCLE}, [], 200_000, 8)
    for pin in (0.6, 0.8):
        w, _ = node_weights(inputs, groups, {"a": pin})
        assert ess(w) > 800
        agree(w, values["b"], direct["b"], f"b, a pinned at {pin}")
        assert np.all(np.abs(values["a"][w > 0] - pin) < PIN_BANDWIDTH * np.ptp(values["a"]))
    naive, _ = node_weights(inputs, groups, {"a": 0.6}, no_copula=True)
    with pytest.raises(AssertionError):
        agree(naive, values["b"], direct["b"], "b given a = 0.6")


def test_three_members_one_moved_one_pinned():
    """A group of three: one moved, one pinned; the third's law and its tie to the moved one."""
    corr = [("a", "b", 0.5), ("a", "c", -0.3), ("b", "c", 0.2)]
    specs = {"a": CONVERSION, "b": CYCLE, "c": HOURS}
    scn, x, manifest = draw(specs, corr, N, 9)
    inputs, groups, values = page_inputs(scn, x, manifest)
    new = {"dist": "lognormal", "ci90": [1.5, 5]}
    w, _ = node_weights(inputs, groups, {"c": new, "b": 0.45})
    _, direct, _ = draw({"a": CONVERSION, "c": new}, [("a", "c", -0.3)], 200_000, 10)
    agree(w, values["a"], direct["a"], "a")
    agree(w, values["c"], direct["c"], "c")
    agree(w, (values["a"] > 0.7) & (values["c"] > 3), (direct["a"] > 0.7) & (direct["c"] > 3), "ac")


@pytest.mark.parametrize("sampler", ["lhs", "random"])
def test_correlated_risk_event(sampler):
    """A risk event in a group: a new probability keeps the tie, 0 (switched off) leaves it."""
    risk = bernoulli(0.3)
    corr = [("a", "r", 0.4)]
    scn, x, manifest = draw({"a": CONVERSION, "r": risk}, corr, N, 11, sampler)
    inputs, groups, values = page_inputs(scn, x, manifest)
    assert groups[0]["exact"]
    w, _ = node_weights(inputs, groups, {"r": 0.5})
    _, direct, _ = draw({"a": CONVERSION, "r": bernoulli(0.5)}, corr, 200_000, 12)
    agree(w, values["r"], direct["r"], "r")
    agree(w, values["a"] * values["r"], direct["a"] * direct["r"], "a if r")
    _, alone, _ = draw({"a": CONVERSION}, [], 200_000, 13)
    off, _ = node_weights(inputs, groups, {"r": 0})
    agree(off, values["a"], alone["a"], "a, r switched off")
    assert np.all(values["r"][off > 0] == 0)


@pytest.mark.parametrize("rho, heavy", [(0.5, False), (0.68, False), (0.7, True), (-0.9, True)])
def test_a_pin_with_unbounded_weights_is_flagged(rho, heavy):
    """Pinning one of a pair, the weights' variance is finite only for Pearson r^2 < 1/2
    (rank rho below about 0.69); a new range is not flagged."""
    scn, x, manifest = draw({"a": CONVERSION, "b": CYCLE}, [("a", "b", rho)], 2000, 3)
    inputs, groups, _ = page_inputs(scn, x, manifest)
    out = {}
    node_weights(inputs, groups, {"a": 0.7}, out=out)
    assert out["heavy"] is heavy
    node_weights(inputs, groups, {"a": {**CONVERSION, "mode": 0.7}}, out=out)
    assert out["heavy"] is False


def test_a_run_not_drawn_again_is_inexact():
    """Scores a rebuilt design does not reproduce: the discrete member's are a stand-in."""
    risk = bernoulli(0.3)
    scn, x, manifest = draw({"a": CONVERSION, "r": risk}, [("a", "r", 0.4)], 2000, 11)
    inputs, groups, _ = page_inputs(scn, x, {**manifest, "seed_entropy": 12})
    assert not groups[0]["exact"]
    assert not node_weights(inputs, groups, {"a": 0.6})[1]
    assert node_weights(inputs, groups, {})[1]


def test_normal_functions_match_scipy():
    from scipy import special

    z = np.linspace(-37, 8, 2001)
    p = np.array([1e-300, 1e-30, 1e-8, 0.001, 0.02425, 0.3, 0.5, 0.9, 1 - 1e-9, 1 - 2**-53])
    u = np.linspace(0.0005, 0.9995, 999)
    js = f"""
const W = require({json.dumps(str(resources.files("simroi.report.live").joinpath("weights.js")))});
const z = {json.dumps(z.tolist())}, p = {json.dumps(p.tolist())}, u = {json.dumps(u.tolist())};
console.log(JSON.stringify([z.map(W.ndtr), p.map(W.ndtri), u.map((x) => W.betainc(4, 2, x))]));
"""
    r = subprocess.run([NODE, "-e", js], capture_output=True, text=True, check=True, timeout=60)
    nd, ni, bi = json.loads(r.stdout)
    ref = special.ndtr(z)
    tail = np.minimum(ref, 1 - ref)
    assert np.all(np.abs(np.array(nd) - ref) <= 1e-12 * tail + 1e-16)
    np.testing.assert_allclose(ni, special.ndtri(p), rtol=1e-12, atol=1e-13)
    np.testing.assert_allclose(bi, special.betainc(4, 2, u), rtol=0, atol=1e-14)

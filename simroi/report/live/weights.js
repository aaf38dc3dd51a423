"use strict";
// simroi live page: densities, distribution functions and the importance weights of changed
// inputs, correlated ones included (docs/reports.md, "Correlated inputs"). Pure functions on
// arrays: the page (live.js) calls them, and tests/report/test_live_weights.py runs them
// under node against simulations.
const SimroiWeights = (function () {
  const LN_SQRT_2PI = 0.9189385332046728;
  function lgamma(x) {
    const g = [676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
      12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
    if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lgamma(1 - x);
    x -= 1;
    let a = 0.99999999999980993;
    const t = x + 7.5;
    for (let i = 0; i < 8; i++) a += g[i] / (x + i + 1);
    return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
  }
  function density(f) {
    // f: family params {f, ...}; returns x -> density (0 outside the support)
    if (f.f === "uniform") return (x) => (x >= f.lo && x <= f.hi ? 1 / (f.hi - f.lo) : 0);
    if (f.f === "triangular")
      return (x) => {
        if (x < f.lo || x > f.hi) return 0;
        const w = f.hi - f.lo;
        return x < f.mode ? (2 * (x - f.lo)) / (w * (f.mode - f.lo)) : (2 * (f.hi - x)) / (w * (f.hi - f.mode));
      };
    if (f.f === "beta") {
      const w = f.hi - f.lo, lb = lgamma(f.a) + lgamma(f.b) - lgamma(f.a + f.b);
      return (x) => {
        const u = (x - f.lo) / w;
        if (u < 0 || u > 1) return 0;
        return Math.exp((f.a - 1) * Math.log(u) + (f.b - 1) * Math.log(1 - u) - lb) / w;
      };
    }
    if (f.f === "normal")
      return (x) => {
        if ((f.lo != null && x < f.lo) || (f.hi != null && x > f.hi)) return 0;
        const z = (x - f.mean) / f.sd;
        return Math.exp(-0.5 * z * z) / (f.sd * Math.sqrt(2 * Math.PI) * (f.mass || 1));
      };
    if (f.f === "lognormal")
      return (x) => {
        if (x <= 0) return 0;
        const z = (Math.log(x) - f.mu) / f.sigma;
        return Math.exp(-0.5 * z * z) / (x * f.sigma * Math.sqrt(2 * Math.PI));
      };
    throw new Error("family");
  }
  const Z95 = 1.6448536269514722, Z999 = 3.090232306167813;
  // a --set distribution (YAML flow map) -> family params
  function family(spec) {
    const d = spec.dist, num = (k) => Number(spec[k]);
    if (d === "uniform") return { f: "uniform", lo: num("low"), hi: num("high") };
    if (d === "triangular") return { f: "triangular", lo: num("min"), mode: num("mode"), hi: num("max") };
    if (d === "pert") {
      const lam = spec.lambda == null ? 4 : num("lambda"), lo = num("min"), hi = num("max"), m = num("mode");
      return { f: "beta", a: 1 + (lam * (m - lo)) / (hi - lo), b: 1 + (lam * (hi - m)) / (hi - lo), lo, hi, mode: m };
    }
    if (d === "normal" && spec.ci90) {
      const [a, b] = spec.ci90.map(Number);
      return { f: "normal", mean: (a + b) / 2, sd: (b - a) / (2 * Z95) };
    }
    if (d === "normal") return { f: "normal", mean: num("mean"), sd: num("sd") };
    if (d === "lognormal" && spec.ci90) {
      const [a, b] = spec.ci90.map(Number);
      return { f: "lognormal", mu: (Math.log(a) + Math.log(b)) / 2, sigma: (Math.log(b) - Math.log(a)) / (2 * Z95) };
    }
    return null;
  }
  function supportOf(f) {
    if (f.f === "normal") return [f.lo != null ? f.lo : f.mean - Z999 * f.sd, f.hi != null ? f.hi : f.mean + Z999 * f.sd];
    if (f.f === "lognormal") return [Math.exp(f.mu - Z999 * f.sigma), Math.exp(f.mu + Z999 * f.sigma)];
    return [f.lo, f.hi];
  }

  // ------------------------------------------------------------------ the normal law
  function upper(x) {
    // 1 - Phi(x) for x >= 3: phi(x) / (x + 1/(x + 2/(x + 3/(x + ...)))) (Laplace)
    let f = 0;
    for (let k = 80; k >= 1; k--) f = k / (x + f);
    return Math.exp(-0.5 * x * x - LN_SQRT_2PI) / (x + f);
  }
  function ndtr(x) {
    // Phi(x): Marsaglia's series inside [-3, 3] (absolute error ~1e-16), the tail outside
    if (x < -3) return upper(-x);
    if (x > 3) return 1 - upper(x);
    const x2 = x * x;
    let s = x, t = x;
    for (let i = 3; s + t !== s; i += 2) { t *= x2 / i; s += t; }
    return 0.5 + s * Math.exp(-0.5 * x2 - LN_SQRT_2PI);
  }
  const ACK = {
    a: [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239],
    b: [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1],
    c: [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783],
    d: [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416],
  };
  function ndtri(p) {
    // Phi^-1(p): Acklam's rational start (1e-9), one Halley step on ndtr; the lower tail for accuracy
    if (!(p > 0)) return -Infinity;
    if (!(p < 1)) return Infinity;
    if (p > 0.5) return -ndtri(1 - p);
    const { a, b, c, d } = ACK;
    let x;
    if (p < 0.02425) {
      const q = Math.sqrt(-2 * Math.log(p));
      x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    } else {
      const q = p - 0.5, r = q * q;
      x = ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
    }
    const e = ndtr(x) - p, u = e * Math.exp(0.5 * x * x + LN_SQRT_2PI);
    return x - u / (1 + 0.5 * x * u);
  }
  function betacf(a, b, x) {
    // continued fraction of the incomplete beta function (modified Lentz)
    const tiny = 1e-300, qab = a + b, qap = a + 1, qam = a - 1;
    let c = 1, d = 1 - (qab * x) / qap;
    if (Math.abs(d) < tiny) d = tiny;
    d = 1 / d;
    let h = d;
    for (let m = 1; m <= 500; m++) {
      const m2 = 2 * m;
      let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
      d = 1 + aa * d; if (Math.abs(d) < tiny) d = tiny;
      c = 1 + aa / c; if (Math.abs(c) < tiny) c = tiny;
      d = 1 / d; h *= d * c;
      aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
      d = 1 + aa * d; if (Math.abs(d) < tiny) d = tiny;
      c = 1 + aa / c; if (Math.abs(c) < tiny) c = tiny;
      d = 1 / d;
      const del = d * c;
      h *= del;
      if (Math.abs(del - 1) < 1e-15) break;
    }
    return h;
  }
  function betainc(a, b, x) {
    if (x <= 0) return 0;
    if (x >= 1) return 1;
    const front = Math.exp(lgamma(a + b) - lgamma(a) - lgamma(b) + a * Math.log(x) + b * Math.log(1 - x));
    return x < (a + 1) / (a + b + 2) ? (front * betacf(a, b, x)) / a : 1 - (front * betacf(b, a, 1 - x)) / b;
  }
  const U_LO = 1e-300, U_HI = 1 - 2 ** -53;
  function score(f) {
    // x -> its normal score Phi^-1(F(x)) under the family f (the copula's coordinate)
    const z = (u) => ndtri(Math.min(Math.max(u, U_LO), U_HI));
    if (f.f === "lognormal") return (x) => (x > 0 ? (Math.log(x) - f.mu) / f.sigma : -Infinity);
    if (f.f === "normal" && f.lo == null && f.hi == null) return (x) => (x - f.mean) / f.sd;
    if (f.f === "normal") {
      const below = f.lo == null ? 0 : ndtr((f.lo - f.mean) / f.sd);
      return (x) => z((ndtr((x - f.mean) / f.sd) - below) / (f.mass || 1));
    }
    if (f.f === "uniform") return (x) => z((x - f.lo) / (f.hi - f.lo));
    if (f.f === "triangular") {
      const w = f.hi - f.lo, c = (f.mode - f.lo) / w;
      return (x) => {
        const u = (x - f.lo) / w;
        return z(u <= c ? (c > 0 ? (u * u) / c : 0) : 1 - ((1 - u) * (1 - u)) / (1 - c));
      };
    }
    if (f.f === "beta") return (x) => z(betainc(f.a, f.b, (x - f.lo) / (f.hi - f.lo)));
    throw new Error("family");
  }

  // ------------------------------------------------------------------ the Gaussian copula
  function copula(R) {
    // log density of the Gaussian copula with Pearson matrix R at normal scores z:
    // -log|R|/2 - z'(R^-1 - I)z/2, as (A = R^-1 - I, half log|R|)
    const k = R.length, L = R.map((row) => row.map(() => 0));
    for (let i = 0; i < k; i++)
      for (let j = 0; j <= i; j++) {
        let s = R[i][j];
        for (let m = 0; m < j; m++) s -= L[i][m] * L[j][m];
        L[i][j] = i === j ? Math.sqrt(s) : s / L[j][j];
      }
    const inv = R.map((row) => row.map(() => 0));
    for (let col = 0; col < k; col++) {
      const y = new Array(k).fill(0);
      for (let i = 0; i < k; i++) {
        let s = i === col ? 1 : 0;
        for (let m = 0; m < i; m++) s -= L[i][m] * y[m];
        y[i] = s / L[i][i];
      }
      for (let i = k - 1; i >= 0; i--) {
        let s = y[i];
        for (let m = i + 1; m < k; m++) s -= L[m][i] * inv[m][col];
        inv[i][col] = s / L[i][i];
      }
    }
    let half = 0;
    for (let i = 0; i < k; i++) half += Math.log(L[i][i]);
    return { A: inv.map((row, i) => row.map((v, j) => v - (i === j ? 1 : 0))), half };
  }
  const sub = (R, rows, cols) => rows.map((a) => cols.map((b) => R[a][b]));
  const inverse = (R) => copula(R).A.map((row, i) => row.map((v, j) => v + (i === j ? 1 : 0)));
  function definite(M) {
    // whether the symmetric M is positive definite (its Cholesky factor exists)
    const k = M.length, L = M.map((row) => row.map(() => 0));
    for (let i = 0; i < k; i++)
      for (let j = 0; j <= i; j++) {
        let s = M[i][j];
        for (let m = 0; m < j; m++) s -= L[i][m] * L[j][m];
        if (i === j && !(s > 1e-12)) return false;
        L[i][j] = i === j ? Math.sqrt(s) : s / L[j][j];
      }
    return true;
  }
  function unbounded(R, pinned, kept) {
    // Pinning draws the kept members from their law given the pinned ones, N(., C) with
    // C = R_SS - R_SP R_PP^-1 R_PS, and weighs them to N(0, R_SS): the weights' variance is
    // finite only if 2 R_SS^-1 - C^-1 is positive definite (for a pair: Pearson r^2 < 1/2)
    if (!pinned.length || !kept.length) return false;
    const SP = sub(R, kept, pinned), PP = inverse(sub(R, pinned, pinned)), SS = sub(R, kept, kept);
    const C = SS.map((row, a) => row.map((v, b) => {
      let t = 0;
      for (let i = 0; i < pinned.length; i++) for (let j = 0; j < pinned.length; j++) t += SP[a][i] * PP[i][j] * SP[b][j];
      return v - t;
    }));
    const A = inverse(SS), B = inverse(C);
    return !definite(A.map((row, a) => row.map((v, b) => 2 * v - B[a][b])));
  }
  function logc(cop, z, i) {
    // z: the members' score arrays; the log copula density of draw i
    const A = cop.A, k = A.length;
    let q = 0;
    for (let a = 0; a < k; a++) {
      const za = z[a][i];
      q += A[a][a] * za * za;
      for (let b = a + 1; b < k; b++) q += 2 * A[a][b] * za * z[b][i];
    }
    return -cop.half - 0.5 * q;
  }

  // ------------------------------------------------------------------ weights
  // inputs: [{path, kind, family | probs, x: Float64Array, z: Float64Array (discrete members
  // of a correlated group: their copula scores)}]; groups: [{members, pearson, exact}];
  // state: path (or risks.<name>.probability) -> number (pinned) or --set map (moved).
  function changes(inputs, state) {
    const byPath = Object.fromEntries(inputs.map((i) => [i.path, i])), out = {};
    for (const [path, value] of Object.entries(state)) {
      const risk = path.match(/^(risks\.[^.]+)\.probability$/), inp = byPath[risk ? risk[1] : path];
      if (!inp) continue;
      if (inp.kind === "bernoulli") out[inp.path] = { inp, pin: value === 0 || value === 1, value };
      else out[inp.path] = { inp, pin: typeof value === "number", value, fam: typeof value === "number" ? null : family(value) };
    }
    return out;
  }
  function marginal(c, bandwidth) {
    // draw i -> new density / old density of this input alone (a pin: kernel / old density)
    const inp = c.inp, x = inp.x, value = c.value;
    if (inp.kind === "bernoulli") {
      const p = inp.probs[1];
      return (i) => (x[i] === 1 ? value / p : (1 - value) / (1 - p));
    }
    if (inp.kind === "discrete") {
      const k = inp.values.indexOf(value);
      return (i) => (x[i] === k ? 1 / inp.probs[k] : 0);
    }
    const old = density(inp.family);
    if (c.pin) {
      const h = bandwidth * (inp.hi - inp.lo);
      return (i) => {
        const u = (x[i] - value) / h;
        return Math.abs(u) < 1 ? (1 - u * u) / old(x[i]) : 0;
      };
    }
    const nu = density(c.fam);
    return (i) => nu(x[i]) / old(x[i]);
  }
  const scored = new WeakMap();
  function scores(inp) {
    // the stored draws' normal scores: a discrete member's are stored, a continuous one's
    // follow from its value (the sampler's x = F^-1(Phi(z)), inverted)
    if (inp.z) return inp.z;
    if (!scored.has(inp)) scored.set(inp, Float64Array.from(inp.x, score(inp.family)));
    return scored.get(inp);
  }
  const movedCache = new WeakMap(); // per input, its last few new laws' scores
  function moved(c) {
    if (!movedCache.has(c.inp)) movedCache.set(c.inp, new Map());
    const cache = movedCache.get(c.inp), key = JSON.stringify(c.value);
    if (!cache.has(key)) {
      if (cache.size > 8) cache.clear();
      cache.set(key, movedScores(c));
    }
    return cache.get(key);
  }
  function movedScores(c) {
    // the scores of the draws under the input's new law, values kept
    const inp = c.inp;
    if (inp.kind !== "bernoulli") return Float64Array.from(inp.x, score(c.fam));
    // a risk event's score moves inside its value's step: [0, 1-p) -> [0, 1-p'), [1-p, 1] -> [1-p', 1]
    const p = inp.probs[1], q = c.value, z = scores(inp), x = inp.x, out = new Float64Array(x.length);
    for (let i = 0; i < x.length; i++)
      out[i] = x[i] === 1 ? -ndtri(Math.min(ndtr(-z[i]) * (q / p), 1)) : ndtri(Math.min(ndtr(z[i]) * ((1 - q) / (1 - p)), 1));
    return out;
  }
  const stored = new WeakMap(); // group -> log c_R(z) of every stored draw
  function weights(inputs, groups, state, bandwidth) {
    // {w: Float64Array (null: nothing reweighted), exact: false when a group's scores are not
    // the sampler's own, heavy: a pin whose weights have unbounded variance (ESS unreliable)}
    const all = changes(inputs, state), n = inputs.length ? inputs[0].x.length : 0;
    const list = Object.values(all);
    if (!list.length) return { w: null, exact: true, heavy: false };
    const w = new Float64Array(n).fill(1);
    for (const c of list) {
      const g = marginal(c, bandwidth);
      for (let i = 0; i < n; i++) if (w[i] !== 0) w[i] *= g(i);
    }
    let exact = true, heavy = false;
    const byPath = Object.fromEntries(inputs.map((i) => [i.path, i]));
    for (const group of groups) {
      if (!group.members.some((p) => p in all)) continue;
      exact = exact && group.exact;
      const kept = group.members.map((p, j) => j).filter((j) => !(all[group.members[j]] || {}).pin);
      const pinned = group.members.map((p, j) => j).filter((j) => (all[group.members[j]] || {}).pin);
      heavy = heavy || unbounded(group.pearson, pinned, kept);
      const before = group.members.map((p) => scores(byPath[p]));
      const after = kept.map((j) => (all[group.members[j]] ? moved(all[group.members[j]]) : before[j]));
      if (!stored.has(group)) {
        const full = copula(group.pearson), logs = new Float64Array(n);
        for (let i = 0; i < n; i++) logs[i] = logc(full, before, i);
        stored.set(group, logs);
      }
      const old = stored.get(group);
      const part = kept.length > 1 ? copula(kept.map((a) => kept.map((b) => group.pearson[a][b]))) : null;
      for (let i = 0; i < n; i++) if (w[i] !== 0) w[i] *= Math.exp((part ? logc(part, after, i) : 0) - old[i]);
    }
    return { w, exact, heavy };
  }
  return { density, family, supportOf, ndtr, ndtri, betainc, score, copula, weights };
})();
if (typeof module === "object" && module.exports) module.exports = SimroiWeights;

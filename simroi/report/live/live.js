"use strict";
// simroi live what-if page: recomputes a run's answers from its stored draws (no library,
// no network). Levers (plain cost numbers) are exact; changed distributions reweigh the
// draws (importance weights, effective sample size shown); see docs/reports.md.
(async function () {
  const P = JSON.parse(document.getElementById("live-payload").textContent);
  const W = JSON.parse(document.getElementById("live-words").textContent);
  const LANG = document.documentElement.lang;
  const root = document.documentElement;
  const n = P.n, H = P.horizon, NEVER = H + 1;

  function bytes(b64) {
    const s = atob(b64), out = new Uint8Array(s.length);
    for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
    return out;
  }
  // every array: little-endian values, bytes grouped by significance, deflated, base64
  const strings = [];
  const ARRAYS = new Set(["tb", "tc", "npv", "pb", "f8", "rows", "start", "length", "last", "low", "span", "cash", "q16", "codes"]);
  (function walk(o) {
    for (const [k, v] of Object.entries(o)) {
      if (typeof v === "string" && v && ARRAYS.has(k)) strings.push(v);
      else if (v && typeof v === "object") walk(v);
    }
  })(P);
  const inflated = new Map();
  await Promise.all(strings.map(async (b64) => {
    const stream = new Blob([bytes(b64)]).stream().pipeThrough(new DecompressionStream("deflate"));
    inflated.set(b64, new Uint8Array(await new Response(stream).arrayBuffer()));
  }));
  const TYPES = { f8: Float64Array, f4: Float32Array, u4: Uint32Array, u2: Uint16Array, u1: Uint8Array };
  function arr(b64, t) {
    const T = TYPES[t], size = T.BYTES_PER_ELEMENT;
    if (!b64) return new T(0);
    const g = inflated.get(b64), m = g.length / size, out = new Uint8Array(g.length);
    for (let k = 0; k < size; k++) for (let i = 0; i < m; i++) out[i * size + k] = g[k * m + i];
    return new T(out.buffer);
  }
  const col = (c) => ("const" in c ? c.const : arr(c.f8, "f8"));
  const at = (c, i) => (typeof c === "number" ? c : c[i]);

  const TB = arr(P.tb, "f8"), TC = arr(P.tc, "f8"), NPV = arr(P.npv, "f8"), PB = arr(P.pb, "u1");
  const LEV = P.levers.map((l) => ({ ...l, tc: col(l.tc), npv: col(l.npv), cost: col(l.cost) }));
  const WIN = ["rows", "start", "length", "last", "low", "span", "cash"].reduce((o, k) => {
    o[k] = arr(P.windows[k], { rows: "u4", low: "f4", span: "f4", cash: "u2" }[k] || "u1");
    return o;
  }, {});
  const WOFF = new Uint32Array(WIN.rows.length + 1);
  for (let j = 0; j < WIN.rows.length; j++) {
    WOFF[j + 1] = WOFF[j] + WIN.length[j];
    for (let o = WOFF[j] + 1; o < WOFF[j + 1]; o++) WIN.cash[o] = (WIN.cash[o - 1] + WIN.cash[o]) & 0xffff;
  }
  const INPUTS = P.inputs.map((inp) => {
    const x = new Float64Array(n);
    if (inp.codes) {
      const c = arr(inp.codes, "u1");
      for (let i = 0; i < n; i++) x[i] = c[i];
    } else {
      const q = arr(inp.q16, "u2"), span = inp.hi - inp.lo;
      for (let i = 0; i < n; i++) x[i] = inp.lo + (q[i] / 65535) * span;
    }
    if (inp.z) {
      const q = arr(inp.z.q16, "u2"), z = new Float64Array(n), span = inp.z.hi - inp.z.lo;
      for (let i = 0; i < n; i++) z[i] = inp.z.lo + (q[i] / 65535) * span;
      return { ...inp, x, z };
    }
    return { ...inp, x };
  });
  const byPath = Object.fromEntries(INPUTS.map((i) => [i.path, i]));
  const leverOf = {};
  LEV.forEach((l) => l.paths.forEach((p, k) => (leverOf[p] = [l, k])));

  // densities, --set ranges, weights: weights.js (inlined before this script)
  const { density, family, supportOf } = SimroiWeights;
  const GROUPS = P.groups.filter((g) => !g.singular);
  const tied = {}; // a member of a singular group (rho = ±1): no density to reweigh with
  P.groups.forEach((g) => g.singular && g.members.forEach((m) => (tied[m] = g.members.filter((o) => o !== m))));

  // ------------------------------------------------------------------ settings
  // state: path -> value as parsed from --set syntax (number, or object for a distribution)
  let state = {};
  function refuse(path, why) {
    return { path, why };
  }
  function checkSet(path, value) {
    // returns null when fine, else {path, why}
    if (leverOf[path]) {
      const [l, k] = leverOf[path], b = l.base[k];
      if (typeof value !== "number" || !isFinite(value)) return refuse(path, W.need_number);
      if (value < P.lever_min * b - 1e-12 || value > P.lever_max * b + 1e-12)
        return refuse(path, fill(W.lever_range, { lo: fmt(P.lever_min * b), hi: fmt(P.lever_max * b) }));
      return null;
    }
    const risk = path.match(/^(risks\.[^.]+)\.probability$/);
    const inp = byPath[risk ? risk[1] : path];
    if (!inp || (risk && inp.kind !== "bernoulli")) return refuse(path, W.unknown_path);
    if (tied[inp.path]) return refuse(path, fill(W.correlated, { others: tied[inp.path].join(", ") }));
    if (inp.kind === "bernoulli") {
      if (!risk || typeof value !== "number" || value < 0 || value > 1) return refuse(path, W.need_probability);
      return null;
    }
    if (typeof value === "number") {
      if (inp.kind === "discrete" && !inp.values.includes(value)) return refuse(path, fill(W.pin_values, { values: inp.values.join(", ") }));
      if (value < inp.lo || value > inp.hi) return refuse(path, fill(W.outside, { lo: fmt(inp.lo), hi: fmt(inp.hi) }));
      return null;
    }
    if (inp.kind === "discrete") return refuse(path, W.pin_only);
    const f = value && family(value, inp);
    if (!f) return refuse(path, W.bad_dist);
    const [lo, hi] = supportOf(f);
    const [slo, shi] = [inp.support[0] == null ? inp.lo : inp.support[0], inp.support[1] == null ? inp.hi : inp.support[1]];
    if (!(lo >= slo - 1e-12 * Math.abs(slo) && hi <= shi + 1e-12 * Math.abs(shi)) || !(hi > lo))
      return refuse(path, fill(W.outside, { lo: fmt(slo), hi: fmt(shi) }));
    return null;
  }

  // ------------------------------------------------------------------ compute
  function weights() {
    // importance weights of the changed inputs (a correlated one: its group's copula too)
    return SimroiWeights.weights(INPUTS, GROUPS, state, P.pin_bandwidth);
  }
  function compute() {
    const dv = LEV.map((l) => {
      const v = l.paths.map((p, k) => (p in state ? state[p] : l.base[k]));
      return v.reduce((a, b) => a * b, 1) - l.base.reduce((a, b) => a * b, 1);
    });
    const roi = new Float64Array(n), npv = new Float64Array(n), pb = new Uint8Array(PB);
    for (let i = 0; i < n; i++) {
      let tc = TC[i], nv = NPV[i];
      for (let k = 0; k < LEV.length; k++) if (dv[k] !== 0) {
        tc += dv[k] * at(LEV[k].tc, i);
        nv += dv[k] * at(LEV[k].npv, i);
      }
      roi[i] = (TB[i] - tc) / tc;
      npv[i] = nv;
    }
    if (dv.some((d) => d !== 0)) {
      for (let j = 0; j < WIN.rows.length; j++) {
        const i = WIN.rows[j], s = WIN.start[j];
        let found = WIN.last[j];
        for (let t = s, o = WOFF[j]; o < WOFF[j + 1]; t++, o++) {
          let F = WIN.low[j] + (WIN.cash[o] / 65535) * WIN.span[j];
          for (let k = 0; k < LEV.length; k++) if (dv[k] !== 0) F -= dv[k] * at(LEV[k].cost, i) * LEV[k].share[t];
          if (F >= 0) { found = t; break; }
        }
        pb[i] = found;
      }
    }
    const { w, exact, heavy } = weights();
    let sw = n, sw2 = n;
    if (w) {
      sw = 0; sw2 = 0;
      for (let i = 0; i < n; i++) { sw += w[i]; sw2 += w[i] * w[i]; }
    }
    const ess = w ? (sw > 0 ? (sw * sw) / sw2 : 0) : n;
    const wt = (i) => (w ? w[i] : 1);
    let roiPos = 0, loss = 0;
    const within = new Float64Array(NEVER + 1);
    for (let i = 0; i < n; i++) {
      const v = wt(i);
      if (roi[i] > 0) roiPos += v;
      if (npv[i] < 0) loss += v;
      within[pb[i]] += v;
    }
    for (let m = 1; m <= NEVER; m++) within[m] += within[m - 1];
    const sums = sw > 0 ? sw : 1, clip = (x) => Math.min(1, Math.max(0, x));
    return {
      ess, weighted: !!w, exact, heavy, n,
      prob_roi_positive: clip(roiPos / sums),
      prob_loss: clip(loss / sums),
      roi: quantiles(roi, w, [0.1, 0.5, 0.9], "roi" + dv),
      npv: quantiles(npv, w, [0.1, 0.5, 0.9], "npv" + dv),
      within: Array.from(within.slice(0, H + 1), (c) => clip(c / sums)),
      roiValues: roi, w,
    };
  }
  // numpy's default (linear) percentile; with weights, the same rule on cumulative weights
  const orders = {};
  function cached(key, make) {
    // sorted values / orders, kept per lever setting (reweighting changes weights, not values)
    if (!(key in orders)) {
      if (Object.keys(orders).length > 16) for (const k in orders) delete orders[k];
      orders[key] = make();
    }
    return orders[key];
  }
  function quantiles(values, w, qs, key) {
    if (!w) {
      const sorted = cached(key, () => Float64Array.from(values).sort());
      return qs.map((q) => {
        const h = (n - 1) * q, lo = Math.floor(h), f = h - lo;
        const a = sorted[lo], b = sorted[Math.min(lo + 1, n - 1)];
        return f === 0 ? a : a + (b - a) * f;
      });
    }
    const order = cached(key + "order", () => {
      const o = new Uint32Array(n);
      for (let i = 0; i < n; i++) o[i] = i;
      return o.sort((a, b) => values[a] - values[b]);
    });
    const kept = Array.prototype.filter.call(order, (i) => w[i] > 0);
    const m = kept.length, pos = new Float64Array(m);
    let c = 0;
    for (let j = 0; j < m; j++) { pos[j] = c; c += w[kept[j]]; }
    const total = c - w[kept[m - 1]];
    return qs.map((q) => {
      if (m === 0) return NaN;
      const target = q * total;
      let j = 0;
      while (j < m - 1 && pos[j + 1] <= target) j++;
      if (j === m - 1) return values[kept[j]];
      const f = (target - pos[j]) / (pos[j + 1] - pos[j]);
      return values[kept[j]] + (values[kept[j + 1]] - values[kept[j]]) * f;
    });
  }

  // ------------------------------------------------------------------ text
  function fill(s, f) { return s.replace(/\{(\w+)\}/g, (_, k) => (k in f ? f[k] : "{" + k + "}")); }
  function fmt(x) { return Number(x.toPrecision(6)).toLocaleString("en-US", { maximumFractionDigits: 6 }); }
  function pct(p, se) {
    const d = se > 0 && se < 0.0005 ? 1 : 0;
    return (100 * p).toFixed(d) + " %";
  }
  // A probability of exactly 0 or 1 is written as its bound out of n (simroi's prob_bound:
  // "> 99.9 %" at n = 1,000), never as a certainty with "± 0.0".
  function bound(p, n) {
    const step = 100 / n, d = Math.max(0, Math.ceil(-Math.log10(step))), s = 10 ** d;
    return p <= 0 ? "< " + (Math.ceil(step * s - 1e-9) / s).toFixed(d) + " %"
      : "> " + (Math.floor((100 - step) * s + 1e-9) / s).toFixed(d) + " %";
  }
  function prob(p, ess, plusMinus) {
    if (p <= 0 || p >= 1) return bound(p, Math.max(1, Math.round(ess)));
    const se = Math.sqrt((p * (1 - p)) / Math.max(ess, 1));
    let text = pct(p, se);
    for (let d = 1; d < 6 && !(parseFloat(text) > 0 && parseFloat(text) < 100); d++) {
      text = (100 * p).toFixed(d) + " %";  // strictly between 0 and 1: never "100 %" or "0 %"
    }
    return text + (plusMinus ? " ± " + (100 * se).toFixed(1) : "");
  }
  function money(x) {
    const a = Math.abs(x), cur = P.currency ? P.currency + " " : "";
    if (LANG === "zh") {
      if (a >= 1e8) return cur + (x / 1e8).toFixed(2) + " 亿";
      if (a >= 1e4) return cur + (x / 1e4).toFixed(1) + " 万";
      return cur + Math.round(x).toLocaleString("en-US");
    }
    if (a >= 1e6) return cur + (x / 1e6).toFixed(2) + "M";
    if (a >= 1e3) return cur + (x / 1e3).toFixed(0) + "k";
    return cur + Math.round(x).toLocaleString("en-US");
  }
  function yamlValue(v) {
    if (typeof v === "number") return String(v);
    return "{" + Object.entries(v).map(([k, x]) => k + ": " + (Array.isArray(x) ? "[" + x.join(", ") + "]" : x)).join(", ") + "}";
  }
  function parseYaml(s) {
    s = s.trim();
    if (/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(s)) return Number(s);
    const m = s.match(/^\{(.*)\}$/);
    if (!m) return undefined;
    const out = {};
    for (const part of m[1].match(/[^,\[\]]+(\[[^\]]*\])?[^,]*/g) || []) {
      const kv = part.match(/^\s*([\w]+)\s*:\s*(.*?)\s*$/);
      if (!kv) return undefined;
      const v = kv[2];
      out[kv[1]] = v.startsWith("[") ? v.slice(1, -1).split(",").map((t) => Number(t.trim())) : isNaN(Number(v)) ? v : Number(v);
    }
    return out;
  }
  function command() {
    const sets = Object.entries(state).map(([p, v]) => " --set '" + p + "=" + yamlValue(v) + "'");
    return "simroi run " + P.config + " --seed " + P.seed + " -n " + n + sets.join("");
  }

  // ------------------------------------------------------------------ drawing
  const $ = (id) => document.getElementById(id);
  function setFig(id, value, text) {
    const el = $(id);
    el.dataset.value = String(value);
    el.textContent = text;
  }
  function svgBars(r) {
    const vals = r.roiValues, w = r.w, lo = r.roi[0] - 1.2 * (r.roi[1] - r.roi[0]), hi = r.roi[2] + 1.2 * (r.roi[2] - r.roi[1]);
    const B = 40, counts = new Float64Array(B), width = (hi - lo) / B || 1;
    for (let i = 0; i < n; i++) {
      const b = Math.floor((vals[i] - lo) / width);
      if (b >= 0 && b < B) counts[b] += w ? w[i] : 1;
    }
    const top = Math.max(...counts) || 1, X = (v) => 40 + ((v - lo) / (hi - lo)) * 540;
    let s = "";
    for (let b = 0; b < B; b++) {
      const h = (counts[b] / top) * 150, x0 = lo + b * width;
      s += `<rect x="${X(x0).toFixed(1)}" y="${(170 - h).toFixed(1)}" width="${(540 / B - 1).toFixed(1)}" height="${h.toFixed(1)}" class="${x0 + width <= 0 ? "neg" : "pos"}"/>`;
    }
    if (lo < 0 && hi > 0) s += `<line x1="${X(0)}" x2="${X(0)}" y1="15" y2="172" class="zero"/>`;
    s += `<text x="40" y="190">${pct(lo, 0)}</text><text x="580" y="190" text-anchor="end">${pct(hi, 0)}</text>`;
    $("histogram").innerHTML = s;
  }
  function svgCurve(r) {
    const X = (m) => 40 + (m / H) * 540, Y = (p) => 170 - p * 150;
    let d = `M${X(0)},${Y(r.within[0])}`;
    for (let m = 1; m <= H; m++) d += `H${X(m)}V${Y(r.within[m])}`;
    let s = `<path d="${d}" class="curve"/>`;
    for (const p of [0, 0.5, 1]) s += `<text x="34" y="${Y(p) + 4}" text-anchor="end">${p * 100} %</text>`;
    for (const m of P.payback_months) s += `<text x="${X(m)}" y="190" text-anchor="middle">${m}</text>`;
    $("curve").innerHTML = s;
  }
  function render() {
    const problems = Object.entries(state).map(([p, v]) => checkSet(p, v)).filter(Boolean);
    const err = $("problems");
    err.innerHTML = "";
    for (const pr of problems) {
      const li = document.createElement("li");
      li.textContent = pr.path + ": " + pr.why;
      err.appendChild(li);
    }
    if (problems.length) {
      root.dataset.status = "refused";
      $("status").textContent = W.status_refused;
      $("headline").textContent = "";
      $("command").textContent = fill(W.rerun, { command: command() });
      return;
    }
    const t0 = performance.now();
    const r = compute();
    const se = (p) => Math.sqrt((p * (1 - p)) / Math.max(r.ess, 1));
    const sure = r.ess >= P.ess_min && r.exact && !r.heavy;
    const status = !r.weighted ? "exact" : sure ? "reweighted" : "approximate";
    root.dataset.status = status;
    root.dataset.ess = String(Math.round(r.ess));
    const why = status !== "approximate" ? status : !r.exact ? "inexact" : r.heavy ? "heavy" : status;
    const words = W["status_" + why];
    $("status").textContent = fill(words, { ess: Math.round(r.ess).toLocaleString("en-US"), n: n.toLocaleString("en-US"), min: P.ess_min.toLocaleString("en-US") });
    $("command").textContent = status === "exact" ? "" : fill(W.rerun, { command: command() });
    setFig("p-roi", r.prob_roi_positive, prob(r.prob_roi_positive, r.ess, true));
    setFig("p-loss", r.prob_loss, prob(r.prob_loss, r.ess, true));
    ["p10", "p50", "p90"].forEach((q, k) => {
      setFig("roi-" + q, r.roi[k], pct(r.roi[k], 0));
      setFig("npv-" + q, r.npv[k], money(r.npv[k]));
    });
    for (const m of P.payback_months) setFig("pb-" + m, r.within[m], prob(r.within[m], r.ess, false));
    const months = H >= 24 ? 24 : H, p = r.within[months];
    // "every one of the n futures" is a count of the run's own; reweighted, it is an estimate
    const key = p <= 0.005 ? "headline_no_payback" : p >= 1 && !r.weighted ? "headline_all" : "headline_payback";
    const pText = prob(p, r.ess, false);  // at 0 or 1 a bound, whose error says nothing more
    const seText = p > 0 && p < 1 ? "±" + (100 * se(p)).toFixed(1) + " %" : "ESS " + Math.round(r.ess).toLocaleString("en-US");
    $("headline").textContent = fill(W[key], { a: /^(8|11|18)/.test(pText) ? "an" : "a", p: pText, se: seText, months, roi: pct(r.roi[1], 0), n: n.toLocaleString("en-US"), bound: (100 * (1 - 1 / n)).toFixed(3) + " %" });
    svgBars(r);
    svgCurve(r);
    root.dataset.ms = (performance.now() - t0).toFixed(2);
  }

  // ------------------------------------------------------------------ controls and URL
  function readHash() {
    state = {};
    for (const part of location.hash.replace(/^#/, "").split("&")) {
      if (!part.startsWith("set=")) continue;
      const text = decodeURIComponent(part.slice(4).replace(/\+/g, " ")), eq = text.indexOf("=");
      if (eq < 0) continue;
      const v = parseYaml(text.slice(eq + 1));
      state[text.slice(0, eq)] = v === undefined ? text.slice(eq + 1) : v;
    }
  }
  function writeHash() {
    const h = Object.entries(state).map(([p, v]) => "set=" + encodeURIComponent(p + "=" + yamlValue(v))).join("&");
    history.replaceState(null, "", h ? "#" + h : location.pathname + location.search);
  }
  function apply(sets) {
    state = sets;
    writeHash();
    syncControls();
    render();
  }
  function syncControls() {
    document.querySelectorAll("[data-path]").forEach((el) => {
      const p = el.dataset.path, v = state[p];
      if (el.dataset.role === "value") el.value = typeof v === "number" ? v : "";
      if (el.dataset.role === "dist") el.value = v && typeof v === "object" ? yamlValue(v) : "";
    });
  }
  function controls() {
    const tbody = $("controls");
    const row = (label, unit, path, placeholder, dist) => {
      const tr = document.createElement("tr");
      tr.innerHTML = `<td>${label}</td><td class="unit">${unit}</td><td><input data-path="${path}" data-role="value" type="number" step="any" placeholder="${placeholder}"></td><td>${dist ? `<input data-path="${path}" data-role="dist" class="dist" placeholder="${dist.replace(/"/g, "&quot;")}">` : ""}</td>`;
      tbody.appendChild(tr);
    };
    const unitText = (u) => (u === "money" ? P.currency : W["unit_" + (u || "plain")] || "");
    LEV.forEach((l) => l.paths.forEach((p, k) => row(l.labels[LANG][k], unitText(l.units[k]), p, fmt(l.base[k]), null)));
    INPUTS.forEach((inp) => {
      const label = inp.labels[LANG] + (inp.correlated.length ? " *" : "");
      if (inp.kind === "bernoulli") row(label + " — " + W.probability, W.unit_percent, inp.path + ".probability", fmt(inp.probs[1]), null);
      else row(label, unitText(inp.unit), inp.path, fmt(inp.lo) + " … " + fmt(inp.hi), inp.kind === "discrete" ? null : yamlValue(inp.spec));
    });
    tbody.addEventListener("change", (e) => {
      const el = e.target, p = el.dataset.path, next = { ...state };
      if (el.value === "") delete next[p];
      else {
        const v = parseYaml(el.value);
        next[p] = v === undefined ? el.value : v;
      }
      apply(next);
    });
    $("reset").addEventListener("click", () => apply({}));
  }
  window.simroiLive = { apply, state: () => ({ ...state }), render };
  controls();
  readHash();
  syncControls();
  render();
  window.addEventListener("hashchange", () => { readHash(); syncControls(); render(); });
  root.dataset.opened = performance.now().toFixed(1); // ms since navigation: parse + first answers
  if (/(^|&)bench=1/.test(location.search.slice(1))) setTimeout(bench, 0);
  function bench() {
    // bench/bench_live.py: ms per change, by kind (a lever, a risk event, a pinned input, a
    // correlated input pinned and given a new range)
    const risk = INPUTS.find((i) => i.kind === "bernoulli" && !i.correlated.length);
    const cont = INPUTS.find((i) => i.q16 && !i.correlated.length);
    const tie = INPUTS.find((i) => i.q16 && i.correlated.length && !tied[i.path]);
    const point = (i, k) => i.lo + ((k + 1) / 12) * (i.hi - i.lo);
    const kinds = {
      lever: (k) => (LEV.length ? { [LEV[0].paths[0]]: LEV[0].base[0] * (1.1 + 0.05 * k) } : {}),
      risk: (k) => (risk ? { [risk.path + ".probability"]: 0.05 * (k % 5) } : {}),
      pin: (k) => (cont ? { [cont.path]: point(cont, k) } : {}),
      tied_pin: (k) => (tie ? { [tie.path]: point(tie, k) } : {}),
      tied_range: (k) => (tie ? { [tie.path]: { dist: "triangular", min: tie.lo, mode: point(tie, k), max: tie.hi } } : {}),
    };
    const out = {};
    for (const [kind, make] of Object.entries(kinds)) {
      const times = [];
      for (let k = 0; k < 10; k++) {
        const t0 = performance.now();
        apply(make(k));
        times.push(performance.now() - t0);
      }
      out[kind] = times;
    }
    apply({});
    root.dataset.bench = JSON.stringify(out);
  }
})();

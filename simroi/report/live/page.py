"""The live what-if page: the payload and its words laid out as one self-contained HTML file.

Nothing is fetched: the data (:func:`~simroi.report.live.payload.build_payload`), the
words of the report language (:mod:`simroi.report.text.i18n`), live.css, weights.js
and live.js are inlined, so the page opens from ``file://`` and from an e-mail attachment alike.
"""

from __future__ import annotations

import json
from html import escape
from importlib import resources
from typing import TYPE_CHECKING

from simroi.report.text.i18n import MESSAGES, pick, text

if TYPE_CHECKING:
    from simroi.runs.readback import RunFolder

__all__ = ["render_live"]

_WORDS = ("headline_payback", "headline_all", "headline_no_payback")


def _script_json(data: object) -> str:
    """JSON that cannot end its <script> element early."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")


def render_live(folder: RunFolder, lang: str) -> str:
    """live.html of the run folder ``folder`` in ``lang``."""
    from simroi.report.live.payload import build_payload

    payload = build_payload(folder)
    # the templates as they are: the page fills their {fields} ({{ }} is a brace)
    raw = {k: pick(MESSAGES[k], lang).replace("{{", "{").replace("}}", "}") for k in MESSAGES}
    words = {k[len("live_") :]: v for k, v in raw.items() if k.startswith("live_")}
    words.update({k: raw[k] for k in _WORDS})
    t = lambda key, **f: escape(text(key, lang, **f))  # noqa: E731
    here = resources.files("simroi.report.live")
    figures = [
        ("p-roi", "prob_roi_positive", t("prob_roi_positive")),
        ("p-loss", "prob_loss", t("live_loss")),
    ]
    for metric in ("roi", "npv"):
        for q in ("p10", "p50", "p90"):
            label = f"{t('metric_' + metric)} {t(q)}"
            figures.append((f"{metric}-{q}", f"metrics.{metric}.{q}", label))
    for m in payload["payback_months"]:
        figures.append((f"pb-{m}", f"payback.prob_within_months.{m}", t("live_pb_within", m=m)))
    rows = "\n".join(
        f'<tr><th>{label}</th><td id="{id_}" data-metric="{metric}" data-value=""></td></tr>'
        for id_, metric, label in figures
    )
    name = escape(str((folder.summary or {}).get("scenario", "")))
    return f"""<!DOCTYPE html>
<html lang="{lang}" data-status="exact" data-ess="{payload['n']}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{t("live_title", name=name)}</title>
<style>{here.joinpath("live.css").read_text(encoding="utf-8")}</style></head>
<body>
<header><h1>{t("live_title", name=name)}</h1>
<p class="intro">{t("live_intro", n=f"{payload['n']:,}")}</p></header>
<p id="headline" class="headline" data-metric="headline"></p>
<p id="status" class="status"></p>
<ul id="problems" class="problems"></ul>
<pre id="command" class="command"></pre>
<main>
<section class="controls"><h2>{t("live_controls")}</h2>
<table><thead><tr><th></th><th></th>
<th>{t("live_value")}</th><th>{t("live_range", flag="--set")}</th></tr></thead>
<tbody id="controls"></tbody></table>
<p class="note">{t("live_correlated_note", command="simroi run --set")}</p>
<p><button id="reset" type="button">{t("live_reset")}</button>
<span class="note">{t("live_link")}</span></p>
</section>
<section class="answers"><h2>{t("live_answers")}</h2>
<table class="figures">{rows}</table>
<h3>{t("live_histogram")}</h3><svg id="histogram" viewBox="0 0 600 200" role="img"></svg>
<h3>{t("live_curve")}</h3><svg id="curve" viewBox="0 0 600 200" role="img"></svg>
</section>
</main>
<script type="application/json" id="live-payload">{_script_json(payload)}</script>
<script type="application/json" id="live-words">{_script_json(words)}</script>
<script>{here.joinpath("weights.js").read_text(encoding="utf-8")}</script>
<script>{here.joinpath("live.js").read_text(encoding="utf-8")}</script>
</body></html>
"""

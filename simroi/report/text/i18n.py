"""Every word simroi's reports print, in English and Chinese, from one catalogue.

``text(key, lang, **fields)`` looks a message up and fills its ``{fields}``. The
language of a report is ``--lang`` if given, else ``scenario.language``, else
English (:func:`resolve_language`). What inputs, streams and results are called is
:mod:`simroi.report.text.labels`.
"""

from __future__ import annotations

from simroi.errors import SimroiError
from simroi.report.text import i18n_commands, i18n_data, i18n_decisions, i18n_documents, i18n_live

#: The parts of the catalogue kept in modules of their own, by what they word.
PARTS = (i18n_commands, i18n_data, i18n_decisions, i18n_documents, i18n_live)

__all__ = [
    "LANGUAGES",
    "MESSAGES",
    "article",
    "count_text",
    "months_text",
    "pick",
    "resolve_language",
    "text",
]

LANGUAGES = ("en", "zh")

# key: (English, Chinese)
MESSAGES: dict[str, tuple[str, str]] = {
    # the headline and the CFO page
    "headline_payback": (
        "There is {a} {p} chance ({se}) that the CRM pays for itself within {months} months; "
        "the median ROI is {roi}.",
        "CRM 在 {months} 个月内收回投资的概率为 {p}（{se}）；投资回报率（ROI）中位数为 {roi}。",
    ),
    "headline_all": (
        "In every one of the {n} simulated futures the CRM pays for itself within {months} "
        "months (a chance above {bound}); the median ROI is {roi}.",
        "在全部 {n} 次模拟中，CRM 都在 {months} 个月内收回投资（概率高于 {bound}）；"
        "投资回报率（ROI）中位数为 {roi}。",
    ),
    "headline_no_payback": (
        "The CRM is unlikely to pay for itself within {months} months; the median ROI is {roi}.",
        "CRM 在 {months} 个月内收回投资的可能性很小；投资回报率（ROI）中位数为 {roi}。",
    ),
    "report_title": ("CRM investment: {name}", "CRM 投资分析：{name}"),
    "subtitle": (
        "{n} simulated futures over {horizon} months · seed {seed} · {date}",
        "{n} 次模拟，期限 {horizon} 个月 · 随机种子 {seed} · {date}",
    ),
    "subtitle_no_horizon": (
        "{n} simulated futures · seed {seed} · {date}",
        "{n} 次模拟 · 随机种子 {seed} · {date}",
    ),
    "cfo_page": ("Decision summary", "决策摘要"),
    "key_figures": ("Key figures", "关键数字"),
    "prob_roi_positive": (
        "Chance the CRM pays back its cost (ROI > 0)",
        "收回成本的概率（ROI > 0）",
    ),
    "prob_npv_positive": ("Chance of a positive NPV", "净现值为正的概率"),
    "prob_hurdle": ("Chance ROI beats the hurdle of {hurdle}", "ROI 超过门槛 {hurdle} 的概率"),
    "percentiles": ("Range of outcomes", "结果区间"),
    "p10": ("P10 (pessimistic)", "P10（悲观）"),
    "p50": ("P50 (median)", "P50（中位数）"),
    "p90": ("P90 (optimistic)", "P90（乐观）"),
    "mean": ("Mean", "均值"),
    "roi_long": ("ROI (undiscounted, over the horizon)", "投资回报率 ROI（未折现，整个期限）"),
    "npv_long": ("Net present value (NPV)", "净现值（NPV）"),
    "investment_long": ("Total investment (all costs)", "总投资（全部成本）"),
    "irr_long": ("Internal rate of return (IRR, yearly)", "内部收益率（IRR，年化）"),
    "payback": ("Payback", "投资回收"),
    "payback_within": ("Pays back within {m} months", "{m} 个月内收回投资"),
    "payback_never": ("No payback within {m} months", "{m} 个月内未收回投资"),
    "payback_median": ("Median payback", "回收期中位数"),
    "months_value": ("{m} months", "{m} 个月"),
    "months_value_one": ("{m} month", "{m} 个月"),
    "beyond_horizon": ("beyond the horizon", "超出期限"),
    "downside": ("Downside", "下行风险"),
    "worst5_npv": ("NPV, average of the worst 5 %", "最差 5 % 情形的平均净现值"),
    "prob_loss": ("Chance of a loss (ROI < 0)", "亏损概率（ROI < 0）"),
    "top_drivers": ("What drives the result most", "影响结果最大的因素"),
    "no_drivers": (
        "Run `simroi sensitivity` to rank the drivers.",
        "运行 `simroi sensitivity` 可得到影响因素排名。",
    ),
    "cash_fan": ("Cumulative cash flow", "累计现金流"),
    "cash_fan_missing": (
        "Not shown: this run folder does not store monthly cash flows.",
        "未显示：本次运行未保存逐月现金流。",
    ),
    "drivers_rank_note": (
        "Rank correlation (Spearman ρ) of each input's draws with ROI in this run.",
        "本次模拟中各输入与 ROI 的秩相关系数（Spearman ρ）。",
    ),
    "tco": ("Total cost (mean)", "总成本（均值）"),
    "metric_mean": ("Mean {metric}", "{metric} 均值"),
    "figure": ("Figure", "指标"),
    # sections after page one
    "breakdown": ("Where the benefit comes from, and what it costs", "收益来源与成本构成"),
    "stream": ("Item", "项目"),
    "mean_value": ("Mean over the horizon", "期限内均值"),
    "total_benefit": ("Total benefit", "总收益"),
    "total_cost": ("Total cost", "总成本"),
    "inputs": ("Inputs and assumptions", "输入与假设"),
    "input": ("Input", "输入项"),
    "value": ("Value", "取值"),
    "source_note": ("Source / note", "来源 / 说明"),
    "sensitivity": ("Sensitivity", "敏感性分析"),
    "vendors": ("Vendors", "供应商比较"),
    "vendor": ("Vendor", "供应商"),
    "prob_best": ("Chance of being best", "最优的概率"),
    "regret": ("Expected regret", "预期遗憾值"),
    "reproduce": ("Reproducibility", "可复现信息"),
    "seed": ("Seed", "随机种子"),
    "version": ("simroi version", "simroi 版本"),
    "scenario_hash": ("Scenario SHA-256", "情景文件 SHA-256"),
    "command": ("Command", "命令"),
    "sampler": ("Sampler", "抽样方法"),
    "iterations": ("Iterations", "模拟次数"),
    "created": ("Created (UTC)", "生成时间（UTC）"),
    "samples_where": ("Samples (one row per iteration)", "样本（每次模拟一行）"),
    "samples_sheet": ("sheet {sheet}, {n} rows", "工作表 {sheet}，{n} 行"),
    "samples_csv": ("{name} beside this workbook, {n} rows", "与本工作簿同目录的 {name}，{n} 行"),
    "charts": ("Charts", "图表"),
    "low_high": ("At low → high", "低值 → 高值"),
    "swing": ("Swing", "波动幅度"),
    "tornado_note": (
        "Each input at its P{low} and P{high}, the others at their medians.",
        "每个输入分别取 P{low} 与 P{high}，其余输入取中位数。",
    ),
    "se_word": ("±{se}", "±{se}"),
    # distributions in words
    "dist_constant": ("{v}", "{v}"),
    "dist_pert": (
        "PERT: most likely {mode}, between {min} and {max}",
        "PERT 分布：最可能 {mode}，介于 {min} 与 {max} 之间",
    ),
    "dist_triangular": (
        "triangular: most likely {mode}, between {min} and {max}",
        "三角分布：最可能 {mode}，介于 {min} 与 {max} 之间",
    ),
    "dist_uniform": ("uniform between {low} and {high}", "均匀分布：介于 {low} 与 {high} 之间"),
    "dist_normal": ("normal: mean {mean}, sd {sd}", "正态分布：均值 {mean}，标准差 {sd}"),
    "dist_ci90": ("{dist}: 90 % between {lo} and {hi}", "{dist}：90 % 的可能介于 {lo} 与 {hi}"),
    "dist_discrete": ("one of {values} (chances {probs})", "取值 {values} 之一（概率 {probs}）"),
    "dist_other": ("{dist} distribution", "{dist} 分布"),
    "dist_name_pert": ("PERT", "PERT 分布"),
    "dist_name_triangular": ("triangular", "三角分布"),
    "dist_name_uniform": ("uniform", "均匀分布"),
    "dist_name_normal": ("normal", "正态分布"),
    "dist_name_lognormal": ("lognormal", "对数正态分布"),
    "dist_name_beta": ("beta", "贝塔分布"),
    "dist_name_discrete": ("discrete", "离散分布"),
    "schedule_year": ("year {k}: {v}", "第 {k} 年：{v}"),
    # the workbook's inputs: each parameter a number
    "distribution": ("Distribution", "分布"),
    "in_words": ("In words", "文字说明"),
    "param_min": ("Min / low", "最小值"),
    "param_mode": ("Most likely", "最可能值"),
    "param_max": ("Max / high", "最大值"),
    "param_sd": ("SD", "标准差"),
    "risk_event": (
        "risk event, chance {p}",
        "风险事件，发生概率 {p}",
    ),
    # charts
    "chart_roi_hist": ("ROI: how likely each outcome is", "ROI 分布"),
    "chart_roi_cdf": ("ROI S-curve", "ROI 累积概率曲线"),
    "chart_payback": ("Time to payback", "投资回收时间"),
    "chart_breakdown": ("Mean benefit by stream vs cost", "各项平均收益与成本"),
    "chart_cash_fan": (
        "Cumulative cash flow: median and P10–P90 range",
        "累计现金流：中位数与 P10–P90 区间",
    ),
    "chart_costs": ("Mean cost by kind", "各类成本均值"),
    "axis_cash": ("Cumulative net cash", "累计净现金流"),
    "axis_costs": ("Kind of cost", "成本类型"),
    "fan_band": ("P10–P90 range", "P10–P90 区间"),
    "fan_breakeven": ("Median turns positive in month {m}", "中位数在第 {m} 个月转正"),
    "fan_no_breakeven": (
        "Median stays below zero through month {m}",
        "中位数至第 {m} 个月仍为负",
    ),
    "fan_rows": ("from the first {used} of {n} iterations", "基于 {n} 次模拟中的前 {used} 次"),
    "cost_one_time": ("One-time costs", "一次性成本"),
    "cost_recurring": ("Recurring costs", "经常性成本"),
    "cost_learning": ("Learning time", "学习培训成本"),
    "cost_risk": ("Risk overruns", "风险超支"),
    "no_cost": ("None modelled: {names}", "未建模：{names}"),
    "axis_roi": ("ROI (%)", "ROI（%）"),
    "axis_share": ("Share of {n} (%)", "占{n}的比例（%）"),
    "axis_mean": ("Mean over iterations", "模拟均值"),
    "axis_streams": ("Benefit stream and cost", "收益来源与成本"),
    "axis_input": ("Uncertain input", "不确定输入"),
    "no_benefit": ("No benefit modelled: {names}", "未建模的收益：{names}"),
    "median_payback_month": ("Median payback: month {m}", "回收期中位数：第 {m} 个月"),
    "median_payback_beyond": ("Median payback: beyond month {m}", "回收期中位数：超过第 {m} 个月"),
    "prob_no_payback": ("P(no payback within {m} months) {p}", "{m} 个月内未回收的概率 {p}"),
    "prob_payback_12": ("P(payback ≤ 12 months) {p}", "12 个月内回收的概率 {p}"),
    "prob_roi_gt0": ("P(ROI > 0) {p}", "P(ROI > 0) {p}"),
    "input_low": ("Input at its low value", "输入取低值"),
    "input_high": ("Input at its high value", "输入取高值"),
    "base_case": ("Base case = {v}", "基准情形 = {v}"),
    "largest_of": ("{k} largest of {n} inputs", "显示 {n} 个输入中影响最大的 {k} 个"),
    "outside_axis": (
        "{share} of iterations lie beyond the axis: {below} on the downside, left "
        "(worst {worst}), {above} right",
        "{share} 的模拟结果超出坐标轴：{below} 在左侧下行区域（最差 {worst}），{above} 在右侧",
    ),
    "outside_axis_low": (
        "{share} of iterations lie left of the axis, on the downside (worst {worst})",
        "{share} 的模拟结果在坐标轴左侧的下行区域（最差 {worst}）",
    ),
    "outside_axis_high": (
        "{share} of iterations lie right of the axis, on the upside (best {best})",
        "{share} 的模拟结果在坐标轴右侧的上行区域（最好 {best}）",
    ),
    # the PNG charts of run, sensitivity and compare folders
    "png_roi_hist": ("ROI distribution", "ROI 分布"),
    "png_tornado": ("Tornado: what moves {metric} most", "龙卷风图：对{metric}影响最大的输入"),
    "png_spider": (
        "Spider: {metric} as each input moves through its range",
        "蛛网图：各输入在其区间内变动时的{metric}",
    ),
    "png_sobol": ("Sobol indices of {metric}", "{metric}的 Sobol 指数"),
    "png_difference": ("{a} − {b}, paired iterations", "{a} − {b}（配对模拟）"),
    "event_hump": (
        "{name}\nin {share} of iterations · mean ROI {mean}",
        "{name}\n发生于 {share} 的模拟 · 平均 ROI {mean}",
    ),
    "png_convergence": ("Run to SE ≤ {target}", "运行至标准误 ≤ {target}"),
    "png_sweep_line": ("P(ROI > 0) against {path}", "P(ROI > 0) 随 {path} 的变化"),
    "png_sweep_heatmap": ("P(ROI > 0) by {x} and {y}", "P(ROI > 0)：按 {x} 与 {y}"),
    "png_voi": ("Value of knowing each input before deciding", "决策前了解各输入的价值"),
    "png_goal_seek": ("Goal seek: {target}", "目标求解：{target}"),
    "png_stress": ("Stress: {metric} by case", "压力测试：各情形的 {metric}"),
    "conv_batch": ("P(ROI > 0) after each batch", "每批模拟后的 P(ROI > 0)"),
    "conv_x": ("Iterations drawn", "已完成的模拟次数"),
    "conv_x_vendor": ("Iterations drawn (each vendor)", "已完成的模拟次数（每个供应商）"),
    "stopped_precision": ("Stopped: precision reached", "停止：达到精度"),
    "stopped_max_iterations": ("Stopped: {option} reached", "停止：达到 {option}"),
    "value_months": ("{v} mo", "{v} 个月"),
    "value_hours": ("{v} h", "{v} 小时"),
    "axis_input_pct": ("Input percentile (%)", "输入所处分位数（%）"),
    "most_influential_of": (
        "{k} most influential of {n} inputs",
        "显示 {n} 个输入中影响最大的 {k} 个",
    ),
    "sobol_s1": ("First order (S1): the input alone", "一阶指数（S1）：该输入单独的作用"),
    "sobol_st": ("Total (ST): with interactions", "总指数（ST）：含交互作用"),
    "axis_variance_share": ("Share of output variance (%)", "占结果方差的比例（%）"),
    "cmp_cdf": ("Vendors compared: cumulative probability", "供应商比较：累积概率"),
    "cmp_risk_return": ("Vendors compared: return against downside", "供应商比较：收益与下行风险"),
    "loss": ("Loss", "亏损"),
    "axis_prob_metric_le": ("Probability that {name} ≤ x (%)", "{name} ≤ x 的概率（%）"),
    "better_up_right": ("Better: up and to the right", "越靠右上越好"),
    "axis_downside_p10": ("Downside: P10 of {name}", "下行风险：{name} 的 P10"),
    "no_difference": ("No difference", "无差异"),
    "diff_title": (
        "{name}: {a} minus {b}  (P({a} better) {p})",
        "{name}：{a} 减 {b}（{a} 更优的概率 {p}）",
    ),
    "axis_diff": ("{name} of {a} − {name} of {b}", "{a} 的 {name} − {b} 的 {name}"),
    "axis_share_paired": ("Share of {n} paired iterations (%)", "占 {n} 次配对模拟的比例（%）"),
    "metric_roi": ("ROI", "ROI"),
    "metric_discounted_roi": ("Discounted ROI", "折现 ROI"),
    "metric_irr": ("IRR", "IRR"),
    "metric_npv": ("NPV", "NPV"),
    "metric_total_benefit": ("Total benefit", "总收益"),
    "metric_total_cost": ("Total cost", "总成本"),
    "metric_payback_month": ("Payback month", "回收月份"),
    "axis_months": ("Months after signing", "签约后月数"),
    "axis_prob_payback": ("Probability of payback by then (%)", "截至该月收回投资的概率（%）"),
    "axis_prob_le": ("Probability that ROI ≤ x (%)", "ROI ≤ x 的概率（%）"),
    "loss_region": ("Loss (ROI < 0)", "亏损区（ROI < 0）"),
    # terminal / notebook
    "iterations_count": ("{n} iterations", "{n} 次模拟"),
    "iteration_count_one": ("1 iteration", "1 次模拟"),
    "yes": ("yes", "是"),
    "no": ("no", "否"),
    "init_written": (
        "Wrote {out}; next: simroi {command} {out}",
        "已写入 {out}；下一步：simroi {command} {out}",
    ),
}
OWN = frozenset(MESSAGES)  # the keys worded in this module
for _part in PARTS:  # one catalogue: a key is worded in one place only (a test checks)
    MESSAGES.update(_part.MESSAGES)


def pick(pair: tuple[str, ...], lang: str) -> str:
    """The ``lang`` one of an (English, Chinese) pair."""
    return pair[1] if lang == "zh" else pair[0]


def text(key: str, lang: str = "en", /, **fields: object) -> str:
    """The message ``key`` in ``lang`` with ``{fields}`` filled in."""
    return pick(MESSAGES[key], lang).format(**fields)


def article(number_text: str) -> str:
    """The English article before a number read aloud: "an 84 %", "an 11 %", "a 74 %"."""
    head = number_text.lstrip("<> ").split(" ")[0].replace(",", "")
    whole = head.split(".")[0]
    return "an" if head.startswith("8") or whole in ("11", "18") else "a"


def count_text(n: int, lang: str = "en") -> str:
    """``1 iteration`` / ``20,000 iterations`` (``20,000 次模拟``)."""
    return (
        text("iteration_count_one", lang) if n == 1 else text("iterations_count", lang, n=f"{n:,}")
    )


def months_text(m: int | None, lang: str = "en") -> str:
    """``12 months`` / ``1 month`` (``12 个月``), or "beyond the horizon" for None."""
    if m is None:
        return text("beyond_horizon", lang)
    return text("months_value_one" if m == 1 else "months_value", lang, m=m)


def resolve_language(lang: str | None, scenario_language: str | None = None) -> str:
    """``lang`` if given, else the scenario's, else ``"en"``; an unknown one is an error."""
    chosen = lang or scenario_language or "en"
    if chosen not in LANGUAGES:
        raise SimroiError(
            f"language {chosen!r}: must be one of {', '.join(LANGUAGES)}"
            + ("" if lang else " (scenario.language)")
        )
    return chosen


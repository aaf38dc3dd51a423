"""The words of break-even, stress, VOI, the terminal and the headline, in English and Chinese.

A part of the one catalogue of :mod:`simroi.report.text.i18n` (merged into its
``MESSAGES`` by the package, :mod:`simroi.report.text`; look words up with
:func:`simroi.report.text.i18n.text`), kept here
so that catalogue stays one readable module.
"""

from __future__ import annotations

# key: (English, Chinese)
MESSAGES: dict[str, tuple[str, str]] = {
    # --- terminal
    "terminal_hidden_columns": (
        "Not shown at this width: {columns} (widen the terminal, or see --json).",
        "此宽度下未显示：{columns}（请加宽终端，或使用 `--json`）。",
    ),
}
MESSAGES |= {
    # --- headline
    "headline": (
        "Over {horizon} months the CRM returns more than it costs in {p} of simulated futures "
        "(± {se}) and loses money in {loss}; it pays for itself within {months} months in "
        "{pay}. The median ROI is {roi}.",
        "在 {horizon} 个月内，CRM 在 {p} 的模拟情景中收益超过成本（± {se}），在 {loss} 的情景中"
        "亏损；在 {months} 个月内收回投资的概率为 {pay}。投资回报率（ROI）中位数为 {roi}。",
    ),
    "more_than": ("more than {p}", "超过 {p}"),
    "less_than": ("less than {p}", "低于 {p}"),
}
MESSAGES |= {
    # --- breakeven
    "col_input": ("Input", "输入项"),
    "col_today": ("Today (median)", "目前（中位数）"),
    "at_least": ("at least", "至少"),
    "at_most": ("at most", "至多"),
    "points": ("pts", "个百分点"),
    "be_col_needs": ("{metric} ≥ {level} needs", "{metric} ≥ {level} 的条件"),
    "be_col_risk": ("Chance it is worse", "不达标的概率"),
    "be_title": (
        "{name} — where each input alone brings the median case to {metric} = 0 (today {base})",
        "{name} — 单独变动各输入项时，中位情景 {metric} 降至 0 的位置（目前 {base}）",
    ),
    "be_seek_title": ("{name} — goal seek ({n} iterations)", "{name} — 目标求解（{n} 次模拟）"),
    "be_target_now": ("{target}: today", "{target}：目前"),
    "be_today": ("{label} today (median)", "{label}目前（中位数）"),
    "be_needed": ("{label} needed (median)", "所需{label}（中位数）"),
    "be_move": ("Move of its whole distribution (± SE)", "整个分布需移动（± 标准误）"),
    "be_headline": (
        "Of {n} inputs, {k} can alone bring {metric} to zero within its range; the closest is "
        "{label}: it must be {needs} (today {today}), and there is {a} {risk} chance it is not.",
        "{n} 个输入项中，有 {k} 个单独变动即可在其取值范围内使 {metric} 降至零；最接近的是"
        "{label}：需{needs}（目前 {today}），不达标的概率为 {risk}。",
    ),
    "be_none_inside": (
        "No input alone, anywhere in its range, brings {metric} below zero (median case {base}).",
        "任何单一输入项在其取值范围内变动，都不会使 {metric} 降至零以下（中位情景 {base}）。",
    ),
    "be_seek_sentence": (
        "{label} must be {needs} {value} (today {today}) for {target}: its whole distribution "
        "moved by {move}.",
        "要达到 {target}，{label}需{needs} {value}（目前 {today}）：整个分布移动 {move}。",
    ),
    "be_safe": (
        "{metric} stays above zero over the whole range of: {names}.",
        "以下输入项在整个取值范围内 {metric} 均保持为正：{names}。",
    ),
    "be_never": (
        "{metric} stays below zero over the whole range of: {names}.",
        "以下输入项在整个取值范围内 {metric} 均为负：{names}。",
    ),
    "be_rule": (
        "Each row moves one input alone, the others at their medians and no risk event; "
        "the chance it is worse is that input's own chance of being on the wrong side.",
        "每行只单独变动一个输入项，其余取中位数且不发生风险事件；不达标的概率即该输入项"
        "落在不利一侧的概率。",
    ),
    "be_section": ("Break-even", "盈亏平衡"),
    "be_png_trials": ("Statistic at each trial (same draws)", "各次试算的统计量（相同抽样）"),
    "be_png_level": ("Target: {target}", "目标：{target}"),
    "be_png_root": ("Needed median = {v}", "所需中位数 = {v}"),
    "be_png_today": ("Median today = {v}", "目前中位数 = {v}"),
    "be_png_x": ("Median of {label}", "{label}的中位数"),
}
MESSAGES |= {
    # --- stress
    "stress_lowest": ("lowest 10 %", "最低 10 %"),
    "stress_highest": ("highest 10 %", "最高 10 %"),
    "stress_occurs": ("occurs", "发生"),
    "stress_not_occurs": ("does not occur", "不发生"),
    "stress_unrestricted": ("All futures (no stress)", "全部情景（无压力）"),
    "stress_case": ("Case", "情形"),
    "stress_title": (
        "{name} — stress: the cases that move the result most ({n} iterations)",
        "{name} — 压力测试：对结果影响最大的情形（{n} 次模拟）",
    ),
    "stress_more": (
        "… and {k} cases with less effect in stress.json.",
        "… 另有 {k} 个影响较小的情形见 `stress.json`。",
    ),
    "stress_headline": (
        "The worst case is {case}: the median {metric} falls to {p50} (from {base}) and "
        "P({prob} > 0) to {p} (from {p0}).",
        "最不利的情形是{case}：{metric} 中位数降至 {p50}（原为 {base}），"
        "P({prob} > 0) 降至 {p}（原为 {p0}）。",
    ),
    "stress_rule": (
        "Each case keeps only the simulated futures where one input lies in its lowest or "
        "highest tenth (or a risk occurs or not); cases are sorted by how far they move the "
        "median from that of all futures.",
        "每个情形只保留某一输入项落在其最低或最高 10 % 区间（或某风险发生或不发生）的模拟情景；"
        "按其中位数偏离全部情景中位数的程度排序。",
    ),
    "stress_section": ("Stress test", "压力测试"),
    "stress_png_all": ("All futures: P10–P90", "全部情景：P10–P90"),
    "stress_png_all_p50": ("All futures: P50", "全部情景：P50"),
    "stress_png_case": ("Case: P10–P90", "情形：P10–P90"),
}
MESSAGES["stress_png_note"] = (
    "the {k} cases of {n} that move the median most",
    "{n} 个情形中对中位数影响最大的 {k} 个",
)
MESSAGES |= {
    # --- voi
    "voi_invest": ("invest", "投资"),
    "voi_dont_invest": ("don't invest", "不投资"),
    "voi_all_drivers": ("All benefit drivers (together)", "全部收益驱动因素（合计）"),
    "voi_all_risks": ("All risks (together)", "全部风险（合计）"),
    "voi_all_adoption": ("All adoption inputs (together)", "全部使用率输入项（合计）"),
    "voi_all_costs": ("All costs (together)", "全部成本（合计）"),
    "voi_group": ("{name} (together)", "{name}（合计）"),
    "voi_col_known": ("Known exactly before deciding", "决策前确切知道"),
    "voi_col_worth": ("Worth up to (± SE)", "价值上限（± 标准误）"),
    "voi_col_share": ("Share of everything", "占全部信息价值"),
    "voi_everything": ("Everything (EVPI)", "全部输入（完全信息价值）"),
    "voi_title": (
        "{name} — value of information ({n} iterations; best decision today: {decision})",
        "{name} — 信息价值（{n} 次模拟；当前最优决策：{decision}）",
    ),
    "voi_best": (
        "On what is known today the best decision is to {decision} (expected {metric} {ev}). ",
        "基于目前所知，最优决策是{decision}（{metric} 期望值 {ev}）。",
    ),
    "voi_nothing_worth": (
        "No information is worth buying: even knowing everything is worth only {evpi}.",
        "没有值得购买的信息：即使知道全部输入也仅值 {evpi}。",
    ),
    "voi_evpi_only": (
        "Knowing everything would be worth up to {evpi}, but no single input on its own.",
        "知道全部输入最多值 {evpi}，但单个输入项均不值得单独测量。",
    ),
    "voi_measure_first": (
        "Measure {label} first (e.g. in a pilot): knowing it before signing is worth up to "
        "{worth}, of at most {evpi} for knowing everything.",
        "应优先测量{label}（例如通过试点）：签约前知道它最多值 {worth}，"
        "而知道全部输入最多值 {evpi}。",
    ),
    "voi_refine_nothing": (
        "Refining these is worth almost nothing: {names}.",
        "以下输入项进一步细化几乎没有价值：{names}。",
    ),
    "voi_section": ("Value of information", "信息价值"),
    "voi_note": (
        "Worth: how much better the decision would be, on average, if the input were known "
        "before deciding (EVPPI); no study of it is worth more.",
        "价值：若决策前已知该输入项，决策平均可改善的金额；对它的任何调研都不值得超过此数。",
    ),
    "voi_png_evpi": ("Everything (EVPI) = {v}", "全部输入 = {v}"),
    "voi_png_x": ("Worth knowing before deciding ({unit}), ± 2 SE", "决策前知道的价值（{unit}），± 2 标准误"),
}
MESSAGES |= {
    "voi_png_one": ("One input", "单个输入项"),
    "voi_png_group": ("A group", "一组输入项"),
    "voi_png_more": ("{k} more, each worth at most {v}", "另有 {k} 项，各自最多值 {v}"),
}
MESSAGES |= {
    # --- terminal: the run's one-pager
    "run_title": (
        "{name} — {n}, {h} months ({sampler}, seed {seed})",
        "{name} — {n}，期限 {h} 个月（{sampler}，随机种子 {seed}）",
    ),
    "run_value": ("value", "数值"),
    "run_mean": ("mean", "均值"),
    "run_roi": ("ROI {q} (undiscounted)", "ROI {q}（未折现）"),
    "run_worst5": ("NPV, average of worst 5 %", "NPV 最差 5 % 的平均值"),
    "run_investment": ("Total investment {q}", "总投资 {q}"),
    "run_irr": ("IRR P50 (yearly)", "IRR P50（年化）"),
    "run_droi": ("discounted ROI mean (NPV / PV costs)", "折现 ROI 均值（NPV / 成本现值）"),
    "run_payback_within": ("P(payback ≤ {m} months)", "P(回收期 ≤ {m} 个月)"),
    "run_payback_median": ("median payback", "回收期中位数"),
    "run_dpayback_median": ("median discounted payback", "折现回收期中位数"),
    "run_not_within": ("not within horizon", "期限内未收回"),
    "run_yes_1": ("yes (1 iteration)", "是（1 次模拟）"),
    "run_no_1": ("no (1 iteration)", "否（1 次模拟）"),
}

"""The words of the sectioned reports (titles, sweep, batch, re-forecast), in English and Chinese.

A part of the one catalogue of :mod:`simroi.report.text.i18n` (joined into its
``MESSAGES``; look words up with :func:`simroi.report.text.i18n.text`).
"""

from __future__ import annotations

# key: (English, Chinese)
MESSAGES: dict[str, tuple[str, str]] = {
    # --- report (h19core: the sectioned reports of every command)
    "report_title_kind": ("{kind}: {name}", "{kind}：{name}"),
    "kind_run": ("CRM investment", "CRM 投资分析"),
    "kind_compare": ("Vendor comparison", "供应商比较"),
    "kind_sensitivity": ("Sensitivity", "敏感性分析"),
    "kind_sweep": ("What-if sweep", "情景扫描"),
    "kind_batch": ("Scenarios side by side", "多情景对比"),
    "kind_voi": ("Value of information", "信息价值"),
    "kind_breakeven": ("Break-even", "盈亏平衡"),
    "kind_stress": ("Stress test", "压力测试"),
    "kind_reforecast": ("Re-forecast after go-live", "上线后重新预测"),
    "batch_name": ("{n} scenario files", "{n} 个情景文件"),
    "seed_is": ("seed {seed}", "随机种子 {seed}"),
    "what": ("What", "项目"),
    # --- sweep and batch (h19core)
    "col_file": ("File", "文件"),
    "col_variant": ("Variant", "情景"),
    "col_scenario": ("Scenario", "情景名称"),
    "col_currency": ("Currency", "币种"),
    "col_horizon": ("Horizon", "期限"),
    "col_prob_roi": ("P(ROI > 0)", "ROI 为正的概率"),
    "col_roi_q": ("ROI {q}", "ROI {q}"),
    "col_npv_mean": ("NPV mean", "NPV 均值"),
    "col_npv_q": ("NPV {q}", "NPV {q}"),
    "col_payback_within": ("P(payback ≤ {m} months)", "{m} 个月内回本的概率"),
    # --- a batch of cases (batch --rows)
    "col_case": ("Case", "案例"),
    "cases_lowest": (
        "{k} of {n} cases with the lowest P(ROI > 0)",
        "{n} 个案例中 ROI 为正的概率最低的 {k} 个",
    ),
    "cases_highest": (
        "{k} of {n} cases with the highest P(ROI > 0)",
        "{n} 个案例中 ROI 为正的概率最高的 {k} 个",
    ),
    "cases_files": (
        "Every case's row is in {csv} and {parquet}",
        "每个案例的结果见 {csv} 和 {parquet}",
    ),
    "kind_cases": ("A batch of cases", "批量案例"),
    "cases_template_value": ("as the template", "同模板"),
    "cases_about": (
        "{n} cases of the template {template}, each with the values of its row and "
        "simulated {k} times with a seed of its own.",
        "模板 {template} 的 {n} 个案例，每个案例使用其所在行的取值，以各自的随机种子模拟 {k} 次。",
    ),
    "cases_headline": (
        "{good} of {n} cases ({share}) pay back their cost with a probability of 90 % or "
        "more; {bad} have less than an even chance.",
        "{n} 个案例中有 {good} 个（{share}）收回成本的概率不低于 90 %；{bad} 个低于五成。",
    ),
    "cases_spread": (
        "Across the cases, P(ROI > 0) runs from {p10} (P10) through {p50} (P50) to {p90} "
        "(P90).",
        "各案例 ROI 为正的概率：P10 为 {p10}，P50 为 {p50}，P90 为 {p90}。",
    ),
    "cases_extremes": ("The cases to look at first", "优先关注的案例"),
    "cases_every": ("Every case", "全部案例"),
    "cases_page_more": (
        "The first {k} of {n} cases; the workbook and {csv} hold the rest.",
        "此处列出 {n} 个案例中的前 {k} 个；其余见工作簿和 {csv}。",
    ),
    "cases_sheet_cut": (
        "The workbook holds the first {k} of {n} cases; {csv} holds every case.",
        "工作簿包含 {n} 个案例中的前 {k} 个；{csv} 包含全部案例。",
    ),
    "cases_chart_title": ("How many cases pay back, and how surely", "各案例收回成本的把握"),
    "cases_chart_x": ("P(ROI > 0) of a case", "单个案例 ROI 为正的概率"),
    "cases_chart_y": ("Cases", "案例数"),
    "cases_chart_bars": ("Cases in each 5-point band", "每 5 个百分点区间内的案例数"),
    "cases_chart_even": ("An even chance (50 %)", "五成把握（50 %）"),
    "cases_chart_note": (
        "{n} cases, {k} iterations each", "{n} 个案例，每个模拟 {k} 次",
    ),
    "sweep_variants": ("Variants side by side", "各情景并列比较"),
    "sweep_changes": ("What each variant changes", "各情景改变了什么"),
    "sweep_about": (
        "{k} variants of the scenario, each simulated {n} times with the same random draws: "
        "the differences between rows come from the inputs, not from chance.",
        "同一情景的 {k} 个变体，每个模拟 {n} 次并使用相同的随机抽样："
        "各行之间的差异来自输入，而不是偶然。",
    ),
    "batch_about": (
        "{k} scenario files, each simulated {n} times; each row is in its own currency and "
        "over its own horizon.",
        "{k} 个情景文件，每个模拟 {n} 次；每一行使用其自身的币种和期限。",
    ),
    "sweep_terminal_title": (
        "{what} — {k} variants, {n} iterations each ({sampler}, seed {seed}{money})",
        "{what} — {k} 个变体，每个模拟 {n} 次（{sampler}，随机种子 {seed}{money}）",
    ),
    "sweep_files": ("{k} scenario files", "{k} 个情景文件"),
    "sweep_seed_per_file": ("per file", "按文件"),
    "sweep_money_in": ("; money in {cur}", "；金额单位 {cur}"),
    "sweep_dropped": ("not shown at this width: {names} (in {file})", "此宽度下未显示：{names}（见 {file}）"),
    "sweep_more": (
        "… and {k} more variants in {files}",
        "……另有 {k} 个变体，见 {files}",
    ),
    "sweep_range": (
        "The chance that the CRM pays back its cost is highest for {best} ({p}) and lowest "
        "for {worst} ({q}).",
        "收回成本的概率在 {best} 时最高（{p}），在 {worst} 时最低（{q}）。",
    ),
    "sweep_same": (
        "The chance that the CRM pays back its cost is {p} for every variant.",
        "每个情景收回成本的概率都是 {p}。",
    ),
    "sweep_note": (
        "Figures rounded to their Monte Carlo error; P10 and P90: 1 in 10 outcomes is worse "
        "or better. Payback within {m} months: the latest month every row reports.",
        "数字按蒙特卡洛误差取整；P10 与 P90：十分之一的结果更差或更好。"
        "{m} 个月内回本：每一行都给出的最晚月份。",
    ),
    # --- reforecast (h19core)
    "rf_sentence": (
        "{when}, the chance of paying back within {m} months is {p}, {change}.",
        "{when}，{m} 个月内回本的概率为 {p}，{change}。",
    ),
    "rf_after": ("After {k} months live", "上线 {k} 个月后"),
    "rf_none_yet": ("With no month live observed yet", "尚未观察到上线后的月份"),
    "rf_as_forecast": ("as forecast", "与预测一致"),
    "rf_down": ("down from {was}", "低于预测的 {was}"),
    "rf_up": ("up from {was}", "高于预测的 {was}"),
    "rf_under_1": ("under 1 %", "低于 1 %"),
    "rf_over_99": ("over 99 %", "高于 99 %"),
    "rf_outcomes": ("Forecast and re-forecast", "原预测与重新预测"),
    "rf_about": (
        "The forecast is the scenario as written; the re-forecast updates its inputs with the "
        "{k} months seen since go-live ({go_live}) and uses those months' actual costs.",
        "原预测即情景文件本身；重新预测用上线（{go_live}）以来观察到的 {k} 个月数据更新输入，"
        "并采用这些月份的实际成本。",
    ),
    "rf_ess": (
        "The re-forecast rests on an effective sample of {ess} of the {n} draws.",
        "重新预测基于 {n} 次抽样中的有效样本量 {ess}。",
    ),
    "rf_loss": ("P(loss: NPV ≤ 0)", "亏损概率（NPV ≤ 0）"),
    "rf_forecast": ("Forecast", "原预测"),
    "rf_reforecast": ("Re-forecast", "重新预测"),
    "rf_table_note": (
        "Figures rounded to their Monte Carlo error; ± in percentage points.",
        "数字按蒙特卡洛误差取整；± 为百分点。",
    ),
    "rf_learned": ("What the months seen say about the inputs", "观察到的月份对输入的修正"),
    "rf_terminal_inputs": (
        "What the months seen say about the inputs: mean (90 % interval)",
        "观察到的月份对输入的修正：均值（90% 区间）",
    ),
    "rf_kept": (
        "Not informed by the data, kept as forecast: {names}.",
        "数据未提供信息、保持原设定的输入：{names}。",
    ),
    "rf_prior_mean": ("Before: mean", "之前：均值"),
    "rf_prior_90": ("Before: 90 % interval", "之前：90 % 区间"),
    "rf_post_mean": ("After: mean", "之后：均值"),
    "rf_post_90": ("After: 90 % interval", "之后：90 % 区间"),
    "rf_informed": ("Informed by", "信息来源"),
    "rf_by_data": ("the data", "数据"),
    "rf_by_correlation": ("its correlation with an informed input", "与已更新输入的相关性"),
    "sweep_band": ("±2 standard errors", "±2 个标准误"),
    "sweep_break_even": ("break-even (median ROI = 0)", "盈亏平衡（ROI 中位数 = 0）"),
    "sweep_npv_band": ("NPV P10–P90", "NPV P10–P90"),
    "sweep_npv_p50": ("NPV P50", "NPV P50"),
    "sweep_heat_crossed": (
        "dashed line: break-even, P(ROI > 0) = 50 % (the median ROI is 0)",
        "虚线：盈亏平衡，ROI 为正的概率 = 50 %（ROI 中位数为 0）",
    ),
    "sweep_heat_above": (
        "break-even (P(ROI > 0) = 50 %) not crossed: every cell is above it",
        "未越过盈亏平衡线（ROI 为正的概率 = 50 %）：每个格子都在其上方",
    ),
    "sweep_heat_below": (
        "break-even (P(ROI > 0) = 50 %) not crossed: every cell is below it",
        "未越过盈亏平衡线（ROI 为正的概率 = 50 %）：每个格子都在其下方",
    ),
    # --- the re-forecast's fan (report/plots/reforecast.py)
    "chart_reforecast_fan": (
        "Cumulative net cash: the forecast and the re-forecast after go-live",
        "累计净现金流：上线前的预测与上线后的再预测",
    ),
    "reforecast_seen": ("Months seen (actual costs)", "已观察的月份（实际成本）"),
    "reforecast_prior_band": ("Forecast: P10–P90", "原预测：P10–P90"),
    "reforecast_prior_p50": ("Forecast: median", "原预测：中位数"),
    "reforecast_post_band": ("Re-forecast: P10–P90", "再预测：P10–P90"),
    "reforecast_post_p50": ("Re-forecast: median", "再预测：中位数"),
    "reforecast_fan_note": (
        "{n} months live seen; the months ahead are drawn from the posterior",
        "已观察上线后 {n} 个月；此后各月取自后验分布",
    ),
}

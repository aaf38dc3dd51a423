"""The words of the compare and sensitivity reports and tables, in English and Chinese.

A part of the one catalogue of :mod:`simroi.report.text.i18n` (merged into its
``MESSAGES``; look words up with :func:`simroi.report.text.i18n.text`), kept here
so that catalogue stays one readable module.
"""

from __future__ import annotations

# key: (English, Chinese)
MESSAGES: dict[str, tuple[str, str]] = {
    # --- compare (h19docs): the comparison's pages, sentences and table
    "cmpd_page": ("Which offer, and how sure", "选哪个方案，把握多大"),
    "cmpd_lead": (
        "{best} has the highest mean {metric} ({mean}) and is the best of the {k} offers "
        "in {p} of the simulated futures.",
        "{best} 的平均 {metric} 最高（{mean}），在 {p} 的模拟情景中是 {k} 个方案里最好的。",
    ),
    "cmpd_pair": (
        "In the same simulated future, {a} beats {b} in {p}; by {diff} on average "
        "(P10 {p10}, P90 {p90}).",
        "在同一模拟情景下，{a} 优于 {b} 的概率为 {p}；平均高出 {diff}（P10 {p10}，P90 {p90}）。",
    ),
    "cmpd_first_order": (
        "{better} dominates {worse}: whatever {metric} you require, {better} is at least as "
        "likely to reach it (first-order stochastic dominance).",
        "{better} 一阶随机占优于 {worse}：无论要求 {metric} 达到多少，{better} 达到的概率都不低于 "
        "{worse}。",
    ),
    "cmpd_second_order": (
        "For a buyer who weighs losses more than gains, {better} is the better choice than "
        "{worse} (second-order stochastic dominance).",
        "对更看重亏损的买方而言，{better} 优于 {worse}（二阶随机占优）。",
    ),
    "cmpd_first_order_many": (
        "{better} each dominate {worse}: for any {metric} you require, each is at least as "
        "likely to reach it (first-order stochastic dominance).",
        "{better} 均一阶随机占优于 {worse}：无论要求 {metric} 达到多少，它们达到的概率都不低于 "
        "{worse}。",
    ),
    "cmpd_second_order_many": (
        "For a buyer who weighs losses more than gains, {better} are each the better choice "
        "than {worse} (second-order stochastic dominance).",
        "对更看重亏损的买方而言，{better} 均优于 {worse}（二阶随机占优）。",
    ),
    "cmpd_and": (" and ", "和"),
    "cmpd_no_dominance": (
        "No offer dominates another: each is ahead in some futures.",
        "没有哪个方案全面占优：各方案在部分情景中领先。",
    ),
    "cmpd_flip": (
        "The best offer depends on the measure: {choices}. ROI, a ratio to the cost, favours "
        "the smaller outlay; NPV, the money gained, the larger net gain.",
        "最优方案取决于衡量标准：{choices}。ROI 是相对成本的比率，偏向投入较小的方案；"
        "NPV 是净赚的金额，偏向净收益更大的方案。",
    ),
    "cmpd_flip_item": ("on {metric} {name} ({p})", "按 {metric} 是 {name}（最优概率 {p}）"),
    "cmpd_list_sep": ("; ", "；"),
    "cmpd_no_crn": (
        "The offers were not drawn from the same random numbers, so their differences include "
        "sampling noise.",
        "各方案未使用相同的随机数，方案之间的差异含有抽样噪声。",
    ),
    "cmpd_table_caption": (
        "The offers, best mean {metric} first",
        "各方案，按平均 {metric} 从高到低",
    ),
    "cmpd_table_note": (
        "{n} paired simulations; probabilities ± one standard error in percentage points, "
        "amounts rounded to their standard error. Payback is the first month the cumulative "
        "cash flow turns positive; its median is the month by which half the futures have "
        "paid back.",
        "{n} 次配对模拟；概率后的 ± 为一个标准误（百分点），金额按其标准误取整。回收期指累计"
        "现金流首次转正的月份；中位数为一半情景已回收投资的月份。",
    ),
    "cmpd_offer": ("Offer", "方案"),
    "cmpd_measure": ("Measure", "指标"),
    "cmpd_p_roi": ("Chance ROI > 0", "回本概率（ROI > 0）"),
    "cmpd_p_loss": ("Chance of a loss (NPV < 0)", "亏损概率（NPV < 0）"),
    "cmpd_npv_p": ("NPV {p}", "NPV {p}"),
    "cmpd_cost": ("Total cost (mean)", "总成本（均值）"),
    "cmpd_median_payback": ("Median payback", "回收期中位数"),
    "cmpd_payback_within": ("Payback within {m} months", "{m} 个月内回本"),
    "cmpd_p_best": ("Chance it is best", "最优概率"),
    "cmpd_regret": ("Expected regret", "预期遗憾"),
    "cmpd_never": ("not within {m} months", "{m} 个月内未回本"),
    "cmpd_detail": ("The offers side by side", "各方案逐项对比"),
    "cmpd_detail_sentence": (
        "Each column is one offer simulated on its own terms; ROI is undiscounted, NPV "
        "discounted.",
        "每列为一个方案按其自身条款的模拟结果；ROI 未折现，NPV 已折现。",
    ),
    "cmpd_row_metric": ("{metric} {stat}", "{metric} {stat}"),
    "cmpd_mean": ("mean", "均值"),
    "cmpd_cvar": ("NPV, average of the worst 5 %", "NPV 最差 5 % 情景的平均"),
    "cmpd_cost_p": ("Total cost {p}", "总成本 {p}"),
    "cmpd_irr": ("IRR P50 (yearly)", "IRR P50（年化）"),
    "cmpd_disc_payback": ("Median discounted payback", "折现回收期中位数"),
    "cmpd_difference": ("How far apart the leading two are", "领先两个方案相差多少"),
    "cmpd_difference_sentence": (
        "The chart shows {a} minus {b} in each of the {n} paired futures: to the right of the "
        "red line {a} does better.",
        "图中为 {n} 个配对情景中 {a} 减 {b} 的差值：红线右侧表示 {a} 更好。",
    ),
    "cmpd_pairwise_caption": (
        "Chance the offer in the row beats the one in the column in the same future",
        "同一情景下，行中方案优于列中方案的概率",
    ),
    "cmpd_regret_title": ("What a wrong choice costs", "选错的代价"),
    "cmpd_regret_sentence": (
        "Expected regret is what an offer leaves on the table against the best offer in the "
        "same future, on average: {items}.",
        "预期遗憾是在同一情景下，相对最优方案平均少得的部分：{items}。",
    ),
    "cmpd_regret_item": ("{name} {r}", "{name} {r}"),
    "cmpd_how": ("How the offers were simulated", "各方案如何模拟"),
    "cmpd_how_sentence": (
        "Every offer is the same business with the offer's own prices and promises, simulated "
        "in the same {n} futures (seed {seed}, {sampler} sampling), so the differences are the "
        "offers', not chance's.",
        "每个方案都是同一家企业，只替换该方案自己的价格与承诺，并在相同的 {n} 个情景中模拟"
        "（随机种子 {seed}，{sampler} 抽样），因此差异来自方案本身而非随机性。",
    ),
    "cmpd_changes": ("What the offer changes", "该方案改变的输入"),
    "cmpd_headline": (
        "{best} is the best of {k} offers on {metric} in {p} of the simulated futures, and "
        "pays back its cost (ROI > 0) in {q}.",
        "在 {k} 个方案中，{best} 按 {metric} 在 {p} 的模拟情景中最优，收回成本（ROI > 0）的"
        "概率为 {q}。",
    ),
    "cmpd_headline_flip": (
        "{best} is the best of {k} offers on {metric} in {p} of the simulated futures; on "
        "{other_metric}, {other} is ahead ({q}).",
        "在 {k} 个方案中，{best} 按 {metric} 在 {p} 的模拟情景中最优；按 {other_metric} 则 "
        "{other} 领先（{q}）。",
    ),
    "cmpd_terminal_title": (
        "{name} — offers ranked by mean {metric}, {n} paired iterations ({sampler}, seed {seed})",
        "{name} — 按平均 {metric} 排序，{n} 次配对模拟（{sampler}，随机种子 {seed}）",
    ),
    "cmpd_terminal_dropped": (
        "Columns left out at this width: {names} (all are in {file}).",
        "此宽度下省略的列：{names}（全部见 {file}）。",
    ),
    # --- sensitivity (h19docs): every method's section, sentence, table and chart
    "if_risk_occurs": (" (if it occurs)", "（若发生）"),
    "axis_spearman": ("Spearman rank correlation with {name}", "与 {name} 的 Spearman 秩相关系数"),
    "axis_ks": (
        "How differently the losses are spread (KS distance, 0 to 1)",
        "亏损情景与其余情景的分布差异（KS 距离，0 至 1）",
    ),
    "bar_downside": ("{side}; a loss {p} of the time there", "{side}；该处亏损概率 {p}"),
    "losses_low": ("losses at its low end", "亏损集中在低端"),
    "losses_high": ("losses at its high end", "亏损集中在高端"),
    "sens_tornado": ("Which input moves {metric} most", "哪个输入对 {metric} 影响最大"),
    "sens_tornado_base": (
        "With every input at its median and no risk event, {metric} is {base}.",
        "所有输入取中位数且不发生风险事件时，{metric} 为 {base}。",
    ),
    "sens_tornado_top": (
        "{input} moves it most: from {lo} at its P{pl} ({vlo}) to {hi} at its P{ph} ({vhi}).",
        "{input} 影响最大：取其 P{pl}（{vlo}）时为 {lo}，取其 P{ph}（{vhi}）时为 {hi}。",
    ),
    "sens_tornado_risk": (
        "If {input} happens, {metric} goes from {base} to {hi}.",
        "若发生{input}，{metric} 由 {base} 变为 {hi}。",
    ),
    "sens_tornado_given": (
        "A risk's own amount is swung with the risk occurring: {input} moves {metric} from "
        "{lo} to {hi} once the risk has happened.",
        "风险自身的金额在该风险发生的前提下变动：风险发生后，{input} 使 {metric} 在 {lo} 与 "
        "{hi} 之间变化。",
    ),
    "sens_tornado_note": (
        "Each input at its P{pl} and P{ph}, the others at their medians, no risk event; a risk "
        "event goes from no to yes. Exact model evaluations, no sampling error.",
        "每个输入分别取其 P{pl} 与 P{ph}，其余输入取中位数，不发生风险事件；风险事件由否变为是。"
        "均为模型精确计算，无抽样误差。",
    ),
    "sens_tornado_table": ("The tornado in figures", "龙卷风图的数值"),
    "sens_input": ("Input", "输入"),
    "sens_at_low": ("{metric} at P{p}", "取 P{p} 时的 {metric}"),
    "sens_at_high": ("{metric} at P{p}", "取 P{p} 时的 {metric}"),
    "sens_input_range": ("Input P{pl} → P{ph}", "输入 P{pl} → P{ph}"),
    "sens_swing": ("Swing", "变动幅度"),
    "sens_spider": ("How {metric} follows each input", "{metric} 随各输入的变化"),
    "sens_spider_sentence": (
        "Each line moves one input from its P5 to its P95, the others at their medians; the "
        "steeper the line, the more the input matters. Risk events are left out: their bar "
        "in the tornado says all there is.",
        "每条线让一个输入从 P5 变到 P95，其余取中位数；线越陡，该输入越重要。风险事件不在图中："
        "其龙卷风图的条形已说明全部影响。",
    ),
    "sens_sobol": ("Share of the uncertainty in {metric}", "{metric} 不确定性的来源占比"),
    "sens_sobol_sentence": (
        "Sobol indices split the variance of {metric} among the inputs: {input} alone explains "
        "{s1} of it (95 % interval {lo} to {hi}), {st} with its interactions.",
        "Sobol 指数把 {metric} 的方差分摊到各输入：{input} 单独解释 {s1}（95 % 区间 {lo} 至 "
        "{hi}），含交互作用为 {st}。",
    ),
    "sens_sobol_how": (
        "{n} base samples, {evals} model runs; intervals from {reps} independent scramblings.",
        "基础样本 {n} 个，模型运行 {evals} 次；区间来自 {reps} 次独立扰乱。",
    ),
    "sens_sobol_terminal": ("Sobol: n = {n}{wide}{how}.", "Sobol：n = {n}{wide}{how}。"),
    "sens_sobol_widest": ("; 95 % half-widths up to {w}", "；95 % 区间半宽最大 {w}"),
    "sens_sobol_reps": (
        " (t interval over {reps} independent scramblings)", "（基于 {reps} 次独立扰乱的 t 区间）"
    ),
    "sens_sobol_independence": (
        "Sobol treats the inputs as independent, but the scenario correlates some; η², computed "
        "on the correlated simulation, allows for that.",
        "Sobol 假定各输入相互独立，但本情景中部分输入相关；η² 基于含相关性的模拟计算，已考虑这一点。",
    ),
    "sens_s1": ("Alone (S1)", "单独作用（S1）"),
    "sens_st": ("With interactions (ST)", "含交互（ST）"),
    "sens_eta": ("η² (correlated)", "η²（含相关）"),
    "sens_interval": ("{v} ({lo} to {hi})", "{v}（{lo} 至 {hi}）"),
    "sens_spearman": ("What moves with {metric} in the simulation", "模拟中与 {metric} 同向变化的输入"),
    "sens_spearman_sentence": (
        "Over {n} simulated futures, {metric} moves most with {input} (Spearman ρ {rho}; ± "
        "{se}); the share of variance is ρ² scaled to 100 %, a rough guide that ignores "
        "interactions.",
        "在 {n} 次模拟中，{metric} 与 {input} 的同步性最强（Spearman ρ {rho}；± {se}）；方差占比"
        "为 ρ² 归一化到 100 %，仅为粗略参考，未计交互作用。",
    ),
    "sens_rho": ("Spearman ρ", "Spearman ρ"),
    "sens_share": ("Share of variance", "方差占比"),
    "sens_downside": ("What the losing futures have in common", "亏损情景的共同点"),
    "sens_downside_p": (
        "The CRM loses money (ROI < 0) in {p} of the simulated futures: {k} of {n}.",
        "在模拟情景中，CRM 亏损（ROI < 0）的概率为 {p}：{n} 次中有 {k} 次。",
    ),
    "sens_downside_top": (
        "With at least {m} losing futures the drivers can be told from noise; the losses differ "
        "most in {input} ({side}: with it in its worst quarter, the chance of a loss is {p}).",
        "亏损情景达到至少 {m} 个，驱动因素才能与噪声区分；亏损情景差异最大的是{input}（{side}："
        "该输入处于最差四分之一时，亏损概率为 {p}）。",
    ),
    "sens_downside_few": (
        "Ranking what the losses have in common needs at least {m} losing futures (below that "
        "the ranking is noise), and there were {k}; none is ranked. Run more iterations "
        "(about {need:,} at this loss rate).",
        "要排列亏损情景的共同点，至少需要 {m} 个亏损情景（少于此数排序只是噪声），本次只有 {k} "
        "个，因此不作排序。请增加模拟次数（按当前亏损率约需 {need:,} 次）。",
    ),
    "sens_downside_few_others": (
        "Ranking what the losses have in common needs at least {m} futures that do not lose, "
        "and there were {k}; none is ranked.",
        "要排列亏损情景的共同点，至少需要 {m} 个未亏损的情景，本次只有 {k} 个，因此不作排序。",
    ),
    "sens_downside_none": (
        "No simulated future loses money: there are no losses to explain.",
        "没有任何模拟情景亏损：无需解释亏损。",
    ),
    "sens_downside_all": (
        "Every simulated future loses money: there is nothing to compare the losses with.",
        "所有模拟情景都亏损：没有可与亏损比较的情景。",
    ),
    "sens_ks": ("KS distance", "KS 距离"),
    "sens_side": ("Losses lean to", "亏损偏向"),
    "sens_side_low": ("low end", "低端"),
    "sens_side_high": ("high end", "高端"),
    "sens_p_worst": ("Chance of a loss in its worst quarter", "处于最差四分之一时的亏损概率"),
    "sens_p_worst_short": ("P(loss) at worst", "最差处亏损概率"),
    "sens_median_loss": ("Median in losses", "亏损情景中位数"),
    "sens_median_other": ("Median otherwise", "其余情景中位数"),
    "sens_headline": (
        "{input} drives {metric} most: from {lo} to {hi} between its P{pl} and P{ph}, against "
        "{base} with every input at its median.",
        "{input} 对 {metric} 影响最大：在其 P{pl} 与 P{ph} 之间，{metric} 从 {lo} 变为 {hi}"
        "（所有输入取中位数时为 {base}）。",
    ),
    "sens_headline_risk": (
        "{input} matters most: if it happens, {metric} goes from {base} to {hi}.",
        "{input}影响最大：一旦发生，{metric} 由 {base} 变为 {hi}。",
    ),
    "sens_terminal_title": (
        "{name} — what drives {metric} (base case {base})",
        "{name} — {metric} 的驱动因素（基准情形 {base}）",
    ),
    "sens_terminal_low_high": ("{metric} P{pl} → P{ph}", "{metric} P{pl} → P{ph}"),
    "sens_shown": ("{k} of {n} inputs shown; all are in {file}.",
                   "显示 {n} 个输入中的 {k} 个；全部见 {file}。"),
}

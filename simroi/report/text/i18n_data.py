"""The words of the data commands' pages (evaluate, baseline, fit, scorecard), in English and
Chinese.

A part of the one catalogue of :mod:`simroi.report.text.i18n` (joined into its
``MESSAGES``; look words up with :func:`simroi.report.text.i18n.text`).
"""

from __future__ import annotations

# key: (English, Chinese)
MESSAGES: dict[str, tuple[str, str]] = {
    "kind_evaluate": ("Results after go-live", "上线后成效评估"),
    "kind_baseline": ("Baseline from CRM data", "基于 CRM 数据的基线"),
    "kind_fit": ("Distribution fitted to data", "数据分布拟合"),
    "kind_scorecard": ("Implementation scorecard", "实施评分卡"),
    "data_file": ("Data file: {role}", "数据文件（{role}）"),
    "role_deals": ("deals", "交易记录"),
    "role_customers": ("customers", "客户记录"),
    "role_actuals": ("actuals", "实际数据"),
    "role_costs": ("actual costs", "实际成本"),
    "role_data": ("data", "数据"),
    "role_card": ("scorecard", "评分卡"),
    "role_rows": ("cases", "案例"),
    "data_note": ("Notes on the data (as the data reader wrote them)", "数据说明（读取程序原文）"),
    "value_days": ("{v} days", "{v} 天"),
    # --- evaluate
    "ev_title": (
        "Realised since go-live {go_live} ({k} months)",
        "上线（{go_live}）以来的实际成效（{k} 个月）",
    ),
    "ev_headline": (
        "After {k} months live (go-live {go_live}), the realised ROI to date, {roi}, {where} "
        "(forecast median {forecast}); projected over the {horizon}-month horizon the ROI is "
        "{projected}.",
        "上线 {k} 个月后（上线日期 {go_live}），至今实际 ROI 为 {roi}，{where}"
        "（原预测中位数 {forecast}）；按 {horizon} 个月期限推算，ROI 为 {projected}。",
    ),
    "ev_at": ("is at the {nth} percentile of what was forecast", "位于原预测的第 {nth} 百分位"),
    "ev_below_all": (
        "is below all {n} iterations of what was forecast",
        "低于原预测的全部 {n} 次模拟",
    ),
    "ev_above_all": (
        "is above all {n} iterations of what was forecast",
        "高于原预测的全部 {n} 次模拟",
    ),
    "ev_percentile": ("{nth} percentile", "第 {nth} 百分位"),
    "ev_changed": (
        "{measure}: {before} before go-live, {after} since; {driver}: {lift} "
        "(95 % interval {lo} to {hi}).",
        "{measure}：上线前 {before}，上线后 {after}；{driver}：{lift}（95% 区间 {lo} 至 {hi}）。",
    ),
    "ev_costs": ("Costs to date: {v} ({source}).", "至今成本：{v}（{source}）。"),
    "ev_costs_forecast": (
        "the forecast's: the scenario's costs over the months since go-live",
        "按原预测：情景中上线以来各月的成本",
    ),
    "ev_costs_given": ("actual, as given", "实际成本，按给定值"),
    "ev_costs_table": ("actual, from the data's costs column", "实际成本，取自数据的成本列"),
    "ev_kept": (
        "Not measurable from these data, kept at their forecast: {names}.",
        "无法从这些数据测得、保持原预测的驱动因素：{names}。",
    ),
    "ev_section": ("Realised since go-live", "上线以来的实际成效"),
    "ev_col_measure": ("Measured", "测得指标"),
    "ev_col_before": ("Before go-live", "上线前"),
    "ev_col_after": ("Since go-live", "上线后"),
    "ev_col_driver": ("Driver", "驱动因素"),
    "ev_col_lift": ("Measured", "实测"),
    "ev_col_interval": ("95 % interval", "95% 区间"),
    "ev_col_forecast": ("Forecast median", "原预测中位数"),
    "ev_col_forecast_90": ("Forecast P5–P95", "原预测 P5–P95"),
    "ev_col_median": ("Median", "中位数"),
    "ev_roi_to_date": ("ROI to date, realised", "至今实际 ROI"),
    "ev_roi_forecast": ("ROI to date, as forecast", "至今 ROI（原预测）"),
    "ev_roi_projected": ("ROI projected to the horizon", "推算至期末的 ROI"),
    "ev_place": ("Realised ROI to date within the forecast", "实际 ROI 在原预测中的位置"),
    "ev_benefit": ("Benefit to date", "至今收益"),
    "ev_costs_row": ("Costs to date", "至今成本"),
    "ev_table_note": (
        "Lifts and their 95 % intervals: bootstrap of the records before and since go-live. "
        "ROI: the scenario's model with each measured lift in place of its forecast.",
        "提升幅度及其 95% 区间：对上线前后记录的自助抽样。"
        "ROI：以各项实测提升代替原预测后的情景模型。",
    ),
    "ev_measure_conversion_rate": ("Conversion rate", "转化率"),
    "ev_measure_avg_deal_value": ("Average deal value", "平均成交金额"),
    "ev_measure_cycle_days": ("Sales cycle", "销售周期"),
    "ev_measure_monthly_churn": ("Monthly churn", "月流失率"),
    "chart_evaluate": ("Realised ROI to date against the forecast", "至今实际 ROI 与原预测对比"),
    "ev_png_forecast": ("Forecast ROI to date", "原预测的至今 ROI"),
    "ev_png_realised": ("Realised ROI to date (measured lifts)", "至今实际 ROI（实测提升）"),
    "ev_png_median": ("Realised median: {v}", "实际中位数：{v}"),
    "ev_method": ("How each figure was measured", "各数字的测算方法"),
    "ev_col_side": ("Side", "时段"),
    "ev_col_records": ("Records", "记录数"),
    "ev_col_method": ("Method (as the data reader wrote it)", "方法（读取程序原文）"),
    "ev_actuals": ("Actuals read from {source}.", "实际数据读取自 {source}。"),
    # --- baseline
    "bl_title": ("Baseline measured {lo} .. {hi}", "测得的基线（{lo} 至 {hi}）"),
    "bl_headline": (
        "From {rows} between {lo} and {hi}: {figures}.",
        "根据 {lo} 至 {hi} 的 {rows}：{figures}。",
    ),
    "bl_rows_opportunities": ("{n} opportunities", "{n} 条商机记录"),
    "bl_rows_leads": ("{n} leads", "{n} 条线索记录"),
    "bl_customers": ("{n} active customers", "{n} 个活跃客户"),
    "bl_counts": (
        "Records: {rows} ({won} {won_word}, {lost} {lost_word}, {open} open){undated}{customers}.",
        "记录：{rows}（{won_word} {won}，{lost_word} {lost}，未结 {open}）{undated}{customers}。",
    ),
    "bl_undated": ("; {n} without a creation date", "；{n} 条无创建日期"),
    "bl_active": ("; {n} active customers", "；活跃客户 {n} 个"),
    "bl_won_opportunities": ("won", "赢单"),
    "bl_lost_opportunities": ("lost", "输单"),
    "bl_won_leads": ("converted", "已转化"),
    "bl_lost_leads": ("not converted", "未转化"),
    "bl_meaning_opportunities": (
        "The export lists opportunities: leads per month counts opportunities created, and the "
        "conversion rate is their win rate, won / (won + lost); the model uses their product, "
        "deals won per month.",
        "导出数据为商机：每月线索数按新建商机计，转化率为商机赢单率，即赢单 /（赢单 + 输单）；"
        "模型使用二者之积，即每月赢单数。",
    ),
    "bl_meaning_leads": (
        "The export lists leads: leads per month counts leads created, and the conversion rate "
        "is the share of decided leads that converted.",
        "导出数据为线索：每月线索数按新建线索计，转化率为已有结果的线索中转化的比例。",
    ),
    "bl_section": ("Baseline measured", "测得的基线"),
    "bl_col_kpi": ("KPI", "指标"),
    "bl_col_records": ("Records (n)", "记录数（n）"),
    "bl_col_unit": ("Unit", "单位"),
    "bl_table_note": (
        "95 % intervals: percentile bootstrap of {b} replicates (seed {seed}); monthly churn: "
        "the exact Poisson interval given the customer-months. Amounts in the export's currency.",
        "95% 区间：{b} 次自助抽样的百分位区间（随机种子 {seed}）；月流失率：给定客户月数的精确"
        "泊松区间。金额以导出数据的币种计。",
    ),
    "bl_leads_per_month": ("Leads per month", "每月线索数"),
    "bl_leads_per_month_opportunities": ("Opportunities created per month", "每月新建商机数"),
    "bl_conversion_rate": ("Lead conversion", "线索转化率"),
    "bl_conversion_rate_opportunities": ("Win rate of opportunities", "商机赢单率"),
    "bl_avg_deal_value": ("Average deal value", "平均成交金额"),
    "bl_cycle_days": ("Sales cycle", "销售周期"),
    "bl_monthly_churn": ("Monthly churn", "月流失率"),
    "bl_monthly_revenue": ("Monthly revenue per customer", "每客户月收入"),
    "bl_clv": ("Customer lifetime value (CLV)", "客户终身价值"),
    "bl_cac": ("Customer acquisition cost (CAC)", "获客成本"),
    "bl_crr": ("Customer retention, last 12 months (CRR)", "近 12 个月客户留存率"),
    "bl_unit_month": ("a month", "每月"),
    "bl_unit_share": ("share", "比例"),
    "bl_unit_share_month": ("share a month", "每月比例"),
    "bl_unit_money": ("amount", "金额"),
    "bl_unit_money_month": ("amount a month", "每月金额"),
    "bl_unit_days": ("days", "天"),
    "bl_fragment": ("For the scenario file", "写入情景文件"),
    "bl_fragment_about": (
        "The baseline: section below is also {file} in this folder, each key with a "
        "comment citing the data; a key whose interval is wider than ±1 % is a normal "
        "distribution with the bootstrap's mean and standard deviation.",
        "以下基线部分也保存在本文件夹的 {file} 中，每个键附有引用数据的注释；"
        "区间宽于 ±1% 的键写为正态分布，均值与标准差取自自助抽样。",
    ),
    "bl_col_key": ("Scenario key", "情景键"),
    "bl_col_written": ("Written as", "写入值"),
    "bl_given": ("given, not measured", "给定值，非测得"),
    # --- fit
    "fit_families_title": (
        "Fits to {what} (n = {n}), by AIC",
        "{what} 的拟合（n = {n}），按信息准则排序",
    ),
    "fit_mean_title": (
        "Distribution of the mean of {what} (n = {n}; {b} bootstrap replicates)",
        "{what} 均值的分布（n = {n}；{b} 次自助抽样）",
    ),
    "fit_what": ("column {column} of {source}", "{source} 的 {column} 列"),
    "fit_headline_values": (
        "{n} values of {what}: the {family} describes them best ({reason}).",
        "{what} 的 {n} 个数值：{family}描述得最好（{reason}）。",
    ),
    "fit_headline_few": (
        "Only {n} values of {what}: too few to tell one family from another; a PERT distribution "
        "over their range, widened by one average gap at each end, is recommended.",
        "{what} 只有 {n} 个数值，不足以区分分布族；建议使用覆盖其范围（两端各加宽一个平均间距）"
        "的 PERT 分布。",
    ),
    "fit_headline_discrete": (
        "{n} values of {what}, whole numbers with few distinct values: their frequencies.",
        "{what} 的 {n} 个数值为取值很少的整数：采用其频率分布。",
    ),
    "fit_headline_mean": (
        "The mean of {n} values of {what} is {mean} (95 % interval {lo} to {hi}); the "
        "{family} describes its distribution best (K-S distance {ks}).",
        "{what} 的 {n} 个数值的均值为 {mean}（95% 区间 {lo} 至 {hi}）；"
        "{family}最能描述其分布（K-S 距离 {ks}）。",
    ),
    "fit_reason_aic": ("lowest AIC, {d} below the next", "信息准则最低，比次优低 {d}"),
    "fit_reason_tie": (
        "within {tie} of the lowest AIC with fewer parameters",
        "与最低信息准则相差不超过 {tie}，且参数更少",
    ),
    "fit_for": (
        "For the scenario input {label}: {meaning}",
        "用于情景输入项“{label}”：{meaning}",
    ),
    "fit_for_mean": (
        "it is an average, so its distribution is that of the mean, not the spread of single "
        "values (standard deviation {sd}).",
        "该输入为平均值，因此其分布是均值的分布，而非单个数值的离散程度（标准差 {sd}）。",
    ),
    "fit_for_values": (
        "each iteration draws one value like one of these.",
        "每次模拟抽取一个与这些数值同分布的值。",
    ),
    "fit_section": ("Fitted distributions", "拟合的分布"),
    "fit_col_family": ("Family", "分布族"),
    "fit_col_params": ("Parameters", "参数"),
    "fit_col_k": ("k", "参数个数"),
    "fit_col_daic": ("ΔAIC", "信息准则差"),
    "fit_col_ks": ("KS distance", "K-S 距离"),
    "fit_col_ad": ("AD statistic", "A-D 统计量"),
    "fit_col_mean": ("Mean", "均值"),
    "fit_col_sd": ("Standard deviation", "标准差"),
    "fit_chosen": ("{family} (chosen)", "{family}（选用）"),
    "fit_bootstrap": ("Bootstrap of the mean", "均值的自助抽样"),
    "fit_table_note": (
        "AIC = 2k − 2 log L; the family with fewer parameters is chosen within 2 per parameter "
        "saved of the lowest. KS and AD measure the distance to the data (no p-values: the "
        "parameters were fitted).",
        "赤池信息准则 = 2k − 2 × 对数似然；在最低值的每省一个参数 2 以内时选用参数更少的分布族。"
        "K-S 与 A-D 衡量与数据的距离（参数为拟合所得，故不给 p 值）。",
    ),
    "fit_rows": ("Rows fitted: {rows}.", "拟合的行（原文）：{rows}。"),
    "fit_left_out": ("Left out: {why}", "未采用：{why}"),
    "fit_paste": ("For the scenario file", "写入情景文件"),
    "fit_paste_about": (
        "The chosen distribution as a spec to paste, with the comments saying what was fitted "
        "(the data's own words).",
        "选用的分布写为可粘贴的设定，注释说明拟合的内容（原文）。",
    ),
    "chart_fit": ("The data against the fitted distributions", "数据与拟合分布的对比"),
    "fit_png_data": ("data ({n} values)", "数据（{n} 个数值）"),
    "fit_png_means": ("bootstrap means ({n} values)", "自助抽样均值（{n} 个）"),
    "fit_png_chosen": ("{label} — chosen", "{label}（选用）"),
    "fit_png_axis": ("Probability ≤ x (%)", "≤ x 的概率（%）"),
    "fit_png_not_drawn": ("chosen: {family} (not drawn)", "选用：{family}（未绘出）"),
    "family_normal": ("normal distribution", "正态分布"),
    "family_lognormal": ("lognormal distribution", "对数正态分布"),
    "family_uniform": ("uniform distribution", "均匀分布"),
    "family_triangular": ("triangular distribution", "三角分布"),
    "family_pert": ("PERT distribution", "PERT 分布"),
    "family_beta": ("beta distribution", "贝塔分布"),
    "family_discrete": ("discrete distribution", "离散分布"),
    "family_range": ("PERT distribution from the range", "按范围设定的 PERT 分布"),
    # --- scorecard
    "sc_title": ("Scorecard: {score} / 100 — {band}", "评分卡：{score} / 100 — {band}"),
    "sc_headline": (
        "The implementation scores {score} out of 100: {band}.",
        "本次实施得分 {score} / 100：{band}。",
    ),
    "sc_headline_forecast": (
        "Before go-live, the likeliest band is {band} ({p}); the median score is {p50}.",
        "上线前，最可能的评级为{band}（{p}）；评分中位数为 {p50}。",
    ),
    "sc_rule": (
        "Each result scores 50 + 50 × actual / target (the forecast met: 100, nothing gained: 50), "
        "each rating 1 to 5 as 0 to 100; the score is their weighted mean.",
        "每项结果得分 = 50 + 50 × 实际 / 目标（达到预测为 100，无变化为 50），"
        "每项评价 1 至 5 分对应 0 至 100；总分为加权平均。",
    ),
    "sc_left_out": ("Left out (no data): {names}.", "未计入（无数据）：{names}。"),
    "sc_section": ("Score", "评分"),
    "sc_col_component": ("Component", "组成部分"),
    "sc_col_actual": ("Actual", "实际"),
    "sc_col_target": ("Target", "目标"),
    "sc_col_score": ("Score", "得分"),
    "sc_col_weight": ("Weight", "权重"),
    "sc_rated": ("rated {r} of 5", "评分 {r} / 5"),
    "sc_col_band": ("Band", "评级"),
    "sc_col_range": ("Score", "分数范围"),
    "sc_col_prob": ("Probability", "概率"),
    "sc_bands": ("The five bands", "五个评级"),
    "sc_here": ("this implementation", "本次实施"),
    "sc_forecast_section": ("Before go-live: the chance of each band", "上线前：各评级的概率"),
    "sc_forecast_title": (
        "{name}: the scorecard forecast — {n} iterations",
        "{name}：评分卡预测 — {n} 次模拟",
    ),
    "sc_forecast_about": (
        "Each simulated future is scored as the implementation would be, against the targets: "
        "{targets}.",
        "每个模拟情景都按实施后的方式评分，目标为：{targets}。",
    ),
    "sc_forecast_note": (
        "Probabilities: the share of {n} iterations in each band, rounded to their Monte Carlo "
        "error.",
        "概率：{n} 次模拟中落入各评级的比例，按蒙特卡洛误差取整。",
    ),
    "chart_scorecard": ("The chance of each band before go-live", "上线前各评级的概率"),
    "sc_png_axis": ("Probability (%)", "概率（%）"),
    "sc_roi": ("ROI against the forecast", "ROI（对比预测）"),
    "sc_time_saved": ("Hours saved per rep a week", "每人每周节省工时"),
    "sc_churn": ("Churn reduction", "流失率下降幅度"),
    "sc_growth": ("Growth of new business (conversion lift)", "新业务增长（转化率提升）"),
    "sc_adoption": ("Team adoption", "团队采用程度"),
    "sc_collaboration": (
        "Collaboration across sales, service and marketing",
        "销售、服务与市场的协作",
    ),
    "sc_fit": ("Fit to the way the business works", "与业务方式的契合度"),
}

"""The words of the live what-if page (simroi/report/live), in English and Chinese.

A part of the one catalogue of :mod:`simroi.report.text.i18n` (joined into its
``MESSAGES``; look words up with :func:`simroi.report.text.i18n.text`).
"""

from __future__ import annotations

# key: (English, Chinese)
MESSAGES: dict[str, tuple[str, str]] = {
    # the live what-if page (simroi/report/live)
    "live_title": ("What if? {name}", "假设分析：{name}"),
    "live_intro": (
        "Change an assumption and the answers move. Plain cost numbers are recomputed exactly; "
        "a changed range reweighs the {n} stored futures (no new simulation).",
        "修改假设，结果即时更新。成本数字按原模型精确重算；修改分布区间时对已存的 {n} 次模拟重新加权"
        "（不重新模拟）。",
    ),
    "live_controls": ("Assumptions", "假设"),
    "live_value": ("Value (pin)", "取值（固定）"),
    "live_range": ("Range (as {flag})", "分布（{flag} 写法）"),
    "live_reset": ("Reset", "重置"),
    "live_answers": ("Answers", "结果"),
    "live_loss": ("Chance of a loss (NPV < 0)", "亏损的概率（NPV < 0）"),
    "live_pb_within": ("Paid back within {m} months", "{m} 个月内收回投资"),
    "live_histogram": ("ROI across the futures", "各情景下的 ROI 分布"),
    "live_curve": ("Chance of payback by month", "按月累计的回收概率"),
    "live_link": ("This page's link holds the settings: copy it to share them.",
                  "本页链接包含当前设置，复制链接即可分享。"),
    "live_rerun": ("For the exact answer, run: {command}", "精确结果请运行：{command}"),
    "live_status_exact": ("Exact: the run's own futures, recomputed.", "精确：按原模拟重算。"),
    "live_status_reweighted": (
        "Reweighted: effective sample {ess} of {n} futures.",
        "重新加权：有效样本 {ess} / {n} 次模拟。",
    ),
    "live_status_approximate": (
        "Approximate: only {ess} effective futures of {n} (fewer than {min}); rerun for an "
        "exact answer.",
        "近似：有效样本仅 {ess} / {n}（少于 {min}）；精确结果请重新运行。",
    ),
    "live_status_inexact": (
        "Approximate: this run's draws cannot be drawn again from its seed, so a correlated "
        "input's tie to a stepwise input is only estimated; rerun for an exact answer.",
        "近似：无法用本次运行的种子重现其抽样，相关输入与离散输入之间的关联只能近似估计；精确结果请重新运行。",
    ),
    "live_status_heavy": (
        "Approximate: a pinned input is so strongly correlated with others that reweighting "
        "cannot answer reliably (the weights' variance is unbounded); rerun for an exact "
        "answer.",
        "近似：被固定的输入与其他输入相关性过强，重新加权无法可靠回答（权重方差无界）；精确结果请重新运行。",
    ),
    "live_status_refused": (
        "Not answered here: why is below; rerun for this setting.",
        "此处无法回答：原因见下方；该设置请重新运行。",
    ),
    "live_need_number": ("must be a number", "必须是数字"),
    "live_need_probability": ("must be a probability in [0, 1]", "必须是 0 到 1 之间的概率"),
    "live_lever_range": (
        "this page holds {lo} to {hi}; rerun for other values",
        "本页只支持 {lo} 到 {hi}；其他取值请重新运行",
    ),
    "live_unknown_path": ("not an input this page can change", "本页无法修改该输入"),
    "live_correlated": (
        "tied one to one to {others} in the scenario (rank correlation ±1): no reweighting "
        "can follow it; rerun instead",
        "在情景中与 {others} 一一对应（秩相关系数为 ±1）：无法重新加权，请重新运行",
    ),
    "live_pin_values": ("must be one of {values}", "必须是 {values} 之一"),
    "live_pin_only": ("can only be pinned to one of its values", "只能固定为其取值之一"),
    "live_bad_dist": (
        "a range is a YAML map such as {{dist: pert, min: 0.3, mode: 0.5, max: 0.9}}",
        "分布须写成映射，例如 {{dist: pert, min: 0.3, mode: 0.5, max: 0.9}}",
    ),
    "live_outside": (
        "outside what was simulated ({lo} to {hi}); rerun instead",
        "超出已模拟的范围（{lo} 到 {hi}），请重新运行",
    ),
    "live_probability": ("probability", "发生概率"),
    "live_correlated_note": (
        "* correlated in the scenario. A new range keeps the correlation; a pinned value "
        "leaves it, and the inputs it was tied to keep their own ranges: as {command} does.",
        "* 在情景中相关。修改分布时保持相关性；固定取值后该输入不再参与相关，"
        "与其相关的输入保持各自的分布：与 {command} 相同。",
    ),
    "live_unit_percent": ("fraction", "比例"),
    "live_unit_months": ("months", "月"),
    "live_unit_hours": ("hours", "小时"),
    "live_unit_count": ("count", "个数"),
}

"""The words of break-even, stress, VOI, the terminal and the headline, in English and Chinese.

A part of the one catalogue of :mod:`simroi.report.text.i18n` (merged into its
``MESSAGES``; look words up with :func:`simroi.report.text.i18n.text`), kept here
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

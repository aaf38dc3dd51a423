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

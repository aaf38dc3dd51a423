"""The words and the number rules every surface calls: terminal, PNG, SVG, HTML, PDF, Excel.

:mod:`~simroi.report.text.numbers` (how a figure is rounded and written),
:mod:`~simroi.report.text.money` (amounts in each language),
:mod:`~simroi.report.text.i18n` (every word, in English and Chinese) and
:mod:`~simroi.report.text.safe` (text from the user made safe to show).
"""

from simroi.report.text import i18n as _i18n
from simroi.report.text.i18n_decisions import MESSAGES as _DECISIONS

# The words of break-even, stress, VOI, the terminal and the headline join the one
# catalogue here, so i18n.MESSAGES holds them whichever module is imported first.
_i18n.MESSAGES.update(_DECISIONS)

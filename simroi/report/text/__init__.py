"""The words and the number rules every surface calls: terminal, PNG, SVG, HTML, PDF, Excel.

:mod:`~simroi.report.text.numbers` (how a figure is rounded and written),
:mod:`~simroi.report.text.money` (amounts in each language),
:mod:`~simroi.report.text.i18n` (every word, in English and Chinese) and
:mod:`~simroi.report.text.safe` (text from the user made safe to show).
"""

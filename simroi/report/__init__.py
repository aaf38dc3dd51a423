"""Everything a person reads: the words and number rules (text), each command's table and
charts (views, drawn by plots: the only package importing matplotlib), the reports
(documents), the terminal, the notebook views, and the files of a run folder."""

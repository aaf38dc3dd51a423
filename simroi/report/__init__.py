"""Everything a person reads: number formatting, terminal tables, charts (plots, the only
package importing matplotlib) and the reports of a run folder (whose storage is simroi.runs)."""

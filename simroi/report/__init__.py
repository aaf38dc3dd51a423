"""Everything a person reads: number formatting, terminal tables, charts (plots, the only
package importing matplotlib) and the files of a run folder (files)."""

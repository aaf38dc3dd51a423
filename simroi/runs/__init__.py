"""The run folder as a storage contract: which files each command's folder holds
(layout), how they are written (atomic, jsonfiles, parquet, manifest), staged and
published (rundir, staging, recovery), and read back checked (schema, readback).

It stores what it is given and reads it back; it never draws or formats (no
report code, no click).
"""

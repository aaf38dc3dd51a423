"""Shared test setup: a headless matplotlib backend, whatever the machine."""

import os

os.environ.setdefault("MPLBACKEND", "Agg")

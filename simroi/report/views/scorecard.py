"""simroi scorecard: the 0-100 score after go-live, or the bands' chances before it."""

from __future__ import annotations

from rich.table import Table

from simroi.report.terminal import make_table
from simroi.report.text.numbers import prob_to_error, sig

__all__ = ["bands_table", "table"]


def table(card: dict) -> Table:
    """Score, band in both languages, and each component's score and share of the weight."""
    b = card["band"]
    t = make_table(
        f"Scorecard: {card['score']} / 100 — {b['zh']} ({b['en']})",
        "component", "measured", "score", "weight",
    )  # fmt: skip
    for c in card["components"]:
        if c["kind"] == "result":
            measured = f"{sig(c['actual'])} of target {sig(c['target'])}"
        else:
            measured = f"rated {sig(c['rating'])} of 5"
        t.add_row(c["name"], measured, f"{c['score']:.0f}", f"{100 * c['weight']:.0f} %")
    if card["left_out"]:
        t.caption = "left out (no data): " + ", ".join(card["left_out"])
    return t


def bands_table(forecast: dict) -> Table:
    """Before go-live: the probability of each band under the simulation."""
    n = forecast["iterations"]
    t = make_table(
        f"{forecast['scenario']}: the scorecard forecast — {n:,} iterations",
        "band", "score", "probability",
    )  # fmt: skip
    for b in forecast["bands"]:
        t.add_row(f"{b['zh']} ({b['en']})", f"{b['min']}–{b['max']}",
                  prob_to_error(b["prob"], b["se"], n))  # fmt: skip
    targets = ", ".join(f"{k} {sig(v)}" for k, v in forecast["targets"].items())
    t.caption = f"targets: {targets}" + (
        "; left out: " + ", ".join(forecast["left_out"]) if forecast["left_out"] else ""
    )
    return t

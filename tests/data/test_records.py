"""Deals as real exports hold them: undated prospects, open deals, stages by content, notes."""

import numpy as np
import pandas as pd
import pytest

from simroi.data.exports import Table
from simroi.data.records import deals_from_table
from simroi.errors import ConfigError


def _table(**columns):
    frame = pd.DataFrame(columns)
    return Table(frame, list(range(2, len(frame) + 2)), "deals.csv")


def test_rows_without_a_creation_date_are_kept_not_errors():
    d = deals_from_table(_table(engage_date=["2024-01-02", "", "2024-01-05"],
                                deal_stage=["Won", "Prospecting", "Lost"],
                                close_value=["500", "", "0"]))  # fmt: skip
    assert np.isnan(d.created).tolist() == [False, True, False]
    assert d.outcome.tolist() == [1, -1, 0] and d.amount.tolist()[::2] == [500.0, 0.0]
    with pytest.raises(ConfigError, match=r"column 'engage_date' \(created\): no row has a "
                                          r"creation date"):  # fmt: skip
        deals_from_table(_table(engage_date=["", ""], deal_stage=["Won", "Lost"]))


def test_a_won_flag_without_a_close_date_is_an_open_deal():
    d = deals_from_table(_table(Created=["2024-01-02"] * 3, Closed=["2024-02-01", "", ""],
                                Won=["yes", "no", "yes"], Amount=["5", "", "7"]))  # fmt: skip
    assert d.outcome.tolist() == [1, -1, 1]  # a "yes" is won with or without the date
    assert d.notes == ("1 rows with 'Won' = no and no close date count as open deals",)


def test_the_stage_column_is_the_one_whose_words_decide():
    # Pipedrive: "Stage" is the pipeline step (never won or lost), "Status" the outcome
    d = deals_from_table(_table(**{"Deal - Deal created": ["2024-01-02"] * 3,
                                   "Deal - Stage": ["Qualified", "Demo", "Proposal"],
                                   "Deal - Status": ["won", "lost", "open"],
                                   "Deal - Value": ["5", "6", "7"]}))  # fmt: skip
    assert d.columns["stage"] == "Deal - Status" and d.outcome.tolist() == [1, 0, -1]


def test_unknown_stages_and_a_leads_export_are_said():
    stages = ["Closed Won", "Demo booked", "Trial", "Closed Lost"]
    d = deals_from_table(_table(Created=["2024-01-02"] * 4, Stage=stages))
    assert d.kind == "opportunities" and d.notes == (
        "stages read as open deals, being no known won, lost or open stage: 'Demo booked' (1), "
        "'Trial' (1); name others under stages: (won, lost, open) in a --mapping file",
    )
    leads = deals_from_table(_table(**{"Create Date": ["2024-01-02"] * 2,
                                       "Lead Status": ["Converted", "Unqualified"]}))  # fmt: skip
    assert leads.kind == "leads" and "amount" not in leads.columns
    assert np.isnan(leads.amount).all()


def test_how_the_date_order_was_decided_is_a_note():
    d = deals_from_table(_table(Created=["01/02/2024", "03/02/2024"],
                                Closed=["03/02/2024", "01/03/2024"],
                                Stage=["Won", "Lost"]))  # fmt: skip
    assert d.created[1] + 27 == d.closed[1]  # 3 February -> 1 March
    assert len(d.notes) == 1 and "read day first" in d.notes[0]

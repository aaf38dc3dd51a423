"""Outcomes from the stage words of the common CRMs, a won flag, or a mapping's own stages."""

import pandas as pd
import pytest

from simroi.data import cells
from simroi.data.exports import Table

# Each CRM's stages as exported: won, lost, and open ones.
STAGES = {
    "salesforce": (["Closed Won"], ["Closed Lost"], ["Prospecting", "Qualification",
                   "Needs Analysis", "Value Proposition", "Id. Decision Makers",
                   "Perception Analysis", "Proposal/Price Quote", "Negotiation/Review"]),
    "hubspot": (["Closed won"], ["Closed lost"], ["Appointment scheduled", "Qualified to buy",
                "Presentation scheduled", "Decision maker bought-in", "Contract sent"]),
    "dynamics": (["Won"], ["Lost", "Canceled", "Out-Sold"], ["Open", "In Progress", "On Hold"]),
    "zoho": (["Closed Won"], ["Closed Lost", "Closed-Lost to Competition"],
             ["Qualification", "Needs Analysis", "Identify Decision Makers", "Negotiation/Review"]),
    "pipedrive": (["won"], ["lost"], ["open"]),
    "销售易": (["赢单"], ["输单"], ["初步接洽", "需求确定", "方案/报价", "谈判审核"]),
    "纷享销客": (["赢单"], ["输单", "无效"], ["验证客户", "需求确定", "方案/报价", "谈判审核",
                                        "进行中"]),
    "crm sales opportunities": (["Won"], ["Lost"], ["Engaging", "Prospecting"]),
}  # fmt: skip


def _table(values, name="Stage"):
    return Table(pd.DataFrame({name: values}), list(range(2, len(values) + 2)), "d.csv")


def _outcomes(values, **kw):
    errors = []
    o = cells.outcomes(_table(values), "Stage", "stage", errors, flag=kw.pop("flag", False), **kw)
    return o, errors


@pytest.mark.parametrize("crm", STAGES)
def test_each_crms_stages_are_known(crm):
    won, lost, open_ = STAGES[crm]
    o, errors = _outcomes(won + lost + open_)
    assert o.codes.tolist() == [1] * len(won) + [0] * len(lost) + [-1] * len(open_)
    assert not o.unknown and not o.leads and not errors


def test_an_unknown_stage_is_open_and_counted():
    o, _ = _outcomes(["Closed Won", "Demo booked", "Demo booked", "Trial", ""])
    assert o.codes.tolist() == [1, -1, -1, -1, -1]
    assert o.unknown == {"Demo booked": 2, "Trial": 1}


def test_a_mapping_names_stages_and_overrides_the_known_ones():
    stages = {"won": ["Signed contract"], "lost": ["Trial"], "open": ["Closed Lost"]}
    o, _ = _outcomes(["Signed contract", "Trial", "Closed Lost", "Closed Won"], stages=stages)
    assert o.codes.tolist() == [1, 0, -1, 1] and not o.unknown


def test_a_leads_export_converts():
    o, _ = _outcomes(["Closed - Converted", "Closed - Not Converted", "Working - Contacted"])
    assert o.codes.tolist() == [1, 0, -1] and o.leads


def test_a_won_flag_is_yes_or_no_and_nothing_else():
    o, errors = _outcomes(["yes", "No", "TRUE", "0", "是", "否", "maybe"], flag=True)
    assert o.codes.tolist() == [1, 0, 1, 0, 1, 0, -1]
    assert errors == ["line 8, column 'Stage' (stage): cannot read 'maybe' as won or lost "
                      "(yes/no, true/false, 1/0, won/lost, 是/否)"]  # fmt: skip

"""The column names of the common CRMs' exports are found for each role."""

import pandas as pd
import pytest

from simroi.data.exports import Table, find_columns
from simroi.data.records import DEAL_ROLES
from simroi.data.vocabulary import norm

# Header rows as each CRM's opportunity export writes them, and the column of each role.
EXPORTS = {
    "salesforce": (["Opportunity Name", "Created Date", "Close Date", "Stage", "Amount",
                    "Expected Revenue"],
                   {"created": "Created Date", "closed": "Close Date", "stage": "Stage",
                    "amount": "Amount"}),
    "hubspot": (["Deal Name", "Create Date", "Close Date", "Deal Stage", "Amount", "Pipeline"],
                {"created": "Create Date", "closed": "Close Date", "stage": "Deal Stage",
                 "amount": "Amount"}),
    "dynamics": (["Topic", "Created On", "Est. Close Date", "Actual Close Date", "Status",
                  "Status Reason", "Est. Revenue", "Actual Revenue"],
                 {"created": "Created On", "closed": "Actual Close Date", "stage": "Status",
                  "amount": "Actual Revenue"}),
    "zoho": (["Deal Name", "Created Time", "Closing Date", "Stage", "Amount"],
             {"created": "Created Time", "closed": "Closing Date", "stage": "Stage",
              "amount": "Amount"}),
    "pipedrive": (["Deal - Title", "Deal - Value", "Deal - Status", "Deal - Deal created",
                   "Deal - Won time"],
                  {"created": "Deal - Deal created", "closed": "Deal - Won time",
                   "stage": "Deal - Status", "amount": "Deal - Value"}),
    "销售易": (["商机名称", "创建时间", "结单日期", "销售阶段", "商机金额"],
               {"created": "创建时间", "closed": "结单日期", "stage": "销售阶段",
                "amount": "商机金额"}),
    "纷享销客": (["商机名称", "创建时间", "结单日期", "商机阶段", "商机金额", "商机状态"],
                 {"created": "创建时间", "closed": "结单日期", "stage": "商机阶段",
                  "amount": "商机金额"}),
    "crm sales opportunities": (
        ["opportunity_id", "sales_agent", "product", "account", "deal_stage", "engage_date",
         "close_date", "close_value"],
        {"created": "engage_date", "closed": "close_date", "stage": "deal_stage",
         "amount": "close_value"}),
}  # fmt: skip


@pytest.mark.parametrize("crm", EXPORTS)
def test_each_crms_columns_are_found_by_role(crm):
    header, expected = EXPORTS[crm]
    table = Table(pd.DataFrame(columns=header), [], f"{crm}.csv")
    assert find_columns(table, DEAL_ROLES) == expected


def test_names_compare_without_case_spaces_punctuation_or_a_deal_prefix():
    names = ("Created Date", "created_date", "CREATED-DATE", "Created.Date", "Deal - Created Date")
    assert {norm(n) for n in names} == {"createddate"}
    assert norm("创建日期（本地）") == "创建日期本地"
    assert norm("Closed - Won") == norm("closed_won") == norm("ClosedWon") == "closedwon"

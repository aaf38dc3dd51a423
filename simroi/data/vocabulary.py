"""The words of CRM exports: the column names of each role, and the stages of a deal.

Names and stages are compared after :func:`norm` (lower case; spaces, ``_``, ``-``,
``.``, ``/`` and brackets dropped): ``Created Date``, ``created_date`` and
``CREATED-DATE`` agree, as do ``Closed Won``, ``closed-won`` and ``ClosedWon``.

The names are those of the exports of Salesforce, HubSpot, Dynamics 365, Zoho,
Pipedrive (``Deal - Value``: a ``Deal -`` prefix is dropped), 销售易, 纷享销客, a
spreadsheet kept by hand, and the public "CRM sales opportunities" data set
(``engage_date``, ``close_date``, ``deal_stage``, ``close_value``). For each role
the first name present wins, so the more specific come first (Dynamics' ``Actual
Revenue`` before a plain ``Revenue``).
"""

from __future__ import annotations

import re

__all__ = ["ALIASES", "LEAD_WORDS", "STAGE_WORDS", "FLAG_WORDS", "norm"]

_DROP = re.compile(r"[\s_\-./()（）:：]+")
_PREFIX = re.compile(r"^\s*(deal|opportunity|商机)\s+-\s+", re.IGNORECASE)


def norm(name: object) -> str:
    """A name or a stage as compared: lower case, no spaces or punctuation, no ``Deal -``."""
    return _DROP.sub("", _PREFIX.sub("", str(name))).lower()


ALIASES: dict[str, tuple[str, ...]] = {
    # deals / opportunities
    "created": (
        "createddate", "createdate", "created", "createdat", "createdon", "createdtime",
        "datecreated", "creationdate", "dealcreated", "dealcreatedon", "engagedate", "engaged",
        "opened", "openedon", "opendate", "leaddate", "leadcreated", "startdate",
        "创建日期", "创建时间", "商机创建日期", "商机创建时间", "建立日期", "录入日期", "立项日期",
        "线索日期",
    ),
    "closed": (
        "closedate", "closeddate", "actualclosedate", "dateclosed", "closedon", "closedat",
        "closetime", "closedtime", "closingdate", "wondate", "wontime", "decisiondate",
        "converteddate", "convertedon", "closed", "结单日期", "结单时间", "关闭日期",
        "关闭时间", "成交日期", "成交时间", "赢单日期", "签单日期", "结束日期",
    ),
    "stage": (
        "stage", "dealstage", "opportunitystage", "salesstage", "pipelinestage", "status",
        "dealstatus", "opportunitystatus", "statusreason", "state", "outcome", "result",
        "leadstatus", "阶段", "商机阶段", "销售阶段", "商机状态", "状态", "结果", "线索状态",
    ),
    "won": ("won", "iswon", "closedwon", "isclosedwon", "wonflag", "是否赢单", "是否成交", "赢单"),
    "amount": (
        "amount", "dealvalue", "dealamount", "closevalue", "actualrevenue", "actualvalue",
        "value", "opportunityamount", "contractvalue", "revenue", "estrevenue",
        "estimatedrevenue", "金额", "合同金额", "商机金额", "成交金额", "赢单金额", "订单金额",
        "销售金额", "预计金额",
    ),
    # customers
    "customer": ("customer", "customerid", "account", "accountid", "client", "clientid",
                 "id", "客户", "客户id", "客户编号", "客户名称"),
    "start": ("start", "startdate", "since", "customersince", "signupdate", "signed",
              "开始日期", "签约日期", "合作开始", "首次成交日期"),
    "end": ("end", "enddate", "churned", "churndate", "churnedon", "cancelled",
            "cancellationdate", "结束日期", "流失日期", "解约日期", "终止日期"),
    "monthly_revenue": ("monthlyrevenue", "mrr", "revenuepermonth", "monthlyvalue",
                        "月收入", "月度收入", "每月收入", "月均收入"),
}  # fmt: skip

# The stages of a deal, by outcome: won, lost, and the open stages of the common
# pipelines (a stage that is none of these is open too, and the output names it).
STAGE_WORDS: dict[str, frozenset[str]] = {
    "won": frozenset((
        "won", "win", "closedwon", "wonclosed", "success", "successful", "signed",
        "赢单", "赢", "已赢单", "成交", "已成交", "签约", "已签约", "成功", "赢单关闭",
    )),
    "lost": frozenset((
        "lost", "lose", "closedlost", "closedlosttocompetition", "lostclosed", "failed",
        "disqualified", "canceled", "cancelled", "outsold", "输单", "已输单", "丢单", "失败",
        "未成交", "已流失", "放弃", "无效", "输单关闭",
    )),
    "open": frozenset((
        "open", "inprogress", "onhold", "engaging", "prospecting", "prospect", "new",
        "qualification", "qualified", "qualifiedtobuy", "needsanalysis", "valueproposition",
        "iddecisionmakers", "identifydecisionmakers", "perceptionanalysis", "proposal",
        "proposalpricequote", "pricequote", "quote", "negotiation", "negotiationreview",
        "appointmentscheduled", "presentationscheduled", "decisionmakerboughtin",
        "contractsent", "discovery", "demo", "demoscheduled", "evaluation", "develop",
        "propose", "进行中", "跟进中", "初步接洽", "需求确定", "需求分析", "方案报价", "报价",
        "谈判审核", "谈判中", "商务谈判", "验证客户", "意向", "立项", "招投标", "待跟进", "新建",
    )),
}  # fmt: skip
# A leads export: its rows convert (or not) instead of being won or lost.
LEAD_WORDS: dict[str, frozenset[str]] = {
    "won": frozenset(("converted", "closedconverted", "已转化", "转化", "已转换", "转为商机")),
    "lost": frozenset(("notconverted", "closednotconverted", "unqualified", "未转化", "无效线索")),
    "open": frozenset(("opennotcontacted", "workingcontacted", "notcontacted", "contacted",
                       "working", "attemptedtocontact", "connected", "未处理", "未联系")),
}  # fmt: skip
# A won flag: yes or no, and nothing else.
FLAG_WORDS: dict[str, frozenset[str]] = {
    "won": frozenset(("yes", "y", "true", "1", "won", "是", "赢单", "成交", "√")),
    "lost": frozenset(("no", "n", "false", "0", "lost", "否", "输单", "未成交", "×")),
}

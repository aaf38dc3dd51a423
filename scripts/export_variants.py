"""The sample deals export rewritten the way other places and tools write it: same deals.

    python scripts/export_variants.py OUT_DIR   # writes the files below into OUT_DIR

Each file holds the deals of tests/data/exports/deals.csv, so ``simroi baseline``
must give the same estimates on every one:

* ``uk.csv``: CSV UTF-8 with a byte-order mark, dates day first (``02/01/2024``), ``£2,012.00``;
* ``eu.csv``: Excel's plain CSV in Germany: Windows-1252, ``;``-separated, dates
  ``02.01.2024``, decimal comma and a euro sign after (``2.012,00 €``);
* ``unicode.txt``: Excel's "Unicode text": UTF-16 with a byte-order mark, tab-separated,
  US dates (``1/2/2024``), ``$2,012.00``;
* ``cn.csv``: GB18030, Chinese headers and stages (赢单, 输单, 方案/报价, 谈判审核), dates
  ``2024/1/2`` and ``2024年1月2日``, amounts ``¥2,012`` and ``2012元``;
* ``deals.xlsx``: a workbook with real dates and numbers;
* ``opportunities.csv``: shaped like the public "CRM sales opportunities" data set
  (``opportunity_id, sales_agent, product, account, deal_stage, engage_date,
  close_date, close_value``; Won / Lost / Engaging / Prospecting): open deals have no
  close date, lost deals a value of 0, and 150 prospects not yet engaged (no dates,
  no value) are added; these change no estimate.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

SAMPLE = Path(__file__).resolve().parents[1] / "tests" / "data" / "exports" / "deals.csv"
PROSPECTS = 150


def _dates(column: pd.Series, form) -> pd.Series:
    days = pd.to_datetime(column.where(column != ""))
    return pd.Series([form(d) if d is not pd.NaT else "" for d in days], index=column.index)


def _money(column: pd.Series, form) -> pd.Series:
    return column.map(lambda v: form(float(v)) if v else "")


def _german(v: float) -> str:
    return f"{v:,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".") + " €"


def variants(deals: pd.DataFrame) -> dict[str, tuple[pd.DataFrame, dict]]:
    """Each variant: (table, how to write it: encoding, separator, file name)."""
    out: dict[str, tuple[pd.DataFrame, dict]] = {}
    d = deals.copy()
    d["Created Date"] = _dates(deals["Created Date"], lambda t: f"{t:%d/%m/%Y}")
    d["Close Date"] = _dates(deals["Close Date"], lambda t: f"{t:%d/%m/%Y}")
    d["Amount"] = _money(deals["Amount"], lambda v: f"£{v:,.2f}")
    out["uk"] = (d, {"name": "uk.csv", "encoding": "utf-8-sig", "sep": ","})
    d = deals.copy()
    d["Created Date"] = _dates(deals["Created Date"], lambda t: f"{t:%d.%m.%Y}")
    d["Close Date"] = _dates(deals["Close Date"], lambda t: f"{t:%d.%m.%Y}")
    d["Amount"] = _money(deals["Amount"], _german)
    out["eu"] = (d, {"name": "eu.csv", "encoding": "cp1252", "sep": ";"})
    d = deals.copy()
    for c in ("Created Date", "Close Date"):
        d[c] = _dates(deals[c], lambda t: f"{t.month}/{t.day}/{t.year}")
    d["Amount"] = _money(deals["Amount"], lambda v: f"${v:,.2f}")
    out["unicode"] = (d, {"name": "unicode.txt", "encoding": "utf-16", "sep": "\t"})
    d = deals.copy()
    d["Created Date"] = _dates(deals["Created Date"], lambda t: f"{t.year}/{t.month}/{t.day}")
    d["Close Date"] = _dates(deals["Close Date"], lambda t: f"{t.year}年{t.month}月{t.day}日")
    d["Amount"] = _money(deals["Amount"], lambda v: f"¥{v:,.0f}" if v % 2 else f"{v:.0f}元")
    stages = {"Closed Won": "赢单", "Closed Lost": "输单", "Proposal": "方案/报价",
              "Negotiation": "谈判审核"}  # fmt: skip
    d["Stage"] = deals["Stage"].map(stages)
    d.columns = ["商机编号", "创建日期", "结单日期", "销售阶段", "商机金额"]
    out["cn"] = (d, {"name": "cn.csv", "encoding": "gb18030", "sep": ","})
    d = deals.copy()
    for c in ("Created Date", "Close Date"):
        d[c] = pd.to_datetime(deals[c].where(deals[c] != ""))
    d["Amount"] = pd.to_numeric(deals["Amount"].where(deals["Amount"] != ""))
    out["xlsx"] = (d, {"name": "deals.xlsx"})
    out["opportunities"] = (_opportunities(deals), {"name": "opportunities.csv",
                                                    "encoding": "utf-8", "sep": ","})  # fmt: skip
    return out


def _opportunities(deals: pd.DataFrame) -> pd.DataFrame:
    rng = np.random.default_rng(8800)
    stage = deals["Stage"].map({"Closed Won": "Won", "Closed Lost": "Lost",
                                "Proposal": "Engaging", "Negotiation": "Engaging"})  # fmt: skip
    value = deals["Amount"].where(stage != "Lost", "0")
    n = len(deals)
    o = pd.DataFrame({
        "opportunity_id": [f"{i:08X}" for i in rng.integers(0, 2**32, n)],
        "sales_agent": rng.choice(["Moses Frase", "Darcel Schlecht", "Zane Levy"], n),
        "product": rng.choice(["GTX Basic", "MG Special", "GTXPro"], n),
        "account": rng.choice(["Acme", "Betasoloin", "Cancity", ""], n),
        "deal_stage": stage,
        "engage_date": deals["Created Date"],
        "close_date": deals["Close Date"],
        "close_value": value,
    })  # fmt: skip
    prospects = pd.DataFrame({
        "opportunity_id": [f"P{i:07d}" for i in range(PROSPECTS)],
        "sales_agent": rng.choice(["Moses Frase", "Zane Levy"], PROSPECTS),
        "product": rng.choice(["GTX Basic", "MG Special"], PROSPECTS),
        "account": "", "deal_stage": "Prospecting", "engage_date": "", "close_date": "",
        "close_value": "",
    })  # fmt: skip
    at = np.sort(rng.integers(0, n, PROSPECTS))
    parts, last = [], 0
    for k, i in enumerate(at):  # prospects scattered through the file, as exported
        parts += [o.iloc[last:i], prospects.iloc[k : k + 1]]
        last = i
    return pd.concat([*parts, o.iloc[last:]], ignore_index=True)


def write(out: Path, deals_csv: Path = SAMPLE) -> dict[str, Path]:
    """Write every variant into ``out``; their paths by name."""
    deals = pd.read_csv(deals_csv, dtype=str, keep_default_na=False)
    out.mkdir(parents=True, exist_ok=True)
    paths = {}
    for name, (frame, how) in variants(deals).items():
        path = out / how["name"]
        if path.suffix == ".xlsx":
            frame.to_excel(path, index=False, engine="openpyxl")
        else:
            text = frame.to_csv(index=False, sep=how["sep"], lineterminator="\r\n")
            path.write_bytes(text.encode(how["encoding"]))
        paths[name] = path
    return paths


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python scripts/export_variants.py OUT_DIR")
    for name, path in write(Path(sys.argv[1])).items():
        print(f"{name}: {path}")

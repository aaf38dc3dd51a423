"""The monthly KPI table: read by role, bad cells named by line and column, lifts that cover."""

import numpy as np
import pytest
from conftest import EXPORTS, sample

from simroi.data.evaluate import _kpi_sides, measured_lifts
from simroi.data.exports import Table
from simroi.data.kpis import is_kpi_table, kpis_from_table, load_actuals, load_kpis
from simroi.data.records import Deals
from simroi.errors import ConfigError

GO_LIVE = 20089.0  # 2025-01-01
# make_kpi_table's truth: conversion 20 % -> 26 %, churn 2 % -> 1.5 %, deal value unchanged
TRUTH = {"conversion_lift": 0.26 / 0.20 - 1, "churn_reduction": 1 - 0.015 / 0.02,
         "deal_size_lift": 0.0}  # fmt: skip


def _table(frame, name="kpis.csv"):
    frame = frame.astype(str).replace("nan", "")
    return Table(frame, list(range(2, len(frame) + 2)), name)


def test_the_sample_table_is_read_by_its_column_names():
    k = load_kpis(EXPORTS / "golive_kpis.csv")
    assert k.columns["won"] == "Won" and k.columns["churn_rate"] == "Churn Rate"
    assert k.month.size == 24 and np.all(np.diff(k.month) > 0)
    assert k.figures["churn_rate"][0] == pytest.approx(0.02)  # "2.00%"
    assert np.isnan(k.figures["costs"][0]) and k.figures["costs"][-1] == 2000
    assert isinstance(load_actuals(EXPORTS / "golive_kpis.csv"), type(k))
    assert isinstance(load_actuals(EXPORTS / "golive_deals.csv"), Deals)


def test_chinese_headers_and_month_forms():
    import pandas as pd

    t = _table(pd.DataFrame({"月份": ["2025年1月", "2025/2", "2025-03-31"],
                             "转化率": ["20%", "0.25", "21 %"]}))  # fmt: skip
    assert is_kpi_table(t)
    k = kpis_from_table(t)
    days = [(np.datetime64("2025-01-01") + np.timedelta64(int(d - 20089), "D")) for d in k.month]
    assert [str(d) for d in days] == ["2025-01-01", "2025-02-01", "2025-03-01"]
    assert k.figures["conversion_rate"] == pytest.approx([0.20, 0.25, 0.21])


@pytest.mark.parametrize(
    "column, cell, message",
    [
        ("Month", "2025-13", "line 3, column 'Month' (month): cannot read '2025-13' as a month"),
        ("Month", "", "line 3, column 'Month' (month): empty"),
        ("Month", "2025-01", "the month '2025-01' is on several lines (2, 3)"),
        ("Conversion Rate", "20", "line 3, column 'Conversion Rate' (conversion_rate): must be "
         "a fraction 0..1 or a percentage such as 20%, got '20'"),
        ("Leads", "-5", "line 3, column 'Leads' (leads): must be >= 0, got '-5'"),
        ("Won", "500", "line 3, column 'Won' (won): '500' is more than the leads '110'"),
    ],
)  # fmt: skip
def test_a_bad_cell_is_named_by_line_and_column(column, cell, message):
    import pandas as pd

    frame = pd.DataFrame({"Month": ["2025-01", "2025-02"], "Leads": ["100", "110"],
                          "Won": ["20", "22"], "Conversion Rate": ["20%", "20%"]})  # fmt: skip
    frame.loc[1, column] = cell
    with pytest.raises(ConfigError) as e:
        kpis_from_table(_table(frame))
    assert "kpis.csv" in str(e.value) and message in str(e.value)


def test_a_table_without_any_kpi_is_an_error():
    import pandas as pd

    with pytest.raises(ConfigError, match="no KPI column"):
        kpis_from_table(_table(pd.DataFrame({"Month": ["2025-01"], "Notes": ["x"]})))


def _coverage(tables: int) -> dict[str, int]:
    hits = dict.fromkeys(TRUTH, 0)
    for s in range(tables):
        k = kpis_from_table(_table(sample.make_kpi_table(np.random.default_rng(s))))
        before, after, months, _ = _kpi_sides(k, GO_LIVE, 1000, s)
        assert months == 12
        lifts = measured_lifts(before, after)
        for key, truth in TRUTH.items():
            hits[key] += lifts[key].covers(truth)
    return hits


def test_the_lifts_cover_their_truth_on_a_few_tables():
    # 30 tables x 3 lifts = 90 intervals; at 93 % (the measured coverage, below) fewer
    # than 77 hits has probability ~1 %; the seeds are fixed, so one fixed check.
    hits = _coverage(30)
    assert sum(hits.values()) >= 77, hits


@pytest.mark.slow
def test_the_lifts_cover_their_truth_on_400_tables():
    """400 tables of 12 + 12 months (seeds 0..399), 95 % intervals: binomial sd 1.1 %.

    Measured: conversion lift 380 (95.0 %), churn reduction 373 (93.3 %), deal size
    lift 369 (92.3 %) of 400. Months are the resampled units; the draws are spread by
    sqrt(n / (n - 1)) (before it: 192, 183, 180 of 200). Deal value, a mean of
    skewed amounts over 12 months, stays a little short. Accept 90 %..99 %.
    """
    hits = _coverage(400)
    print("coverage of 400 KPI tables:", hits)
    for key, h in hits.items():
        assert 360 <= h <= 396, (key, h)


def test_an_excel_table_with_several_sheets_needs_one_chosen(tmp_path):
    import pandas as pd

    path = tmp_path / "kpis.xlsx"
    kpis = pd.read_csv(EXPORTS / "golive_kpis.csv", dtype=str, keep_default_na=False)
    with pd.ExcelWriter(path) as w:
        kpis.to_excel(w, sheet_name="KPIs", index=False)
        kpis.head(2).to_excel(w, sheet_name="notes", index=False)
    with pytest.raises(ConfigError, match=r"kpis.xlsx: the workbook has 2 sheets .*--sheet"):
        load_actuals(path)
    k = load_actuals(path, sheet="KPIs")
    assert k.month.size == 24 and k.source.endswith("kpis.xlsx[KPIs]")
    assert k.figures["won"] == pytest.approx(kpis["Won"].astype(float))


def test_a_european_table_reads_as_the_sample(tmp_path):
    import pandas as pd

    kpis = pd.read_csv(EXPORTS / "golive_kpis.csv", dtype=str, keep_default_na=False)
    eu = kpis.copy()
    eu["Month"] = [f"01/{m[5:]}/{m[:4]}" for m in kpis["Month"]]  # day first, every day 1
    eu["Churn Rate"] = kpis["Churn Rate"].str.replace(".", ",", regex=False)
    eu["Avg Deal Value"] = [f"{float(v):,.2f} €".replace(",", " ").replace(".", ",")
                            for v in kpis["Avg Deal Value"]]  # fmt: skip
    path = tmp_path / "kpis.csv"
    path.write_bytes(eu.to_csv(index=False, sep=";").encode("cp1252"))
    ours, theirs = load_kpis(path), load_kpis(EXPORTS / "golive_kpis.csv")
    assert ours.month.tolist() == theirs.month.tolist()
    for role, values in theirs.figures.items():
        assert ours.figures[role] == pytest.approx(values, nan_ok=True), role

"""Dates as CRMs write them: the day-month order decided per column, or refused."""

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from simroi.data.dates import read_dates, read_months
from simroi.data.exports import ReadOptions, Table


def _table(options=None, **columns):
    frame = pd.DataFrame(columns)
    return Table(frame, list(range(2, len(frame) + 2)), "d.csv", options or ReadOptions())


def _iso(days):
    return [None if np.isnan(d) else str(dt.date(1970, 1, 1) + dt.timedelta(days=int(d)))
            for d in days]  # fmt: skip


def _read(table, *columns, **kw):
    errors, notes = [], []
    out = read_dates(table, [(c, c.lower()) for c in columns], errors, notes, **kw)
    return [_iso(v) for v in out], errors, notes


def test_every_common_form_reads():
    cells = ["2024-03-05", "2024/3/5", "2024.03.05", "2024年3月5日", "20240305",
             "2024-03-05 14:30", "2024-03-05T14:30:00.000+0000", "5 Mar 2024", "05-Mar-24",
             "March 5, 2024", "Mar 5 2024", "5 March 2024 10:00 AM", ""]  # fmt: skip
    (days,), errors, notes = _read(_table(A=cells), "A")
    assert days == ["2024-03-05"] * 12 + [None] and not errors and not notes


def test_one_cell_that_reads_only_one_way_decides_the_column():
    t = _table(A=["02/01/2024", "13/03/2024", "05/06/2024"], B=["01/02/2024", "03/13/2024", ""])
    (a, b), errors, notes = _read(t, "A", "B")
    assert a == ["2024-01-02", "2024-03-13", "2024-06-05"]  # day first: 13 is no month
    assert b == ["2024-01-02", "2024-03-13", None]  # month first, in its own column
    assert not errors and not notes


def test_a_column_read_both_ways_is_an_error():
    _, errors, _ = _read(_table(A=["13/03/2024", "03/14/2024", "01/01/2024"]), "A")
    assert errors == [
        "column 'A' (a): day-first dates ('13/03/2024', line 2) and month-first dates "
        "('03/14/2024', line 3) in one column; pass --date-format (e.g. %d/%m/%Y) and correct "
        "the others"
    ]


def test_an_ambiguous_column_is_one_error_naming_date_format():
    _, errors, _ = _read(_table(A=["03/02/2024", "04/05/2024", "2024-01-01"]), "A")
    assert errors == [
        "column 'A' (a): every day is 12 or less, so the dates read either way ('03/02/2024' "
        "is 3 February day first, 2 March month first); pass --date-format dayfirst "
        "(%d/%m/%Y) or --date-format monthfirst (%m/%d/%Y)"
    ]


@pytest.mark.parametrize(
    "option, first",
    [("dayfirst", "2024-02-03"), ("monthfirst", "2024-03-02"), ("%d/%m/%Y", "2024-02-03"),
     ("%m/%d/%Y", "2024-03-02")],
)  # fmt: skip
def test_date_format_settles_it(option, first):
    t = _table(ReadOptions(date_format=option), A=["03/02/2024", "04/05/2024", "2024-01-01"])
    (a,), errors, notes = _read(t, "A")
    assert a[0] == first and a[2] == "2024-01-01" and not errors and not notes


def test_a_cell_against_the_given_order_is_named():
    t = _table(ReadOptions(date_format="monthfirst"), A=["13/03/2024", "03/04/2024"])
    _, errors, _ = _read(t, "A")
    assert errors == ["line 2, column 'A' (a): cannot read '13/03/2024' as a date month first "
                      "(mm/dd/yyyy)"]  # fmt: skip
    t = _table(ReadOptions(date_format="%d.%m.%Y"), A=["03/04/2024"])
    assert _read(t, "A")[1] == ["line 2, column 'A' (a): cannot read '03/04/2024' as a date "
                                "as %d.%m.%Y (--date-format)"]  # fmt: skip


def test_an_ambiguous_column_follows_the_files_other_date_columns():
    t = _table(Created=["13/01/2024", "20/02/2024"], Closed=["01/03/2024", "05/04/2024"])
    (_, closed), errors, notes = _read(t, "Created", "Closed")
    assert closed == ["2024-03-01", "2024-04-05"] and not errors
    assert notes == [
        "dates in column 'Closed' (closed) read day first (dd/mm/yyyy) like the other date "
        "columns of the file (each of their days is 12 or less)"
    ]


def test_the_only_order_keeping_every_close_after_its_creation_decides():
    # every day <= 12; month first, the second deal would close (1 Feb) before it opened (2 Mar)
    t = _table(Created=["01/02/2024", "03/02/2024", "05/03/2024"],
               Closed=["03/02/2024", "01/03/2024", "06/03/2024"])  # fmt: skip
    (created, closed), errors, notes = _read(t, "Created", "Closed", ordered=(0, 1))
    assert created == ["2024-02-01", "2024-02-03", "2024-03-05"] and not errors
    assert closed == ["2024-02-03", "2024-03-01", "2024-03-06"]
    assert len(notes) == 1 and notes[0].startswith(
        "dates in column 'Created' (created), column 'Closed' (closed) read day first "
        "(dd/mm/yyyy): every day is 12 or less, and only this way is each closed date on or "
        "after its created date (the other way, 1 would close before they were created)"
    )
    both = _table(Created=["01/02/2024"], Closed=["03/04/2024"])  # in order either way
    assert "pass --date-format dayfirst" in _read(both, "Created", "Closed", ordered=(0, 1))[1][0]


def test_months_of_a_kpi_table():
    t = _table(Month=["2025-01", "2025/2", "2025年3月", "04/2025", "May 2025", "Jun-25",
                      "2025-07-31", "01/08/2025", "01/09/2025"])  # fmt: skip
    errors, notes = [], []
    months = _iso(read_months(t, "Month", "month", errors, notes))
    assert months == [f"2025-{m:02d}-01" for m in range(1, 10)] and not errors
    assert notes == ["dates in column 'Month' (month) read day first (dd/mm/yyyy): every day "
                     "is 12 or less, and only this way is each the first of its month"]  # fmt: skip
    t = _table(Month=["2025-13", "", "Smarch 2025", "31/02/2025"])
    read_months(t, "Month", "month", errors, notes)
    assert errors == [
        "line 2, column 'Month' (month): cannot read '2025-13' as a month (2025-01, 2025年1月)",
        "line 3, column 'Month' (month): empty",
        "line 4, column 'Month' (month): cannot read 'Smarch 2025' as a month (2025-01, "
        "2025年1月) or a date",
        "line 5, column 'Month' (month): cannot read '31/02/2025' as a month (2025-01, "
        "2025年1月) or a date",
    ]

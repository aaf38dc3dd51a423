"""Numbers as spreadsheets write them: the decimal mark decided per column, currencies, signs."""

import numpy as np
import pytest

from simroi.data.numbers import numbers

LABEL = "column 'Amount' (amount)"


def _read(cells, **kw):
    errors: list[str] = []
    values = numbers(cells, list(range(2, len(cells) + 2)), LABEL, errors, **kw)
    return values.tolist(), errors


@pytest.mark.parametrize(
    "cells, values",
    [
        (["2.012,00 €", "€ 5,5", "1.234.567,89", "12"], [2012.0, 5.5, 1234567.89, 12.0]),
        (["$2,012.00", "USD 5", "1,234,567.5", "12"], [2012.0, 5.0, 1234567.5, 12.0]),
        (["1 234,5", "1\u00a0234,5", "1\u202f234,5", "2 000 000,25"], [1234.5] * 3 + [2e6 + 0.25]),
        (["1'234.50", "12'345'678.9"], [1234.5, 12345678.9]),
        (["RMB 5000", "5000元", "5,000 元", "￥5000", "CNY5000", "5000 rmb"], [5000.0] * 6),
        (["12,34,567.50", "1,00,000.00"], [1234567.5, 100000.0]),  # Indian grouping
        (["0,125", "7"], [0.125, 7.0]),  # 0 before the mark: a decimal
        (["1234.567", "8"], [1234.567, 8.0]),  # 4 digits before: no thousands group
        (["", "5"], [np.nan, 5.0]),
    ],
    ids=[
        "german",
        "us",
        "french spaces",
        "swiss",
        "chinese",
        "indian",
        "leading 0",
        "long head",
        "empty",
    ],  # fmt: skip
)
def test_each_columns_decimal_mark_comes_from_its_cells(cells, values):
    got, errors = _read(cells, money=True)
    assert not errors and got == pytest.approx(values, nan_ok=True)


def test_money_that_decides_nothing_is_thousands_in_every_locale():
    # 1,234 is 1234 in the US and 1.234 is 1234 in Germany; money has 0 or 2 decimals
    assert _read(["1,234", "5.000", "12"], money=True) == ([1234.0, 5000.0, 12.0], [])
    got, errors = _read(["1,234", "5,000"])  # not money, no hint: which is it?
    assert got[0] != got[0] and errors == [
        "line 2, column 'Amount' (amount): '1,234' is 1234 with a decimal point and 1.234 "
        "with a decimal comma, and no cell of the column tells which; pass --decimal . or "
        "--decimal ,"
    ]
    assert _read(["1,234", "5,000"], hint=",")[0] == [1.234, 5.0]  # a ;-separated file
    assert _read(["1,234", "5,000"], hint=".")[0] == [1234.0, 5000.0]  # a ,-separated file
    assert _read(["1,234", "5,000"], decimal=",", hint=".")[0] == [1.234, 5.0]  # --decimal wins


def test_a_column_that_decides_both_ways_is_one_error_naming_decimal():
    got, errors = _read(["2.012,00", "3", "2,012.00"])
    assert errors == [
        "column 'Amount' (amount): the column has decimal commas ('2.012,00', line 2) and "
        "decimal points ('2,012.00', line 4); pass --decimal , or --decimal ."
    ]
    _, errors = _read(["2.012,00", "2,012.00"], decimal=",")
    assert errors == ["line 3, column 'Amount' (amount): cannot read '2,012.00' as a number "
                      "with the decimal mark ','"]  # fmt: skip
    got, errors = _read(["2.012,00", "1,234"])  # decided by the first cell: 1,234 is 1.234
    assert got == [2012.0, 1.234] and not errors


def test_currencies_before_or_after_and_mixed_ones_refused():
    assert _read(["€5", "5€", "€ 5", "5 EUR", "eur 5"])[0] == [5.0] * 5
    assert _read(["$5", "5 $", "US$ 5", "usd5"])[0] == [5.0] * 4
    _, errors = _read(["$5", "€5", "¥5"])
    assert errors == ["column 'Amount' (amount): the column mixes currencies, USD (line 2), "
                      "EUR (line 3), CNY (line 4); convert it to one first"]  # fmt: skip


def test_signs_and_percentages():
    got, errors = _read(["-5", "−5", "(5)", "5-", "-€5", "€-5", "(1.234,50 €)"], negative=True)
    assert not errors and got == [-5.0] * 6 + [-1234.5]
    assert _read(["-5"])[1] == ["line 2, column 'Amount' (amount): must be >= 0, got '-5'"]
    assert _read(["20%", "2.5 %", "0.3"], percent=True)[0] == pytest.approx([0.2, 0.025, 0.3])
    assert _read(["2,5 %", "3"], percent=True)[0] == pytest.approx([0.025, 3.0])
    assert _read(["20%"])[1] == ["line 2, column 'Amount' (amount): cannot read '20%' as a number"]


@pytest.mark.parametrize("cell", ["lots", "5e3", "1.2.3", "12 34", "$5 €", "--5", "5,,0"])
def test_what_is_not_a_number_is_named(cell):
    _, errors = _read([cell, "7"])
    assert len(errors) == 1 and errors[0].startswith("line 2, column 'Amount' (amount): cannot "
                                                     f"read {cell!r} as a number")  # fmt: skip

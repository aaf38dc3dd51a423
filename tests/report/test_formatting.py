"""Rounding rules of charts and tables: exact strings, hand-derived."""

import ast
import math
from pathlib import Path

import pytest

from simroi.report.text import numbers as f

NAN = math.nan


@pytest.mark.parametrize(
    ("x", "digits", "expected"),
    [
        (1234.5, 3, "1,234"),  # integer digits are never dropped, and never an exponent
        (0.0001234, 3, "0.000123"),
        (1e-7, 3, "0.0000001"),
        (9.996, 3, "10"),  # trailing zeros go
        (0.12345, 4, "0.1235"),
        (-0.00004, 3, "-0.00004"),
        (-0.0, 3, "0"),
    ],
)
def test_sig(x, digits, expected):
    assert f.sig(x, digits) == expected


@pytest.mark.parametrize(
    ("magnitude", "expected"),
    [(999.0, (1.0, "")), (1e3, (1e3, "k")), (2.5e6, (1e6, "M")), (2.5e9, (1e9, "B"))],
)
def test_money_scale(magnitude, expected):
    assert f.money_scale(magnitude) == expected


@pytest.mark.parametrize(
    ("x", "currency", "expected"),
    [
        (1_234_567, "CNY", "1.23M CNY"),
        (999_999, "CNY", "1M CNY"),  # rounded before the suffix is chosen: not 1,000k
        (-120_400, "CNY", "-120k CNY"),
        (1234.5, None, "1.23k"),
        (999.6, None, "1k"),
        (-0.004, None, "-0.004"),
        (7.77e12, "USD", "7,770B USD"),
    ],
)
def test_compact_money(x, currency, expected):
    assert f.compact_money(x, currency) == expected


@pytest.mark.parametrize(
    ("x", "expected"),
    [(4.0, "400 %"), (12.0, "1,200 %"), (0.12345, "12.3 %"), (0.0, "0 %"), (-0.5, "-50 %")],
)
def test_compact_percent(x, expected):
    assert f.compact_percent(x) == expected


@pytest.mark.parametrize(
    ("p", "n", "expected"),
    [
        (0.834, None, "= 83 %"),
        (0.99951, None, "= 99.95 %"),  # strictly below 1: never "= 100 %"
        (1e-7, None, "= 0.00001 %"),  # strictly above 0: never "= 0 %"
        (0.0, 100, "< 1 %"),  # 0 of 100 iterations: a bound, not certainty
        (0.0, 3, "< 34 %"),  # 1/3 rounded outwards, so the bound stays true
        (1.0, 40, "> 97 %"),
        (1.0, 20000, "> 99.995 %"),
        (-0.1, 100, "< 1 %"),
        (0.0, None, "= 0 %"),  # without n there is no bound to give
        (None, 100, "= n/a"),
        (NAN, None, "= n/a"),
    ],
)
def test_compact_prob(p, n, expected):
    assert f.compact_prob(p, n) == expected


@pytest.mark.parametrize(
    ("se", "scale", "expected"),
    [
        (None, 1.0, 0),
        (0.0, 1.0, 0),
        (NAN, 1.0, 0),
        (52.0, 1.0, 0),
        (0.023, 1.0, 2),
        (0.023, 100.0, 0),  # 2.3 percentage points
        (0.0023, 100.0, 1),
    ],
)
def test_decimals_for(se, scale, expected):
    assert f.decimals_for(se, scale) == expected


@pytest.mark.parametrize(
    ("value", "se", "expected"),
    [
        (12_345.6, 52.0, "12,350"),  # leading digit of the error in the tens
        (-1_234_567.0, 52.0, "-1,234,570"),
        (1234.5, 250.0, "1,200"),
        (83.44, 3.0, "83"),
        (83.44, 0.4, "83.4"),
        (1234.6, None, "1,235"),  # no error known: to the unit
    ],
)
def test_number_to_error(value, se, expected):
    assert f.number_to_error(value, se) == expected


@pytest.mark.parametrize(
    ("value", "se", "expected"),
    [(370_123.4, 4_321.0, "370,000"), (1234.6, None, "1,235"), (None, 1.0, "–"), (NAN, 1.0, "–")],
)
def test_money_to_error(value, se, expected):
    assert f.money_to_error(value, se) == expected


@pytest.mark.parametrize(
    ("value", "se", "expected"),
    [
        (0.834, 0.004, "83.4 %"),
        (0.834, 0.0004, "83.40 %"),
        (4.26, 0.3, "430 %"),  # an error of 30 percentage points: to the tens
        (0.834, None, "83 %"),
        (None, 0.01, "–"),
    ],
)
def test_percent_to_error(value, se, expected):
    assert f.percent_to_error(value, se) == expected


@pytest.mark.parametrize(
    ("p", "se", "n", "expected"),
    [
        (0.0, 0.0, 300, "< 0.4 %"),  # never "0 %": 1/300 = 0.33 %, rounded outwards
        (1.0, 0.0, 20_000, "> 99.995 %"),  # never "100 %"
        (1.0, 0.0, 10_000, "> 99.99 %"),
        (0.0, 0.0, 5_000, "< 0.02 %"),
        (0.834, 0.0037, 10_000, "83.4 % ± 0.4 pts"),  # points, not a relative error
        (0.17, 0.11, 12, "20 % ± 10 pts"),
        (NAN, 0.1, 5, "–"),
    ],
)
def test_prob_to_error(p, se, n, expected):
    assert f.prob_to_error(p, se, n, lang="en") == expected


def test_prob_to_error_without_plus_minus():
    assert f.prob_to_error(0.834, 0.0037, 10_000, plus_minus=False) == "83.4 %"
    assert f.prob_to_error(0.0, 0.0, 300, plus_minus=False) == "< 0.4 %"


def test_one_spelling_of_a_bound_on_every_surface():
    # the terminal's table, the charts' labels and the workbook's format say the same
    for n in (300, 5_000, 10_000, 20_000):
        for p in (0.0, 1.0):
            bound = f.prob_to_error(p, 0.0, n)
            assert f.compact_prob(p, n) == bound
            assert f.excel_prob_format(p, n) == f'"{bound}"'
    assert f.excel_prob_format(0.5, 100) == "0.0%"
    assert f.prob_to_error(0.834, 0.0037, 10_000, lang="zh") == "83.4 % ± 0.4 个百分点"


def test_a_long_seed_is_shortened_in_headers():
    assert f.seed_text(42) == "42"
    assert f.seed_text(123456789012345678901234567890123456) == "1234…3456"
    assert f.seed_text(None) == "None"


def test_imports_only_the_standard_library():
    """Pure functions of numbers: usable by charts and tables alike, with neither loaded."""
    tree = ast.parse(Path(f.__file__).read_text(encoding="utf-8"))
    nodes = list(ast.walk(tree))
    imported = {a.name for n in nodes if isinstance(n, ast.Import) for a in n.names}
    imported |= {n.module for n in nodes if isinstance(n, ast.ImportFrom) and n.module}
    assert imported <= {"__future__", "math"}


@pytest.mark.parametrize(
    ("value", "se", "expected"),
    [
        (0.213, 0.004, "21.3 %"),
        (10.0, 0.1, "1,000 %"),  # the bound itself is still a number
        (10.0001, None, "> 1,000 %"),
        (19.116, 0.0, "> 1,000 %"),  # configs/tei.yaml's yearly IRR
        (52459.0, 0.0, "> 1,000 %"),  # what the monthly-compounded IRR of it was
        (float("nan"), None, f.MISSING),
        (None, None, f.MISSING),
    ],
)
def test_irr_above_1000_percent_is_shown_as_a_bound(value, se, expected):
    assert f.irr_to_error(value, se) == expected


def test_a_value_to_its_error_by_unit():
    assert f.to_error(0.834, 0.004, "percent") == "83.4 %"
    assert f.to_error(12_345.6, 52.0, "money") == "12,350"
    assert f.to_error(None, 1.0, "money") == f.MISSING


def test_an_estimate_from_data_shows_one_digit_more_than_its_error():
    # se 0.0087 -> 0.00087: two decimals of a percentage; 52 -> 5.2: to the unit
    assert f.estimate(0.1975, 0.0087, "percent") == "19.75 %"
    assert f.estimate(4_981.4, 52.0) == "4,981"
    assert f.estimate(4_981.4, None) == "4,981"


def test_binomial_standard_error_and_its_percentage_points():
    assert f.binomial_se(0.25, 100) == pytest.approx(3**0.5 / 40)  # sqrt(3/16 / 100)
    assert f.binomial_se(1.0, 500) == 0.0 and f.binomial_se(0.5, 0) == 0.0
    assert f.percent_points(0.004, "en") == "0.4 pts" and f.percent_points(0.0123, "en") == "1 pts"
    assert f.percent_points(0.004) == "0.4"  # no language: no word
    assert f.percent_points(0.004, "zh") == "0.4 个百分点"
    assert f.prob_to_error(0.834, 0.004, 10_000, lang="en") == "83.4 % ± 0.4 pts"

"""The JSON schema walk: every problem at once, each with its key, rule and value."""

import time

import pytest

from simroi.runs.fields import (
    Anything,
    Flag,
    Items,
    Number,
    Record,
    Table,
    Text,
    check,
)
from simroi.runs.jsonfiles import load_json

SPEC = Record(
    {
        "n": Number(1, 240, integer=True),
        "p": Number(0, 1, null=True),
        "name": Text(10, choices=("a", "b")),
        "on": Flag(),
        "xs": Items(Number(), most=3),
        "by_month": Table(Number(0, 1), most=5, months=True),
        "free": Anything(),
        "inner": Record({"k": Text()}, required=("k",)),
    },
    required=("n", "name"),
)


def test_a_good_document_has_no_problems():
    good = {"n": 12, "p": None, "name": "a", "on": True, "xs": [1, 2.5], "by_month": {"6": 0.5},
            "free": [[{"x": 1}]], "inner": {"k": "v"}, "unknown": "let through"}  # fmt: skip
    assert check(good, SPEC) == []


def test_every_problem_is_listed_with_its_key_rule_and_value():
    bad = {"n": 1e9, "p": 1.5, "name": "c", "on": 1, "xs": [1, "2"], "by_month": {"x": 0.1},
           "inner": {}}  # fmt: skip
    assert check(bad, SPEC) == [
        "n: must be a whole number in [1, 240], got 1000000000",
        "p: must be a finite number in [0, 1], got 1.5",
        "name: must be one of a, b, got 'c' (a string)",
        "on: must be true or false, got 1",
        "xs[1]: must be a finite number, got '2' (a string)",
        "by_month.x: must be a month (a whole number >= 1)",
        "inner.k: required key is missing",
    ]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ({}, "n: required key is missing"),
        ({"n": None, "name": "a"}, "n: must not be null"),
        ({"n": True, "name": "a"}, "n: must be a whole number in [1, 240], got true (a boolean)"),
        ({"n": 2.5, "name": "a"}, "n: must be a whole number in [1, 240], got 2.5"),
        ({"n": float("nan"), "name": "a"}, "n: must be a whole number in [1, 240], got nan"),
        ({"n": 1, "name": "a", "xs": [1, 2, 3, 4]}, "xs: must have at most 3 items, got 4"),
        (
            {"n": 1, "name": "a" * 11},
            "name: must be a text of at most 10 characters, got one of 11",
        ),
        ([1, 2], "the file: must be a mapping, got [1, 2] (a list)"),
    ],
)
def test_each_rule(value, message):
    assert message in check(value, SPEC)


def test_a_huge_table_is_refused_without_walking_it():
    started = time.perf_counter()
    errors = check({"n": 1, "name": "a", "by_month": {str(m): 0.5 for m in range(1, 20_001)}}, SPEC)
    assert errors == ["by_month: must have at most 5 entries, got 20,000"]
    assert time.perf_counter() - started < 1


def test_nan_and_infinity_reach_the_schema_which_refuses_them(tmp_path):
    (tmp_path / "s.json").write_text('{"n": NaN, "name": "a", "p": Infinity}')
    errors = check(load_json(tmp_path / "s.json", 1000), SPEC)
    assert errors == [
        "n: must be a whole number in [1, 240], got nan",
        "p: must be a finite number in [0, 1], got inf",
    ]

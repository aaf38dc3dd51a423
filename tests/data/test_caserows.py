"""A rows file of cases: cells as --set reads them, every problem with its line and column."""

from pathlib import Path

import pytest

from simroi.data.caserows import check_cases, read_cases
from simroi.data.exports import ReadOptions
from simroi.errors import ConfigError
from simroi.scenario.yamlfile import parse_value

ROOT = Path(__file__).resolve().parents[2]
SMB = ROOT / "configs" / "smb.yaml"


def write(tmp_path, text, name="rows.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_cells_are_read_as_set_reads_them_and_empty_cells_keep_the_template(tmp_path):
    path = write(
        tmp_path,
        "case,costs.seats,drivers.conversion_lift,scenario.name\n"
        'a,20,0.3,"Acme, Inc"\n'
        'b,,"{dist: uniform, low: 0.1, high: 0.2}",\n',
    )
    cases = read_cases(path)
    assert cases.ids == ["a", "b"] and cases.lines == [2, 3]
    assert cases.paths == ("costs.seats", "drivers.conversion_lift", "scenario.name")
    assert cases.overrides == [
        {"costs.seats": 20, "drivers.conversion_lift": 0.3, "scenario.name": "Acme, Inc"},
        {"drivers.conversion_lift": {"dist": "uniform", "low": 0.1, "high": 0.2}},
    ]


@pytest.mark.parametrize(
    "text", ["20", "-3", "+4", "007", "0.2", ".5", "5.", "1e6", "1E6", "1.0e+3", "-2.5e-3"]
)
def test_the_fast_reading_of_numbers_is_what_yaml_reads(tmp_path, text):
    cases = read_cases(write(tmp_path, f"costs.seats\n{text}\n"))
    got, want = cases.overrides[0]["costs.seats"], parse_value(text, "x")
    assert got == want and type(got) is type(want)


def test_without_a_case_column_a_case_is_its_row_number(tmp_path):
    cases = read_cases(write(tmp_path, "costs.seats\n10\n\n20\n"))
    assert cases.ids == ["1", "2"] and cases.lines == [2, 4]  # an empty line is no case


def test_semicolon_files_with_decimal_commas_percent_and_money(tmp_path):
    head = "Case;drivers.conversion_lift;costs.price_per_seat_month\n"
    path = write(tmp_path, head + "x;0,3;€1.200,50\ny;20%;80\n", encoding="cp1252")
    cases = read_cases(path)
    assert cases.overrides == [
        {"drivers.conversion_lift": 0.3, "costs.price_per_seat_month": 1200.5},
        {"drivers.conversion_lift": 0.2, "costs.price_per_seat_month": 80},
    ]
    tab = write(tmp_path, "costs.seats\tdrivers.conversion_lift\n3\t0,25\n", name="t.tsv")
    assert read_cases(tab, options=ReadOptions(decimal=",")).overrides[0] == {
        "costs.seats": 3,
        "drivers.conversion_lift": 0.25,
    }


def test_an_excel_workbook_is_read_like_a_csv(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["case", "costs.seats", "drivers.conversion_lift"])
    sheet.append(["acme", 20, 0.3])
    sheet.append(["beta", 12.0, "{dist: pert, min: 0.1, mode: 0.2, max: 0.3}"])
    book.save(tmp_path / "rows.xlsx")
    cases = read_cases(tmp_path / "rows.xlsx")
    assert cases.ids == ["acme", "beta"]
    assert cases.overrides[0] == {"costs.seats": 20, "drivers.conversion_lift": 0.3}
    assert cases.overrides[1]["costs.seats"] == 12


@pytest.mark.parametrize(
    "text, problem",
    [
        ("case,costs.seats\n,3\n", "line 2, column 'case': empty; give every case an id"),
        ("case,costs.seats\na,3\na,4\n", "line 3, column 'case': 'a' is the id of line 2 too"),
        ("case,simulation.seed\na,3\n", "column 'simulation.seed': each case's seed comes from"),
        ("case\na\n", "no column to override"),
        ("case,costs.seats,costs.seats\na,1,2\n", "column 'costs.seats' appears twice"),
        ("case,,costs.seats\na,1,2\n", "column 2 has no name"),
        ("costs.seats\n{a: [\n", "line 2, column 'costs.seats': cannot read '{a: [' as a value"),
    ],
)
def test_a_bad_file_is_one_error_naming_it(tmp_path, text, problem):
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as e:
        read_cases(path)
    assert f"{path}: {problem}" in str(e.value)


def test_every_case_is_validated_and_each_problem_names_its_line_and_column(tmp_path):
    path = write(tmp_path, "case,costs.seats,costs.seatz\na,20,\nb,-1,\nc,,3\n")
    cases = read_cases(path)
    with pytest.raises(ConfigError) as e:
        check_cases(SMB, cases)
    lines = str(e.value).splitlines()
    assert lines[0] == f"{path}: line 3, column 'costs.seats' (case 'b'): must be >= 0, got -1"
    assert lines[1].startswith(f"{path}: line 4, column 'costs.seatz' (case 'c'): ")
    assert "did you mean 'costs.seats'" in lines[1]
    assert len(lines) == 2
    check_cases(SMB, read_cases(write(tmp_path, "costs.seats\n20\n", name="ok.csv")))

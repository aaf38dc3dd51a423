"""Reading exports: columns by name (English, Chinese), and each malformed file a clear error."""

import pandas as pd
import pytest
from click.testing import CliRunner
from conftest import EXPORTS

from simroi.cli import main
from simroi.data.exports import read_table
from simroi.data.records import load_customers, load_deals
from simroi.errors import ConfigError

GOOD = (
    "Created Date,Close Date,Stage,Amount\n"
    "2024-01-03,2024-02-10,Closed Won,5000\n"
    "2024-01-05,2024-02-01,Closed Lost,\n"
)


def _csv(tmp_path, text, name="deals.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def _baseline(*args):
    return CliRunner().invoke(main, ["baseline", *map(str, args)])


def test_chinese_headers_and_values_are_found_without_a_mapping(tmp_path):
    text = "创建日期,成交日期,商机阶段,合同金额\n2024年1月3日,2024/02/10,赢单,\"¥5,000\"\n" \
           "2024-01-05,2024-02-01,输单,\n2024-01-09,,谈判中,1200\n"  # fmt: skip
    d = load_deals(_csv(tmp_path, text, encoding="gb18030"))
    assert d.columns == {"created": "创建日期", "closed": "成交日期", "stage": "商机阶段",
                         "amount": "合同金额"}  # fmt: skip
    assert d.outcome.tolist() == [1, 0, -1]
    assert d.amount[0] == 5000 and d.closed[0] - d.created[0] == 38
    assert d.lines.tolist() == [2, 3, 4]


def test_the_sample_customers_have_chinese_headers():
    c = load_customers(EXPORTS / "customers.csv")
    assert c.columns["start"] == "签约日期" and c.columns["end"] == "流失日期"


def test_a_mapping_names_columns_the_aliases_do_not_know(tmp_path):
    path = _csv(tmp_path, "Opened On,Decided,Result flag,Deal €\n2024-01-03,2024-02-10,yes,5\n")
    d = load_deals(path, columns={"created": "Opened On", "closed": "Decided",
                                  "won": "Result flag", "amount": "Deal €"})  # fmt: skip
    assert d.outcome.tolist() == [1]
    with pytest.raises(ConfigError, match=r"--column created=Nope: no column 'Nope'"):
        load_deals(path, columns={"created": "Nope"})


@pytest.mark.parametrize(
    "text, message",
    [
        (
            "Opened at,Stage,Value in EUR\n2024-01-03,Closed Won,5\n",
            r"deals.csv: missing column for 'created': none of the columns "
            r"\(Opened at, Stage, Value in EUR\)",
        ),
        (
            "Created Date,Close Date,Stage,Amount\n2024-01-03,2024-13-45,Closed Won,50\n",
            r"deals.csv: line 2, column 'Close Date' \(closed\): "
            r"cannot read '2024-13-45' as a date",
        ),
        (
            GOOD + "2024-02-01,2024-03-01,Closed Won,-500\n",
            r"deals.csv: line 4, column 'Amount' \(amount\): must be >= 0, got '-500'",
        ),
        (
            GOOD + "2024-02-01,2024-03-01,Closed Won,lots\n",
            r"deals.csv: line 4, column 'Amount' \(amount\): cannot read 'lots' as a number",
        ),
        (
            GOOD + "2024-02-05,2024-02-01,Closed Won,5\n",
            r"line 4, column 'Close Date' \(closed\): '2024-02-01' is before the creation date",
        ),
        ("", r"deals.csv: empty file \(no header row\)"),
        ("Created Date,Stage,Amount\n", r"deals.csv: no data rows under the header"),
        ("Created Date,Amount\n2024-01-01,5\n", r"deals.csv: missing column for the outcome"),
    ],
    ids=[
        "missing column",
        "bad date",
        "negative",
        "not a number",
        "closed first",
        "empty",
        "header only",
        "no outcome",
    ],  # fmt: skip
)
def test_a_malformed_export_is_an_error_naming_file_row_column_value(tmp_path, text, message):
    path = _csv(tmp_path, text)
    with pytest.raises(ConfigError, match=message):
        load_deals(path)
    out = tmp_path / "fragment.yaml"
    result = _baseline(path, "-o", out)
    assert result.exit_code == 2, result.output
    assert result.output.startswith("Error: ") and "Traceback" not in result.output
    assert not out.exists() and sorted(p.name for p in tmp_path.iterdir()) == ["deals.csv"]


def test_every_bad_cell_is_listed_at_once(tmp_path):
    rows = "".join(f"2024-01-{d:02d},x,Closed Won,5\n" for d in range(1, 26))
    with pytest.raises(ConfigError) as err:
        load_deals(_csv(tmp_path, "Created Date,Close Date,Stage,Amount\n" + rows))
    assert len(err.value.errors) == 21 and err.value.errors[-1] == "... and 5 more bad cells"
    assert "line 26," in err.value.errors[19] or "line 21," in err.value.errors[19]


def test_excel_with_several_sheets_needs_one_named(tmp_path):
    path = tmp_path / "crm.xlsx"
    deals = pd.read_csv(EXPORTS / "deals.csv", dtype=str, keep_default_na=False).head(40)
    with pd.ExcelWriter(path, engine="openpyxl") as xl:
        deals.to_excel(xl, sheet_name="Deals", index=False)
        pd.DataFrame({"a": [1]}).to_excel(xl, sheet_name="Notes", index=False)
    with pytest.raises(ConfigError, match=r"crm.xlsx: the workbook has 2 sheets \(Deals, Notes\)"):
        read_table(path)
    result = _baseline(path)
    assert result.exit_code == 2 and "choose one with --sheet" in result.output
    d = load_deals(path, sheet="Deals")
    assert d.source.endswith("crm.xlsx[Deals]") and d.created.size == 40
    with pytest.raises(ConfigError, match=r"no sheet 'Other' \(sheets: Deals, Notes\)"):
        read_table(path, sheet="Other")


def test_excel_dates_and_numbers_read_as_the_csv(tmp_path):
    path = tmp_path / "one.xlsx"
    frame = pd.DataFrame({"Created": pd.to_datetime(["2024-01-03", "2024-01-05"]),
                          "Closed": pd.to_datetime(["2024-02-10", "2024-01-20"]),
                          "Won": [True, False], "Amount": [5000.0, None]})  # fmt: skip
    frame.to_excel(path, index=False, engine="openpyxl")
    d = load_deals(path)
    assert d.outcome.tolist() == [1, 0] and d.amount[0] == 5000 and d.closed[0] - d.created[0] == 38


def test_the_cli_prints_a_table_and_the_fragment_or_writes_it(tmp_path):
    deals, customers = EXPORTS / "deals.csv", EXPORTS / "customers.csv"
    result = _baseline(deals, "--customers", customers, "--replicates", 200)
    assert result.exit_code == 0, result.output
    assert "win rate of opportunities" in result.output and "baseline:\n" in result.output
    out = tmp_path / "b.yaml"
    assert _baseline(deals, "--replicates", 200, "-o", out).exit_code == 0
    assert out.read_text().count("baseline:") == 1
    again = _baseline(deals, "--replicates", 200, "-o", out)
    assert again.exit_code == 2 and "use --force" in again.output
    assert _baseline(deals, "--column", "nonsense=x").exit_code == 2

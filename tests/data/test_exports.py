"""Reading exports: columns by name (English, Chinese), and each malformed file a clear error."""

import pandas as pd
import pytest
from click.testing import CliRunner
from conftest import EXPORTS, export_variants
from ruamel.yaml import YAML

from simroi.cli import main
from simroi.data.baseline import baseline_from
from simroi.data.exports import ReadOptions, read_table
from simroi.data.fragment import fragment_yaml
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


# --- the sample as other places and tools write it (scripts/export_variants.py) -------------


@pytest.fixture(scope="module")
def variants(tmp_path_factory):
    return export_variants.write(tmp_path_factory.mktemp("variants"))


@pytest.fixture(scope="module")
def clean():
    return baseline_from(load_deals(EXPORTS / "deals.csv"), replicates=500)


SAME_ROWS = ("uk", "eu", "unicode", "cn", "xlsx")


@pytest.mark.parametrize("name", SAME_ROWS)
def test_each_foreign_export_gives_the_samples_estimates(variants, clean, name):
    b = baseline_from(load_deals(variants[name]), replicates=500)
    assert set(b.estimates) == set(clean.estimates)
    for key, e in clean.estimates.items():  # same rows, same resamples: the same numbers
        assert (b.estimates[key].value, b.estimates[key].low, b.estimates[key].high) == (
            e.value, e.low, e.high), key  # fmt: skip
    assert b.counts == clean.counts and b.period == clean.period


def test_the_public_opportunities_shape_gives_the_samples_estimates(variants, clean):
    d = load_deals(variants["opportunities"])
    assert d.columns == {"created": "engage_date", "closed": "close_date", "stage": "deal_stage",
                         "amount": "close_value"}  # fmt: skip
    b = baseline_from(d, replicates=500)
    for key, e in clean.estimates.items():
        got = b.estimates[key]
        assert got.value == e.value, key  # the undated prospects change no estimate...
        # ...but add rows to resample: the intervals differ by bootstrap noise only
        assert abs(got.low - e.low) < 0.5 * e.se and abs(got.high - e.high) < 0.5 * e.se, key
    assert b.counts["undated"] == export_variants.PROSPECTS
    assert (f"{export_variants.PROSPECTS} rows have no creation date (0 won, 0 lost, "
            f"{export_variants.PROSPECTS} open): they are left out of opportunities per month, "
            "the win rate of opportunities and the cycle") in b.notes  # fmt: skip


@pytest.mark.parametrize("name", [*SAME_ROWS, "opportunities"])
def test_the_cli_reads_each_export_without_options(variants, clean, name):
    result = _baseline(variants[name], "--replicates", 500)
    assert result.exit_code == 0, result.output
    yaml = YAML(typ="safe")
    ours = yaml.load(result.output[result.output.index("baseline:\n") :])["baseline"]
    theirs = yaml.load(fragment_yaml(clean))["baseline"]
    if name == "opportunities":  # other resamples: the same means, sds within noise
        ours = {k: v["mean"] for k, v in ours.items()}
        theirs = {k: v["mean"] for k, v in theirs.items()}
    assert ours == theirs


def test_day_first_dates_all_under_13_are_refused_unless_the_order_is_given(tmp_path):
    text = "Created Date,Close Date,Stage,Amount\n" + "".join(
        f"0{d}/0{m}/2024,0{d}/0{m + 1}/2024,{s},5\n"
        for d, m, s in [(1, 2, "Won"), (2, 3, "Lost"), (3, 4, "Won"), (4, 5, "Lost")]
    )  # every row closes a month after it opens either way: nothing decides the order
    path = _csv(tmp_path, text)
    result = _baseline(path)
    assert result.exit_code == 2 and len(result.output.splitlines()) == 1
    assert "pass --date-format dayfirst (%d/%m/%Y) or --date-format monthfirst" in result.output
    d = load_deals(path, options=ReadOptions(date_format="dayfirst"))
    assert d.created[0] == (pd.Timestamp("2024-02-01") - pd.Timestamp("1970-01-01")).days


# Malformed files of every kind: exit 2, Error lines only, no traceback, no pandas message.
MALFORMED = {
    "utf-16 cut in a character": ("d.txt", "Created\tStage\n2024-01-01\tWon\n".encode("utf-16")
                                  + b"\x00", None, "starts like UTF-16 text but is not"),
    "semicolon row too long": ("d.csv", b"Created;Stage;Amount\n2024-01-01;Won;5;6\n", None,
                               "line 2 has 4 fields, the header 3 (semicolon-separated"),
    "decimal marks mixed": ("d.csv", b"Created;Stage;Amount\n2024-01-01;Won;2.012,00\n"
                            b"2024-01-02;Lost;2,012.00\n", None, "pass --decimal , or --decimal ."),
    "currencies mixed": ("d.csv", "Created,Stage,Amount\n2024-01-01,Won,€5\n2024-01-02,Won,$5\n"
                         .encode(), None, "mixes currencies, EUR (line 2), USD (line 3)"),
    "dates read both ways": ("d.csv", b"Created,Stage,Amount\n13/01/2024,Won,5\n"
                             b"01/13/2024,Won,5\n", None, "pass --date-format"),
    "binary": ("d.csv", bytes(range(256)) * 4, None, "binary data (NUL bytes)"),
    "old excel": ("d.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), None,
                  "an old Excel 97-2003 workbook; save it as .xlsx or CSV"),
    "corrupt xlsx": ("d.xlsx", b"PK\x03\x04 not really a zip" * 10, None,
                     "not a readable Excel workbook"),
    "quote never closed": ("d.csv", b'Created,Stage\n2024-01-01,"Won\n', None,
                           "line 2: a quoted field is never closed"),
    "wrong encoding given": ("d.csv", "创建日期,阶段\n2024-01-01,赢单\n".encode("gb18030"),
                             ["--encoding", "utf-8"], "not utf-8 text (byte 0xb4 at offset 0)"),
    "unknown encoding": ("d.csv", b"Created,Stage\n2024-01-01,Won\n", ["--encoding", "klingon"],
                         "--encoding klingon: unknown text encoding"),
    "bad delimiter": ("d.csv", b"Created,Stage\n2024-01-01,Won\n", ["--delimiter", "::"],
                      "--delimiter '::': must be one of , ; tab |"),
    "bad decimal": ("d.csv", b"Created,Stage\n2024-01-01,Won\n", ["--decimal", "x"],
                    "--decimal 'x': must be , or ."),
    "bad date format": ("d.csv", b"Created,Stage\n2024-01-01,Won\n", ["--date-format", "%Q"],
                        "--date-format %Q: not a date format"),
    "a bad mapping stage": ("d.csv", b"Created,Stage\n2024-01-01,Won\n", ["--mapping", "m.yaml"],
                            "stages: must be a mapping of won, lost or open to a list"),
}  # fmt: skip


@pytest.mark.parametrize("case", MALFORMED)
@pytest.mark.parametrize("command", ["baseline", "fit"])
def test_a_malformed_file_is_one_clean_error(tmp_path, case, command):
    name, raw, extra, message = MALFORMED[case]
    (tmp_path / name).write_bytes(raw)
    (tmp_path / "m.yaml").write_text("stages: {won: Signed}\n")
    args = [command, str(tmp_path / name), *(extra or [])]
    if command == "fit":  # it reads no dates and no mapping
        if case in ("bad date format", "a bad mapping stage", "dates read both ways"):
            pytest.skip("fit reads no dates and no mapping")
        args += ["--column", "Amount"]
    result = CliRunner().invoke(main, [a.replace("m.yaml", str(tmp_path / "m.yaml"))
                                       for a in args])  # fmt: skip
    lines = result.output.splitlines()
    assert result.exit_code == 2, (case, result.output)
    assert lines and all(line.startswith("Error: ") for line in lines), result.output
    assert len(lines) == 1 and message in lines[0], result.output
    for raw_words in ("Traceback", "tokenizing", "C error", "pandas", "openpyxl", "zipfile"):
        assert raw_words not in result.output


@pytest.mark.parametrize("special", ["/dev/zero", "fifo"])
def test_a_device_or_a_fifo_is_not_a_regular_file(tmp_path, special):
    import os

    path = special
    if special == "fifo":
        if not hasattr(os, "mkfifo"):
            pytest.skip("no FIFOs on this system")
        path = str(tmp_path / "fifo")
        os.mkfifo(path)
    elif not os.path.exists(path):
        pytest.skip("no /dev/zero on this system")
    for command in (["fit", path, "--column", "x"], ["baseline", path]):
        result = CliRunner().invoke(main, command)
        assert result.exit_code == 2 and result.output == f"Error: {path}: is not a regular file\n"

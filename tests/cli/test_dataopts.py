"""The data commands' shared options: file formats, column and stage mappings, row filters."""

import pytest
from click.testing import CliRunner

from simroi.cli import main
from simroi.cli.dataopts import make_read_options, parse_mapping, parse_where
from simroi.data.text import ReadOptions
from simroi.errors import ConfigError


@pytest.mark.parametrize(
    "given, options",
    [
        ({"delimiter": "tab"}, ReadOptions(delimiter="\t")),
        ({"delimiter": "Semicolon"}, ReadOptions(delimiter=";")),
        ({"delimiter": "|", "decimal": "comma"}, ReadOptions(delimiter="|", decimal=",")),
        ({"encoding": "GBK", "decimal": "."}, ReadOptions(encoding="GBK", decimal=".")),
        ({"date_format": "%d.%m.%y"}, ReadOptions(date_format="%d.%m.%y")),
        ({"date_format": "dayfirst"}, ReadOptions(date_format="dayfirst")),
    ],
)
def test_read_options_by_name(given, options):
    assert make_read_options(**given) == options


@pytest.mark.parametrize("given", [{"encoding": "base64"}, {"date_format": "%Y"},
                                   {"date_format": "%d/%m"}, {"delimiter": "x"}])  # fmt: skip
def test_a_bad_read_option_is_an_error_naming_it(given):
    option = "--" + next(iter(given)).replace("_", "-")
    with pytest.raises(ConfigError, match=f"^{option} "):
        make_read_options(**given)


def test_a_mapping_file_names_columns_and_stages(tmp_path):
    m = tmp_path / "m.yaml"
    m.write_text("created: Opened\nstages:\n  won: [Signed, 签约完成]\n  lost: [Dropped]\n")
    columns, stages = parse_mapping(["amount=Value"], m, {"created": True, "amount": True})
    assert columns == {"created": "Opened", "amount": "Value"}
    assert stages == {"won": ["Signed", "签约完成"], "lost": ["Dropped"]}
    deals = tmp_path / "d.csv"
    rows = "".join(f"2024-{m:02d}-{d:02d},{s},500\n" for m in range(1, 4) for d in (3, 9, 15, 21)
                   for s in ("Signed", "Dropped"))  # fmt: skip
    deals.write_text("Opened,Status,Value\n" + rows)
    result = CliRunner().invoke(main, ["baseline", str(deals), "--mapping", str(m),
                                       "--replicates", "100", "--since", "2024-01-01"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "rows: 24 opportunities (12 won, 12 lost, 0 open)" in result.output


def test_where_pairs():
    assert parse_where(["Stage=Closed Won", " Owner = Ann "]) == [("Stage", "Closed Won"),
                                                                   ("Owner", "Ann")]  # fmt: skip
    with pytest.raises(ConfigError, match="--where Stage: must be COLUMN=VALUE"):
        parse_where(["Stage"])

"""Delimited text as spreadsheets write it: encodings, delimiters, lines; failures in one line."""

import codecs

import pytest

from simroi.data.text import decode, rows, sniff
from simroi.errors import ConfigError

TEXT = 'Created,Stage,Amount,客户\n2024-01-02,赢单,"2.012,00 €",甲\n'


@pytest.mark.parametrize(
    "raw, name",
    [
        (TEXT.encode("utf-8"), "UTF-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "UTF-8"),
        (TEXT.encode("utf-16"), "UTF-16"),  # with its byte-order mark, as Excel writes it
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "UTF-16"),
        (TEXT.encode("utf-16-le"), "UTF-16-LE"),  # no mark: the NUL bytes tell
        (TEXT.encode("gb18030"), "GB18030"),
    ],
    ids=["utf-8", "utf-8 bom", "utf-16 le bom", "utf-16 be bom", "utf-16 le no bom", "gb18030"],
)
def test_each_encoding_is_found_from_the_bytes(raw, name):
    text, found = decode(raw, "x.csv")
    assert text == TEXT and found == name


def test_windows_1252_is_told_from_gb18030():
    # "é" + ASCII decodes as a rare GBK character; real Chinese text is GB2312's
    latin = "Créé le;Étape;Montant\n02.01.2024;Gagné;2.012,00 €\n"
    text, found = decode(latin.encode("cp1252"), "x.csv")
    assert (text, found) == (latin, "Windows-1252")
    assert decode("客户名称,金额\n张三,5\n".encode("gbk"), "x.csv")[1] == "GB18030"


def test_a_named_encoding_is_used_and_a_wrong_one_named():
    chinese = TEXT.replace("€", "元")
    assert decode(chinese.encode("gbk"), "x.csv", "gbk")[0] == chinese
    assert decode(codecs.BOM_UTF8 + b"a,b\n", "x.csv", "utf-8")[0] == "a,b\n"  # no stray mark
    with pytest.raises(ConfigError, match=r"x.csv: not utf-16 text .*pass the file's encoding "
                                          r"with --encoding"):  # fmt: skip
        decode(b"a,b\n1,2\n3", "x.csv", "utf-16")


@pytest.mark.parametrize(
    "raw, message",
    [
        (b"\x00\x01\x02\x03binary" * 10, "binary data (NUL bytes), not a text table"),
        (codecs.BOM_UTF8 + b"a,\xff\xfe\n", "starts like UTF-8 text but is not"),
        (b"a,b\n\x81\x30\x81", "not UTF-8, UTF-16, GB18030 or Windows-1252 text; pass its"),
    ],
)
def test_undecodable_bytes_are_one_error_naming_the_option(raw, message):
    with pytest.raises(ConfigError) as e:
        decode(raw, "x.csv")
    assert len(e.value.errors) == 1 and message in str(e.value) and "\n" not in str(e.value)


@pytest.mark.parametrize(
    "text, delimiter",
    [
        ("a,b,c\n1,2,3\n", ","),
        ("Created;Amount;Stage\n02.01.2024;2.012,00 €;Won\n03.01.2024;5,5;Lost\n", ";"),
        ("a\tb\n1,5\t2\n", "\t"),
        ("a|b|c\n1|2|3\n", "|"),
        ('Name,Notes\nA,"x; y; z"\nB,"p;q"\n', ","),  # semicolons inside quotes
        ("Amount\n5\n6\n", ","),  # one column: no delimiter
    ],
    ids=["comma", "semicolon with decimal commas", "tab", "pipe", "quoted semicolons", "single"],
)
def test_the_delimiter_is_sniffed(text, delimiter):
    assert sniff(text) == delimiter


def test_rows_keep_their_file_lines_and_excels_sep_line():
    header, cells, lines, d = rows('sep=;\nA;B\n1;"two\nlines"\n\n3;4\n', "x.csv")
    assert (header, d) == (["A", "B"], ";")
    assert cells == [["1", "two\nlines"], ["", ""], ["3", "4"]]
    assert lines == [3, 5, 6]  # the header is line 2 after the sep= line


def test_short_rows_are_padded_and_long_ones_an_error_unless_empty():
    _, cells, _, _ = rows("a,b,c\n1,2\n4,5,6,,\n", "x.csv")
    assert cells == [["1", "2", ""], ["4", "5", "6"]]
    with pytest.raises(ConfigError) as e:
        rows("a;b\n1;2;3\n4;5\n6;7;8;9\n", "x.csv", ";")
    assert e.value.errors == [
        "line 2 has 3 fields, the header 2 (semicolon-separated; pass --delimiter if that is "
        "not the file's)",
        "line 4 has 4 fields, the header 2 (semicolon-separated; pass --delimiter if that is "
        "not the file's)",
    ]

"""Text from the user made safe to show: on a terminal, in a chart, in a spreadsheet."""

import pytest

from simroi.report.text.safe import for_terminal, printable, printable_lines, spreadsheet_text


def test_printable_drops_control_characters_and_escapes_lone_surrogates():
    assert printable("\x1b[31mRED\x1b[0m\tname\u202e") == "[31mRED[0m name"
    # half of a UTF-16 pair (a byte of argv that is not UTF-8) cannot be written to stdout
    assert printable("a\udcff b \ud83d") == "a\\udcff b \\ud83d"
    assert printable("🚀 中文") == "🚀 中文"
    assert printable_lines("ROI\n\x1b[31mRED") == "ROI\n[31mRED"


def test_for_terminal_escapes_rich_markup_in_keys_and_values():
    assert for_terminal({"[b]k": ["[red]v"]}) == {"\\[b]k": ["\\[red]v"]}


@pytest.mark.parametrize(
    ("text", "cell"),
    [
        (
            '=HYPERLINK("http://localhost:8000/x","click")',
            '\'=HYPERLINK("http://localhost:8000/x","click")',
        ),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("@SUM(1+1)", "'@SUM(1+1)"),
        ("-2+3", "'-2+3"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("costs.seats", "costs.seats"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_spreadsheet_text_guards_what_a_spreadsheet_reads_as_a_formula(text, cell):
    assert spreadsheet_text(text) == cell

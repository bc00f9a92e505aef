"""CSV that opens safely in a spreadsheet.

A cell whose text starts with `=`, `+`, `-`, `@`, tab (0x09) or carriage return (0x0D) is read as a formula
by Excel, LibreOffice Calc and Google Sheets. As OWASP's CSV Injection guidance says, such a cell gets a
leading single quote, which spreadsheets take as "this is text"; NUL (0x00), which OWASP ASVS 1.2.10 adds, is
treated the same. The `csv` module then quotes cells holding separators, quotes or line breaks (RFC 4180).
Every text cell goes through the sanitising boundary first (`trainer.sanitize.visible`, line breaks and tabs
kept): no control character reaches the file raw.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from trainer.sanitize import visible

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\x00")
BOM = "\ufeff"
"""Excel only takes a CSV file for UTF-8 when it starts with a byte order mark."""

Cell = str | int | float | bool | None


def neutralise(cell: str) -> str:
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def _cell(value: Cell) -> str | int | float:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return neutralise(visible(value, multiline=True))
    return value  # numbers we wrote ourselves: never text from a bank or a learner


def to_csv(header: Sequence[str], rows: Iterable[Sequence[Cell]], *, bom: bool = True) -> str:
    """A header row and the rows, every text cell neutralised, lines ended with CRLF as RFC 4180 says."""
    out = io.StringIO()
    if bom:
        out.write(BOM)
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([_cell(v) for v in row] for row in rows)
    return out.getvalue()

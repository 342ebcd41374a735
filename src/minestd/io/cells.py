"""Cells written for spreadsheets: text that a spreadsheet would run as a formula is written as text.

A cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is a formula to Excel and LibreOffice
(CSV injection). Report and table outputs (``validate --format csv``, ``classify -o x.csv``, ``gaps --format csv``,
``priorities --format csv``, review files) prefix such text with an apostrophe, which spreadsheets show as text; XLSX
outputs store such cells as strings. Catalog conversions (``convert``, ``--fix``) keep cells exactly as read.
"""
from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """``'=HYPERLINK(…)`` for ``=HYPERLINK(…)``; anything else unchanged (numbers stay numbers)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class SafeWriter:
    """A ``csv.writer`` whose cells are :func:`neutralise`-d."""

    def __init__(self, stream: Any, **options: Any):
        self._writer = csv.writer(stream, **options)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([neutralise(v) for v in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_text(header: Iterable[Any], rows: Iterable[Iterable[Any]]) -> str:
    """A CSV table as text (``\\n`` line ends), every cell :func:`neutralise`-d: no cell is a live formula."""
    import io

    buffer = io.StringIO()
    writer = SafeWriter(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def text_cells(ws: Any) -> None:
    """Every cell of an openpyxl worksheet that openpyxl took for a formula is stored as the text it was given."""
    for row in ws.iter_rows():
        for cell in row:
            if cell.data_type == "f":
                cell.data_type = "s"


#: The most characters an .xlsx cell holds (Excel's limit; openpyxl cuts longer text silently).
XLSX_CELL_LIMIT = 32_767


def overlong_cell(table: Iterable[Iterable[Any]]) -> tuple[int, int, int] | None:
    """(1-based row, 1-based column, length) of the first cell too long for an .xlsx file, or None."""
    for r, row in enumerate(table, start=1):
        for c, value in enumerate(row, start=1):
            if isinstance(value, str) and len(value) > XLSX_CELL_LIMIT:
                return r, c, len(value)
    return None


def fit_cell(value: Any, lang: str = "zh") -> Any:
    """A report cell that fits an .xlsx cell: longer text is cut visibly, saying how much is left out."""
    if not isinstance(value, str) or len(value) <= XLSX_CELL_LIMIT:
        return value
    note = "…（另有 {n} 字未显示，见 JSON 或 CSV）" if lang == "zh" else "… ({n} more characters: see the JSON or CSV)"
    keep = XLSX_CELL_LIMIT - 60
    return value[:keep] + note.format(n=len(value) - keep)


#: The number format of the date cells minestd writes.
DATE_FORMAT = "yyyy-mm-dd"


def date_cell(text: str) -> Any:
    """A workbook cell for a date Excel can sort and filter (2024-12-26, 2024年12月26日 …; format it with
    :data:`DATE_FORMAT`), else the text as written."""
    import datetime as dt

    from ..entry import parse_date

    day = parse_date(text)
    return dt.datetime.combine(day, dt.time()) if day is not None else text

"""How every workbook minestd writes looks in Excel: a CJK font, a bold frozen header with a filter, column widths
from the content (CJK characters count double), and A4 print setup (landscape, fitted to the page width, the header
repeated on every page)."""
from __future__ import annotations

from typing import Any

__all__ = ["CJK_FONT", "new_workbook", "bold_font", "finish_sheet", "display_width", "MAX_WIDTH"]

#: The font named in every workbook: Office's CJK default (Windows and Office for Mac; WPS and LibreOffice substitute
#: their own CJK font by name).
CJK_FONT = "等线"
MAX_WIDTH = 60
_SAMPLE_ROWS = 2000


def new_workbook() -> Any:
    """An openpyxl Workbook whose default font (every cell not styled otherwise) is :data:`CJK_FONT`."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils.indexed_list import IndexedList

    wb = Workbook()
    wb._fonts = IndexedList([Font(name=CJK_FONT, sz=11, family=2, charset=134)])   # font 0: the default style's
    return wb


def bold_font() -> Any:
    from openpyxl.styles import Font

    return Font(name=CJK_FONT, sz=11, bold=True, family=2, charset=134)


def display_width(text: str) -> int:
    """Display width: CJK characters count double; multi-line text counts its longest line."""
    return max((sum(2 if ord(ch) > 0x2E7F else 1 for ch in line) for line in text.split("\n")), default=0)


def finish_sheet(ws: Any, header_row: int = 1, *, widths: bool = True, landscape: bool = True) -> None:
    """Bold frozen header (row ``header_row``) with an auto-filter over the table, widths from the first
    2,000 rows, A4 print setup with the header repeated on every printed page."""
    from openpyxl.utils import get_column_letter

    last_row, last_col = max(ws.max_row, header_row), max(ws.max_column, 1)
    bold = bold_font()
    for cell in ws[header_row]:
        if cell.value is not None:
            cell.font = bold
    ws.freeze_panes = f"A{header_row + 1}"
    ws.auto_filter.ref = f"A{header_row}:{get_column_letter(last_col)}{last_row}"
    if widths:
        for c in range(1, last_col + 1):
            values = [ws.cell(r, c).value for r in range(header_row, min(last_row, header_row + _SAMPLE_ROWS) + 1)]
            longest = max((display_width(str(v)) for v in values if v is not None), default=0)
            ws.column_dimensions[get_column_letter(c)].width = min(MAX_WIDTH, max(6, longest + 2))
    setup = ws.page_setup
    setup.paperSize = ws.PAPERSIZE_A4
    setup.orientation = "landscape" if landscape else "portrait"
    setup.fitToWidth, setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_margins.left = ws.page_margins.right = 0.4

"""Workbooks: the rows of one sheet as text (dates, numbers and booleans as a person reads them), and a one-sheet
workbook from rows (ids like 05.02 stay text; a cell that looks like a formula is text; a cell too long for .xlsx
is an error, never cut)."""
from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from ..errors import InputError
from .cells import XLSX_CELL_LIMIT, overlong_cell


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


#: a cell holding a formula and no saved value: <c r="B7"><f>…</f></c>, <f …/>, or an empty <v/>
_UNCOMPUTED = re.compile(rb'<c\b[^>]*?\br="([A-Z]+)([0-9]+)"[^>]*>\s*<f\b[^>]*?(?:/>|>[^<]*</f>)\s*'
                         rb'(?:<v\s*/>\s*|<v>\s*</v>\s*)?</c>')


def _refuse_uncomputed_formulas(ws: Any, name: str, path: Path) -> None:
    """InputError naming the first cell that holds a formula with no saved value. Such a file was written by a
    program, not saved by Excel; read as values its cells would come in empty — a silently lost designation or
    title. (Checks the sheet's XML, only when it holds formulas at all.)"""
    reader = getattr(ws, "_get_source", None)
    if reader is None:
        return
    with reader() as source:
        xml = source.read()
    if b"<f" not in xml:
        return
    hit = _UNCOMPUTED.search(xml)
    if hit:
        column, row = hit.group(1).decode(), int(hit.group(2))
        raise InputError(f"工作表 '{name}' 的单元格 {column}{row} 是未保存计算结果的公式（会读成空值） / sheet "
                         f"'{name}', cell {column}{row} holds a formula with no saved value (it would read as empty)",
                         "用 Excel 或 LibreOffice 打开工作簿并保存以计算公式，或将该列粘贴为数值 / open the workbook "
                         "in Excel or LibreOffice and save it, so formulas are computed, or paste the column as "
                         "values", file=str(path), row=row)


def _open_workbook(path: Path) -> Any:
    """The workbook, read-only with the values Excel saved; InputError naming the file when it is not one."""
    import zipfile

    from openpyxl import load_workbook

    try:
        return load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        raise InputError(f"不是可读取的 .xlsx 工作簿 / not a readable .xlsx workbook ({type(exc).__name__})",
                         "用 Excel 或 LibreOffice 打开并重新另存为 .xlsx / open it in Excel or LibreOffice and save "
                         "it again as .xlsx", file=str(path)) from None


def _sheet_rows(wb: Any, name: str, path: Path) -> list[list[str]]:
    """The cells of sheet ``name`` as text; InputError for a damaged sheet or a formula never computed."""
    try:
        rows = [[_cell_text(v) for v in row] for row in wb[name].iter_rows(values_only=True)]
    except Exception as exc:   # damaged sheet XML: openpyxl raises parser errors of several kinds
        detail = (str(exc).splitlines() or [""])[0]
        detail = detail if len(detail) <= 120 else detail[:119] + "…"
        raise InputError(f"工作表 '{name}' 已损坏，无法读取 / sheet '{name}' is damaged and cannot be read "
                         f"({type(exc).__name__}: {detail})", "用 Excel 或 LibreOffice 打开并重新另存为 .xlsx / "
                         "open it in Excel or LibreOffice and save it again as .xlsx", file=str(path)) from None
    _refuse_uncomputed_formulas(wb[name], name, path)
    return rows


def xlsx_rows(path: Path, sheet: str | None = None) -> tuple[list[list[str]], str]:
    """(the cells of a worksheet as text, its name): the first sheet, or ``sheet`` by name or 1-based number.
    InputError (naming the file) when the workbook cannot be read or has no such sheet."""
    wb = _open_workbook(path)
    try:
        names = wb.sheetnames
        if sheet is None:
            name = names[0]
        elif sheet in names:
            name = sheet
        elif sheet.isdigit() and 1 <= int(sheet) <= len(names):
            name = names[int(sheet) - 1]
        else:
            raise InputError(f"没有名为 '{sheet}' 的工作表 / no sheet named '{sheet}'",
                             f"--sheet 可用：{', '.join(names)}（或从 1 起的序号） / use --sheet with one of: "
                             f"{', '.join(names)} (or a 1-based number)", file=str(path))
        return _sheet_rows(wb, name, path), name
    finally:
        wb.close()


def xlsx_later_sheets(path: Path) -> Iterator[tuple[str, list[list[str]]]]:
    """(name, cells as text) of every sheet after the first, in order, read one at a time from one opening of the
    workbook — for finding the sheet that holds a table when the first (a cover sheet) does not."""
    wb = _open_workbook(path)
    try:
        for name in wb.sheetnames[1:]:
            yield name, _sheet_rows(wb, name, path)
    finally:
        wb.close()


_ILLEGAL_XLSX = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _refuse_control_characters(table: Sequence[Sequence[Any]], header_row: int) -> None:
    """An .xlsx cell cannot hold control characters (U+0000–U+001F but tab, line feed, carriage return): name the
    first such cell instead of dropping the character silently."""
    for r, row in enumerate(table, start=1):
        for c, value in enumerate(row, start=1):
            hit = _ILLEGAL_XLSX.search(value) if isinstance(value, str) else None
            if hit:
                head = table[header_row - 1] if len(table) >= header_row else []
                name = head[c - 1] if len(head) >= c and r != header_row else f"#{c}"
                raise InputError(f"第 {r} 行 {name} 列：单元格含 .xlsx 无法保存的控制字符（U+{ord(hit[0]):04X}），"
                                 f"未写入任何内容 / row {r}, column {name}: the cell holds a control character "
                                 f"(U+{ord(hit[0]):04X}) that an .xlsx cell cannot store; nothing was written",
                                 "删除该字符，或改为写出 .csv、.json 或 .yaml 副本 / remove the character, or write "
                                 "a .csv, .json or .yaml copy instead")


def xlsx_bytes(table: Sequence[Sequence[Any]], *, sheet_title: str = "catalog", header_row: int = 1) -> bytes:
    """A one-sheet workbook holding ``table``: text cells stay text (so ids like 05.02 stay text, and text that
    looks like a formula is not one), numbers (int, float) are numbers; styled by :func:`.sheetstyle.finish_sheet`
    (CJK font, bold frozen header ``header_row`` with a filter, widths, A4 print setup)."""
    from .sheetstyle import finish_sheet, new_workbook

    too_long = overlong_cell(table)
    if too_long is not None:
        row, column, length = too_long
        head = table[header_row - 1] if len(table) >= header_row else []
        name = head[column - 1] if len(head) >= column else f"#{column}"
        raise InputError(f"第 {row} 行 {name} 列：单元格有 {length:,} 个字符，超出 .xlsx 上限（{XLSX_CELL_LIMIT:,}），"
                         f"未写入任何内容 / row {row}, column {name}: a cell of {length:,} characters does not fit "
                         f"in an .xlsx cell (at most {XLSX_CELL_LIMIT:,}); nothing was written", "改为写出 .csv、"
                         ".json 或 .yaml 副本，或缩短该单元格 / write a .csv, .json or .yaml copy instead, or shorten "
                         "the cell")
    _refuse_control_characters(table, header_row)
    wb = new_workbook()
    ws = wb.active
    ws.title = sheet_title
    for number, row in enumerate(table, start=1):
        values = [(c or None) if isinstance(c, str) else c for c in row]
        ws.append(values)
        for column, value in enumerate(values, start=1):
            if isinstance(value, str) and value.startswith("="):
                ws.cell(row=number, column=column).data_type = "s"   # text that looks like a formula stays text
    if table:
        finish_sheet(ws, min(header_row, len(table)))
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()

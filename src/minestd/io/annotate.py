"""Write a catalog back as XLSX with the validation findings beside each row (``minestd validate --annotate``).

An .xlsx input is copied byte for byte (formatting, other sheets, rows above the header, formulas with their
saved values, drawings) and only the sheet that was read changes, in its XML (:mod:`.sheetpatch`): two added
columns, 问题 / findings and 级别 / severity, and a fill colour on the cell of the field each finding is about (new
cell formats derived from the cells' own, :mod:`.stylesheet`). A sheet laid out unusually is rebuilt with openpyxl
instead; any other input (CSV, JSON, YAML) is first laid out as a sheet with the same rows.
"""
from __future__ import annotations

import io
from collections.abc import Iterable
from pathlib import Path

from ..entry import Catalog
from ..errors import InputError
from ..model import SEVERITY_RANK, Finding
from .atomic import write_bytes
from .catalog import catalog_rows, table_rows, xlsx_bytes

__all__ = ["annotate_xlsx", "annotated_workbook", "FILLS", "FINDINGS_HEADER", "SEVERITY_HEADER"]

#: Fill colour (RGB) per severity, Excel's own "bad / neutral / note" palette.
FILLS = {"error": "FFC7CE", "warning": "FFEB9C", "info": "DDEBF7"}
FINDINGS_HEADER = "问题 / findings"
SEVERITY_HEADER = "级别 / severity"
_SEVERITY_LABEL = {"error": "错误 error", "warning": "警告 warning", "info": "提示 info"}


def annotated_workbook(catalog: Catalog, findings: Iterable[Finding]) -> bytes:
    """The annotated workbook as bytes (see the module docstring)."""
    findings = list(findings)
    source = Path(catalog.source) if catalog.source else None
    if catalog.format == "xlsx" and source is not None and source.is_file():
        from .sheetpatch import Unpatchable

        try:
            return _annotated_in_place(catalog, findings, source)
        except (Unpatchable, KeyError, ValueError):
            pass                         # a sheet laid out unusually: rebuilt with openpyxl below
    return _annotated_with_openpyxl(catalog, findings, source)


def _annotated_in_place(catalog: Catalog, findings: list[Finding], source: Path) -> bytes:
    """The user's workbook with the two columns and the fills written into the sheet's XML: every other byte (saved
    formula values, drawings, other sheets) is kept."""
    import zipfile

    from .copies import source_table
    from .sheetpatch import Edit, patch_sheet_cells

    table = source_table(catalog) or []
    header = table[catalog.header_row - 1] if len(table) >= catalog.header_row else []
    used = max((k + 1 for k, v in enumerate(header) if str(v).strip()), default=0)
    find_col = max(len(catalog.columns), used) + 1
    sev_col = find_col + 1
    columns = {field or header: index + 1 for index, (header, field) in enumerate(catalog.mapping)}
    edits: dict[int, dict[int, Edit]] = {catalog.header_row: {find_col: Edit(FINDINGS_HEADER, like=used or None),
                                                             sev_col: Edit(SEVERITY_HEADER, like=used or None)}}
    for row, items in _by_row(findings, {}).items():
        worst = max(items, key=lambda f: SEVERITY_RANK[f.severity]).severity
        cells = edits.setdefault(row, {})
        for col, severity in _marked(items, columns).items():
            cells[col] = Edit(fill=FILLS[severity])
        cells[find_col] = Edit("\n".join(f"[{f.rule}] {f.message} — {f.fix}" for f in items), wrap=True)
        cells[sev_col] = Edit(_SEVERITY_LABEL[worst], fill=FILLS[worst])
    try:
        data, _formulas = patch_sheet_cells(source.read_bytes(), catalog.sheet, edits, widths={find_col: 80, sev_col: 14})
    except zipfile.BadZipFile:
        raise InputError("无法重新打开工作簿以写入标注 / cannot open the workbook again to annotate it",
                         "重新另存为 .xlsx / save it again as .xlsx", file=str(source)) from None
    return data


def _by_row(findings: Iterable[Finding], sheet_row: dict[int, int]) -> dict[int, list[Finding]]:
    """Findings by the sheet row they go to: ``sheet_row`` maps an entry's row to its row in a rebuilt sheet (empty:
    the user's own sheet, where the rows are the entries' own)."""
    by_row: dict[int, list[Finding]] = {}
    for finding in findings:
        if finding.row is not None:
            by_row.setdefault(sheet_row.get(finding.row, finding.row), []).append(finding)
    return dict(sorted(by_row.items()))


def _marked(items: list[Finding], columns: dict[str, int]) -> dict[int, str]:
    """Column -> the worst severity of the findings about that cell's field."""
    marked: dict[int, str] = {}
    for f in items:
        col = columns.get(f.field or "")
        if col is not None and SEVERITY_RANK[f.severity] >= SEVERITY_RANK.get(marked.get(col, ""), -1):
            marked[col] = f.severity
    return marked


def _annotated_with_openpyxl(catalog: Catalog, findings: list[Finding], source: Path | None) -> bytes:
    """The annotated workbook rebuilt by openpyxl (inputs other than .xlsx, or a sheet not edited in place)."""
    from openpyxl import Workbook, load_workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    if catalog.format == "xlsx" and source is not None and source.is_file():
        try:
            wb = load_workbook(source)
        except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a damaged file
            raise InputError(f"无法重新打开工作簿以写入标注（{type(exc).__name__}） / cannot open the workbook again "
                             f"to annotate it ({type(exc).__name__})", "重新另存为 .xlsx / save it again as .xlsx",
                             file=str(source)) from None
        ws = wb[catalog.sheet] if catalog.sheet in wb.sheetnames else wb.worksheets[0]
        header_row = catalog.header_row
        sheet_row: dict[int, int] = {}     # the user's own sheet: rows as read
    else:
        wb = load_workbook(io.BytesIO(xlsx_bytes(catalog_rows(catalog)))) if catalog.entries or catalog.columns \
            else Workbook()
        ws = wb.active
        header_row = 1
        sheet_row = {e.row: r for e, r in zip(catalog.entries, table_rows(catalog)) if e.row is not None}
    columns = {field or header: index + 1 for index, (header, field) in enumerate(catalog.mapping)}
    first_free = max(len(catalog.columns), _last_used_column(ws, header_row)) + 1
    find_col, sev_col = first_free, first_free + 1
    bold = Font(bold=True)
    for col, text in ((find_col, FINDINGS_HEADER), (sev_col, SEVERITY_HEADER)):
        cell = ws.cell(row=header_row, column=col, value=text)
        cell.font = bold
    ws.column_dimensions[ws.cell(row=header_row, column=find_col).column_letter].width = 80
    ws.column_dimensions[ws.cell(row=header_row, column=sev_col).column_letter].width = 14
    wrap = Alignment(wrap_text=True, vertical="top")
    for row, items in _by_row(findings, sheet_row).items():
        worst = max(items, key=lambda f: SEVERITY_RANK[f.severity]).severity
        text = "\n".join(f"[{f.rule}] {f.message} — {f.fix}" for f in items)
        cell = ws.cell(row=row, column=find_col, value=text)
        cell.alignment = wrap
        sev = ws.cell(row=row, column=sev_col, value=_SEVERITY_LABEL[worst])
        sev.fill = _fill(PatternFill, worst)
        for col, severity in _marked(items, columns).items():
            ws.cell(row=row, column=col).fill = _fill(PatternFill, severity)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _fill(pattern_fill, severity: str):
    return pattern_fill(start_color=FILLS[severity], end_color=FILLS[severity], fill_type="solid")


def _last_used_column(ws, header_row: int) -> int:
    last = 0
    for cell in ws[header_row]:
        if cell.value not in (None, ""):
            last = cell.column
    return last


def annotate_xlsx(catalog: Catalog, findings: Iterable[Finding], path: str | Path, *,
                  inputs: Iterable[str | Path] = ()) -> Path:
    """Write the annotated copy atomically to ``path`` (.xlsx), never over one of ``inputs``."""
    if Path(path).suffix.lower() not in (".xlsx", ".xlsm"):
        raise InputError("--annotate 写出的是 Excel 工作簿 / --annotate writes an Excel workbook",
                         "给出以 .xlsx 结尾的 --output 路径 / give an --output path ending in .xlsx", file=str(path))
    return write_bytes(path, annotated_workbook(catalog, findings), inputs)

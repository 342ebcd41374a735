"""Copies of the user's own catalog file: ``validate --fix`` and ``convert`` keep every row and cell they do not mean
to change.

* **Same workbook** (``.xlsx`` read, ``.xlsx`` written by ``--fix``): the user's workbook itself is copied byte for
  byte — every sheet, the title rows above the header, merged cells, styles, column widths, comments, filters,
  drawings, saved formula values — and only the cells the fix changes are rewritten, as text in their old style
  (:mod:`.sheetpatch`); a cell holding a formula is never overwritten.
* **CSV or another table format**: every row of the sheet or file that was read — title rows above the header,
  blank rows, every cell exactly as read — so row numbers stay the same; ``--fix`` changes only its cells, a list
  cell keeping its separators (``5.02；12.01`` -> ``05.02；12.01``).
* **JSON / YAML** (read or written): records under the header's names (title rows have no place there).

A CSV copy keeps the encoding of a CSV it was read from; other sources give UTF-8 with a BOM (Excel on Chinese
Windows reads it right), unless ``encoding`` says otherwise.
"""
from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path

from ..entry import LIST_FIELDS, Catalog, respell_list
from ..errors import InputError
from ..model import Frozen
from .atomic import guard_output, write_bytes
from .catalog import catalog_format, write_catalog
from .textfiles import csv_rows, decode_text, sniff_delimiter
from .workbooks import xlsx_bytes, xlsx_rows

__all__ = ["CopyResult", "ENCODINGS", "source_table", "write_fixed_copy", "write_converted_copy"]

#: Encodings a CSV copy can be written in (``--encoding``).
ENCODINGS = ("utf-8-sig", "utf-8", "gb18030")


class CopyResult(Frozen):
    """What a copy holds."""

    path: str
    format: str
    cells: int = 0                      # cells changed (--fix)
    rows: int = 0                       # rows with a changed cell (--fix)
    whole_file: bool = False            # the user's workbook itself was copied (every sheet and style)
    rows_kept: bool = False             # every row of the table read, title rows and blank rows included
    skipped: tuple[str, ...] = ()       # cells left as they were because they hold a formula (A1 references)
    notes: tuple[str, ...] = ()


def source_table(catalog: Catalog) -> list[list[str]] | None:
    """Every row of the file (CSV) or sheet (XLSX) ``catalog`` was read from, each cell as text as read; None when
    the catalog does not come from a table file (JSON, YAML, built in memory) or the file is gone."""
    return _source(catalog)[0]


#: How a CSV is written when it is not a copy of a CSV: comma-separated, CRLF line ends (as Excel writes).
_EXCEL_CSV = (",", "\r\n")


def _source(catalog: Catalog) -> tuple[list[list[str]] | None, tuple[str, str]]:
    """(:func:`source_table`, the source CSV's delimiter and line end) from one reading of the file."""
    path = Path(catalog.source) if catalog.source else None
    if path is None or not path.is_file():
        return None, _EXCEL_CSV
    if catalog.format == "csv":
        text, _ = decode_text(path.read_bytes(), path)
        return csv_rows(text), (sniff_delimiter(text), "\r\n" if "\r\n" in text else "\n")
    if catalog.format == "xlsx":
        return xlsx_rows(path, catalog.sheet or None)[0], _EXCEL_CSV
    return None, _EXCEL_CSV


def _columns(catalog: Catalog) -> dict[str, int]:
    """Entry field -> 1-based column of the table."""
    return {field: k + 1 for k, (_, field) in enumerate(catalog.mapping) if field}


def _new_text(fix, raw: str) -> str:
    if fix.field in LIST_FIELDS:
        mapping = dict(fix.values)
        return respell_list(raw, lambda v: mapping.get(v, v))
    return fix.after


def _cell_changes(catalog: Catalog, table: Sequence[Sequence[str]], fixes: Sequence) -> dict[int, dict[int, str]]:
    """{row: {column: new text}} of the cells ``fixes`` change in the source ``table`` (a list cell respelled with
    its own separators); fixes that change nothing are left out."""
    columns = _columns(catalog)
    changes: dict[int, dict[int, str]] = {}
    for fix in fixes:
        col = columns.get(fix.field)
        if fix.row is None or col is None:
            continue
        line = table[fix.row - 1] if fix.row <= len(table) else []
        raw = line[col - 1] if col <= len(line) else ""
        new = _new_text(fix, raw)
        if new != raw:
            changes.setdefault(fix.row, {})[col] = new
    return changes


def _patched_table(catalog: Catalog, table: list[list[str]], fixes: Sequence) -> tuple[list[list[str]], int, int]:
    """(the table with the fixed cells changed, cells changed, rows changed)."""
    changes = _cell_changes(catalog, table, [f for f in fixes if f.row is not None and f.row <= len(table)])
    for row, cols in changes.items():
        line = table[row - 1]
        line += [""] * (max(cols) - len(line))
        for col, new in cols.items():
            line[col - 1] = new
    return table, sum(map(len, changes.values())), len(changes)


def _csv_bytes(table: Sequence[Sequence[str]], path: Path, encoding: str, shape: tuple[str, str]) -> bytes:
    """CSV in the source CSV's ``shape`` (its delimiter — comma, tab or semicolon — and line ends); tab-separated
    for a .tsv."""
    delimiter, newline = shape
    if path.suffix.lower() == ".tsv":
        delimiter = "\t"
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter, lineterminator=newline).writerows(table)
    return buffer.getvalue().encode(encoding)


def _encoding(catalog: Catalog, encoding: str | None) -> str:
    if encoding is not None:
        if encoding not in ENCODINGS:
            raise ValueError(f"encoding must be one of {', '.join(ENCODINGS)}, got {encoding!r}")
        return encoding
    return catalog.encoding if catalog.format == "csv" and catalog.encoding else "utf-8-sig"


def _table_bytes(catalog: Catalog, table: list[list[str]], shape: tuple[str, str], path: Path, fmt: str,
                 encoding: str | None) -> bytes:
    if fmt == "csv":
        return _csv_bytes(table, path, _encoding(catalog, encoding), shape)
    try:
        return xlsx_bytes(table, header_row=catalog.header_row, sheet_title=catalog.sheet or "catalog")
    except InputError as exc:
        raise InputError(exc.message, exc.fix, file=str(path)) from None


def write_fixed_copy(catalog: Catalog, fixes: Iterable, path: str | Path, *, inputs: Iterable[str | Path] = (),
                     encoding: str | None = None) -> CopyResult:
    """Write ``catalog``'s file to ``path`` with the cells of ``fixes`` (:func:`minestd.validate.cell_fixes`)
    changed and nothing else (see the module docstring); atomically, never over one of ``inputs``."""
    if not isinstance(catalog, Catalog):
        raise TypeError(f"catalog must be a Catalog (minestd.io.catalog.read_catalog), not {type(catalog).__name__}")
    out = Path(path)
    fmt = catalog_format(out)
    fixes = tuple(fixes)
    inputs = tuple(inputs)
    guard_output(out, inputs)
    if fmt == "xlsx" and catalog.format == "xlsx" and _is_file(catalog.source):
        return _fixed_workbook(catalog, fixes, out, inputs)
    table, shape = _source(catalog) if fmt in ("csv", "xlsx") else (None, _EXCEL_CSV)
    if table is not None:
        table, cells, rows = _patched_table(catalog, table, fixes)
        write_bytes(out, _table_bytes(catalog, table, shape, out, fmt, encoding), inputs)
        return CopyResult(path=str(out), format=fmt, cells=cells, rows=rows, rows_kept=True)
    write_catalog(_apply(catalog, fixes), out, inputs=inputs,
                  encoding=_encoding(catalog, encoding) if fmt == "csv" else None)
    return CopyResult(path=str(out), format=fmt, cells=len(fixes), rows=len({f.row for f in fixes}))


def _apply(catalog: Catalog, fixes: Sequence) -> Catalog:
    """The catalog with the fixed values (for layouts that are rebuilt from the entries: JSON, YAML)."""
    from ..entry import split_list

    changes: dict[int | None, dict[str, object]] = {}
    for fix in fixes:
        value = split_list(fix.after) if fix.field in LIST_FIELDS else fix.after
        changes.setdefault(fix.row, {})[fix.field] = value
    entries = tuple(e.model_copy(update=changes[e.row]) if e.row in changes else e for e in catalog.entries)
    return catalog.model_copy(update={"entries": entries})


def _is_file(source: str) -> bool:
    return bool(source) and Path(source).is_file()


def _fixed_workbook(catalog: Catalog, fixes: Sequence, out: Path, inputs: tuple) -> CopyResult:
    """The user's workbook with the fixed cells changed, every other byte copied (:mod:`.sheetpatch`); formulas are
    never overwritten. A sheet that cannot be edited in place is rebuilt with openpyxl instead (and a note says
    what that costs)."""
    from .sheetpatch import Unpatchable, patch_sheet_cells

    from openpyxl.utils.cell import coordinate_to_tuple

    source = Path(catalog.source)
    changes = _cell_changes(catalog, source_table(catalog) or [], fixes)
    try:
        data, skipped = patch_sheet_cells(source.read_bytes(), catalog.sheet, changes)
    except (Unpatchable, KeyError, zipfile.BadZipFile) as exc:
        return _rebuilt_workbook(catalog, changes, out, inputs, str(exc))
    write_bytes(out, data, inputs)
    done = {(r, c) for r, cols in changes.items() for c in cols} - {coordinate_to_tuple(ref) for ref in skipped}
    return CopyResult(path=str(out), format="xlsx", cells=len(done), rows=len({r for r, _ in done}), whole_file=True,
                      rows_kept=True, skipped=tuple(skipped))


def _rebuilt_workbook(catalog: Catalog, changes: dict[int, dict[int, str]], out: Path, inputs: tuple,
                      why: str) -> CopyResult:
    """Fallback: open and save the workbook with openpyxl, changing the cells (formulas left alone)."""
    from openpyxl import load_workbook

    source = Path(catalog.source)
    keep_vba = source.suffix.lower() == ".xlsm" and out.suffix.lower() == ".xlsm"
    try:
        wb = load_workbook(source, keep_vba=keep_vba)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a damaged file
        raise InputError(f"无法重新打开工作簿以复制（{type(exc).__name__}） / cannot open the workbook again to copy "
                         f"it ({type(exc).__name__})", "重新另存为 .xlsx / save it again as .xlsx",
                         file=str(source)) from None
    ws = wb[catalog.sheet] if catalog.sheet in wb.sheetnames else wb.worksheets[0]
    cells, skipped = 0, []
    for row, cols in sorted(changes.items()):
        for col, text in sorted(cols.items()):
            cell = ws.cell(row=row, column=col)
            if cell.data_type == "f":
                skipped.append(cell.coordinate)
                continue
            cell.value = text
            cell.data_type = "s"
            cells += 1
    buffer = io.BytesIO()
    wb.save(buffer)
    write_bytes(out, buffer.getvalue(), inputs)
    note = (f"工作表无法原样修改（{why}），副本由 openpyxl 重建：公式保存的值、图形可能丢失 / the sheet could not be "
            f"edited in place ({why}); the copy was rebuilt with openpyxl: saved formula values and drawings may "
            "be lost — open and save it in Excel")
    return CopyResult(path=str(out), format="xlsx", cells=cells, rows=len({r for r, c in changes.items()}),
                      whole_file=True, rows_kept=True, skipped=tuple(skipped), notes=(note,))


def write_converted_copy(catalog: Catalog, path: str | Path, *, inputs: Iterable[str | Path] = (),
                         encoding: str | None = None) -> CopyResult:
    """``convert``: ``catalog``'s file in the format of ``path``'s suffix. Table to table (CSV, XLSX): every row and
    cell as read, title rows and blank rows included, so row numbers stay; JSON / YAML: records under the header's
    names. Atomic, never over one of ``inputs``."""
    if not isinstance(catalog, Catalog):
        raise TypeError(f"catalog must be a Catalog (minestd.io.catalog.read_catalog), not {type(catalog).__name__}")
    out = Path(path)
    fmt = catalog_format(out)
    inputs = tuple(inputs)
    guard_output(out, inputs)
    table, shape = _source(catalog) if fmt in ("csv", "xlsx") else (None, _EXCEL_CSV)
    if table is not None:
        write_bytes(out, _table_bytes(catalog, table, shape, out, fmt, encoding), inputs)
        return CopyResult(path=str(out), format=fmt, rows_kept=True)
    write_catalog(catalog, out, inputs=inputs, encoding=_encoding(catalog, encoding) if fmt == "csv" else None)
    return CopyResult(path=str(out), format=fmt)

"""The batch input of ``minestd classify --input``: titles in a catalog file (CSV, XLSX, JSON, JSON Lines, YAML) read by
the catalog reader, with the other columns kept for the output (the title column found by its header or --column)."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional

from ..errors import InputError
from .catalog import catalog_rows, read_catalog
from .records import load_records

if TYPE_CHECKING:
    from ..entry import Catalog


class Table:
    """A batch input: header, rows (lists of cells, as read), the title column and where it came from."""

    def __init__(self, source: str, fmt: str, header: list[str], rows: list[list[Any]], column: int,
                 records: Optional[list[dict[str, Any]]] = None, notes: tuple[str, ...] = ()):
        self.source, self.fmt, self.header, self.rows, self.column, self.records = (
            source, fmt, header, rows, column, records)
        self.notes = notes   # what the reader decided for the user (e.g. which sheet held the titles)

    @property
    def titles(self) -> list[str]:
        return [_cell(row[self.column]) if self.column < len(row) else "" for row in self.rows]


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_table(path: Path, column: Optional[str], sheet: Optional[str] = None) -> Table:
    """Titles from a catalog file (CSV, XLSX, JSON, JSON Lines or YAML), read by the catalog reader
    (:func:`minestd.io.catalog.read_catalog`: the same encodings, header search, sheet choice and checks as every
    other command), or '-' = stdin lines. The title column: ``column``, else the one whose header names a title
    (标准名称, 名称, title ...), else the only column. InputError names file, row and field."""
    source = str(path)
    if source == "-":
        lines = [line.strip() for line in sys.stdin.read().splitlines()]
        return Table("<stdin>", "lines", ["title"], [[line] for line in lines if line], 0)
    catalog = _read(path, column, sheet)
    header = list(catalog.columns)
    fields = [field for _, field in catalog.mapping]
    rows = catalog_rows(catalog, blank_rows=False)[1:]
    # one row per item; the items keep their own value types for JSON output
    records = load_records(path, catalog.format) if catalog.format in ("json", "jsonl", "yaml") else None
    return Table(source, catalog.format, header, rows, fields.index("title"), records, notes=catalog.notes)


def _read(path: Path, column: Optional[str], sheet: Optional[str]) -> "Catalog":
    """The catalog with ``column`` (or the title header, or the only column) read as the titles."""
    mapping = {column: "title"} if column else None
    try:
        return read_catalog(path, sheet=sheet, columns=mapping, require=("title",))
    except InputError as exc:
        problem = exc
    loose = _header_only(path, sheet)
    if loose is None:
        raise problem
    names = [name for name in loose.columns if name]
    if column is not None:
        kind = "字段" if loose.format in ("json", "jsonl", "yaml") else "列"
        raise InputError(f"没有列 '{column}' / no column '{column}'",
                         f"用 --column 指定以下{kind}之一：{', '.join(names) or '(无表头)'} / use --column with one of: "
                         f"{', '.join(names) or '(no header)'}", file=str(path), field=column) from None
    if len(names) == 1:
        return read_catalog(path, sheet=sheet, columns={names[0]: "title"}, require=("title",))
    raise InputError("找不到标题列 / no title column", f"用 --column 指定（可选：{', '.join(names)}） / name it with "
                     f"--column (one of: {', '.join(names)})", file=str(path)) from None


def _header_only(path: Path, sheet: Optional[str]) -> "Catalog | None":
    """The file read with no column required (its first header row), or None when even that fails (the first
    error then stands: an unreadable file, a broken line ...)."""
    try:
        return read_catalog(path, sheet=sheet, require=())
    except InputError:
        return None

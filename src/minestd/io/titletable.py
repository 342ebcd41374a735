"""The batch input of ``minestd classify --input``: titles in a CSV, XLSX, JSON or JSON Lines file with the other
columns kept for the output (the title column found by its header or --column). The same defensive checks as the
catalog reader (io.textfiles)."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, Optional

from ..errors import InputError

#: Headers taken as the title column when --column is not given (compared case-insensitively).
TITLE_HEADERS = ("title", "标准名称", "名称", "标题", "题名", "标准中文名称", "中文名称", "name")
TABLE_SUFFIXES = {".csv": "csv", ".tsv": "csv", ".txt": "csv", ".xlsx": "xlsx", ".xlsm": "xlsx",
                  ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json"}

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
    """Read titles from a CSV/XLSX/JSONL file (or '-' = stdin lines). InputError names file, row and field."""

    from .textfiles import decode_text

    source = str(path)
    if source == "-":
        lines = [line.strip() for line in sys.stdin.read().splitlines()]
        return Table("<stdin>", "lines", ["title"], [[line] for line in lines if line], 0)
    suffix = path.suffix.lower()
    fmt = TABLE_SUFFIXES.get(suffix)
    if fmt is None:
        raise InputError(f"未知的输入格式 / unknown input format '{suffix or '(no suffix)'}'",
                         "使用 .csv、.xlsx 或 .jsonl 文件 / use a .csv, .xlsx or .jsonl file", file=source)
    if not path.exists():
        raise InputError("文件不存在 / file not found", "检查路径 / check the path", file=source)
    if path.is_dir():
        raise InputError("是文件夹而不是文件 / is a folder", "给出 .csv、.xlsx 或 .jsonl 文件 / give a .csv, .xlsx or "
                         ".jsonl file", file=source)
    if fmt in ("jsonl", "json"):
        return _read_records(path, fmt, column)
    if fmt == "csv":
        from .textfiles import csv_rows

        text, _ = decode_text(path.read_bytes(), source)
        try:   # the catalog reader's checks: NUL bytes, a quote never closed, a cell over the csv module's limit
            rows: list[list[Any]] = csv_rows(text, "\t" if suffix == ".tsv" else ",")
        except InputError as exc:
            raise InputError(exc.message, exc.fix, file=source) from None
    else:
        rows, notes = _workbook_rows(path, sheet, column)
    while rows and not any(_cell(c) for c in rows[0]):
        rows.pop(0)
    del rows[:_header_index(rows, column)]   # title rows above the header (a sheet's caption) are not titles
    if not rows:
        raise InputError("文件是空的 / the file is empty", "首行写表头，其后每行一个标题 / put a header row and one "
                         "title per row", file=source)
    header = [_cell(c) for c in rows[0]]
    index = _title_column(header, column, source)
    body = [list(r) for r in rows[1:] if any(_cell(c) for c in r)]
    return Table(source, fmt, header, body, index, notes=notes if fmt == "xlsx" else ())


def _workbook_rows(path: Path, sheet: Optional[str], column: Optional[str]) -> tuple[list[list[Any]], tuple[str, ...]]:
    """The rows of ``sheet``; without it, of the first sheet whose header names the title column (a committee
    workbook often starts with a cover sheet), with a note naming that sheet when it is not the first."""
    from .workbooks import xlsx_later_sheets, xlsx_rows

    rows, first = xlsx_rows(path, sheet)
    if sheet is not None or _names_titles(rows, column):
        return rows, ()
    for name, other in xlsx_later_sheets(path):
        if _names_titles(other, column):
            return other, (f"第一个工作表 '{first}' 没有标题列，已读取工作表 '{name}' / the first sheet '{first}' has "
                           f"no title column; read sheet '{name}' (choose another with --sheet)",)
    return rows, ()


HEADER_SCAN_ROWS = 20   # the header is looked for in the top rows, like the catalog reader's


def _names_titles(rows: list[list[Any]], column: Optional[str]) -> bool:
    """Does one of the top rows name the title column (``column``, or one of TITLE_HEADERS)?"""
    return _header_index(rows, column, default=-1) >= 0


def _header_index(rows: list[list[Any]], column: Optional[str], default: int = 0) -> int:
    """The first of the top rows naming the title column (``column``, or one of TITLE_HEADERS); else ``default``."""
    wanted = (column.strip().lower(),) if column else TITLE_HEADERS
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        cells = {_cell(c).lower() for c in row}
        if any(name in cells for name in wanted):
            return index
    return default


def _title_column(header: list[str], column: Optional[str], source: str) -> int:
    lowered = [h.strip().lower() for h in header]
    if column is not None:
        if column.strip().lower() in lowered:
            return lowered.index(column.strip().lower())
        raise InputError(f"没有列 '{column}' / no column '{column}'",
                         f"用 --column 指定以下列之一：{', '.join(h for h in header if h) or '(无表头)'} / use "
                         f"--column with one of: {', '.join(h for h in header if h) or '(no header)'}",
                         file=source, field=column)
    for name in TITLE_HEADERS:
        if name in lowered:
            return lowered.index(name)
    if len(header) == 1:
        return 0
    raise InputError("找不到标题列 / no title column",
                     f"用 --column 指定（可选：{', '.join(h for h in header if h)}） / name it with --column (one "
                     f"of: {', '.join(h for h in header if h)})", file=source)


def _read_records(path: Path, fmt: str, column: Optional[str]) -> Table:
    from .textfiles import decode_text

    source = str(path)
    text, _ = decode_text(path.read_bytes(), source)
    records: list[dict[str, Any]] = []
    from .textfiles import load_json

    if fmt == "json":
        try:
            data = load_json(text)
        except InputError as exc:
            raise InputError(exc.message, exc.fix, file=source) from None
        if not isinstance(data, list):
            raise InputError("JSON 输入必须是对象列表 / a JSON input must be a list of objects",
                             "写成 [{\"title\": \"...\"}, ...] / write [{\"title\": \"...\"}, ...]", file=source)
        items = list(enumerate(data, start=1))
    else:
        items = []
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                items.append((number, json.loads(line)))
            except json.JSONDecodeError as exc:
                raise InputError(f"第 {number} 行不是有效的 JSON / line {number} is not valid JSON: {exc.msg}",
                                 "每行写一个 JSON 对象 / write one JSON object per line", file=source) from None
            except (RecursionError, ValueError):   # nested too deeply, numbers out of range: the checked loader says
                try:
                    load_json(line, f"line {number}: ")
                except InputError as exc:
                    raise InputError(exc.message, exc.fix, file=source) from None
                raise
    key = column
    for number, item in items:
        if isinstance(item, str):
            item = {"title": item}
        if not isinstance(item, dict):
            raise InputError(f"第 {number} 行不是 JSON 对象 / line {number} is not a JSON object",
                             "每行写一个对象 / write one object per line", file=source)
        records.append(item)
    keys: list[str] = []
    for record in records:
        keys.extend(k for k in record if k not in keys)
    if key is None:
        lowered = {k.lower(): k for k in keys}
        key = next((lowered[h] for h in TITLE_HEADERS if h in lowered), None)
        if key is None:
            raise InputError("找不到标题字段 / no title key",
                             f"用 --column 指定（可选：{', '.join(keys) or '(无)'}） / name it with --column (one of: "
                             f"{', '.join(keys) or '(none)'})", file=source)
    elif key not in keys:
        raise InputError(f"没有列 '{key}' / no column '{key}'",
                         f"用 --column 指定以下字段之一：{', '.join(keys) or '(无字段)'} / use --column with one of: "
                         f"{', '.join(keys) or '(no keys)'}", file=source, field=key)
    header = keys
    rows = [[r.get(k, "") for k in keys] for r in records]
    return Table(source, fmt, header, rows, keys.index(key), records)

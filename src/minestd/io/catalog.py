"""Read and write catalogs of standards: CSV (UTF-8, UTF-8 with BOM, GB18030, UTF-16 — detected), XLSX, JSON,
JSON Lines, YAML (the records formats: :mod:`.records`).

Headers may be English (``designation,title,status,...``) or Chinese (标准号, 标准名称, 状态, 体系编号 ...);
``columns`` maps any other layout. Nothing is lost: unknown columns are kept in order in ``Entry.extra``
and written back; every entry keeps its spreadsheet ``row`` (header = row 1, first entry = row 2).
Only rows that are *entirely* blank are skipped (their row numbers are simply absent).

Public API: :func:`read_catalog`, :func:`write_catalog`, :func:`parse_columns`, :data:`HEADER_ALIASES`.
"""
from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from itertools import chain, islice
from pathlib import Path
from typing import Any

from ..entry import FIELDS, LIST_FIELDS, Catalog, Entry, entry_list, split_list
from ..errors import InputError, MinestdError
from ..memory import gc_paused
from .jsontext import dumps_indented
from .records import load_numbered_records, records_table
from .textfiles import _check_yaml_aliases, csv_row_iter, csv_rows, decode_text, load_json  # noqa: F401  (re-exported)
from .workbooks import _cell_text, xlsx_bytes, xlsx_later_sheets, xlsx_rows  # noqa: F401  (re-exported)

__all__ = ["HEADER_ALIASES", "FORMATS", "read_catalog", "write_catalog", "catalog_from_rows", "parse_columns",
           "header_field", "catalog_format", "catalog_rows"]

#: Words used as column headers -> Entry field. Keys are compared after :func:`_norm_header`
#: (NFKC, lower case, spaces/underscores/hyphens/asterisks removed).
HEADER_ALIASES: dict[str, str] = {}
_ALIAS_TABLE: dict[str, tuple[str, ...]] = {
    "designation": ("designation", "standard", "standard no", "standard number", "standard_no", "std no", "code",
                    "标准号", "标准编号", "标准代号", "编号", "标准代号及编号", "标准号/编号", "代号"),
    "title": ("title", "name", "standard name", "standard title", "title zh",
              "标准名称", "名称", "标准中文名称", "中文名称", "标准名", "标题", "题名"),
    "status": ("status", "state", "状态", "标准状态", "现行状态", "有效状态"),
    "nodes": ("nodes", "node", "node id", "node ids", "体系编号", "体系位置", "节点", "体系节点", "体系表编号",
              "所属节点", "体系分类"),
    "priorities": ("priorities", "priority", "priority ids", "建设重点", "建设重点编号", "重点", "对应建设重点"),
    "mine_scope": ("mine scope", "mine_scope", "scope", "mine", "适用矿山", "矿山类型", "矿种", "适用矿种"),
    "published": ("published", "publication date", "date published", "issued", "发布日期", "发布时间", "发布"),
    "effective": ("effective", "effective date", "implementation date", "实施日期", "实施时间", "实施"),
    "replaces": ("replaces", "supersedes", "replace", "代替标准", "代替", "替代标准", "代替标准号", "替代"),
    "replaced_by": ("replaced by", "replaced_by", "superseded by", "被代替", "被代替标准", "被替代", "被代替标准号",
                    "被替代标准"),
    "ics": ("ics", "ics号", "ics分类号", "ics分类", "国际标准分类号"),
    "ccs": ("ccs", "ccs号", "中国标准分类号", "中标分类号", "中标分类", "ccs分类号"),
    "notes": ("notes", "note", "remarks", "remark", "comment", "comments", "备注", "说明"),
    "source": ("source", "sources", "url", "来源", "出处", "数据来源", "信息来源"),
}
_HEADER_JUNK = re.compile(r"[\s_\-*]+")
_HEADER_HINT = re.compile(r"\(.*?\)|\[.*?\]")   # 体系编号(多个用;分隔) -> 体系编号


def _norm_header(text: str) -> str:
    return _HEADER_JUNK.sub("", unicodedata.normalize("NFKC", text).lower())


for _field, _words in _ALIAS_TABLE.items():
    for _word in _words:
        HEADER_ALIASES[_norm_header(_word)] = _field

FORMATS: dict[str, str] = {".csv": "csv", ".tsv": "csv", ".txt": "csv", ".xlsx": "xlsx", ".xlsm": "xlsx",
                           ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl", ".yaml": "yaml", ".yml": "yaml"}
_HEADER_SCAN_ROWS = 20   # a title row or two above the header is common in Chinese spreadsheets
#: Fields a catalog's header row must name (read_catalog's default ``require``).
REQUIRED: tuple[str, ...] = ("designation", "title")
#: Each field's Chinese header name (its first non-ASCII alias), for messages about missing columns.
_HEADER_ZH: dict[str, str] = {f: next(w for w in words if not w.isascii()) for f, words in _ALIAS_TABLE.items()}
_COLUMNS_EXAMPLE = '--columns "编号=designation,名称=title"'


def header_field(header: str) -> str | None:
    """The Entry field a header names (``标准号`` -> ``designation``), or None when unknown."""
    key = _norm_header(header)
    if key in HEADER_ALIASES:
        return HEADER_ALIASES[key]
    stripped = _norm_header(_HEADER_HINT.sub("", unicodedata.normalize("NFKC", header)))
    return HEADER_ALIASES.get(stripped) if stripped else None


def parse_columns(text: str | None) -> dict[str, str]:
    """``"编号=designation,名称=title"`` -> ``{"编号": "designation", "名称": "title"}``.

    A value of ``extra`` (or empty) keeps that column as an unknown column. Raises MinestdError on bad syntax.
    """
    if not text or not text.strip():
        return {}
    mapping: dict[str, str] = {}
    for part in re.split(r"[,，;；]", text):
        if not part.strip():
            continue
        header, sep, field = part.partition("=")
        header, field = header.strip(), field.strip()
        if not sep or not header:
            raise MinestdError(f"--columns 项格式不对 / bad --columns item '{part.strip()}': expected HEADER=FIELD",
                               f"参照示例书写 / write it like {_COLUMNS_EXAMPLE}; fields: {', '.join(FIELDS)}")
        if field not in FIELDS and field not in ("", "extra"):
            raise MinestdError(f"未知字段 '{field}' / unknown field '{field}' in --columns item '{part.strip()}'",
                               f"改用下列字段 / use one of: {', '.join(FIELDS)} (or 'extra' to keep the column as is)")
        mapping[header] = "" if field == "extra" else field
    return mapping


def catalog_format(path: str | Path) -> str:
    """csv / xlsx / json / jsonl / yaml from the file suffix; InputError for anything else."""
    suffix = Path(path).suffix.lower()
    if suffix in FORMATS:
        return FORMATS[suffix]
    if suffix == ".xls":
        raise InputError("不支持旧版 .xls 文件 / old Excel .xls files are not supported", "另存为 .xlsx / open "
                         "it in Excel or LibreOffice and save as .xlsx", file=str(path))
    raise InputError(f"未知的目录格式 / unknown catalog format '{suffix or '(no suffix)'}'",
                     "使用 .csv、.xlsx、.json、.jsonl 或 .yaml 文件 / use a .csv, .xlsx, .json, .jsonl or .yaml file",
                     file=str(path))


# --------------------------------------------------------------------------- reading

#: Files larger than this are read with the cyclic garbage collector paused (~5,000 rows of CSV).
_PAUSE_BYTES = 1_000_000


def _check_read_arguments(path: object, sheet: object, columns: object, require: object) -> None:
    """TypeError naming the parameter for a call that cannot be meant (a path as bytes, a mapping as a string)."""
    import os

    if isinstance(path, bytes) or not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"path must be a str or a pathlib.Path, not {type(path).__name__}")
    if sheet is not None and not isinstance(sheet, str):
        raise TypeError(f"sheet must be a str (a sheet name, or a 1-based number such as '2'), not {type(sheet).__name__}")
    if columns is not None and not isinstance(columns, Mapping):
        raise TypeError(f"columns must be a mapping of header -> field (parse_columns('编号=designation') makes one), "
                        f"not {type(columns).__name__}")
    if isinstance(require, str) or not all(isinstance(f, str) for f in require):
        raise TypeError("require must be a sequence of field names such as ('designation', 'title'), not a str")


def read_catalog(path: str | Path, *, sheet: str | None = None,
                 columns: Mapping[str, str] | None = None, require: Sequence[str] = REQUIRED) -> Catalog:
    """Read a catalog file (format from its suffix). Raises InputError naming the file and the fix.
    ``require``: the fields the header row must name (default designation and title; a file of placed
    titles for ``train``/``evaluate`` needs title and nodes only)."""
    _check_read_arguments(path, sheet, columns, require)
    p = Path(path)
    fmt = catalog_format(p)
    if not p.exists():
        raise InputError("文件不存在 / file not found", "检查路径 / check the path", file=str(p))
    if p.is_dir():
        raise InputError("是文件夹，不是目录文件 / is a folder, not a catalog file",
                         "给出 .csv、.xlsx、.json 或 .yaml 文件 / give a .csv, .xlsx, .json or .yaml file", file=str(p))
    if sheet is not None and fmt != "xlsx":
        raise InputError("--sheet 只用于 .xlsx 文件 / --sheet only applies to .xlsx files", "drop --sheet", file=str(p))
    try:
        # reading makes millions of small objects and no reference cycles: the collector's scans only cost time
        with gc_paused(p.stat().st_size > _PAUSE_BYTES):
            if fmt == "csv":
                text, encoding = decode_text(p.read_bytes(), p)
                return catalog_from_rows(csv_row_iter(text), source=str(p), columns=columns, format="csv",
                                         encoding=encoding, require=require)
            if fmt == "xlsx":
                return _read_workbook(p, sheet, columns, require)
            return _read_records(p, fmt, columns, require)
    except MinestdError as exc:
        if exc.file is None:
            exc.file = str(p)
            exc.args = (exc.one_line(),)
        raise
    except OSError as exc:
        raise InputError(f"无法读取文件 / cannot read the file: {exc.strerror or exc}", "检查路径及权限 / check the "
                         "path and its permissions", file=str(p)) from None


def _read_workbook(path: Path, sheet: str | None, columns: Mapping[str, str] | None,
                   require: Sequence[str]) -> Catalog:
    """The catalog in ``sheet``; without ``sheet``, in the first sheet that has the header (a committee workbook
    often starts with a cover sheet) — the catalog's ``notes`` then name the sheet used."""
    rows, first = xlsx_rows(path, sheet)
    try:
        return catalog_from_rows(rows, source=str(path), columns=columns, format="xlsx", sheet=first,
                                 require=require)
    except InputError as exc:
        if sheet is not None:
            raise
        names, problem = [first], exc
    for name, other in xlsx_later_sheets(path):
        names.append(name)
        try:
            cat = catalog_from_rows(other, source=str(path), columns=columns, format="xlsx", sheet=name,
                                    require=require)
        except InputError:
            continue
        note = f"第一个工作表 '{first}' 没有表头，已读取工作表 '{name}' / the first sheet '{first}' has no header row; " \
               f"read sheet '{name}' (choose another with --sheet)"
        return cat.model_copy(update={"notes": (*cat.notes, note)})
    if len(names) > 1:
        raise InputError(f"在所有工作表（{', '.join(names)}）中：{problem.message} (in none of the sheets: "
                         f"{', '.join(names)})", f"{problem.fix + '; or ' if problem.fix else ''}choose the sheet "
                         "with --sheet NAME", file=str(path)) from None
    raise problem


def _resolve_header(header: Sequence[str], columns: Mapping[str, str]) -> list[str]:
    """Field per column ("" = unknown); a field claimed twice keeps its first column."""
    by_norm = {_norm_header(k): v for k, v in columns.items()}
    fields: list[str] = []
    taken: set[str] = set()
    for name in header:
        if name in columns:
            field = columns[name]
        elif _norm_header(name) in by_norm:
            field = by_norm[_norm_header(name)]
        else:
            field = header_field(name) or "" if name else ""
        if field and field in taken:
            field = ""
        taken.add(field)
        fields.append(field)
    return fields


def _read_records(p: Path, fmt: str, columns: Mapping[str, str] | None, require: Sequence[str]) -> Catalog:
    """A JSON/YAML item i gets row i + 2 (the row it would have in the same catalog as a spreadsheet); a JSON Lines
    item, its line number."""
    records, lines = load_numbered_records(p, fmt)
    catalog = catalog_from_rows(records_table(records, require, lines), source=str(p), columns=columns, format=fmt,
                                blank_rows="keep", require=require)
    if lines is None:
        return catalog
    return catalog.model_copy(update={"entries": tuple(e.model_copy(update={"row": line})
                                                       for e, line in zip(catalog.entries, lines))})


def catalog_from_rows(rows: Iterable[Sequence[Any]], *, source: str = "", columns: Mapping[str, str] | None = None,
                      format: str = "", encoding: str = "", sheet: str = "", blank_rows: str = "skip",
                      require: Sequence[str] = REQUIRED) -> Catalog:
    """Build a Catalog from a table (row 1 of ``rows`` = spreadsheet row 1) — a list, or an iterator read once
    (a big CSV is never held as a list of rows beside its entries). The header is the first of the top rows naming
    a column for each field of ``require`` (default: designation and title). InputError when there is none."""
    columns = dict(columns or {})
    rows = iter(rows)
    head = list(islice(rows, _HEADER_SCAN_ROWS))
    missing_headers = [h for h in columns if not any(_norm_header(h) == _norm_header(_cell_text(c).strip())
                                                     for row in head for c in row)]
    if missing_headers:
        found = _first_header(head)
        raise InputError(f"文件无此列 / --columns names a column that is not in the file: {', '.join(missing_headers)}",
                         f"表头为：{', '.join(found) or '(无)'} / the headers are: {', '.join(found) or '(none)'}")
    header_index, header, fields = _find_header(head, columns, require)
    width = len(header)
    entries: list[Entry] = []
    pool: dict[Any, Any] = {}    # this catalog's repeated cell values (see _entry)
    for offset, raw in enumerate(chain(head[header_index + 1:], rows), start=header_index + 2):
        cells = [c.strip() if type(c) is str else _cell_text(c).strip() for c in raw]     # CSV cells are str
        if len(cells) > width and any(cells[width:]):
            extra_n = len(cells) - width
            header += [f"column{width + i + 1}" for i in range(extra_n)]
            fields += [""] * extra_n
            width = len(header)
            for e_i, e in enumerate(entries):   # earlier rows get the new (empty) columns too
                entries[e_i] = e.model_copy(update={"extra": e.extra + tuple((h, "") for h in header[-extra_n:])})
        cells += [""] * (width - len(cells))
        if blank_rows == "skip" and not any(cells):
            continue
        entries.append(_entry(offset, header, fields, cells[:width], pool))
    mapping = tuple(zip(header, fields))
    return Catalog(entries=tuple(entries), source=source, columns=tuple(header), mapping=mapping,
                   format=format, encoding=encoding, sheet=sheet, header_row=header_index + 1)


def _first_header(rows: Sequence[Sequence[Any]]) -> list[str]:
    for row in rows[:_HEADER_SCAN_ROWS]:
        cells = [_cell_text(c).strip() for c in row]
        if any(cells):
            return [c for c in cells if c]
    return []


def _find_header(rows: Sequence[Sequence[Any]], columns: Mapping[str, str],
                 require: Sequence[str] = REQUIRED) -> tuple[int, list[str], list[str]]:
    for index, row in enumerate(rows[:_HEADER_SCAN_ROWS]):
        header = [_cell_text(c).strip() for c in row]
        while header and not header[-1]:
            header.pop()
        if not header:
            continue
        fields = _resolve_header(header, columns)
        if all(f in fields for f in require):
            return index, _unique_blank_names(header), fields
    found = _first_header(rows)
    if not found:
        raise InputError("文件是空的（没有表头行） / the file is empty (no header row)",
                         "put a header row first, e.g. 'designation,title,status,nodes' or '标准号,标准名称,状态,体系编号'")
    fields = _resolve_header(found, columns)
    missing = [f"{f} ({_HEADER_ZH.get(f, f)})" for f in require if f not in fields]
    names = ", ".join(f"{_HEADER_ZH.get(f, f)}/{f}" for f in require)
    # the commands that read full catalogs (the default requirement) take --columns; train/evaluate do not
    mapping = f" or map it with {_COLUMNS_EXAMPLE}" if tuple(require) == REQUIRED else ""
    raise InputError(f"缺少必需的列 / no {' and no '.join(missing)} column found; headers are: {', '.join(found)}",
                     f"把表头改为 {names}{'，或用 --columns 映射列名' if mapping else ''} / rename the header "
                     f"({names}){mapping}")


def _unique_blank_names(header: list[str]) -> list[str]:
    """Header cells left empty get a name so their data is kept: column1, column2 ... (1-based position)."""
    return [h or f"column{i + 1}" for i, h in enumerate(header)]


_FIELDS_SETS: dict[frozenset[str], set[str]] = {}


_UNIQUE_FIELDS = frozenset({"designation", "title"})


def _entry(row: int, header: Sequence[str], fields: Sequence[str], cells: Sequence[str],
           pool: dict[Any, Any]) -> Entry:
    """The Entry of one row. Built without re-validation (every value is already a str, a tuple of str or the row
    number) and sharing one "fields set" among the rows of a catalog: 0.7 KB an entry instead of 1.6 KB, which is
    what lets a national catalog of 1,000,000 rows fit in memory. (Entries are frozen: the shared set is never
    changed; ``model_copy`` copies it.) ``pool``: one value object for the cells that repeat (statuses, dates,
    node lists, unknown columns) — per catalog."""
    values: dict[str, Any] = {"row": row}
    extra: list[tuple[str, str]] = []
    for name, field, cell in zip(header, fields, cells):
        if not field:
            pair = (name, cell)
            extra.append(pool.setdefault(pair, pair))
        elif field in LIST_FIELDS:
            items = pool.get(("list", cell))
            values[field] = items if items is not None else pool.setdefault(("list", cell), split_list(cell))
        elif field in _UNIQUE_FIELDS:
            values[field] = cell
        else:                   # statuses, dates, scopes, sources repeat: one string object for all their rows
            values[field] = pool.setdefault(cell, cell)
    values["extra"] = tuple(extra)
    key = frozenset(values)
    shared = _FIELDS_SETS.get(key)
    if shared is None:
        shared = _FIELDS_SETS.setdefault(key, set(key))
    return Entry.model_construct(_fields_set=shared, **values)


# --------------------------------------------------------------------------- writing

def _layout(source: Catalog | Iterable[Entry]) -> tuple[list[Entry], list[str], list[str], int]:
    """(entries, header, fields, header_row) for writing."""
    if isinstance(source, Catalog):
        entries = list(source.entries)
        if source.mapping:
            return entries, [h for h, _ in source.mapping], [f for _, f in source.mapping], source.header_row
    else:
        entries = list(source)
    header = list(FIELDS)
    fields = list(FIELDS)
    for entry in entries:
        for name, _ in entry.extra:
            if name not in header:
                header.append(name)
                fields.append("")
    return entries, header, fields, 1


def catalog_rows(source: Catalog | Iterable[Entry], *, blank_rows: bool = True) -> list[list[str]]:
    """The table written for a catalog: header row then one row per entry (list fields joined with ';').
    When every entry has a row number and they increase, entirely blank rows are put back where they were,
    so a written copy has the same row numbers as the file it was read from (``blank_rows=False``: entries only)."""
    entries, header, fields, header_row = _layout(source)
    table: list[list[str]] = [list(header)]
    for entry, target in zip(entries, _table_positions(entries, header_row, blank_rows)):
        while len(table) < target - 1:
            table.append([""] * len(header))
        table.append(_entry_cells(entry, header, fields))
    return table


def table_rows(source: Catalog | Iterable[Entry]) -> list[int]:
    """The row of the :func:`catalog_rows` table (1 = the header) each entry is written to."""
    entries, _, _, header_row = _layout(source)
    return _table_positions(entries, header_row, True)


def _table_positions(entries: Sequence[Entry], header_row: int, blank_rows: bool) -> list[int]:
    """Each entry's table row: where it was read (blank rows put back) when every entry has a row number after the
    header and they increase, else one after the other from row 2 (a JSON Lines item's row is its line)."""
    rows = [e.row for e in entries]
    keep_positions = blank_rows and all(r is not None for r in rows) and all(a < b for a, b in zip(rows, rows[1:])) \
        and (not rows or rows[0] > header_row)  # type: ignore[operator]
    if keep_positions:
        return [row - header_row + 1 for row in rows]  # type: ignore[operator]
    return list(range(2, len(entries) + 2))


def _entry_cells(entry: Entry, header: Sequence[str], fields: Sequence[str]) -> list[str]:
    extras = iter(entry.extra)
    by_name: dict[str, list[str]] = {}
    for name, value in entry.extra:
        by_name.setdefault(name, []).append(value)
    cells: list[str] = []
    positional = [n for n, f in zip(header, fields) if not f] == [n for n, _ in entry.extra]
    for name, field in zip(header, fields):
        if field:
            cells.append(entry.value(field))
        elif positional:
            cells.append(next(extras)[1])
        else:
            values = by_name.get(name)
            cells.append(values.pop(0) if values else "")
    return cells


def write_catalog(source: Catalog | Iterable[Entry], path: str | Path, *, inputs: Iterable[str | Path] = (),
                  format: str | None = None, encoding: str | None = None) -> Path:
    """Write a catalog atomically (format from the suffix unless given), never over one of ``inputs``.

    The header, column order and unknown columns of a Catalog read by :func:`read_catalog` are kept;
    a CSV keeps the encoding it was read with (default UTF-8). List fields are written ';'-separated
    (JSON/YAML: as lists)."""
    import os

    from .atomic import write_bytes

    if isinstance(path, bytes) or not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"path must be a str or a pathlib.Path, not {type(path).__name__}")
    if not isinstance(source, Catalog):
        source = entry_list(source, "source")
    fmt = format or catalog_format(path)
    if fmt == "csv":
        enc = encoding or (source.encoding if isinstance(source, Catalog) and source.encoding else "utf-8")
        buffer = io.StringIO(newline="")
        delimiter = "\t" if Path(path).suffix.lower() == ".tsv" else ","
        csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(catalog_rows(source))
        return write_bytes(path, buffer.getvalue().encode(enc), inputs)
    if fmt == "xlsx":
        try:
            data = xlsx_bytes(catalog_rows(source))
        except InputError as exc:
            raise InputError(exc.message, exc.fix, file=str(path)) from None
        return write_bytes(path, data, inputs)
    entries, header, fields, _ = _layout(source)
    records = [_record(e, header, fields) for e in entries]
    if fmt == "json":
        text = dumps_indented(records) + "\n"
    elif fmt == "jsonl":
        text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    else:
        import yaml

        text = yaml.safe_dump(records, allow_unicode=True, sort_keys=False, width=1000)
    return write_bytes(path, text.encode("utf-8"), inputs)


def _record(entry: Entry, header: Sequence[str], fields: Sequence[str]) -> dict[str, Any]:
    cells = _entry_cells(entry, header, fields)
    record: dict[str, Any] = {}
    for name, field, cell in zip(header, fields, cells):
        record[name] = list(getattr(entry, field)) if field in LIST_FIELDS else cell
    return record

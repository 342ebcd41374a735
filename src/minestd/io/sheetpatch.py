"""Change a few cells of one sheet inside an .xlsx file and copy every other byte of it.

An .xlsx is a zip of XML parts. Opening and saving it with a spreadsheet library rewrites every part: saved formula
values are dropped (a program reading the copy sees empty cells), drawings and extension data may be lost. Here only
the worksheet's own XML part is edited, and in it only the ``<c>`` elements of the cells that change: each becomes an
inline-string cell with the new text and its old style (``s``), so fonts, fills, borders and number formats stay.
Every other part — other sheets, shared strings, styles, drawings, VBA, the calculation chain — is copied as it is.

A cell holding a formula is never changed. :class:`Unpatchable` is raised for a sheet this reader cannot edit
safely (a cell or row without its ``r`` reference); the caller then uses another way.
"""
from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections.abc import Mapping
from typing import NamedTuple
from xml.etree import ElementTree
from xml.sax.saxutils import escape

from openpyxl.utils.cell import column_index_from_string, get_column_letter

__all__ = ["Unpatchable", "Edit", "patch_sheet_cells", "PREFIX"]

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
#: An XML namespace prefix such as ``x:`` (some writers prefix every element), or none.
PREFIX = rb"(?:[A-Za-z_][\w.-]*:)?"
_ROW = re.compile(rb'<(?P<p>' + PREFIX + rb')row\b(?P<attrs>[^>]*?)(?:/>|>(?P<body>.*?)</(?P=p)row>)', re.S)
_CELL = re.compile(rb'<(?P<p>' + PREFIX + rb')c\b(?P<attrs>[^>]*?)(?:/>|>(?P<body>.*?)</(?P=p)c>)', re.S)
_ATTR = re.compile(rb'(?<![\w:.-])(r|s|t)="([^"]*)"')
_INVALID_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


class Unpatchable(Exception):
    """The sheet's XML is not laid out in a way this module edits safely."""


class Edit(NamedTuple):
    """What happens to one cell: new text (None: keep its content) and/or its format with a solid fill (RGB) or
    wrapped text added (see :class:`minestd.io.stylesheet.Styles`)."""

    text: str | None = None
    fill: str | None = None
    wrap: bool = False
    like: int | None = None      # a new cell takes the format of this column's cell in the same row


def _column(ref: bytes) -> int:
    """The 1-based column of a cell reference such as ``b"AB12"``."""
    return column_index_from_string(re.match(rb"[A-Z]+", ref).group().decode())


def _ref(column: int, row: int) -> bytes:
    return f"{get_column_letter(column)}{row}".encode()


def _sheet_part(zf: zipfile.ZipFile, sheet: str) -> str:
    """The zip path of the worksheet named ``sheet`` (first sheet when empty)."""
    book = ElementTree.fromstring(zf.read("xl/workbook.xml"))
    sheets = book.findall(f"{_MAIN}sheets/{_MAIN}sheet")
    chosen = next((s for s in sheets if s.get("name") == sheet), sheets[0] if sheets else None)
    if chosen is None:
        raise Unpatchable("the workbook lists no sheets")
    rid = chosen.get(f"{_REL}id")
    return _part(zf, lambda r: r.get("Id") == rid, f"sheet '{sheet}' has no part")


def _part(zf: zipfile.ZipFile, wanted, missing: str) -> str:
    """The zip path of the first part of the workbook's relationships that ``wanted`` accepts."""
    rels = ElementTree.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    target = next((r.get("Target") for r in rels.findall(f"{_PKG_REL}Relationship") if wanted(r)), None)
    if not target:
        raise Unpatchable(missing)
    return target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))


def _new_cell(prefix: bytes, ref: bytes, style: bytes | None, text: str) -> bytes:
    text = _INVALID_XML.sub("", text)
    style_attr = b' s="' + style + b'"' if style is not None else b""
    body = escape(text).encode("utf-8")
    p = prefix
    return (b"<" + p + b'c r="' + ref + b'"' + style_attr + b' t="inlineStr"><' + p + b'is><' + p +
            b't xml:space="preserve">' + body + b"</" + p + b"t></" + p + b"is></" + p + b"c>")


def _edited(edit: "Edit | str") -> Edit:
    return Edit(text=edit) if isinstance(edit, str) else edit


def _style(edit: Edit, old: int, styles) -> bytes | None:
    if (edit.fill or edit.wrap) and styles is not None:
        return str(styles.derived(old, fill=edit.fill, wrap=edit.wrap)).encode()
    return str(old).encode() if old else None


def _apply(cell, attrs: dict, ref: bytes, edit: Edit, styles, formulas: list[str]) -> bytes | None:
    """The cell's new XML, or None to leave it (a formula whose text was to change)."""
    old = int(attrs.get(b"s", b"0") or 0)
    if edit.text is None:                           # restyle only: same content
        head = cell.group(0)[:cell.group(0).index(b">")].rstrip(b"/").rstrip()
        style = _style(edit, old, styles)
        head = re.sub(rb'\ss="[^"]*"', b"", head) + (b' s="' + style + b'"' if style else b"")
        whole = cell.group(0)
        return head + (b"/>" if whole.rstrip().endswith(b"/>") and cell.group("body") is None else
                       whole[whole.index(b">"):])
    if re.search(rb"<" + PREFIX + rb"f\b", cell.group("body") or b""):
        formulas.append(ref.decode())
        return None
    return _new_cell(cell.group("p"), ref, _style(edit, old, styles), edit.text)


def _missing(prefix: bytes, ref: bytes, edit: Edit, styles, row_styles: Mapping[int, int]) -> bytes:
    style = _style(edit, row_styles.get(edit.like, 0) if edit.like else 0, styles)
    if edit.text is None:
        return b"<" + prefix + b'c r="' + ref + b'"' + (b' s="' + style + b'"' if style else b"") + b"/>"
    return _new_cell(prefix, ref, style, edit.text)


def _patch_row(body: bytes, prefix: bytes, row: int, changes: Mapping[int, "Edit | str"], formulas: list[str],
               styles=None) -> bytes:
    """The row's XML with the cells of ``changes`` (column -> text or Edit) changed or inserted in column order."""
    pending = {col: _edited(edit) for col, edit in changes.items()}
    row_styles = {_column(a[b"r"]): int(a.get(b"s", b"0") or 0)
                  for a in (dict(_ATTR.findall(c.group("attrs"))) for c in _CELL.finditer(body)) if b"r" in a} \
        if any(e.like for e in pending.values()) else {}
    out = bytearray()
    last = 0
    for cell in _CELL.finditer(body):
        attrs = dict(_ATTR.findall(cell.group("attrs")))
        ref = attrs.get(b"r")
        if ref is None:
            raise Unpatchable(f"a cell of row {row} has no reference")
        col = _column(ref)
        for missing in sorted(c for c in pending if c < col):       # empty cells before this one
            out += body[last:cell.start()]
            last = cell.start()
            out += _missing(cell.group("p"), _ref(missing, row), pending.pop(missing), styles, row_styles)
        if col in pending:
            new = _apply(cell, attrs, ref, pending.pop(col), styles, formulas)
            if new is not None:
                out += body[last:cell.start()] + new
                last = cell.end()
    out += body[last:]
    for col in sorted(pending):
        out += _missing(prefix, _ref(col, row), pending[col], styles, row_styles)
    return bytes(out)


def _patch_xml(xml: bytes, changes: Mapping[int, Mapping[int, "Edit | str"]], formulas: list[str],
               styles=None) -> bytes:
    out = bytearray()
    last = 0
    todo = set(changes)
    for row in _ROW.finditer(xml):
        attrs = dict(_ATTR.findall(row.group("attrs")))
        if b"r" not in attrs:
            raise Unpatchable("a row has no number")
        number = int(attrs[b"r"])
        if number not in todo:
            continue
        todo.discard(number)
        p = row.group("p")
        body = _patch_row(row.group("body") or b"", p, number, changes[number], formulas, styles)
        out += xml[last:row.start()]
        out += b"<" + p + b"row" + row.group("attrs").rstrip(b"/") + b">" + body + b"</" + p + b"row>"
        last = row.end()
    if todo:
        raise Unpatchable(f"row {min(todo)} is not in the sheet")
    out += xml[last:]
    return bytes(out)


def _styles_part(zf: zipfile.ZipFile) -> str:
    return _part(zf, lambda r: (r.get("Type") or "").endswith("/styles"), "the workbook has no styles part")


_COLS = re.compile(rb"<(" + PREFIX + rb")cols\b[^>]*>(.*?)</\1cols>", re.S)
_COL = re.compile(rb"<" + PREFIX + rb'col\b[^>]*?\bmin="(\d+)"[^>]*?\bmax="(\d+)"|<' + PREFIX +
                  rb'col\b[^>]*?\bmax="(\d+)"[^>]*?\bmin="(\d+)"')
_SHEET_DATA = re.compile(rb"<(" + PREFIX + rb")sheetData\b")
_DIMENSION = re.compile(rb"(<" + PREFIX + rb'dimension\b[^>]*?\bref=")([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?(")')


def _with_widths(xml: bytes, widths: Mapping[int, float]) -> bytes:
    """Column widths for columns no <col> of the sheet covers yet (existing ones are never changed)."""
    cols = _COLS.search(xml)
    covered: set[int] = set()
    if cols is not None:
        for m in _COL.finditer(cols.group(2)):
            lo, hi = (int(m[1]), int(m[2])) if m[1] else (int(m[4]), int(m[3]))
            covered.update(range(lo, min(hi, 16384) + 1))
    p = cols.group(1) if cols is not None else (_SHEET_DATA.search(xml).group(1) if _SHEET_DATA.search(xml) else b"")
    new = b"".join(b"<" + p + b'col min="' + str(c).encode() + b'" max="' + str(c).encode() + b'" width="'
                   + str(w).encode() + b'" customWidth="1"/>' for c, w in sorted(widths.items()) if c not in covered)
    if not new:
        return xml
    if cols is not None:
        end = cols.end() - len(b"</" + p + b"cols>")
        return xml[:end] + new + xml[end:]
    data = _SHEET_DATA.search(xml)
    if data is None:
        raise Unpatchable("the sheet has no sheetData")
    return xml[:data.start()] + b"<" + p + b"cols>" + new + b"</" + p + b"cols>" + xml[data.start():]


def _with_dimension(xml: bytes, last_column: int) -> bytes:
    """The <dimension> hint widened to ``last_column`` (readers in streaming mode trust it)."""
    m = _DIMENSION.search(xml)
    if m is None:
        return xml
    end_col = m[4] or m[2]
    end_row = m[5] or m[3]
    if column_index_from_string(end_col.decode()) >= last_column:
        return xml
    ref = m[2] + m[3] + b":" + get_column_letter(last_column).encode() + end_row
    return xml[:m.start()] + m[1] + ref + m[6] + xml[m.end():]


def patch_sheet_cells(data: bytes, sheet: str, changes: Mapping[int, Mapping[int, "Edit | str"]], *,
                      widths: Mapping[int, float] | None = None) -> tuple[bytes, list[str]]:
    """(the .xlsx ``data`` with the cells ``changes`` = {row: {column: text or Edit}} of sheet ``sheet`` changed,
    the references of cells whose text was left alone because they hold a formula). Fills and wrapping derive new
    cell formats in the styles part; ``widths`` = {column: width} for columns without a width yet. Raises
    Unpatchable (then nothing is changed) or zipfile.BadZipFile."""
    from .stylesheet import Styles

    styled = any(isinstance(e, Edit) and (e.fill or e.wrap) for cols in changes.values() for e in cols.values())
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        part = _sheet_part(zf, sheet)
        styles_part = _styles_part(zf) if styled else None
        styles = Styles(zf.read(styles_part)) if styles_part else None
        formulas: list[str] = []
        xml = _patch_xml(zf.read(part), changes, formulas, styles)
        if widths:
            xml = _with_widths(xml, widths)
        last = max((c for cols in changes.values() for c in cols), default=0)
        xml = _with_dimension(xml, last) if last else xml
        replaced = {part: xml} | ({styles_part: styles.xml()} if styles is not None else {})
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as dst:
            for item in zf.infolist():
                dst.writestr(item, replaced.get(item.filename) or zf.read(item.filename))
    return out.getvalue(), formulas

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
from xml.etree import ElementTree
from xml.sax.saxutils import escape

__all__ = ["Unpatchable", "patch_sheet_cells", "column_letter"]

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_ROW = re.compile(rb'<(?P<p>(?:[A-Za-z_][\w.-]*:)?)row\b(?P<attrs>[^>]*?)(?:/>|>(?P<body>.*?)</(?P=p)row>)', re.S)
_CELL = re.compile(rb'<(?P<p>(?:[A-Za-z_][\w.-]*:)?)c\b(?P<attrs>[^>]*?)(?:/>|>(?P<body>.*?)</(?P=p)c>)', re.S)
_ATTR = re.compile(rb'(?<![\w:.-])(r|s|t)="([^"]*)"')
_INVALID_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


class Unpatchable(Exception):
    """The sheet's XML is not laid out in a way this module edits safely."""


def column_letter(index: int) -> str:
    """1 -> A, 27 -> AA."""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _column_index(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def _sheet_part(zf: zipfile.ZipFile, sheet: str) -> str:
    """The zip path of the worksheet named ``sheet`` (first sheet when empty)."""
    book = ElementTree.fromstring(zf.read("xl/workbook.xml"))
    sheets = book.findall(f"{_MAIN}sheets/{_MAIN}sheet")
    chosen = next((s for s in sheets if s.get("name") == sheet), sheets[0] if sheets else None)
    if chosen is None:
        raise Unpatchable("the workbook lists no sheets")
    rid = chosen.get(f"{_REL}id")
    rels = ElementTree.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    target = next((r.get("Target") for r in rels.findall(f"{_PKG_REL}Relationship") if r.get("Id") == rid), None)
    if not target:
        raise Unpatchable(f"sheet '{sheet}' has no part")
    return target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))


def _new_cell(prefix: bytes, ref: bytes, style: bytes | None, text: str) -> bytes:
    text = _INVALID_XML.sub("", text)
    style_attr = b' s="' + style + b'"' if style is not None else b""
    body = escape(text).encode("utf-8")
    p = prefix
    return (b"<" + p + b'c r="' + ref + b'"' + style_attr + b' t="inlineStr"><' + p + b'is><' + p +
            b't xml:space="preserve">' + body + b"</" + p + b"t></" + p + b"is></" + p + b"c>")


def _patch_row(body: bytes, prefix: bytes, row: int, changes: Mapping[int, str], formulas: list[str]) -> bytes:
    """The row's XML with the cells of ``changes`` (column -> text) replaced or inserted in column order."""
    pending = dict(changes)
    out = bytearray()
    last = 0
    for cell in _CELL.finditer(body):
        attrs = dict(_ATTR.findall(cell.group("attrs")))
        ref = attrs.get(b"r")
        if ref is None:
            raise Unpatchable(f"a cell of row {row} has no reference")
        col = _column_index(re.match(rb"[A-Z]+", ref).group())
        for missing in sorted(c for c in pending if c < col):       # empty cells before this one
            out += body[last:cell.start()]
            last = cell.start()
            out += _new_cell(cell.group("p"), column_letter(missing).encode() + str(row).encode(), None,
                             pending.pop(missing))
        if col in pending:
            inner = cell.group("body") or b""
            if re.search(rb"<(?:[A-Za-z_][\w.-]*:)?f\b", inner):
                formulas.append(ref.decode())
                pending.pop(col)
                continue
            out += body[last:cell.start()] + _new_cell(cell.group("p"), ref, attrs.get(b"s"), pending.pop(col))
            last = cell.end()
    out += body[last:]
    for col in sorted(pending):
        out += _new_cell(prefix, column_letter(col).encode() + str(row).encode(), None, pending[col])
    return bytes(out)


def _patch_xml(xml: bytes, changes: Mapping[int, Mapping[int, str]], formulas: list[str]) -> bytes:
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
        body = _patch_row(row.group("body") or b"", p, number, changes[number], formulas)
        out += xml[last:row.start()]
        out += b"<" + p + b"row" + row.group("attrs").rstrip(b"/") + b">" + body + b"</" + p + b"row>"
        last = row.end()
    if todo:
        raise Unpatchable(f"row {min(todo)} is not in the sheet")
    out += xml[last:]
    return bytes(out)


def patch_sheet_cells(data: bytes, sheet: str, changes: Mapping[int, Mapping[int, str]]) -> tuple[bytes, list[str]]:
    """(the .xlsx ``data`` with the cells ``changes`` = {row: {column: text}} of sheet ``sheet`` set to text, the
    references of cells left alone because they hold a formula). Raises Unpatchable (then nothing is changed)
    or zipfile.BadZipFile."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        part = _sheet_part(zf, sheet)
        formulas: list[str] = []
        xml = _patch_xml(zf.read(part), changes, formulas)
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as dst:
            for item in zf.infolist():
                dst.writestr(item, xml if item.filename == part else zf.read(item.filename))
    return out.getvalue(), formulas

"""A workbook's styles part (xl/styles.xml), edited in place: cell formats derived from existing ones with a solid
fill or wrapped text added — for marking cells without touching anything else of the workbook.

Cells point at a cell format (``<xf>`` in ``<cellXfs>``) by number (``s="3"``). :meth:`Styles.derived` copies a
cell's format, sets a solid fill and/or wrap, appends it once and returns its number; everything already in the
part stays as it was. :class:`minestd.io.sheetpatch.Unpatchable` when the part is not laid out as expected.
"""
from __future__ import annotations

import re

from .sheetpatch import PREFIX as _P
from .sheetpatch import Unpatchable

__all__ = ["Styles"]

_FILLS = re.compile(rb"<(" + _P + rb")fills\b([^>]*?)(/?)>")
_XFS = re.compile(rb"<(" + _P + rb")cellXfs\b([^>]*)>(.*?)</\1cellXfs>", re.S)
_XF = re.compile(rb"<" + _P + rb"xf\b[^>]*?(?:/>|>.*?</" + _P + rb"xf>)", re.S)
_COUNT = re.compile(rb'\scount="\d+"')


class Styles:
    """styles.xml with derived cell formats added on demand."""

    def __init__(self, xml: bytes):
        self._xml = xml
        xfs = _XFS.search(xml)
        if xfs is None or _FILLS.search(xml) is None:
            raise Unpatchable("the workbook's styles have no cell formats or fills")
        self._prefix = xfs.group(1)
        self._xfs = _XF.findall(xfs.group(3))
        self._fills: list[bytes] = []          # fills added (solid colours), in order
        self._fill_ids: dict[str, int] = {}
        self._first_fill = self._count_fills()
        self._derived: dict[tuple[int, str | None, bool], int] = {}
        self._new_xfs: list[bytes] = []

    def _count_fills(self) -> int:
        m = _FILLS.search(self._xml)
        if m.group(3):                         # <fills/>: none
            return 0
        end = self._xml.index(b"</" + m.group(1) + b"fills>", m.end())
        return len(re.findall(rb"<" + _P + rb"fill\b", self._xml[m.end():end]))

    def _fill(self, rgb: str) -> int:
        if rgb not in self._fill_ids:
            p = self._prefix
            self._fills.append(b"<" + p + b'fill><' + p + b'patternFill patternType="solid"><' + p + b'fgColor rgb="FF'
                               + rgb.encode() + b'"/><' + p + b'bgColor indexed="64"/></' + p + b"patternFill></"
                               + p + b"fill>")
            self._fill_ids[rgb] = self._first_fill + len(self._fills) - 1
        return self._fill_ids[rgb]

    def derived(self, style: int, *, fill: str | None = None, wrap: bool = False) -> int:
        """The number of a cell format like ``style``'s with a solid ``fill`` (RGB, e.g. FFC7CE) and/or wrapped
        text aligned to the top."""
        key = (style, fill, wrap)
        if key not in self._derived:
            base = self._xfs[style] if 0 <= style < len(self._xfs) else self._xfs[0]
            xf = _set_attr(base, b"fillId", str(self._fill(fill)).encode()) if fill else base
            if fill:
                xf = _set_attr(xf, b"applyFill", b"1")
            if wrap:
                xf = _with_wrap(_set_attr(xf, b"applyAlignment", b"1"), self._prefix)
            self._new_xfs.append(xf)
            self._derived[key] = len(self._xfs) + len(self._new_xfs) - 1
        return self._derived[key]

    def xml(self) -> bytes:
        """The part with the fills and formats added (and their counts updated)."""
        xml = self._xml
        if self._fills:
            m = _FILLS.search(xml)
            p = m.group(1)
            total = self._first_fill + len(self._fills)
            if m.group(3):
                xml = xml[:m.start()] + b"<" + p + b'fills count="' + str(total).encode() + b'">' + \
                    b"".join(self._fills) + b"</" + p + b"fills>" + xml[m.end():]
            else:
                end = xml.index(b"</" + p + b"fills>", m.end())
                opening = b"<" + p + b"fills" + _set_count(m.group(2), total) + b">"
                xml = xml[:m.start()] + opening + xml[m.end():end] + b"".join(self._fills) + xml[end:]
        if self._new_xfs:
            m = _XFS.search(xml)
            p = m.group(1)
            total = len(self._xfs) + len(self._new_xfs)
            xml = xml[:m.start()] + b"<" + p + b"cellXfs" + _set_count(m.group(2), total) + b">" + m.group(3) + \
                b"".join(self._new_xfs) + b"</" + p + b"cellXfs>" + xml[m.end():]
        return xml


def _set_count(attrs: bytes, total: int) -> bytes:
    value = b' count="' + str(total).encode() + b'"'
    return _COUNT.sub(value, attrs) if _COUNT.search(attrs) else attrs + value


def _set_attr(xf: bytes, name: bytes, value: bytes) -> bytes:
    """``xf``'s opening tag with attribute ``name`` set to ``value``."""
    end = xf.index(b">")
    head = xf[:end].rstrip(b"/").rstrip()
    closing = xf[end - 1:end] == b"/"
    pattern = re.compile(rb"\s" + name + rb'="[^"]*"')
    head = pattern.sub(b" " + name + b'="' + value + b'"', head) if pattern.search(head) else \
        head + b" " + name + b'="' + value + b'"'
    return head + (b"/>" if closing else b">") + xf[end + 1:]


def _with_wrap(xf: bytes, prefix: bytes) -> bytes:
    alignment = b"<" + prefix + b'alignment wrapText="1" vertical="top"/>'
    if xf.rstrip().endswith(b"/>"):                       # <xf .../>: give it a body
        return xf.rstrip()[:-2].rstrip() + b">" + alignment + b"</" + prefix + b"xf>"
    if re.search(rb"<" + _P + rb"alignment\b", xf):
        return re.sub(rb"<(" + _P + rb")alignment\b[^>]*?/>", alignment, xf, count=1)
    close = xf.rindex(b"</")
    return xf[:close] + alignment + xf[close:]

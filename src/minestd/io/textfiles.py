"""Text inputs, read defensively: encodings (UTF-8, UTF-8 with BOM, UTF-16, GB18030 — and files that mix two),
CSV rows (NUL bytes, a quote never closed), JSON (syntax, nesting, numbers out of range) and YAML aliases.
Every problem is one InputError naming what to fix; the caller adds the file."""
from __future__ import annotations

from collections.abc import Iterator

import csv
import io
import json
from pathlib import Path
from typing import Any

from ..errors import InputError


def decode_text(data: bytes, path: str | Path) -> tuple[str, str]:
    """Text and encoding of a spreadsheet export: UTF-8 (with or without BOM), UTF-16 (BOM) or GB18030."""
    if data.startswith(b"\xef\xbb\xbf"):
        encodings = ("utf-8-sig",)
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings = ("utf-16",)
    else:
        encodings = ("utf-8", "gb18030")
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding == "gb18030":
            _refuse_mixed_encodings(data, path)
        return text, encoding
    raise InputError(f"无法按 {' 或 '.join(encodings)} 编码解码文件 / cannot decode the file as "
                     f"{' or '.join(encodings)}",
                     "save it as CSV UTF-8 (Excel: 另存为 → CSV UTF-8) or as .xlsx", file=str(path))


def _refuse_mixed_encodings(data: bytes, path: str | Path) -> None:
    """A file that is UTF-8 but for a few lines (one GBK line pasted in) would be read as GB18030 mojibake: when
    several lines are UTF-8 with Chinese text and others are not UTF-8 at all, name the first line that is not."""
    utf8_chinese, first_bad = 0, None
    for number, line in enumerate(data.split(b"\n"), start=1):
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:
            first_bad = first_bad or number
            continue
        utf8_chinese += any(ord(ch) > 0x2E7F for ch in text)
    if first_bad is not None and utf8_chinese >= 1:
        raise InputError(f"第 {first_bad} 行不是 UTF-8，而另有 {utf8_chinese} 行是：文件混用了两种编码 / line "
                         f"{first_bad}: this line is not UTF-8 while {utf8_chinese} other line(s) are — the file "
                         "mixes two encodings", "save the whole file as CSV UTF-8 (Excel: 另存为 → CSV UTF-8) or as "
                         ".xlsx", file=str(path))


def csv_rows(text: str, delimiter: str | None = None) -> list[list[str]]:
    """The rows of CSV text, checked: NUL bytes and a quote never closed are one-line errors (InputError without
    the file: the caller adds it). ``delimiter`` default: :func:`sniff_delimiter` (comma, tab or semicolon)."""
    return list(csv_row_iter(text, delimiter))


def csv_row_iter(text: str, delimiter: str | None = None) -> Iterator[list[str]]:
    """:func:`csv_rows` one row at a time (the checks run first, over the whole text)."""
    if "\x00" in text:
        raise InputError("CSV 文件含有 NUL 字节（二进制数据？） / the CSV file contains NUL bytes (binary data?)",
                         "重新另存为 CSV UTF-8 或 .xlsx / save it again as CSV UTF-8 or as .xlsx")
    if delimiter is None:
        delimiter = sniff_delimiter(text)
    _check_quotes_close(text, delimiter)
    return _rows(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def _rows(reader: Iterator[list[str]]) -> Iterator[list[str]]:
    try:
        yield from reader
    except csv.Error as exc:
        raise InputError(f"CSV 格式有误 / malformed CSV: {exc}", "检查引号（含引号的单元格须整体用引号括起） / check "
                         "quoting (a cell with a quote must be wrapped in quotes)") \
            from None


def sniff_delimiter(text: str) -> str:
    """Comma, tab or semicolon (Excel's CSV in many locales): the one a line of the first 20 non-empty lines holds
    most of — the header row, usually; ties go to the comma, then the tab."""
    lines = [line for line in text[:200_000].splitlines()[:200] if line.strip()][:20]
    best = {d: max((line.count(d) for line in lines), default=0) for d in (",", "\t", ";")}
    return max((",", "\t", ";"), key=lambda d: (best[d], -(",", "\t", ";").index(d)))


def _check_quotes_close(text: str, delimiter: str) -> None:
    """A quote opened and never closed would swallow every following row into one cell: name the row instead."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    last = 0   # records read (the spreadsheet's row numbers: a quoted cell over two lines is one row)
    try:
        for _ in reader:
            last += 1
    except csv.Error as exc:
        if "unexpected end of data" in str(exc):
            raise InputError(f"第 {last + 1} 行的引号（\"）没有闭合，其后各行会被读进同一个单元格 / row {last + 1}: "
                             "a quote (\") opened in this row is never closed, so every row after it would be read "
                             "into one cell", "补上闭合引号，或删除多余的引号 / close the quote, or remove the stray "
                             "quote character") \
                from None
        # other irregular quoting is read leniently, as before


def load_json(text: str, what: str = "") -> Any:
    """``json.loads`` with one-line errors (InputError) for bad syntax, nesting too deep and numbers out of range;
    ``what``: a prefix such as 'line 7: ' for JSON Lines."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{what}JSON 语法错误（第 {exc.lineno} 行第 {exc.colno} 列） / {what}invalid JSON at line "
                         f"{exc.lineno} column {exc.colno}: {exc.msg}", "修正 JSON 语法（对象的列表，每条标准一个"
                         "对象） / fix the JSON syntax (a list of objects, one per standard)") from None
    except RecursionError:
        raise InputError(f"{what}JSON 嵌套过深，不是标准目录 / {what}JSON nested too deeply to be a catalog",
                         "目录是扁平对象的列表，每条标准一个对象 / a catalog is a list of flat objects, one per "
                         "standard") from None
    except ValueError as exc:   # e.g. an integer of thousands of digits
        raise InputError(f"{what}JSON 数值超出范围 / {what}JSON value out of range: {str(exc).split(';')[0]}",
                         "把标准号、日期和数字写成短字符串 / write designations, dates and numbers as short "
                         "strings") from None


#: A catalog needs no YAML aliases; a few are tolerated, a "billion laughs" of them is refused before loading.
MAX_YAML_ALIASES = 100


def _check_yaml_aliases(text: str) -> None:
    """Refuse YAML whose aliases (*name) could expand exponentially, before anything is built from it."""
    import yaml

    aliases = 0
    try:
        for event in yaml.parse(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
            if isinstance(event, yaml.AliasEvent):
                aliases += 1
                if aliases > MAX_YAML_ALIASES:
                    raise InputError(f"YAML 用了超过 {MAX_YAML_ALIASES} 个别名（*name），可能无限展开，拒绝读取 / the "
                                     f"YAML uses more than {MAX_YAML_ALIASES} aliases (*name) — refused, it could "
                                     "expand without bound", "完整写出每一条，不用锚点和别名 / write every entry out "
                                     "in full, without anchors and aliases")
    except yaml.YAMLError:
        return          # the loader reports the syntax error with its line

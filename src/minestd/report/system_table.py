"""The 标准体系表 as files: a workbook (明细表 · 统计表 · 结构图 · 编制说明), the 明细表 as CSV, everything as JSON,
and the 统计表 for the terminal (see :mod:`minestd.systemtable` for what the numbers mean)."""
from __future__ import annotations

import io
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..coverage import LEVEL_LABELS, label
from ..coverage.vocabulary import LEVELS
from ..io.cells import date_cell
from .data import pct

if TYPE_CHECKING:
    from ..systemtable import SystemTable
    from ..taxonomy import Taxonomy

__all__ = ["DETAIL_HEADER", "COUNT_HEADER", "SHEETS", "detail_rows", "count_rows", "system_table_xlsx",
           "system_table_csv", "system_table_json", "system_table_text"]

SHEETS = ("明细表", "统计表", "结构图", "编制说明")
DETAIL_HEADER = {"zh": ("序号", "体系编号", "体系位置", "位置来源", "级别", "对应建设重点", "重复"),
                 "en": ("no.", "node", "place in the system", "placement", "level", "priority items", "repeat of row")}
COUNT_HEADER = {"zh": ("子体系编号", "子体系", "现有数", "在编数", "待制定数", "应有数", "现有数/应有数"),
                "en": ("subsystem", "name", "existing", "in progress", "still to write", "due", "existing / due")}
_PLACEMENT = {"catalog": ("目录", "catalog"), "inferred": ("推断", "inferred"), "reviewed": ("审核", "reviewed")}
NOTES = {
    "zh": ["本体系表按 GB/T 13016《标准体系构建原则和要求》的结构组成：结构图（图1–图16，见报告文件夹 figures/）、"
           "标准明细表和标准统计表。",
           "明细表按体系编号排序（同一节点内按国家、行业、地方、团体、企业标准和标准号），前 7 列为本工具添加，其后为目录的全部原有列。"
           "体系编号来自目录；目录未填的由归类器推断（“位置来源”为“推断”），需人工核实。",
           "统计表：现有数 = 归入该子体系的现行标准数；在编数 = 征求意见稿、已立项和计划中的标准数；待制定数 = 指南该子体系下一步"
           "建设重点中尚无标准对应的项数；应有数 = 现有数 + 在编数 + 待制定数。被代替、废止的标准列入明细表但不计数。",
           "同一标准（标准号相同，无标准号时名称相同）在目录中出现多次时只计一次，明细表“重复”列注明首次出现的行号。"],
    "en": ["This system table follows GB/T 13016: the structure diagram (Figures 1–16, in the report's figures/ folder), "
           "the list of standards (明细表) and the statistics (统计表).",
           "The list is ordered by node id (within a node: national, industry, local, group, enterprise standards, then "
           "designation); the first 7 columns are added by minestd, then every column of the catalog. Node ids the "
           "catalog leaves empty are inferred by the classifier (placement 'inferred'): check them.",
           "Statistics: existing = current standards placed in the subsystem; in progress = drafts, approved projects "
           "and plans; still to write = the guide's priority items of the subsystem no standard answers yet; due = "
           "existing + in progress + still to write. Superseded and withdrawn standards are listed, not counted.",
           "A standard listed more than once (same designation, or same title without one) is counted once; the "
           "'repeat of row' column names the row of its first listing."],
}


def _level_header(lang: str) -> list[str]:
    return [label(LEVEL_LABELS, lv, lang) for lv in LEVELS]


def detail_rows(table: "SystemTable", lang: str = "zh", *, typed: bool = False) -> tuple[list[str], list[list[Any]]]:
    """(header, rows) of the 明细表: the 7 added columns, then every column of the catalog. ``typed``: dates as
    dates and the row numbers as numbers (for a workbook)."""
    key = "en" if lang == "en" else "zh"
    header = [*DETAIL_HEADER[key], *table.columns]
    rows: list[list[Any]] = []
    for r in table.rows:
        placement = _PLACEMENT.get(r.placement)
        added: list[Any] = [r.number, r.node, r.path, (placement[1] if key == "en" else placement[0]) if placement else "",
                            label(LEVEL_LABELS, r.level, lang), "; ".join(r.priorities),
                            r.repeat_of if r.repeat_of is not None else ""]
        cells: list[Any] = list(r.cells)
        if typed:
            cells = [date_cell(c) if f in ("published", "effective") else c for c, f in zip(cells, table.fields)]
        else:
            added = [str(c) for c in added]
        rows.append(added + cells)
    return header, rows


def count_rows(table: "SystemTable", lang: str = "zh") -> tuple[list[str], list[list[Any]]]:
    """(header, rows) of the 统计表: per subsystem, then 未归入体系, then 合计; the level columns count current and
    in-progress standards."""
    key = "en" if lang == "en" else "zh"
    header = [*COUNT_HEADER[key], *_level_header(lang)]
    rows = [[c.id if c.id != "total" else "", c.name_en if key == "en" else c.name, c.existing, c.in_progress,
             c.open_items, c.should, c.share, *(c.by_level.get(lv, 0) for lv in LEVELS)] for c in table.counts]
    return header, rows


def system_table_xlsx(table: "SystemTable", tx: "Taxonomy", lang: str = "zh",
                      figures: Sequence[tuple[str, str]] = ()) -> bytes:
    """The workbook: 明细表, 统计表, 结构图 (the figures and their files: ``figures`` = (caption, file name)
    pairs), 编制说明."""
    from ..io.cells import DATE_FORMAT, fit_cell, text_cells
    from ..io.sheetstyle import bold_font, finish_sheet, new_workbook

    wb = new_workbook()
    ws = wb.active
    ws.title = SHEETS[0]
    header, rows = detail_rows(table, lang, typed=True)
    ws.append(header)
    for row in rows:
        ws.append([fit_cell(v) for v in row])
    for col, field in enumerate(("",) * len(DETAIL_HEADER["zh"]) + table.fields, start=1):
        if field in ("published", "effective"):
            for r in range(2, ws.max_row + 1):
                ws.cell(r, col).number_format = DATE_FORMAT
    text_cells(ws)       # a cell such as '=HYPERLINK(…)' stays text
    finish_sheet(ws)
    ws = wb.create_sheet(SHEETS[1])
    header, rows = count_rows(table, lang)
    ws.append(header)
    for row in rows:
        ws.append(row)
    for r in range(2, ws.max_row + 1):
        ws.cell(r, 7).number_format = "0.0%"
    for cell in ws[ws.max_row]:
        cell.font = bold_font()
    finish_sheet(ws)
    ws = wb.create_sheet(SHEETS[2])
    ws.append(["图" if lang != "en" else "figure", "文件" if lang != "en" else "file"])
    for caption, name in figures:
        ws.append([caption, f"figures/{name}"])
    if not figures:
        ws.append([("结构图见《矿山安全标准体系建设指南》图1–图16，或运行 minestd diagram all 生成" if lang != "en" else
                    "See the guide's Figures 1–16, or run 'minestd diagram all' to draw them"), ""])
    finish_sheet(ws, landscape=False)
    ws = wb.create_sheet(SHEETS[3])
    for note in NOTES["en" if lang == "en" else "zh"] + _repeat_note(table, lang):
        ws.append([note])
    ws.column_dimensions["A"].width = 120
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _repeat_note(table: "SystemTable", lang: str) -> list[str]:
    if not table.repeats:
        return []
    return [f"{table.repeats} rows repeat a standard listed earlier: counted once." if lang == "en" else
            f"目录中有 {table.repeats} 行重复列出已列过的标准，只计一次。"]


def system_table_csv(table: "SystemTable", lang: str = "zh") -> str:
    """The 明细表 as CSV (no cell is a live formula)."""
    from ..io.cells import csv_text

    header, rows = detail_rows(table, lang)
    return csv_text(header, rows)


def system_table_json(table: "SystemTable") -> str:
    """``{"catalog", "columns", "repeats", "rows": [...], "counts": [{"id", "name", "existing", "in_progress",
    "open_items", "should", "share", "by_level"}]}``."""
    from ..io.jsontext import dumps_indented

    data = table.model_dump()
    data["counts"] = [{**c.model_dump(), "should": c.should, "share": c.share} for c in table.counts]
    data["schema"] = "minestd/system-table/1"      # the shape and its version (minestd schema system-table)
    return dumps_indented(data) + "\n"


def system_table_text(table: "SystemTable", lang: str = "zh") -> list[str]:
    """The 统计表 as lines for the terminal."""
    header, rows = count_rows(table, lang)
    shown = [header[:7]] + [[str(c) if not isinstance(c, float) else pct(c) for c in row[:6]] +
                            [pct(row[6]) if row[6] is not None else "—"] for row in rows]
    widths = [max(_width(str(r[k])) for r in shown) for k in range(7)]
    out = []
    for row in shown:
        out.append("  ".join(str(c) + " " * (widths[k] - _width(str(c))) if k < 2 else
                             " " * (widths[k] - _width(str(c))) + str(c) for k, c in enumerate(row)).rstrip())
    out.append(("Existing / due; due = existing + in progress + priority items still open. " if lang == "en" else
                "现有数/应有数；应有数 = 现有数 + 在编数 + 尚无标准对应的建设重点数。") + (_repeat_note(table, lang) or [""])[0])
    return out


def _width(text: str) -> int:
    from ..io.sheetstyle import display_width

    return display_width(text)

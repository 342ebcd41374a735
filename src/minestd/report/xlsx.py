"""The coverage report as an Excel workbook: 汇总 (summary), 明细 (every priority), 统计 (statistics),
标准 (the catalog as placed), 说明 (notes) — frozen headers, auto-filters, column widths."""
from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

from ..coverage import (ACTION_LABELS, COUNTED_STATUSES, ENTRY_STATUS_LABELS, LEVEL_LABELS, LINK_LABELS, SCOPE_LABELS,
                        STATUS_LABELS, CoverageReport, label)
from ..io.cells import DATE_FORMAT, date_cell, fit_cell
from ..io.sheetstyle import bold_font, finish_sheet, new_workbook
from .data import (GUIDE, LINK_CHANGE_HEADER, PLACEMENT_HEADER, PROGRESS_HEADER, SUBSYSTEM_PROGRESS_HEADER, TITLE,
                   link_change_rows, near_text, placement_rows, progress_line, progress_rows, reason_text,
                   standard_text, subsystem_progress_rows)
from .markdown import NOTES

if TYPE_CHECKING:
    from ..taxonomy import Taxonomy

SHEETS = ("汇总", "明细", "统计", "标准", "说明")
PLACEMENTS_SHEET = "推断位置"   # only when entries without node ids were placed
PROGRESS_SHEETS = ("进展", "进展-子体系", "进展-关联")   # only with --compare PREVIOUS
FILLS = {"covered": "C6EFCE", "in_progress": "FFEB9C", "revision_pending": "E4DFEC", "gap": "FFC7CE"}
HIGHLIGHT = "FCE4D6"


def _h(zh: str, en: str, lang: str) -> str:
    return en if lang == "en" else zh


def render_xlsx(report: CoverageReport, tx: "Taxonomy", lang: str = "zh") -> bytes:
    wb = new_workbook()
    ws = wb.active
    ws.title = SHEETS[0]
    _summary_sheet(ws, report, tx, lang)                                 # 汇总: overall + subsystems + categories
    _priorities_sheet(wb.create_sheet(SHEETS[1]), report, tx, lang)      # 明细: every priority
    _statistics_sheet(wb.create_sheet(SHEETS[2]), report, lang)          # 统计: nodes x status, level, scope
    _standards_sheet(wb.create_sheet(SHEETS[3]), report, tx, lang)       # 标准: the catalog as placed
    _notes_sheet(wb.create_sheet(SHEETS[4]), report, lang)               # 说明: what the report is, and the notes
    _optional_sheets(wb, report, tx, lang)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()




def _summary_sheet(ws: Any, report: CoverageReport, tx: "Taxonomy", lang: str) -> None:
    """The total, then every subsystem (bold, disaster subsystems shaded) and category."""
    from openpyxl.styles import PatternFill

    bold = bold_font()
    s = report.summary
    header = [_h("编号", "ID", lang), _h("名称", "Name", lang), _h("层级", "Level", lang),
              _h("建设重点", "Priorities", lang), *(label(STATUS_LABELS, k, lang) for k in COUNTED_STATUSES),
              _h("覆盖率", "Coverage", lang), _h("有效标准", "Valid standards", lang),
              _h("灾害防治重点", "Disaster subsystem", lang)]
    rows: list[list[Any]] = [[_h("合计", "total", lang), tx.path_label(s.scope, lang) if s.scope != "root" else
                              _h("全体系", "whole system", lang), "", s.total, s.covered, s.in_progress,
                              s.revision_pending, s.gap, s.coverage, s.placed_active, ""]]
    for n in report.nodes:
        rows.append([n.id, ("    " if n.kind == "category" else "") + (n.name_en if lang == "en" else n.name),
                     _h("子体系", "subsystem", lang) if n.kind == "subsystem" else _h("类别", "category", lang),
                     n.total, n.covered, n.in_progress, n.revision_pending, n.gap, n.coverage, n.standards,
                     "★" if n.highlighted and n.kind == "subsystem" else ""])
    _table(ws, header, rows, percent_cols=(9,))
    for r, n in enumerate(report.nodes, start=3):
        if n.kind == "subsystem":
            for cell in ws[r]:
                cell.font = bold
                if n.highlighted:
                    cell.fill = PatternFill("solid", fgColor=HIGHLIGHT)
    for cell in ws[2]:
        cell.font = bold


def _priorities_sheet(ws: Any, report: CoverageReport, tx: "Taxonomy", lang: str) -> None:
    """Every priority with its status (coloured), reason, standards and closest misses."""
    from openpyxl.styles import Alignment, PatternFill

    header = [_h("编号", "ID", lang), _h("子体系", "Subsystem", lang), _h("类别", "Category", lang),
              _h("节点", "Node", lang), _h("建设重点", "Priority", lang), _h("行动", "Action", lang),
              _h("状态", "Status", lang), _h("原因", "Reason", lang),
              _h("节点下有效标准", "Valid standards under the node", lang),
              _h("相关标准", "Standards", lang), _h("关联方式", "Links", lang), _h("最高得分", "Best score", lang),
              _h("候选（未计入，待审核）", "Candidates (not counted; to review)", lang)]
    rows = []
    for p in report.priorities:
        rows.append([p.id, tx.path_label(p.subsystem, lang), tx.node(p.category).label(lang), p.node, p.text,
                     label(ACTION_LABELS, p.action, lang),
                     label(STATUS_LABELS, p.status, lang), reason_text(p, lang), p.placed,
                     "\n".join(standard_text(lk, lang) for lk in p.standards),
                     ", ".join(label(LINK_LABELS, k, lang) for k in sorted({lk.link for lk in p.standards})),
                     max((lk.score for lk in p.standards), default=None),
                     "\n".join(near_text(lk, lang) for lk in p.near)])
    _table(ws, header, rows)
    for r, p in enumerate(report.priorities, start=2):
        ws.cell(r, 7).fill = PatternFill("solid", fgColor=FILLS[p.status])
        for c in (10, 13):
            ws.cell(r, c).alignment = Alignment(wrap_text=True, vertical="top")


def _statistics_sheet(ws: Any, report: CoverageReport, lang: str) -> None:
    """One wide table: standards per subsystem by status, level and mine type; the total row bold."""
    st = report.statistics
    header = [_h("编号", "ID", lang),
              _h("子体系", "Subsystem", lang) if report.summary.scope == "root" else _h("节点", "Node", lang),
              _h("标准数", "Standards", lang),
              *(f"{_h('状态', 'status', lang)}: {label(ENTRY_STATUS_LABELS, c, lang)}" for c in st.statuses),
              *(f"{_h('层级', 'level', lang)}: {label(LEVEL_LABELS, c, lang)}" for c in st.levels),
              *(f"{_h('适用', 'mines', lang)}: {label(SCOPE_LABELS, c, lang)}" for c in st.scopes)]
    rows = [[r.id if r.id not in ("unplaced", "total") else "", r.name_en if lang == "en" else r.name, r.total,
             *(r.by_status[c] for c in st.statuses), *(r.by_level[c] for c in st.levels),
             *(r.by_scope[c] for c in st.scopes)] for r in (*st.rows, st.total)]
    _table(ws, header, rows)
    bold = bold_font()
    for cell in ws[ws.max_row]:
        cell.font = bold


def _notes_sheet(ws: Any, report: CoverageReport, lang: str) -> None:
    """What the report is (guide, catalog, date, threshold) and the notes on its method."""
    from openpyxl.styles import Alignment

    s = report.summary
    meta = [(_h("报告", "Report", lang), TITLE[1 if lang == "en" else 0]),
            (_h("指南", "Guide", lang),
             f"{GUIDE[1 if lang == 'en' else 0]} {s.document_number} ({s.guide_date.isoformat()})"),
            (_h("标准目录", "Catalog", lang), f"{s.catalog} ({s.entries})"),
            (_h("报告日期", "Report date", lang), s.today.isoformat()),
            (_h("推断匹配阈值", "Inferred-match threshold", lang), s.threshold)]
    meta += [("", n.replace("**", "").format(guide_date=s.guide_date.isoformat(), threshold=f"{s.threshold:g}"))
             for n in NOTES["en" if lang == "en" else "zh"]]
    for k, v in meta:
        ws.append([k, v])
    ws.column_dimensions["A"].width = 18
    ws.column_dimensions["B"].width = 120
    bold = bold_font()
    for row in ws.iter_rows():
        row[0].font = bold
        row[1].alignment = Alignment(wrap_text=True, vertical="top")


def _standards_sheet(ws: Any, report: CoverageReport, tx: "Taxonomy", lang: str) -> None:
    """标准: the catalog as placed — dates as dates, 实施日期 and 代替标准, where each placement came from — then the
    catalog's own columns (those minestd does not read, e.g. 归口单位), headed as in the catalog."""
    header = [_h("行号", "Row", lang), _h("标准编号", "Designation", lang), _h("标准名称", "Title", lang),
              _h("状态", "Status", lang), _h("层级", "Level", lang), _h("适用矿山", "Mines", lang),
              _h("发布日期", "Published", lang), _h("实施日期", "In force", lang), _h("代替标准", "Replaces", lang),
              _h("归类节点", "Nodes", lang), _h("节点路径", "Node paths", lang),
              _h("关联建设重点", "Priorities linked", lang), _h("位置来源", "Placement", lang)]
    where = {"catalog": _h("目录", "catalog", lang), "inferred": _h("推断", "inferred", lang),
             "reviewed": _h("审核", "reviewed", lang)}
    rows = [[e.row, e.designation, e.title, label(ENTRY_STATUS_LABELS, e.status, lang), label(LEVEL_LABELS, e.level, lang),
             label(SCOPE_LABELS, e.mine_scope, lang), date_cell(e.published), date_cell(e.effective), "; ".join(e.replaces),
             "; ".join(e.nodes), "\n".join(tx.path_label(n, lang) for n in e.nodes), "; ".join(e.priorities),
             where.get(e.placement, e.placement) if e.nodes else ""] for e in report.entries]
    own = list(dict.fromkeys(k for e in report.entries for k, _ in e.extra))
    if own:
        header += own
        rows = [row + [dict(e.extra).get(k, "") for k in own] for row, e in zip(rows, report.entries)]
    _table(ws, header, rows, date_cols=(7, 8))


def _optional_sheets(wb: Any, report: CoverageReport, tx: "Taxonomy", lang: str) -> None:
    """推断位置 (entries placed by the classifier, apart from the catalog's own) and, with --compare, 进展 (items
    whose status changed, then the sentence), 进展-子体系 (per subsystem before and now) and 进展-关联 (links
    added and removed)."""
    key = "en" if lang == "en" else "zh"
    if report.placements:
        _table(wb.create_sheet(PLACEMENTS_SHEET), list(PLACEMENT_HEADER[key]), placement_rows(report, tx, lang))
    if report.progress is None:
        return
    ws = wb.create_sheet(PROGRESS_SHEETS[0])
    _table(ws, list(PROGRESS_HEADER[key]), progress_rows(report, lang))
    ws.append([])
    ws.append([progress_line(report, lang)])
    _table(wb.create_sheet(PROGRESS_SHEETS[1]), list(SUBSYSTEM_PROGRESS_HEADER[key]),
           subsystem_progress_rows(report, tx, lang))
    _table(wb.create_sheet(PROGRESS_SHEETS[2]), list(LINK_CHANGE_HEADER[key]), link_change_rows(report, lang))


def _table(ws: Any, header: list[str], rows: list[list[Any]], percent_cols: tuple[int, ...] = (),
           date_cols: tuple[int, ...] = ()) -> None:
    """Header in row 1, rows below, styled by :func:`minestd.io.sheetstyle.finish_sheet` (bold frozen header,
    auto-filter, widths, CJK font, A4 print setup)."""
    ws.append(header)
    for number, row in enumerate(rows, start=2):   # row numbers counted here: ws.max_row is a scan of every cell
        row = [fit_cell(v) for v in row]             # a cell longer than .xlsx allows is cut visibly, never silently
        ws.append(row)
        for column, value in enumerate(row, start=1):
            if isinstance(value, str) and value.startswith("="):   # a title starting with "=" is text, not a formula
                ws.cell(number, column).data_type = "s"
    for c in percent_cols:
        for r in range(2, ws.max_row + 1):
            ws.cell(r, c).number_format = "0.0%"
    for c in date_cols:
        for r in range(2, ws.max_row + 1):
            ws.cell(r, c).number_format = DATE_FORMAT
    finish_sheet(ws)

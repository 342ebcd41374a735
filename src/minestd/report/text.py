"""The coverage report for the terminal: rich tables with a coverage bar per subsystem."""
from __future__ import annotations

from typing import TYPE_CHECKING

from ..coverage import COUNTED_STATUSES, STATUS_LABELS, CoverageReport, NodeCoverage, label
from .data import PROGRESS_HEADER, TITLE, pct, progress_line, progress_rows, near_text, reason_text, standard_text

if TYPE_CHECKING:
    from rich.console import Console

    from ..taxonomy import Taxonomy

STATUS_STYLE = {"covered": "green", "in_progress": "yellow", "revision_pending": "magenta", "gap": "red"}
BAR_WIDTH = 20
BAR_CHARS = {"covered": "█", "in_progress": "▓", "revision_pending": "▒", "gap": "░"}


def coverage_bar(n: NodeCoverage | object, width: int = BAR_WIDTH) -> str:
    """A rich-markup bar: green █ = covered, yellow ▓ = in progress, magenta ▒ = revision pending, red ░ = gap
    (distinct characters, so the bar also reads without colour, e.g. in a log file)."""
    total = getattr(n, "total", 0)
    if not total:
        return "[dim]" + "·" * width + "[/dim]"
    cells: list[str] = []
    used = 0
    keys = COUNTED_STATUSES
    for k, key in enumerate(keys):
        count = getattr(n, key)
        size = round(count / total * width) if k < len(keys) - 1 else width - used
        size = max(0, min(size, width - used))
        if count and size == 0 and used < width:
            size = 1
        used += size
        if size:
            cells.append(f"[{STATUS_STYLE[key]}]{BAR_CHARS[key] * size}[/{STATUS_STYLE[key]}]")
    return "".join(cells)


def print_report(report: CoverageReport, tx: "Taxonomy", console: "Console", lang: str = "zh", *,
                 list_priorities: bool = False) -> None:
    """Summary, one row per subsystem (or category, below a subsystem) with its bar, then — if asked —
    the priorities with their status and the standards behind it."""
    from rich.table import Table

    en = lang == "en"
    s = report.summary
    _print_summary(report, tx, console, lang)
    rows = report.table_nodes()
    table = Table(show_edge=False, pad_edge=False, header_style="bold")
    for title, justify in (("ID" if en else "编号", "left"), ("name" if en else "名称", "left"),
                           ("coverage" if en else "覆盖情况", "left"), ("%", "right"), ("total" if en else "重点", "right"),
                           *((label(STATUS_LABELS, k, lang), "right")
                             for k in COUNTED_STATUSES),
                           ("std." if en else "标准", "right")):
        table.add_column(title, justify=justify, no_wrap=justify == "right" or title in ("%", "coverage", "覆盖情况"),
                         overflow="crop")
    width = BAR_WIDTH if console.width >= 110 else 10
    for n in rows:
        name = n.name_en if en else n.name
        if n.highlighted and n.kind == "subsystem":
            name = f"[bold]★ {name}[/bold]"
        table.add_row(n.id, name, coverage_bar(n, width), pct(n.coverage, 0), str(n.total), str(n.covered),
                      str(n.in_progress), str(n.revision_pending), str(n.gap), str(n.standards))
    console.print(table)
    _print_progress(report, tx, console, lang)
    if list_priorities:
        items = Table(show_edge=False, pad_edge=False, header_style="bold")
        for title in ("ID" if en else "编号", "priority" if en else "建设重点", "status" if en else "状态",
                      "reason / standards" if en else "原因 / 相关标准"):
            items.add_column(title)
        for p in report.priorities:
            style = STATUS_STYLE[p.status]
            detail = "; ".join(x for x in (reason_text(p, lang),
                                           "; ".join(standard_text(lk, lang) for lk in p.standards)) if x)
            if p.status == "gap" and p.near:
                detail += f"; {'candidate' if en else '候选'}: " + near_text(p.near[0], lang)
            items.add_row(p.id, p.text, f"[{style}]{label(STATUS_LABELS, p.status, lang)}[/{style}]",
                          _escape(detail))
        console.print(items)
        if not report.priorities:
            console.print("no priority has the statuses asked for" if en else "没有符合条件的建设重点")
    elif s.scope == "root":
        console.print("[dim]" + ("list the items: --status gap (or --node 05)" if en else
                                 "列出条目：--status gap（或 --node 05）") + "[/dim]")
    if report.findings:
        console.print(f"[yellow]{len(report.findings)} {'catalog problems (see --format json)' if en else '条目录问题（见 --format json 或 minestd validate）'}[/yellow]")


def _print_summary(report: CoverageReport, tx: "Taxonomy", console: "Console", lang: str) -> None:
    """Title, catalog and date, the counts by status, placements, the disaster subsystems, progress since a
    previous report."""
    en = lang == "en"
    s = report.summary
    scope = "" if s.scope == "root" else f" — {s.scope} {tx.path_label(s.scope, lang)}"
    console.print(f"[bold]{TITLE[1 if en else 0]}[/bold]{scope}")
    console.print(f"{s.document_number} · {'catalog' if en else '目录'}: {s.catalog or '—'} ({s.entries}) · "
                  f"{'date' if en else '日期'}: {s.today.isoformat()} · {'threshold' if en else '阈值'}: {s.threshold:g}")
    parts = [f"[{STATUS_STYLE[k]}]{label(STATUS_LABELS, k, lang)} {getattr(s, k)}[/{STATUS_STYLE[k]}]"
             for k in COUNTED_STATUSES]
    console.print(f"{'priorities' if en else '建设重点'} {s.total}: " + " · ".join(parts) +
                  f" · {'coverage' if en else '覆盖率'} [bold]{pct(s.coverage)}[/bold]")
    if s.inferred_placements or s.unplaced or s.reviewed_placements:
        console.print(_placement_line(s, en), soft_wrap=True)   # a sentence: never broken mid-line in a file
    d = s.disaster
    if s.scope == "root":
        console.print(f"★ {'disaster subsystems (05–08)' if en else '灾害防治子体系（05–08）'}: "
                      f"{d.covered}/{d.total} {pct(d.coverage)}, {'gaps' if en else '缺失'} {d.gap}")
    if report.progress is not None:
        console.print(f"[bold]{_escape(progress_line(report, lang))}[/bold]", soft_wrap=True)


def _print_progress(report: CoverageReport, tx: "Taxonomy", console: "Console", lang: str) -> None:
    """With --compare: the items whose status changed and the gaps per subsystem before and now."""
    from rich.table import Table

    if report.progress is None:
        return
    rows = progress_rows(report, lang)
    if rows:
        table = Table(show_edge=False, pad_edge=False, header_style="bold",
                      title="与上期报告相比的进展" if lang == "zh" else "Changes since the "
                      "previous report")
        for name in PROGRESS_HEADER[lang if lang == "en" else "zh"]:
            table.add_column(name)
        for row in rows:
            table.add_row(*(_escape(str(c)) for c in row))
        console.print(table)
    else:
        console.print("与上期相比没有建设重点状态变化" if lang == "zh" else "no item changed status since the previous report")


def _placement_line(s: object, en: bool) -> str:
    """How many entries the classifier placed (and how many to review), and how many stayed unplaced."""
    placed, review, unplaced, reviewed = (getattr(s, k) for k in ("inferred_placements", "placements_to_review",
                                                                   "unplaced", "reviewed_placements"))
    done = (f"{reviewed} placed as reviewed" if en else f"{reviewed} 条按审核决定放入") if reviewed else ""
    if en:
        text = f"placement inferred for {placed} entries without node ids ({review} to review)" if placed else ""
        more = (f"{unplaced} entries not placed (the current or in-progress ones are matched only across the whole "
                "tree at a higher threshold, COV005)") if unplaced else ""
    else:
        text = f"{placed} 条无体系编号的标准由归类器推断位置（{review} 条需复核）" if placed else ""
        more = f"{unplaced} 条标准未放入体系（其中现行和在编的只按全体系较高阈值匹配，COV005）" if unplaced else ""
    return "[yellow]" + " · ".join(x for x in (text, done, more) if x) + "[/yellow]"


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)

"""The coverage report as Markdown — a document a committee secretariat can paste into its own report."""
from __future__ import annotations

from typing import TYPE_CHECKING

from ..coverage import (ACTION_LABELS, COUNTED_STATUSES, ENTRY_STATUS_LABELS, LEVEL_LABELS, SCOPE_LABELS, STATUS_LABELS,
                        CoverageReport, PriorityCoverage, label)
from .data import (GUIDE, LINK_CHANGE_HEADER, PLACEMENT_HEADER, PROGRESS_HEADER, SUBSYSTEM_PROGRESS_HEADER, TITLE,
                   link_change_rows, near_text, pct, placement_rows, progress_line, progress_rows, reason_text,
                   standard_text, subsystem_progress_rows)

if TYPE_CHECKING:
    from ..taxonomy import Taxonomy

# (zh, en) words used by the Markdown report
W = {
    "guide": ("指南", "Guide"), "catalog": ("标准目录", "Catalog"), "date": ("报告日期", "Report date"),
    "scope": ("范围", "Scope"), "threshold": ("推断匹配阈值", "Inferred-match threshold"),
    "entries": ("条", "entries"), "summary": ("概况", "Summary"), "status": ("状态", "Status"),
    "count": ("项数", "Items"), "share": ("占比", "Share"), "total": ("合计", "Total"),
    "by_subsystem": ("各子体系覆盖情况", "Coverage by subsystem"), "id": ("编号", "ID"),
    "by_category": ("各类别覆盖情况", "Coverage by category"),
    "subsystem": ("子体系", "Subsystem"), "priorities": ("建设重点", "Priorities"),
    "coverage": ("覆盖率", "Coverage"), "standards": ("有效标准", "Valid standards"),
    "remaining": ("待办清单（按类别）", "Remaining work by category"), "priority": ("建设重点", "Priority"),
    "action": ("行动", "Action"), "why": ("原因 / 相关标准", "Reason / standards"),
    "stats": ("统计表", "Statistics"), "by_status": ("按标准状态", "By status of the standards"),
    "by_level": ("按标准层级", "By level"), "by_scope": ("按适用矿山", "By mine type"),
    "notes": ("说明", "Notes"), "findings": ("目录问题", "Catalog problems"), "row": ("行", "row"),
    "none_left": ("本范围内没有符合条件的建设重点。", "No priority in this scope has the statuses asked for."),
    "highlight": ("★ 灾害防治重点子体系（瓦斯、火灾、水害、地压）", "★ disaster-prevention subsystems (gas, fire, water, ground pressure)"),
    "disaster": ("灾害防治四个子体系", "The four disaster subsystems"), "whole": ("全体系", "whole system"),
    "near": ("候选", "candidates"), "node": ("节点", "Node"), "category": ("类别", "Category"),
}

NOTES = {
    "zh": [
        "**状态**：已覆盖 = 有现行标准对应；制修订中 = 有征求意见稿、已立项或计划中的标准对应；"
        "待修订 = 指南要求修订的标准仍只有指南发布（{guide_date}）前的版本；缺失 = 没有标准对应。",
        "**关联方式**：明确关联 = 目录在“建设重点”列中列出了该编号（优先于推断）；"
        "推断 = 软件根据标题与建设重点文字的相似度（同一类别内，得分 ≥ 阈值 {threshold}）、"
        "指南点名的标准名称或同一标准的其他版本推断得出，需人工核实。",
        "**缺失原因**：该节点下尚无标准 = 目录中没有现行或在编标准归入该节点；"
        "节点下有标准但均不对应 = 有标准归入，但没有一项与该建设重点对应。",
        "覆盖率 = 已覆盖项数 / 建设重点总数；有效标准 = 归入该节点（含下级）的现行及在编标准数。",
    ],
    "en": [
        "**Status**: covered = a current standard addresses the item; in progress = a draft, approved or planned one "
        "does; revision pending = the guide asks to revise a standard that has no edition after the guide "
        "({guide_date}); gap = nothing addresses it.",
        "**Links**: explicit = the catalog lists the priority id (beats inferred); inferred = found by the software "
        "from the title's similarity to the priority text within the same category (score ≥ threshold {threshold}), "
        "from a standard the guide names, or from another edition of a linked standard — check these by hand.",
        "**Gap reasons**: no standard placed under the node = no current or in-progress standard is placed there; "
        "standards placed, none matches = some are placed there but none addresses the item.",
        "Coverage = covered items / all priority items; valid standards = current or in-progress standards placed "
        "under the node (or below it).",
    ],
}


def _w(key: str, lang: str) -> str:
    return W[key][1 if lang == "en" else 0]


def md_escape(text: str) -> str:
    """Make a cell safe in a Markdown table: pipes, angle brackets (no raw HTML), line breaks."""
    return (text.replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")
            .replace("\r", " ").replace("\n", " "))


def _table(header: list[str], rows: list[list[str]], align: list[str] | None = None) -> list[str]:
    align = align or ["l"] * len(header)
    sep = ["---:" if a == "r" else "---" for a in align]
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(sep) + " |"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def render_markdown(report: CoverageReport, tx: "Taxonomy", lang: str = "zh") -> str:
    out = _md_head(report, tx, lang) + _md_summary(report, lang)
    out += progress_section(report, tx, lang) + placements_section(report, tx, lang)
    out += _md_nodes(report, lang) + _md_remaining(report, tx, lang) + _md_statistics(report, lang)
    out += _md_findings(report, lang)
    s = report.summary
    out += [f"## {_w('notes', lang)}", ""]
    out += [f"- {n.format(guide_date=s.guide_date.isoformat(), threshold=f'{s.threshold:g}')}" for n in NOTES[lang]]
    return "\n".join(out).rstrip() + "\n"


def _md_head(report: CoverageReport, tx: "Taxonomy", lang: str) -> list[str]:
    """Title and the facts of the report: guide, catalog, scope, date, threshold."""
    en = lang == "en"
    s = report.summary
    scope = _w("whole", lang) if s.scope == "root" else f"{s.scope} {tx.path_label(s.scope, lang)}"
    guide = f"{GUIDE[1 if en else 0]} ({s.document_number}, {s.guide_date.isoformat()})" if en else \
        f"《{GUIDE[0]}》（{s.document_number}，{s.guide_date.isoformat()}）"
    return [f"# {TITLE[1 if en else 0]}", "",
            f"- {_w('guide', lang)}: {guide}",
            f"- {_w('catalog', lang)}: {md_escape(s.catalog or '—')} ({s.entries} {_w('entries', lang)})",
            f"- {_w('scope', lang)}: {scope}",
            f"- {_w('date', lang)}: {s.today.isoformat()}",
            f"- {_w('threshold', lang)}: {s.threshold:g}", ""]




def _md_summary(report: CoverageReport, lang: str) -> list[str]:
    """Priorities by status, and the coverage sentence (with the disaster subsystems' on the whole system)."""
    s = report.summary
    out = [f"## {_w('summary', lang)}", ""]
    rows = [[label(STATUS_LABELS, k, lang), str(getattr(s, k)), pct(getattr(s, k) / s.total if s.total else None)]
            for k in COUNTED_STATUSES]
    rows.append([f"**{_w('total', lang)}**", f"**{s.total}**", "100.0%" if s.total else "—"])
    out += _table([_w("status", lang), _w("count", lang), _w("share", lang)], rows, ["l", "r", "r"])
    d = s.disaster
    if lang == "en":
        line = f"Coverage: **{pct(s.coverage)}** ({s.covered} of {s.total} covered); gaps remaining: {s.gap}."
        if s.scope == "root":
            line += f" {_w('disaster', lang)}: {pct(d.coverage)} ({d.covered} of {d.total} covered), gaps: {d.gap}."
    else:
        line = f"覆盖率 **{pct(s.coverage)}**（{s.total} 项中已覆盖 {s.covered} 项），仍缺失 {s.gap} 项。"
        if s.scope == "root":
            line += f"{_w('disaster', lang)}覆盖率 {pct(d.coverage)}（{d.total} 项中已覆盖 {d.covered} 项），缺失 {d.gap} 项。"
    return out + ["", line, ""]


def _md_nodes(report: CoverageReport, lang: str) -> list[str]:
    """Coverage per subsystem (per category on a one-subsystem report), with a total row."""
    s = report.summary
    subsystems = report.table_nodes()
    out = [f"## {_w('by_subsystem' if s.scope == 'root' else 'by_category', lang)}", ""]
    rows = []
    for n in subsystems:
        name = md_escape(n.name_en if lang == "en" else n.name)
        name = f"**{name}** ★" if n.highlighted and n.kind == "subsystem" else name
        rows.append([n.id, name, str(n.total), str(n.covered), str(n.in_progress), str(n.revision_pending),
                     str(n.gap), pct(n.coverage), str(n.standards)])
    rows.append([f"**{_w('total', lang)}**", "", f"**{s.total}**", str(s.covered), str(s.in_progress),
                 str(s.revision_pending), str(s.gap), f"**{pct(s.coverage)}**", str(s.placed_active)])
    out += _table([_w("id", lang), _w("subsystem" if s.scope == "root" else "category", lang), _w("priorities", lang),
                   *(label(STATUS_LABELS, k, lang) for k in COUNTED_STATUSES),
                   _w("coverage", lang), _w("standards", lang)], rows, ["l", "l"] + ["r"] * 7)
    if any(n.highlighted for n in subsystems) and s.scope == "root":
        out += ["", _w("highlight", lang)]
    out.append("")
    return out


def _md_remaining(report: CoverageReport, tx: "Taxonomy", lang: str) -> list[str]:
    """The work left, one table per category: every priority not covered, with its reason and standards."""
    s = report.summary
    out = [f"## {_w('remaining', lang)}", ""]
    listed = [p for p in report.priorities if p.status != "covered"] if len(report.priorities) == s.total \
        else list(report.priorities)
    if not listed:
        out += [_w("none_left", lang), ""]
    by_cat: dict[str, list] = {}
    for p in listed:
        by_cat.setdefault(p.category, []).append(p)
    for cat, items in by_cat.items():
        node = report.node(cat)
        star = " ★" if cat.split(".")[0] in s.highlighted else ""
        heading = f"### {cat} {md_escape(tx.path_label(cat, lang))}{star}"
        if node:
            heading += (f" ({node.total} items, gaps: {node.gap})" if lang == "en"
                        else f"（共 {node.total} 项，缺失 {node.gap} 项）")
        out += [heading, ""]
        out += _table([_w("id", lang), _w("priority", lang), _w("action", lang), _w("status", lang),
                       _w("why", lang)], [_md_priority_row(p, lang) for p in items])
        out.append("")
    return out


def _md_priority_row(p: PriorityCoverage, lang: str) -> list[str]:
    why = reason_text(p, lang)
    stds = "; ".join(standard_text(lk, lang) for lk in p.standards)
    if p.status == "gap" and p.near:
        near = f"{_w('near', lang)}: " + "; ".join(near_text(lk, lang) for lk in p.near[:2])
        stds = f"{stds}; {near}" if stds else near
    detail = "; ".join(x for x in (why, stds) if x)
    node_note = f" ({_w('node', lang).lower()} {p.node})" if p.node != p.category else ""
    return [p.id, md_escape(p.text) + node_note, label(ACTION_LABELS, p.action, lang),
            label(STATUS_LABELS, p.status, lang), md_escape(detail)]


def _md_statistics(report: CoverageReport, lang: str) -> list[str]:
    """Standards per subsystem by status, level and mine type (only the columns some standard uses)."""
    s, st = report.summary, report.statistics
    out = [f"## {_w('stats', lang)}", ""]
    for title_key, columns, attr, table in (("by_status", st.statuses, "by_status", ENTRY_STATUS_LABELS),
                                            ("by_level", st.levels, "by_level", LEVEL_LABELS),
                                            ("by_scope", st.scopes, "by_scope", SCOPE_LABELS)):
        used = [c for c in columns if getattr(st.total, attr)[c]] or list(columns[:1])
        out += [f"### {_w(title_key, lang)}", ""]
        rows = [[r.id if r.id not in ("unplaced", "total") else "", md_escape(r.name_en if lang == "en" else r.name),
                 *(str(getattr(r, attr)[c]) for c in used), str(r.total)] for r in st.rows]
        t = st.total
        rows.append(["", f"**{_w('total', lang)}**", *(str(getattr(t, attr)[c]) for c in used), f"**{t.total}**"])
        out += _table([_w("id", lang), _w("subsystem", lang) if s.scope == "root" else _w("node", lang),
                       *(label(table, c, lang) for c in used), _w("total", lang)], rows,
                      ["l", "l"] + ["r"] * (len(used) + 1))
        out.append("")
    return out


def _md_findings(report: CoverageReport, lang: str) -> list[str]:
    """Catalog problems met on the way (the first 200, then how many more)."""
    if not report.findings:
        return []
    out = [f"## {_w('findings', lang)}", ""]
    for f in report.findings[:200]:
        out.append(f"- {_w('row', lang)} {f.row}, {f.field}: {md_escape(f.message)} — {md_escape(f.fix)}")
    if len(report.findings) > 200:
        out.append(f"- … +{len(report.findings) - 200}")
    out.append("")
    return out


def placements_section(report: CoverageReport, tx: "Taxonomy", lang: str = "zh") -> list[str]:
    """The entries placed by the classifier (not by the catalog), and how many stayed unplaced."""
    s = report.summary
    if not report.placements and not s.unplaced:
        return []
    en = lang == "en"
    out = ["## " + ("Inferred placements (entries without node ids)" if en else "推断的体系位置（目录未填体系编号的标准）"), ""]
    if report.placements:
        out.append(f"{s.inferred_placements} entries were placed by the classifier, {s.placements_to_review} of them "
                   "below the confidence line (review). Links they make say “placement inferred”." if en else
                   f"{s.inferred_placements} 条标准由归类器推断体系位置，其中 {s.placements_to_review} 条置信度低、需复核；"
                   "它们关联的建设重点均注明“位置为推断”。")
        out.append("")
        rows = [[str(r[0] or ""), md_escape(r[1]), md_escape(r[2]), md_escape(r[3]), f"{r[4]:.2f}", md_escape(r[5]),
                 md_escape(r[6]), r[7]] for r in placement_rows(report, tx, lang)]
        out += _table(list(PLACEMENT_HEADER[lang]), rows, ["r", "l", "l", "l", "r", "l", "l", "l"])
        out.append("")
    if s.unplaced:
        out += [f"{s.unplaced} entries have no valid node and were not placed; the titles of the current or "
                "in-progress ones among them are matched only across the whole tree at a higher threshold (findings "
                "COV005)." if en else
                f"{s.unplaced} 条标准没有有效的体系编号且未推断位置；其中现行和在编的只按全体系较高阈值匹配（见问题 COV005）。",
                ""]
    return out


def progress_section(report: CoverageReport, tx: "Taxonomy", lang: str = "zh") -> list[str]:
    """With --compare: what changed since the previous report — the sentence, the items whose status changed, the
    gaps per subsystem before and now, the links added and removed."""
    if report.progress is None:
        return []
    en = lang == "en"
    out = ["## " + ("Progress since the previous report" if en else "与上期报告相比的进展"), "",
           md_escape(progress_line(report, lang)), ""]
    rows = [[md_escape(str(c)) for c in row] for row in progress_rows(report, lang)]
    if rows:
        out += _table(list(PROGRESS_HEADER[lang]), rows) + [""]
    subsystems = [[md_escape(str(c)) for c in row] for row in subsystem_progress_rows(report, tx, lang)]
    out += _table(list(SUBSYSTEM_PROGRESS_HEADER[lang]), subsystems, ["l"] + ["r"] * 9) + [""]
    links = [[md_escape(str(c)) for c in row] for row in link_change_rows(report, lang)]
    if links:
        out += ["### " + ("Links added and removed" if en else "关联的增减"), ""]
        out += _table(list(LINK_CHANGE_HEADER[lang]), links[:300]) + [""]
        if len(links) > 300:
            out += [f"… +{len(links) - 300}", ""]
    return out

"""The coverage report as plain data: the JSON contract, CSV rows, and helpers shared by the renderers."""
from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

from ..coverage import (BASIS_LABELS, CHANGE_LABELS, COUNTED_STATUSES, ENTRY_STATUS_LABELS, LINK_LABELS, REASON_LABELS,
                        STATUS_LABELS, CoverageReport, PriorityCoverage, StandardLink, Tally, label)
from ..io.jsontext import dumps_indented

if TYPE_CHECKING:
    from ..placement import InferredPlacement
    from ..taxonomy import Taxonomy

#: The JSON's shape and its version (``minestd schema gaps``): a later version only adds keys.
OUTPUT_SCHEMA = "minestd/gaps/1"
TITLE = ("矿山安全标准体系建设重点覆盖情况报告", "Coverage of the Mine Safety Standard System's next-step priorities")
GUIDE = ("矿山安全标准体系建设指南", "Guide to Building the Mine Safety Standard System")


def pct(value: float | None, digits: int = 1) -> str:
    """0.1667 -> '16.7%'; None -> '—' (a node without priorities)."""
    return "—" if value is None else f"{value * 100:.{digits}f}%"


def tally_dict(t: Tally) -> dict[str, Any]:
    return {"total": t.total, "covered": t.covered, "in_progress": t.in_progress,
            "revision_pending": t.revision_pending, "gap": t.gap, "remaining": t.remaining, "coverage": t.coverage}


def link_dict(lk: StandardLink) -> dict[str, Any]:
    return {"designation": lk.designation, "title": lk.title, "status": lk.status, "link": lk.link,
            "score": lk.score, "basis": lk.basis, "matched": list(lk.matched), "decisive": lk.decisive,
            "newer": lk.newer, "row": lk.row, "placement": lk.placement, "doc_type": lk.doc_type,
            "mine_scope": lk.mine_scope}


def placement_dict(pl: "InferredPlacement") -> dict[str, Any]:
    return {"row": pl.row, "designation": pl.designation, "title": pl.title, "node": pl.node, "score": pl.score,
            "matched": list(pl.matched), "alternatives": list(pl.alternatives), "review": pl.review,
            "classifier": pl.classifier, "reviewed": pl.reviewed}


def priority_dict(p: PriorityCoverage) -> dict[str, Any]:
    return {"id": p.id, "node": p.node, "text": p.text, "status": p.status, "reason": p.reason,
            "standards": [link_dict(lk) for lk in p.standards], "action": p.action, "category": p.category,
            "subsystem": p.subsystem, "references": list(p.references), "placed": p.placed,
            "near": [link_dict(lk) for lk in p.near]}


def report_dict(report: CoverageReport) -> dict[str, Any]:
    """The ``minestd gaps --format json`` contract:
    ``{"summary":{...},"nodes":[{"id","name","total","covered","in_progress","revision_pending","gap","coverage"}],
    "priorities":[{"id","node","text","status","reason","standards":[{"designation","title","status","link","score"}]}]}``
    plus ``statistics`` (统计表), ``findings`` (catalog problems met on the way), ``progress`` (only with a previous
    report: ``{"previous","previous_date","previous_catalog","counts","items","links","subsystems"}``) and
    ``placements`` (entries without
    node ids placed by the classifier: ``[{"row","designation","title","node","score","matched","alternatives",
    "review","classifier"}]``; every link a placed entry makes says ``"placement": "inferred"``)."""
    s = report.summary
    summary = {**tally_dict(s), "scope": s.scope, "catalog": s.catalog, "entries": s.entries, "active": s.active,
               "placed": s.placed, "placed_active": s.placed_active, "unplaced": s.unplaced,
               "inferred_placements": s.inferred_placements, "placements_to_review": s.placements_to_review,
               "reviewed_placements": s.reviewed_placements,
               "explicit_links": s.explicit_links,
               "inferred_links": s.inferred_links, "threshold": s.threshold, "guide": s.document_number,
               "guide_date": s.guide_date.isoformat(), "date": s.today.isoformat(), "edition": s.edition,
               "highlighted": list(s.highlighted), "disaster": tally_dict(s.disaster)}
    nodes = [{"id": n.id, "name": n.name, "total": n.total, "covered": n.covered, "in_progress": n.in_progress,
              "revision_pending": n.revision_pending, "gap": n.gap, "coverage": n.coverage, "name_en": n.name_en,
              "kind": n.kind, "parent": n.parent, "remaining": n.remaining, "highlighted": n.highlighted,
              "standards": n.standards} for n in report.nodes]
    st = report.statistics
    statistics = {"statuses": list(st.statuses), "levels": list(st.levels), "scopes": list(st.scopes),
                  "rows": [r.model_dump() for r in st.rows], "total": st.total.model_dump()}
    findings = [f.model_dump(exclude={"file", "line"}) for f in report.findings]
    out = {"summary": summary, "nodes": nodes, "priorities": [priority_dict(p) for p in report.priorities],
           "statistics": statistics, "findings": findings,
           "placements": [placement_dict(pl) for pl in report.placements], "schema": OUTPUT_SCHEMA}
    if report.progress is not None:    # --compare PREVIOUS: the changes since then
        out["progress"] = report.progress.to_dict()
    return out


def report_json(report: CoverageReport) -> str:
    return dumps_indented(report_dict(report)) + "\n"


def standard_text(lk: StandardLink, lang: str = "zh", *, with_link: bool = True) -> str:
    """'AQ 1018-2006《矿井瓦斯涌出量预测方法》(推断 0.62)' — one standard behind a status, for tables."""
    name = f"《{lk.title}》" if lang == "zh" else f" “{lk.title}”"
    text = f"{lk.designation or ('（无编号）' if lang == 'zh' else '(no number)')}{name}"
    if lk.status != "current":
        text += f"[{label(ENTRY_STATUS_LABELS, lk.status, lang)}]"
    if with_link:
        how = label(LINK_LABELS, lk.link, lang)
        if lk.link == "inferred":
            how += f" {label(BASIS_LABELS, lk.basis, lang)}"
            if lk.basis == "title":
                how += f" {lk.score:.2f}"
            elif lk.basis == "term" and lk.matched:
                how += " " + "、".join(lk.matched)
        if not lk.decisive:
            how += ", 未计入" if lang == "zh" else ", not counted"
        if lk.placement == "inferred":
            how += ", 位置为推断" if lang == "zh" else ", placement inferred"
        elif lk.placement == "reviewed":
            how += ", 位置经审核" if lang == "zh" else ", placement reviewed"
        text += f" ({how})"
    return text


def near_text(lk: StandardLink, lang: str = "zh") -> str:
    """A gap's candidate for people: the standard, then its title score, or the curated terms its title carries."""
    if lk.basis == "term":
        return standard_text(lk, lang, with_link=False) + f" ({label(BASIS_LABELS, 'term', lang)}: " \
            + "、".join(lk.matched) + ")"
    return standard_text(lk, lang, with_link=False) + f" ({lk.score:.2f})"


def placement_text(pl: "InferredPlacement", tx: "Taxonomy", lang: str = "zh") -> str:
    """'13.04.01 矿山监测控制 › 人员管理类系统 (0.44, 需复核)' — an inferred placement, for tables."""
    note = f"{pl.score:.2f}" + ((", 需复核" if lang == "zh" else ", review") if pl.review else "")
    return f"{pl.node} {tx.path_label(pl.node, lang)} ({note})"


PLACEMENT_HEADER = {"zh": ("行", "标准号", "标准名称", "推断位置", "得分", "匹配词", "其他候选位置", "需复核"),
                    "en": ("row", "designation", "title", "inferred place", "score", "matched", "other candidates",
                           "review")}


def placement_rows(report: CoverageReport, tx: "Taxonomy", lang: str = "zh") -> list[list[Any]]:
    """One row per inferred placement (PLACEMENT_HEADER's columns)."""
    yes, no, done = ("是", "", "已审核") if lang == "zh" else ("yes", "", "reviewed")
    return [[pl.row, pl.designation, pl.title, f"{pl.node} {tx.path_label(pl.node, lang)}", pl.score,
             "、".join(pl.matched), "; ".join(pl.alternatives), done if pl.reviewed else yes if pl.review else no]
            for pl in report.placements]


def reason_text(p: PriorityCoverage, lang: str = "zh") -> str:
    return label(REASON_LABELS, p.reason, lang) if p.reason else ""


CSV_COLUMNS = ("id", "subsystem", "category", "node", "path", "text", "action", "status", "status_label", "reason",
               "reason_label", "placed", "links", "best_score", "standards", "near")


def report_csv(report: CoverageReport, tx: "Taxonomy", lang: str = "zh") -> str:
    """One row per priority (UTF-8, header first). ``standards``: the standards behind the status, '; '-separated."""
    from ..io.cells import SafeWriter

    out = io.StringIO()
    writer = SafeWriter(out, lineterminator="\n")   # no cell is a formula in a spreadsheet
    changes = {i.id: i for i in report.progress.items} if report.progress is not None else None
    writer.writerow(CSV_COLUMNS + (PROGRESS_CSV_COLUMNS if changes is not None else ()))
    for p in report.priorities:
        change = [] if changes is None else _change_cells(changes.get(p.id), lang)
        writer.writerow([
            p.id, p.subsystem, p.category, p.node, tx.path_label(p.node, lang, " / "), p.text, p.action, p.status,
            label(STATUS_LABELS, p.status, lang), p.reason or "", reason_text(p, lang), p.placed,
            ";".join(sorted({lk.link for lk in p.standards})),
            f"{max((lk.score for lk in p.standards), default=0):.3f}" if p.standards else "",
            "; ".join(standard_text(lk, lang) for lk in p.standards),
            "; ".join(standard_text(lk, lang) for lk in p.near), *change])
    return out.getvalue()


# ---------------------------------------------------------------------------------------- progress (--compare)

#: Columns added to the CSV when the report is compared with a previous one.
PROGRESS_CSV_COLUMNS = ("previous_status", "change", "change_label")
PROGRESS_HEADER = {"zh": ("变化", "建设重点编号", "子体系", "建设重点", "上期状态", "本期状态"),
                   "en": ("change", "priority", "subsystem", "priority text", "before", "now")}
LINK_CHANGE_HEADER = {"zh": ("变化", "建设重点编号", "标准", "标准名称"),
                      "en": ("change", "priority", "standard", "title")}
SUBSYSTEM_PROGRESS_HEADER = {
    "zh": ("子体系", "上期已覆盖", "本期已覆盖", "上期制修订中", "本期制修订中", "上期待修订", "本期待修订", "上期缺失",
           "本期缺失", "缺失增减"),
    "en": ("subsystem", "covered before", "covered now", "in progress before", "in progress now",
           "revision pending before", "revision pending now", "gaps before", "gaps now", "gap change")}
_SHOWN_KINDS = ("newly_covered", "newly_in_progress", "newly_revision_pending", "regressed", "new_item",
                "dropped_item")


def _change_cells(item, lang: str) -> list[str]:
    if item is None:
        return ["", "", ""]
    return [item.before, item.kind, label(CHANGE_LABELS, item.kind, lang)]


def progress_rows(report: CoverageReport, lang: str = "zh") -> list[list[str]]:
    """One row per item whose status changed (PROGRESS_HEADER's columns), the biggest news first."""
    if report.progress is None:
        return []
    items = sorted(report.progress.of_kind(*_SHOWN_KINDS), key=lambda i: _SHOWN_KINDS.index(i.kind))
    return [[label(CHANGE_LABELS, i.kind, lang), i.id, i.subsystem, i.text,
             label(STATUS_LABELS, i.before, lang) if i.before else "—",
             label(STATUS_LABELS, i.after, lang) if i.after else "—"] for i in items]


def link_change_rows(report: CoverageReport, lang: str = "zh") -> list[list[str]]:
    """One row per link added or removed (LINK_CHANGE_HEADER's columns)."""
    if report.progress is None:
        return []
    return [[label(CHANGE_LABELS, lk.kind, lang), lk.priority, lk.standard, lk.title]
            for lk in sorted(report.progress.links, key=lambda lk: (lk.kind, lk.priority, lk.standard))]


def subsystem_progress_rows(report: CoverageReport, tx: "Taxonomy", lang: str = "zh") -> list[list[Any]]:
    """Per subsystem: covered / in progress / revision pending / gaps before and now, and the change in gaps."""
    if report.progress is None:
        return []
    rows = []
    for s in report.progress.subsystems:
        node = tx.get(s.subsystem)
        name = f"{s.subsystem} {(node.name if lang == 'zh' else node.name_en) if node else ''}".strip()
        cells: list[Any] = [name]
        for status in COUNTED_STATUSES:
            cells += [s.before.get(status, 0), s.after.get(status, 0)]
        delta = s.after.get("gap", 0) - s.before.get("gap", 0)
        rows.append(cells + [f"{delta:+d}" if delta else "0"])
    return rows


def progress_line(report: CoverageReport, lang: str = "zh") -> str:
    """One sentence: the changes since the previous report."""
    pr = report.progress
    if pr is None:
        return ""
    c = pr.counts()
    added = sum(1 for lk in pr.links if lk.kind == "added")
    removed = len(pr.links) - added
    when = pr.previous_date or "?"
    if lang == "en":
        return (f"Since the previous report ({when}, {pr.previous or pr.previous_catalog}): {c['newly_covered']} newly "
                f"covered, {c['newly_in_progress']} newly in progress, {c['newly_revision_pending']} newly revision "
                f"pending, {c['regressed']} fell back, {c['still_gap']} still gaps; links {added} added, {removed} "
                "removed.")
    return (f"与上期报告（{when}，{pr.previous or pr.previous_catalog}）相比：新覆盖 {c['newly_covered']} 项，新进入制修订 "
            f"{c['newly_in_progress']} 项，新列为待修订 {c['newly_revision_pending']} 项，倒退 {c['regressed']} 项，仍缺失 "
            f"{c['still_gap']} 项；关联新增 {added} 条、取消 {removed} 条。")

"""The coverage report as ONE self-contained HTML file.

No network access at all: CSS and JavaScript are inline, there are no fonts, images or scripts to fetch,
and a Content-Security-Policy (``default-src 'none'``) makes the browser refuse any fetch should one
slip in. The page works from a USB stick or an e-mail attachment.

- zh / en switch (every label carries both languages; the priority texts are the guide's Chinese);
- filter by status and subsystem, a search box, and a counter of the rows shown; the filter state lives
  in the URL hash (``report.html#status=gap&subsystem=05&q=瓦斯&lang=en``) so a filtered view can be
  bookmarked or sent;
- every table sorts by clicking its header;
- figures: :func:`render_html` takes ``figures`` — inline SVG markup (e.g. the coverage-coloured system
  diagrams of :mod:`minestd.render.figures`) shown in the "figures" section, one per language.
Every text from the catalog is escaped: a title like ``<script>alert(1)</script>`` shows as text.
"""
from __future__ import annotations

import html
import json
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from ..coverage import (ACTION_LABELS, BASIS_LABELS, COUNTED_STATUSES, DOC_TYPE_LABELS, ENTRY_STATUS_LABELS,
                        LEVEL_LABELS, LINK_LABELS, REASON_LABELS, SCOPE_LABELS, STATUS_LABELS, CoverageReport,
                        PriorityCoverage, StandardLink, label)
from .data import GUIDE, PLACEMENT_HEADER, TITLE, pct, placement_rows
from .progress_html import progress_html
from .markdown import NOTES
from .html_assets import CSS, JS

if TYPE_CHECKING:
    from ..taxonomy import Taxonomy

STATUS_ORDER = ("gap", "revision_pending", "in_progress", "covered")


class InlineFigure(NamedTuple):
    """One figure for the page: ``lang`` zh / en ('' = shown in both), a caption, and SVG markup."""

    lang: str
    caption: str
    svg: str


def e(text: object) -> str:
    return html.escape("" if text is None else str(text), quote=True)


def bi(zh: str, en: str) -> str:
    """Both languages; CSS shows the one chosen."""
    if zh == en:
        return e(zh)
    return f'<span class="zh">{e(zh)}</span><span class="en">{e(en)}</span>'


def bl(table: dict[str, tuple[str, str]], key: str | None) -> str:
    return bi(label(table, key, "zh"), label(table, key, "en")) if key else ""


_SVG_PROLOGUE = re.compile(r"<\?xml.*?\?>|<!DOCTYPE[^>]*>|<!--.*?-->", re.S)


_SVG_SIZE = re.compile(r'<svg\b[^>]*?\bwidth="([0-9.]+)pt"[^>]*?\bheight="([0-9.]+)pt"')


def _is_wide(svg: str | bytes) -> bool:
    """A figure wider than tall prints on a landscape page (the print stylesheet's named page ``wide``)."""
    text = svg.decode("utf-8", "replace") if isinstance(svg, bytes) else svg
    m = _SVG_SIZE.search(text[:2000])
    return bool(m) and float(m[1]) > float(m[2])


def inline_svg(svg: str | bytes, id_prefix: str = "") -> str:
    """SVG markup safe to inline: without XML declaration, DOCTYPE (which names an external DTD) or comments,
    element ids prefixed (several figures on one page); refuses markup that could run code or fetch anything."""
    text = svg.decode("utf-8") if isinstance(svg, bytes) else svg
    text = _SVG_PROLOGUE.sub("", text).strip()
    if id_prefix and "url(#" not in text and 'href="#' not in text:
        text = re.sub(r'(<[^>]*\s)id="', lambda m: f'{m.group(1)}id="{id_prefix}', text)
    lowered = text.lower()
    if "<script" in lowered or "<foreignobject" in lowered or re.search(r"(href|src)\s*=\s*[\"']\s*(https?:|//|javascript:)", lowered):
        raise ValueError("refusing to inline an SVG with scripts or external references")
    return text




def _bar(n: object) -> str:
    total = getattr(n, "total", 0)
    if not total:
        return '<div class="bar" title="—"></div>'
    spans = "".join(f'<span class="s-{k}" style="width:{getattr(n, k) / total * 100:.2f}%"></span>'
                    for k in COUNTED_STATUSES if getattr(n, k))
    return f'<div class="bar" role="img" aria-label="{e(pct(getattr(n, "coverage")))}">{spans}</div>'


def _tag(status: str) -> str:
    return f'<span class="tag s-{status}">{bl(STATUS_LABELS, status)}</span>'


def _link_html(lk: StandardLink) -> str:
    how = bl(LINK_LABELS, lk.link)
    if lk.link == "inferred":
        how += " " + bl(BASIS_LABELS, lk.basis)
        if lk.basis == "title":
            how += f" {lk.score:.2f}"
            if lk.matched:
                how += " · " + e("、".join(lk.matched))
            if lk.doc_type is not None:
                how += " · " + bl(DOC_TYPE_LABELS, lk.doc_type) + " · " + bl(SCOPE_LABELS, lk.mine_scope)
    if not lk.decisive:
        how += " · " + bi("未计入", "not counted")
    if lk.placement == "inferred":
        how += " · " + bi("位置为推断", "placement inferred")
    status = "" if lk.status == "current" else f" [{bl(ENTRY_STATUS_LABELS, lk.status)}]"
    cls = ' class="inferred"' if lk.link == "inferred" else ""
    return (f"<li{cls}><b>{e(lk.designation or '—')}</b> 《{e(lk.title)}》{status} "
            f"<small>({how})</small></li>")


def _placements_html(report: CoverageReport, tx: "Taxonomy") -> list[str]:
    """The entries placed by the classifier (inferred, not the catalog's node ids), in their own section."""
    s = report.summary
    if not report.placements and not s.unplaced:
        return []
    out = ['<section id="placements"><h2>' + bi("推断的体系位置", "Inferred placements") + "</h2>"]
    if report.placements:
        out.append("<p>" + bi(f"{s.inferred_placements} 条标准目录未填体系编号，由归类器推断位置（{s.placements_to_review} 条需复核）。",
                              f"{s.inferred_placements} entries had no node id and were placed by the classifier "
                              f"({s.placements_to_review} to review).") + "</p>")
        zh, en = PLACEMENT_HEADER["zh"], PLACEMENT_HEADER["en"]
        out.append('<table class="sortable" id="placements-table"><thead><tr>'
                   + "".join(f"<th>{bi(a, b)}</th>" for a, b in zip(zh, en)) + "</tr></thead><tbody>")
        for row in placement_rows(report, tx, "zh"):
            out.append("<tr>" + "".join(f'<td{" class=n" if k in (0, 4) else ""}>{e(v)}</td>'
                                        for k, v in enumerate(row)) + "</tr>")
        out.append("</tbody></table>")
    if s.unplaced:
        out.append("<p>" + bi(f"{s.unplaced} 条标准没有有效的体系编号且未推断位置；其中现行和在编的只按全体系较高阈值匹配"
                              "（问题 COV005）。",
                              f"{s.unplaced} entries have no valid node and were not placed; the current or in-progress "
                              "ones among them are matched only across the whole tree at a higher threshold (COV005).")
                   + "</p>")
    out.append("</section>")
    return out


def _priority_row(p: PriorityCoverage, tx: "Taxonomy") -> str:
    search = " ".join([p.id, p.text, *(f"{lk.designation} {lk.title}" for lk in p.standards)]).lower()
    cat = tx.node(p.category)
    where = bi(cat.name, cat.name_en)
    if p.node != p.category:
        sub = tx.node(p.node)
        where += " › " + bi(sub.name, sub.name_en)
    detail = ""
    if p.reason:
        detail += f'<div class="muted">{bl(REASON_LABELS, p.reason)}</div>'
    if p.standards:
        detail += '<ul class="std">' + "".join(_link_html(lk) for lk in p.standards) + "</ul>"
    if p.near:
        detail += (f'<div class="muted">{bi("候选（未计入，待审核）", "candidates (not counted; to review)")}: '
                   + "; ".join(f"{e(lk.designation)} 《{e(lk.title)}》 " + (
                       f"{bl(BASIS_LABELS, 'term')}: {e('、'.join(lk.matched))}" if lk.basis == "term"
                       else f"{lk.score:.2f}") for lk in p.near) + "</div>")
    return (f'<tr data-status="{p.status}" data-subsystem="{p.subsystem}" data-search="{e(search)}">'
            f'<td data-sort="{e(p.id)}">{e(p.id)}</td><td>{where}</td><td>{e(p.text)}</td><td>{bl(ACTION_LABELS, p.action)}</td>'
            f'<td data-sort="{STATUS_ORDER.index(p.status)}">{_tag(p.status)}</td><td>{detail}</td></tr>')


def render_html(report: CoverageReport, tx: "Taxonomy", lang: str = "zh", *,
                figures: Sequence[InlineFigure | tuple[str, str, str]] = ()) -> str:
    """The whole page. ``figures``: (lang, caption, svg) triples shown in the figures section — the slot
    where :mod:`minestd.render.figures` puts the coverage-coloured diagrams (see :func:`inline_svg`)."""
    lang = "en" if lang == "en" else "zh"
    out = _head(report, tx, lang) + _summary_section(report) + _nodes_section(report)
    # the figures slot (filled by minestd.render.figures when available)
    out.append("<!-- FIGURES: inline SVG figures (minestd.render.figures) -->")
    out += _figures_section(figures) + _priorities_section(report, tx) + _statistics_section(report)
    out += _catalog_section(report, tx) + progress_html(report, tx) + _placements_html(report, tx)
    out += _findings_section(report) + _tail(report)
    return "\n".join(out) + "\n"


def _head(report: CoverageReport, tx: "Taxonomy", lang: str) -> list[str]:
    """Document head, language switch and the report's title line."""
    s = report.summary
    title_zh, title_en = TITLE
    scope_zh = "全体系" if s.scope == "root" else f"{s.scope} {tx.path_label(s.scope, 'zh')}"
    scope_en = "whole system" if s.scope == "root" else f"{s.scope} {tx.path_label(s.scope, 'en')}"
    return [
        "<!DOCTYPE html>",
        f'<html lang="{lang}" data-lang="{lang}" data-default-lang="{lang}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
        "script-src 'unsafe-inline'; img-src data:\">",
        f"<title>{e(title_en if lang == 'en' else title_zh)} — {e(s.catalog)}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
        "<header>",
        '<div class="langs"><button type="button" data-set-lang="zh">中文</button> '
        '<button type="button" data-set-lang="en">English</button></div>',
        f"<h1>{bi(title_zh, title_en)}</h1>",
        f'<p class="meta">{bi("《" + GUIDE[0] + "》", GUIDE[1])} {e(s.document_number)} ({e(s.guide_date.isoformat())}) · '
        f'{bi("标准目录", "catalog")}: <b id="catalog-name">{e(s.catalog or "—")}</b> ({s.entries}) · '
        f'{bi("范围", "scope")}: {bi(scope_zh, scope_en)} · {bi("报告日期", "date")}: {e(s.today.isoformat())} · '
        f'{bi("推断阈值", "threshold")}: {s.threshold:g}</p>',
        "</header>",
        "<main>",
    ]


def _summary_section(report: CoverageReport) -> list[str]:
    """The summary cards: one per status (a click filters the priorities), the coverage and the disaster ratio."""
    s = report.summary
    out = ['<section id="summary"><h2>' + bi("概况", "Summary") + "</h2><div class=\"cards\">"]
    for k in STATUS_ORDER[::-1]:
        out.append(f'<div class="card {k}" data-filter-status="{k}" id="card-{k}"><b>{getattr(s, k)}</b>'
                   f"{bl(STATUS_LABELS, k)}</div>")
    out.append(f'<div class="card ratio" id="card-coverage"><b>{pct(s.coverage)}</b>{bi("覆盖率", "coverage")} '
               f'<span class="muted">({s.covered}/{s.total})</span></div>')
    if s.scope == "root":
        d = s.disaster
        out.append(f'<div class="card ratio" id="card-disaster"><b>{pct(d.coverage)}</b>'
                   f'{bi("灾害防治子体系 ★", "disaster subsystems ★")} <span class="muted">({d.covered}/{d.total}, '
                   f'{bi("缺失", "gaps")} {d.gap})</span></div>')
    out.append("</div></section>")
    return out




def _nodes_section(report: CoverageReport) -> list[str]:
    """Coverage by subsystem (or by category, for a report on one subsystem), with a total row."""
    s = report.summary
    out = ['<section id="nodes"><h2>' + (bi("各子体系覆盖情况", "Coverage by subsystem") if s.scope == "root"
                                         else bi("各类别覆盖情况", "Coverage by category")) + "</h2>"]
    out.append('<table class="sortable" id="node-table"><thead><tr>'
               f'<th>{bi("编号", "ID")}</th><th>{bi("名称", "name")}</th><th>{bi("覆盖情况", "coverage")}</th>'
               f'<th class="n">%</th><th class="n">{bi("建设重点", "priorities")}</th>'
               + "".join(f'<th class="n">{bl(STATUS_LABELS, k)}</th>' for k in COUNTED_STATUSES)
               + f'<th class="n">{bi("有效标准", "valid standards")}</th></tr></thead><tbody>')
    for n in report.table_nodes():
        hl = n.highlighted and n.kind == "subsystem"
        star = " ★" if hl else ""
        cov = "" if n.coverage is None else f"{n.coverage:.4f}"
        attr = f' data-filter-subsystem="{n.id}"' if n.kind == "subsystem" else ""
        cls = ' class="hl"' if hl else ""
        out.append(f'<tr{cls}{attr} id="node-{n.id}"><td>{e(n.id)}</td>'
                   f"<td>{bi(n.name, n.name_en)}{star}</td><td data-sort=\"{cov or -1}\">{_bar(n)}</td>"
                   f'<td class="n" data-sort="{cov or -1}">{pct(n.coverage)}</td><td class="n">{n.total}</td>'
                   + "".join(f'<td class="n">{getattr(n, k)}</td>' for k in COUNTED_STATUSES)
                   + f'<td class="n">{n.standards}</td></tr>')
    out.append(f'</tbody><tfoot><tr><td></td><td><b>{bi("合计", "total")}</b></td><td>{_bar(s)}</td>'
               f'<td class="n"><b>{pct(s.coverage)}</b></td><td class="n">{s.total}</td>'
               + "".join(f'<td class="n">{getattr(s, k)}</td>' for k in COUNTED_STATUSES)
               + f'<td class="n">{s.placed_active}</td></tr></tfoot></table>')
    if s.scope == "root":
        out.append(f'<p class="muted">★ {bi("灾害防治重点子体系（瓦斯、火灾、水害、地压）", "disaster-prevention subsystems (gas, fire, water, ground pressure)")}</p>')
    out.append("</section>")
    return out


def _figures_section(figures: Sequence[InlineFigure | tuple[str, str, str]]) -> list[str]:
    """The figures: the first of each language open, the others folded, so that the tables stay near the top."""
    if not figures:
        return []
    out = ['<section id="figures"><h2>' + bi("体系结构图（按覆盖情况着色）", "System diagrams (coloured by coverage)")
           + "</h2>"]
    seen: dict[str, int] = {}
    folded: dict[str, list[str]] = {}
    for k, fig in enumerate(figures, start=1):
        fig_lang, caption, svg = fig
        cls = (f" {fig_lang}" if fig_lang in ("zh", "en") else "") + (" wide" if _is_wide(svg) else "")
        block = (f'<figure class="figure{cls}">{inline_svg(svg, f"fig{k}-")}'
                 f"<figcaption>{e(caption)}</figcaption></figure>")
        seen[fig_lang] = seen.get(fig_lang, 0) + 1
        if seen[fig_lang] == 1:
            out.append(block)
        else:
            folded.setdefault(fig_lang, []).append(block)
    for fig_lang, blocks in folded.items():
        cls = f' class="{fig_lang}"' if fig_lang in ("zh", "en") else ""
        word = f"展开其余 {len(blocks)} 幅图" if fig_lang == "zh" else f"show {len(blocks)} more figures"
        out.append(f"<details{cls}><summary>{e(word)}</summary>" + "".join(blocks) + "</details>")
    out.append("</section>")
    return out


def _priorities_section(report: CoverageReport, tx: "Taxonomy") -> list[str]:
    """The priorities in detail, with the status / subsystem / search filters and the count of rows shown."""
    out = ['<section id="priorities"><h2>' + bi("建设重点明细", "Priorities in detail") + "</h2>",
           '<div class="filters" id="filters"><span>' + bi("状态", "status") + ":</span>"]
    for k in STATUS_ORDER:
        count = sum(1 for p in report.priorities if p.status == k)
        out.append(f'<label><input type="checkbox" name="status" value="{k}" checked> {bl(STATUS_LABELS, k)} '
                   f'<span class="muted">({count})</span></label>')
    out.append('<label>' + bi("子体系", "subsystem") + ': <select id="f-subsystem"><option value="">'
               + e("全部 / all") + "</option>")
    for sid in sorted({p.subsystem for p in report.priorities}):
        node = tx.node(sid)
        out.append(f'<option value="{sid}">{e(sid)} {e(node.name)} / {e(node.name_en)}</option>')
    out.append("</select></label>")
    out.append('<label>' + bi("搜索", "search") + ': <input type="search" id="f-q" '
               'placeholder="编号、文字、标准 / id, text, standard"></label>')
    out.append(f'<span id="shown">{bi("显示", "showing")} <b id="shown-count">{len(report.priorities)}</b> / '
               f'{len(report.priorities)}</span></div>')
    out.append('<table class="sortable" id="priority-table"><thead><tr>'
               f'<th>{bi("编号", "ID")}</th><th>{bi("类别", "category")}</th><th>{bi("建设重点", "priority")}</th>'
               f'<th>{bi("行动", "action")}</th><th>{bi("状态", "status")}</th>'
               f'<th>{bi("原因 / 相关标准", "reason / standards")}</th></tr></thead><tbody>')
    out += [_priority_row(p, tx) for p in report.priorities]
    out.append("</tbody></table></section>")
    return out


def _statistics_section(report: CoverageReport) -> list[str]:
    """Standards per subsystem by status, by level and by mine type."""
    st = report.statistics
    out = ['<section id="statistics"><h2>' + bi("统计表", "Statistics") + "</h2>"]
    for ident, title, columns, attr, table in (
            ("stat-status", ("按标准状态", "by status"), st.statuses, "by_status", ENTRY_STATUS_LABELS),
            ("stat-level", ("按标准层级", "by level"), st.levels, "by_level", LEVEL_LABELS),
            ("stat-scope", ("按适用矿山", "by mine type"), st.scopes, "by_scope", SCOPE_LABELS)):
        out.append(f"<h3>{bi(*title)}</h3>")
        out.append(f'<table class="sortable" id="{ident}"><thead><tr><th>{bi("编号", "ID")}</th>'
                   f'<th>{bi("名称", "name")}</th>' + "".join(f'<th class="n">{bl(table, c)}</th>' for c in columns)
                   + f'<th class="n">{bi("合计", "total")}</th></tr></thead><tbody>')
        for r in st.rows:
            cls = ' class="hl"' if r.highlighted else ""
            out.append(f'<tr{cls}><td>{e(r.id if r.id != "unplaced" else "")}</td>'
                       f"<td>{bi(r.name, r.name_en)}</td>"
                       + "".join(f'<td class="n">{getattr(r, attr)[c]}</td>' for c in columns)
                       + f'<td class="n">{r.total}</td></tr>')
        t = st.total
        out.append(f'</tbody><tfoot><tr><td></td><td><b>{bi("合计", "total")}</b></td>'
                   + "".join(f'<td class="n">{getattr(t, attr)[c]}</td>' for c in columns)
                   + f'<td class="n"><b>{t.total}</b></td></tr></tfoot></table>')
    out.append("</section>")
    return out


def _catalog_section(report: CoverageReport, tx: "Taxonomy") -> list[str]:
    """The catalog as placed, folded."""
    out = ['<section id="catalog"><h2>' + bi("标准目录（按归类）", "The catalog as placed") + "</h2>",
           f"<details><summary>{bi('展开', 'show')} {len(report.entries)} {bi('条标准', 'standards')}</summary>",
           '<table class="sortable" id="catalog-table"><thead><tr>'
           f'<th>{bi("行号", "row")}</th><th>{bi("标准编号", "designation")}</th><th>{bi("标准名称", "title")}</th>'
           f'<th>{bi("状态", "status")}</th><th>{bi("层级", "level")}</th><th>{bi("适用矿山", "mines")}</th>'
           f'<th>{bi("归类节点", "nodes")}</th><th>{bi("关联建设重点", "priorities")}</th></tr></thead><tbody>']
    for en_ in report.entries:
        out.append(f'<tr><td class="n">{e(en_.row)}</td><td>{e(en_.designation)}</td><td>{e(en_.title)}</td>'
                   f"<td>{bl(ENTRY_STATUS_LABELS, en_.status)}</td><td>{bl(LEVEL_LABELS, en_.level)}</td>"
                   f"<td>{bl(SCOPE_LABELS, en_.mine_scope)}</td>"
                   f'<td title="{e(" | ".join(tx.path_label(n) for n in en_.nodes))}">{e("; ".join(en_.nodes))}</td>'
                   f"<td>{e('; '.join(en_.priorities))}</td></tr>")
    out.append("</tbody></table></details></section>")
    return out


def _findings_section(report: CoverageReport) -> list[str]:
    """Catalog problems met on the way (the first 500)."""
    if not report.findings:
        return []
    out = ['<section id="findings"><h2>' + bi("目录问题", "Catalog problems") + f" ({len(report.findings)})</h2><ul>"]
    out += [f"<li>{bi('行', 'row')} {e(f.row)}, {e(f.field)}: {e(f.message)} — {e(f.fix)}</li>"
            for f in report.findings[:500]]
    out.append("</ul></section>")
    return out


def _tail(report: CoverageReport) -> list[str]:
    """Notes, footer, the summary as JSON for scripts, and the page's script."""
    s = report.summary
    out = ['<section id="notes"><h2>' + bi("说明", "Notes") + "</h2>"]
    fmt = {"guide_date": s.guide_date.isoformat(), "threshold": f"{s.threshold:g}"}
    for zh, en in zip(NOTES["zh"], NOTES["en"]):
        out.append(f"<p>{_md_bold(zh.format(**fmt), 'zh')}{_md_bold(en.format(**fmt), 'en')}</p>")
    out.append("</section></main>")
    out.append(f'<footer>minestd · {e(s.edition)} · {bi("生成于", "generated")} {e(s.today.isoformat())}</footer>')
    summary = {k: getattr(s, k) for k in ("total", "covered", "in_progress", "revision_pending", "gap")}
    out.append('<script type="application/json" id="summary-data">'
               + json.dumps(summary).replace("<", "\\u003c") + "</script>")
    out.append(f"<script>{JS}</script>")
    out.append("</body></html>")
    return out


def _md_bold(text: str, lang: str) -> str:
    parts = e(text).split("**")
    inner = "".join(f"<b>{p}</b>" if k % 2 else p for k, p in enumerate(parts))
    return f'<span class="{lang}">{inner}</span>'


__all__ = ["InlineFigure", "render_html", "inline_svg"]

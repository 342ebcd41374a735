"""The HTML report's section on progress since a previous report (``minestd report CATALOG --compare PREVIOUS``):
the sentence, the items whose status changed, gaps per subsystem before and now, links added and removed — in both
languages, like the rest of the page."""
from __future__ import annotations

from typing import TYPE_CHECKING

from .data import (LINK_CHANGE_HEADER, PROGRESS_HEADER, SUBSYSTEM_PROGRESS_HEADER, link_change_rows, progress_line,
                   progress_rows, subsystem_progress_rows)

if TYPE_CHECKING:
    from ..coverage import CoverageReport
    from ..taxonomy import Taxonomy

MAX_LINK_ROWS = 500


def progress_html(report: "CoverageReport", tx: "Taxonomy") -> list[str]:
    """The section (empty without a previous report)."""
    from .html import bi

    if report.progress is None:
        return []
    out = ['<section id="progress"><h2>' + bi("与上期报告相比的进展", "Progress since the previous report") + "</h2>",
           "<p>" + bi(progress_line(report, "zh"), progress_line(report, "en")) + "</p>"]
    tables = ((PROGRESS_HEADER, progress_rows(report, "zh"), progress_rows(report, "en"), "progress-items"),
              (SUBSYSTEM_PROGRESS_HEADER, subsystem_progress_rows(report, tx, "zh"),
               subsystem_progress_rows(report, tx, "en"), "progress-subsystems"),
              (LINK_CHANGE_HEADER, link_change_rows(report, "zh")[:MAX_LINK_ROWS],
               link_change_rows(report, "en")[:MAX_LINK_ROWS], "progress-links"))
    for header, rows_zh, rows_en, ident in tables:
        if not rows_zh:
            continue
        out.append(f'<table class="sortable" id="{ident}"><thead><tr>'
                   + "".join(f"<th>{bi(a, b)}</th>" for a, b in zip(header["zh"], header["en"])) + "</tr></thead><tbody>")
        for zh, en in zip(rows_zh, rows_en):
            out.append("<tr>" + "".join(f'<td{" class=n" if isinstance(a, int) else ""}>{bi(str(a), str(b))}</td>'
                                        for a, b in zip(zh, en)) + "</tr>")
        out.append("</tbody></table>")
    out.append("</section>")
    return out

"""The 标准体系表 (standard system table) of a catalog, as GB/T 13016 lays it out — pure core.

A system table is three things read together: the structure diagram (the guide's Figures 1–16), the **明细表**
(every standard, ordered by its place in the system — 体系编号 — with every column of the catalog) and the
**统计表** (per subsystem: how many standards exist, how many are being written, how many the guide still asks for,
and the share that exists). Here:

* 现有数 (existing): distinct current standards placed in the subsystem; 在编数: distinct drafts, approved
  projects and plans; 待制定数: the guide's priority items of the subsystem still open (gap);
  应有数 = 现有 + 在编 + 待制定; 占比 = 现有 / 应有. Standards by level (national … enterprise) are counted too.
* A standard listed on several rows (same designation, or same title when it has none) is counted once; the
  明细表 keeps every row and marks the repeats, and the notes say how many there were.
* Superseded and withdrawn standards stay in the 明细表 (with their status) and are not counted.

No printing, no file IO: :func:`system_table` takes the catalog and its gap report.
"""
from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from .coverage.vocabulary import LEVELS
from .entry import ACTIVE_STATUSES, IN_PROGRESS_STATUSES, Catalog, fold
from .model import Frozen

if TYPE_CHECKING:
    from .coverage import CoverageReport, PlacedEntry
    from .taxonomy import Taxonomy

__all__ = ["TableRow", "CountRow", "SystemTable", "system_table"]


class TableRow(Frozen):
    """One row of the 明细表: a catalog row with its place in the system."""

    number: int                             # 序号 (1, 2, … in 体系编号 order)
    row: int | None = None                  # the catalog's row
    node: str = ""                          # 体系编号: the first valid node ("" = not placed)
    path: str = ""                          # the node's path in the tree
    placement: str = ""                     # catalog / inferred / reviewed ("" = not placed)
    designation: str = ""
    title: str = ""
    status: str = ""                        # status code (current, draft, …)
    level: str = ""                         # national, industry, local, group, enterprise, unknown
    priorities: tuple[str, ...] = ()        # priority items it answers (explicit or inferred)
    repeat_of: int | None = None            # an earlier catalog row listing the same standard
    cells: tuple[str, ...] = ()             # every column of the catalog, as read (SystemTable.columns)


class CountRow(Frozen):
    """One row of the 统计表."""

    id: str                                  # subsystem id ("" = not placed, "total" = 合计)
    name: str
    name_en: str
    existing: int = 0                        # 现有数: current standards, counted once
    in_progress: int = 0                     # 在编数
    open_items: int = 0                      # 待制定数: priority items still gaps
    by_level: dict[str, int] = {}           # current + in progress standards by level

    @property
    def should(self) -> int:
        """应有数 = 现有 + 在编 + 待制定."""
        return self.existing + self.in_progress + self.open_items

    @property
    def share(self) -> float | None:
        """现有数 / 应有数 (None when nothing is due)."""
        return round(self.existing / self.should, 4) if self.should else None


class SystemTable(Frozen):
    columns: tuple[str, ...] = ()            # the catalog's header, as written
    fields: tuple[str, ...] = ()             # the Entry field of each column ("" = the catalog's own column)
    rows: tuple[TableRow, ...]
    counts: tuple[CountRow, ...]             # per subsystem in the guide's order, then 未归入, then 合计
    repeats: int = 0                         # rows that repeat a standard listed earlier
    catalog: str = ""


def _key(designation: str, title: str) -> str:
    """The same standard: same designation, or same title when it has none (case, width and spaces folded)."""
    return fold(designation.strip() or title.strip())


def _order(tx: "Taxonomy") -> dict[str, int]:
    return {n.id: k for k, n in enumerate(tx.nodes())}


def system_table(tx: "Taxonomy", catalog: Catalog, report: "CoverageReport") -> SystemTable:
    """The 明细表 and 统计表 of ``catalog`` (its gap report ``report`` gives the places — the catalog's node ids
    or the inferred ones — the levels and the linked priority items)."""
    if not isinstance(catalog, Catalog):
        raise TypeError(f"catalog must be a Catalog (minestd.io.catalog.read_catalog), not {type(catalog).__name__}")
    placed = {e.row: e for e in report.entries}
    order = _order(tx)
    entries = sorted(catalog.entries, key=lambda e: _sort_key(placed.get(e.row), e.designation, order))
    first: dict[str, int | None] = {}
    rows: list[TableRow] = []
    for number, entry in enumerate(entries, start=1):
        p = placed.get(entry.row)
        designation = p.designation if p is not None else entry.designation
        key = _key(designation, entry.title)
        repeat = first.get(key) if key else None
        if key and key not in first:
            first[key] = entry.row
        node = p.nodes[0] if p is not None and p.nodes else ""
        rows.append(TableRow(
            number=number, row=entry.row, node=node, path=tx.path_label(node) if node else "",
            placement=p.placement if p is not None and node else "", designation=designation, title=entry.title,
            status=p.status if p is not None else entry.status, level=p.level if p is not None else "unknown",
            priorities=p.priorities if p is not None else (), repeat_of=repeat if repeat != entry.row else None,
            cells=tuple(entry.value(field or header) for header, field in catalog.mapping)))
    return SystemTable(columns=tuple(h for h, _ in catalog.mapping), fields=tuple(f for _, f in catalog.mapping),
                       rows=tuple(rows), counts=_counts(tx, rows, report), catalog=catalog.source,
                       repeats=sum(1 for r in rows if r.repeat_of is not None))


def _sort_key(p: "PlacedEntry | None", designation: str, order: dict[str, int]) -> tuple:
    node = p.nodes[0] if p is not None and p.nodes else ""
    level = LEVELS.index(p.level) if p is not None and p.level in LEVELS else len(LEVELS)
    return (order.get(node, len(order)), level, designation.strip() == "", designation, p.row if p else 0)


def _counts(tx: "Taxonomy", rows: list[TableRow], report: "CoverageReport") -> tuple[CountRow, ...]:
    subsystems = tx.children()
    tallies: dict[str, dict] = {s.id: {"existing": 0, "in_progress": 0, "open_items": 0,
                                       "by_level": dict.fromkeys(LEVELS, 0)} for s in [*subsystems]}
    tallies[""] = {"existing": 0, "in_progress": 0, "open_items": 0, "by_level": dict.fromkeys(LEVELS, 0)}
    for r in rows:
        if r.repeat_of is not None or r.status not in ACTIVE_STATUSES:
            continue
        t = tallies[r.node.split(".")[0] if r.node else ""]
        t["in_progress" if r.status in IN_PROGRESS_STATUSES else "existing"] += 1
        t["by_level"][r.level if r.level in LEVELS else "unknown"] += 1
    for p in report.priorities:
        if p.status == "gap":
            tallies[p.subsystem]["open_items"] += 1
    out = [CountRow(id=s.id, name=s.name, name_en=s.name_en, **tallies[s.id]) for s in subsystems]
    out.append(CountRow(id="", name="未归入体系", name_en="not placed", **tallies[""]))
    total: dict = defaultdict(int)
    levels = dict.fromkeys(LEVELS, 0)
    for row in out:
        for k in ("existing", "in_progress", "open_items"):
            total[k] += getattr(row, k)
        for level, n in row.by_level.items():
            levels[level] += n
    out.append(CountRow(id="total", name="合计", name_en="total", by_level=levels, **total))
    return tuple(out)

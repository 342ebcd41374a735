"""Stage "statistics": the catalog as placed, and the standards by node × status, level and mine scope."""
from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING


from ..model import ROOT_ID

if TYPE_CHECKING:
    from ..taxonomy import Taxonomy

from .matching import _Matcher
from .models import StatRow, Statistics
from .standards import _Raw, _Std
from .vocabulary import LEVELS, STAT_SCOPES, STAT_STATUSES, highlighted_of

def _placed_entries(scope: str, stds: list[_Std], links: list[dict[int, _Raw]],
                    matcher: _Matcher) -> tuple[tuple[tuple, ...], int]:
    linked: dict[int, list[str]] = defaultdict(list)
    for j, found in enumerate(links):
        for i in found:
            linked[i].append(matcher.priorities[j].id)
    out = []
    in_scope = 0
    for s in stds:
        if scope != ROOT_ID and not any(n == scope or n.startswith(scope + ".") for n in s.nodes):
            continue
        in_scope += bool(s.nodes)
        e = s.entry
        out.append((e.row, s.designation, e.title, s.status, s.level, s.scope, e.published, s.nodes,
                    tuple(linked.get(s.i, ())), s.placement, e.effective, e.replaces, e.extra))
    return tuple(out), in_scope


def _statistics(tx: "Taxonomy", scope: str, stds: list[_Std]) -> Statistics:
    rows_nodes = tx.children(scope) if tx.node(scope).kind != "subcategory" else [tx.node(scope)]
    depth = len(rows_nodes[0].id.split(".")) if rows_nodes else 1

    def empty(ident: str, name: str, name_en: str, highlighted: bool = False) -> dict:
        return {"id": ident, "name": name, "name_en": name_en, "highlighted": highlighted, "total": 0,
                "by_status": dict.fromkeys(STAT_STATUSES, 0), "by_level": dict.fromkeys(LEVELS, 0),
                "by_scope": dict.fromkeys(STAT_SCOPES, 0)}

    highlighted = highlighted_of(tx)
    rows = {n.id: empty(n.id, n.name, n.name_en, n.id.split(".")[0] in highlighted) for n in rows_nodes}
    here = tx.node(scope)
    direct = empty(scope, f"{here.name}（本级）", f"{here.name_en} (this level)")
    unplaced = empty("unplaced", "未归类", "not placed")
    total = empty("total", "合计", "total")

    def add(acc: dict, status: str, level: str, mine: str, n: int) -> None:
        acc["total"] += n
        acc["by_status"][status] += n
        acc["by_level"][level if level in LEVELS else "unknown"] += n
        acc["by_scope"][mine] += n

    def row_keys(nodes: tuple[str, ...]) -> tuple[str, ...] | None:
        """The rows an entry placed on ``nodes`` counts in; () = not placed; None = outside the scope."""
        if scope != ROOT_ID:
            nodes = tuple(n for n in nodes if n == scope or n.startswith(scope + "."))
            if not nodes:
                return None
        return tuple(dict.fromkeys(".".join(n.split(".")[:depth]) if n.count(".") + 1 >= depth else scope
                                   for n in nodes))

    # count distinct (rows, status, level, mine scope) combinations, then spread them over the rows
    groups: dict[tuple, int] = defaultdict(int)
    cache: dict[tuple[str, ...], tuple[str, ...] | None] = {}
    for s in stds:
        if s.nodes in cache:
            keys = cache[s.nodes]
        else:
            keys = cache[s.nodes] = row_keys(s.nodes)
        if keys is not None:
            groups[(keys, s.status, s.level, s.scope)] += 1
    for (keys, status, level, mine), n in groups.items():
        for k in keys:
            add(rows[k] if k in rows else direct, status, level, mine, n)
        if not keys:
            add(unplaced, status, level, mine, n)
        add(total, status, level, mine, n)
    out_rows = [StatRow(**r) for r in rows.values()]
    if scope != ROOT_ID and direct["total"]:
        out_rows.insert(0, StatRow(**direct))
    if scope == ROOT_ID and unplaced["total"]:
        out_rows.append(StatRow(**unplaced))
    return Statistics(rows=tuple(out_rows), total=StatRow(**total))

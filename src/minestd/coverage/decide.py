"""Stage "decide": other editions of linked standards, the status of each item, and the roll-up up the tree."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING


from ..entry import (IN_PROGRESS_STATUSES)
from ..model import ROOT_ID, Priority

if TYPE_CHECKING:
    from ..taxonomy import Taxonomy

from .models import NodeCoverage, Tally
from .standards import _Raw, _Std
from .vocabulary import highlighted_of

def _with_editions(found: dict[int, _Raw], stds: list[_Std], by_key: dict[str, list[int]],
                   replacing: dict[str, list[int]], has_explicit: bool) -> dict[int, _Raw]:
    """Add the other editions of the standards a 修订 item is linked to (same key, replaces/replaced_by)."""
    seeds = [i for i, raw in found.items() if raw[0] == "explicit" or not has_explicit]
    keys: set[str] = set()
    frontier = [stds[i] for i in seeds]
    out = dict(found)
    while frontier:
        s = frontier.pop()
        new_keys = {s.key} if s.key else set()
        new_keys |= {k for k in (_key_of(v) for v in s.entry.replaced_by) if k}
        for key in new_keys - keys:
            keys.add(key)
            for i in (*by_key.get(key, ()), *replacing.get(key, ())):
                if i not in out or (has_explicit and out[i][0] != "explicit" and out[i][1] != "edition"):
                    out[i] = ("inferred", "edition", 1.0, (key,))
                    frontier.append(stds[i])
    return out


@lru_cache(maxsize=4096)
def _key_of(raw: str) -> str | None:
    from ..designation import parse

    d = parse(raw).designation
    return d.key() if d is not None else None


def _decide(p: Priority, decisive: list[_Std], guide_date: dt.date) -> tuple[str, str | None]:
    statuses = {s.status for s in decisive}
    if p.action == "修订":
        if any(s.status == "current" and s.newer(guide_date) for s in decisive):
            return "covered", None
        if statuses & IN_PROGRESS_STATUSES:
            return "in_progress", None
        if "current" in statuses:
            return "revision_pending", "not_revised"
        return "gap", None
    if "current" in statuses:
        return "covered", None
    if statuses & IN_PROGRESS_STATUSES:
        return "in_progress", None
    return "gap", None


COUNTED_STATUSES = ("covered", "in_progress", "revision_pending", "gap")


def tally_tree(tx: "Taxonomy", items: Iterable[object]) -> dict[str, Tally]:
    """Roll per-priority results up the tree: ``items`` have ``node`` (the priority's node id) and ``status``
    (covered / in_progress / revision_pending / gap), e.g. ``CoverageReport.priorities``. Every node on the
    path, root included, counts the priorities of its subtree; nodes without any are absent."""
    counts: dict[str, dict[str, int]] = {}
    for item in items:
        node_id, status = getattr(item, "node"), getattr(item, "status")
        if status not in COUNTED_STATUSES:
            raise ValueError(f"unknown coverage status {status!r} for a priority of node {node_id!r}")
        for ident in [ROOT_ID] + [n.id for n in tx.path(node_id)]:
            tally = counts.setdefault(ident, dict.fromkeys(("total",) + COUNTED_STATUSES, 0))
            tally["total"] += 1
            tally[status] += 1
    return {ident: Tally(**tally) for ident, tally in counts.items()}


def _roll_up(tx: "Taxonomy", scope: str, tallies: dict[str, Tally],
             placed_active: dict[str, int]) -> tuple[NodeCoverage, ...]:
    highlighted = highlighted_of(tx)
    kinds = {"subsystem", "category"}
    if tx.node(scope).kind == "subcategory":   # a sub-category scope: its own row
        kinds.add("subcategory")
    out = []
    for n in tx.walk(scope):
        if n.kind not in kinds:
            continue
        t = tallies.get(n.id, Tally())
        out.append(NodeCoverage(**t.model_dump(), id=n.id, kind=n.kind, name=n.name, name_en=n.name_en,
                                parent=n.parent, highlighted=n.id.split(".")[0] in highlighted,
                                standards=placed_active.get(n.id, 0)))
    return tuple(out)

"""Progress between two gap reports (``minestd report CATALOG --compare PREVIOUS``) — pure core.

The previous report is the JSON a committee kept (``gaps.json`` of a report folder, or ``minestd gaps --format
json``): any minestd version that wrote ``priorities[].id/status/standards``. :func:`compare` sets the current
report beside it and says, per priority item, what changed — newly covered, newly in progress, newly named for
revision, fallen back, still a gap — which links were added or removed, and the counts per subsystem before and
after. Items only one of the two reports has (another edition of the guide) are listed as such, never guessed.

No printing, no file IO.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from .model import Frozen

if TYPE_CHECKING:
    from .coverage import CoverageReport

__all__ = ["ItemChange", "LinkChange", "SubsystemProgress", "Progress", "compare", "previous_items", "CHANGE_KINDS", "STATUS_RANK"]

#: How far an item has come: a gap, named for revision, in progress, covered.
STATUS_RANK = {"gap": 0, "revision_pending": 1, "in_progress": 2, "covered": 3}
#: Kinds of change, in the order reports list them.
CHANGE_KINDS = ("newly_covered", "newly_in_progress", "newly_revision_pending", "regressed", "still_gap",
                "unchanged", "new_item", "dropped_item")


class ItemChange(Frozen):
    id: str
    text: str = ""
    subsystem: str = ""
    before: str = ""          # status in the previous report ("" = not in it)
    after: str = ""           # status now ("" = not in the current report)
    kind: str


class LinkChange(Frozen):
    priority: str
    standard: str             # designation, else title
    title: str = ""
    kind: str                 # added / removed


class SubsystemProgress(Frozen):
    subsystem: str
    before: dict[str, int]    # status -> items, previous report
    after: dict[str, int]     # status -> items, now


class Progress(Frozen):
    previous: str = ""                    # where the previous report came from (file name)
    previous_date: str = ""
    previous_catalog: str = ""
    items: tuple[ItemChange, ...] = ()    # every item of either report, in the current report's order
    links: tuple[LinkChange, ...] = ()
    subsystems: tuple[SubsystemProgress, ...] = ()

    def counts(self) -> dict[str, int]:
        """kind -> items, for every kind in :data:`CHANGE_KINDS`."""
        out = dict.fromkeys(CHANGE_KINDS, 0)
        for item in self.items:
            out[item.kind] += 1
        return out

    def of_kind(self, *kinds: str) -> tuple[ItemChange, ...]:
        return tuple(i for i in self.items if i.kind in kinds)

    def to_dict(self) -> dict[str, Any]:
        return {"previous": self.previous, "previous_date": self.previous_date,
                "previous_catalog": self.previous_catalog, "counts": self.counts(),
                "items": [i.model_dump() for i in self.items if i.kind not in ("unchanged", "still_gap")],
                "links": [lk.model_dump() for lk in self.links],
                "subsystems": [s.model_dump() for s in self.subsystems]}


def _kind(before: str, after: str) -> str:
    if not before:
        return "new_item"
    if not after:
        return "dropped_item"
    if before == after:
        return "still_gap" if after == "gap" else "unchanged"
    if STATUS_RANK.get(after, 0) < STATUS_RANK.get(before, 0):
        return "regressed"
    return {"covered": "newly_covered", "in_progress": "newly_in_progress",
            "revision_pending": "newly_revision_pending"}.get(after, "regressed")


def previous_items(previous: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    """id -> priority record of the previous report; ValueError naming the field for a report of another shape."""
    if not isinstance(previous, Mapping):
        raise TypeError(f"previous must be the JSON object of a gap report, not {type(previous).__name__}")
    items = previous.get("priorities")
    if not isinstance(items, list):
        raise ValueError("the previous report has no 'priorities' list (is it gaps.json of minestd gaps/report?)")
    out: dict[str, Mapping[str, Any]] = {}
    for k, item in enumerate(items):
        if not isinstance(item, Mapping) or not isinstance(item.get("id"), str) or \
                item.get("status") not in STATUS_RANK:
            raise ValueError(f"the previous report's priorities[{k}] has no id or no known status "
                             f"({', '.join(STATUS_RANK)})")
        out[item["id"]] = item
    return out


def _links(item: Mapping[str, Any] | None) -> dict[str, str]:
    """standard key -> title, of the links that counted (not near misses)."""
    if not item:
        return {}
    out: dict[str, str] = {}
    for lk in item.get("standards") or ():
        if isinstance(lk, Mapping):
            key = str(lk.get("designation") or lk.get("title") or "").strip()
            if key:
                out[key] = str(lk.get("title") or "")
    return out


def _tally(statuses: Mapping[str, str], subsystem_of: Mapping[str, str]) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    for pid, status in statuses.items():
        counts = out.setdefault(subsystem_of.get(pid, ""), dict.fromkeys(STATUS_RANK, 0))
        counts[status] = counts.get(status, 0) + 1
    return out


def compare(current: "CoverageReport", previous: Mapping[str, Any], *, name: str = "") -> Progress:
    """What changed from ``previous`` (a gap report's JSON object) to ``current``. ``name``: where the previous
    report came from, shown in reports. TypeError / ValueError for a previous report of another shape."""
    before = previous_items(previous)
    now = {p.id: p for p in current.priorities}
    items: list[ItemChange] = []
    links: list[LinkChange] = []
    for pid in list(now) + [pid for pid in before if pid not in now]:
        p, old = now.get(pid), before.get(pid)
        status_before = str(old.get("status")) if old else ""
        items.append(ItemChange(id=pid, text=p.text if p else str(old.get("text") or ""),
                                subsystem=p.subsystem if p else str(old.get("subsystem") or pid[:2]),
                                before=status_before, after=p.status if p else "",
                                kind=_kind(status_before, p.status if p else "")))
        then = _links(old)
        current_links = {(lk.designation or lk.title).strip(): lk.title for lk in (p.standards if p else ())}
        links += [LinkChange(priority=pid, standard=k, title=t, kind="added")
                  for k, t in current_links.items() if k and k not in then]
        links += [LinkChange(priority=pid, standard=k, title=t, kind="removed")
                  for k, t in then.items() if k not in current_links]
    subsystem_of = {i.id: i.subsystem for i in items}
    tally_before = _tally({i.id: i.before for i in items if i.before}, subsystem_of)
    tally_after = _tally({i.id: i.after for i in items if i.after}, subsystem_of)
    empty = dict.fromkeys(STATUS_RANK, 0)
    subsystems = tuple(SubsystemProgress(subsystem=s, before=tally_before.get(s, empty), after=tally_after.get(s, empty))
                       for s in sorted(set(tally_before) | set(tally_after)))
    summary = previous.get("summary") if isinstance(previous.get("summary"), Mapping) else {}
    return Progress(previous=name, previous_date=str(summary.get("date") or ""),
                    previous_catalog=str(summary.get("catalog") or ""), items=tuple(items), links=tuple(links),
                    subsystems=subsystems)

"""The gap report as frozen values: links, per-priority results, roll-ups, statistics, the report."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from pydantic import PrivateAttr

from ..model import ROOT_ID, Finding, Frozen
from ..placement import InferredPlacement
from ..progress import Progress

if TYPE_CHECKING:
    pass

from .vocabulary import (DEFAULT_THRESHOLD, DISASTER_SUBSYSTEMS, GUIDE_DATE, LEVELS, STAT_SCOPES, STAT_STATUSES,
                         Basis, CoverageStatus, LinkKind)

class StandardLink(Frozen):
    """One standard behind a priority's status and how the link was made."""

    row: int | None = None
    designation: str
    title: str
    status: str                      # entry status code (current, draft, …; "unknown" if unreadable)
    link: LinkKind
    basis: Basis
    score: float                     # 1.0 for explicit / named / edition links
    matched: tuple[str, ...] = ()    # shared terms (title links) or the guide's name (named links)
    decisive: bool = True            # False: shown, but explicit links decided the status
    newer: bool | None = None        # 修订 items only: edition newer than the guide?
    placement: str = "catalog"       # where the standard's node came from: catalog, or inferred (minestd.placement)
    #: title links and candidates: the standard's document type (terms, management, method, design, spec, product)
    #: and mine scope (coal, metal-nonmetal, all), found compatible with the item's; None for other links
    doc_type: str | None = None
    mine_scope: str | None = None


class PriorityCoverage(Frozen):
    id: str
    node: str
    category: str
    subsystem: str
    text: str
    action: str
    references: tuple[str, ...] = ()
    status: CoverageStatus
    reason: str | None = None        # gap: no_standards / no_match; revision_pending: not_revised
    placed: int = 0                  # valid (current or in-progress) standards placed under the node
    standards: tuple[StandardLink, ...] = ()
    near: tuple[StandardLink, ...] = ()  # gaps only: best candidates below the threshold


class Tally(Frozen):
    total: int = 0
    covered: int = 0
    in_progress: int = 0
    revision_pending: int = 0
    gap: int = 0

    @property
    def remaining(self) -> int:
        return self.gap

    @property
    def coverage(self) -> float | None:
        """Covered / total (None when the node has no priorities)."""
        return round(self.covered / self.total, 4) if self.total else None


class NodeCoverage(Tally):
    id: str
    kind: str
    name: str
    name_en: str
    parent: str | None = None
    highlighted: bool = False        # one of the four disaster subsystems (or a category in one)
    standards: int = 0               # valid standards placed within the node


class Summary(Tally):
    scope: str = ROOT_ID
    entries: int = 0                 # catalog rows analysed
    active: int = 0                  # current + in progress
    placed: int = 0                  # entries placed on a valid node within the scope (any status)
    placed_active: int = 0           # … of which current or in progress (what the node tables count)
    unplaced: int = 0                # entries with no valid node at all (whole catalog)
    inferred_placements: int = 0     # entries without node ids placed by the classifier (minestd.placement)
    placements_to_review: int = 0    # … of which below the low-confidence line
    reviewed_placements: int = 0     # entries placed by a reviewer's decision (minestd.review)
    explicit_links: int = 0
    inferred_links: int = 0
    threshold: float = DEFAULT_THRESHOLD
    guide_date: dt.date = GUIDE_DATE
    today: dt.date
    highlighted: tuple[str, ...] = DISASTER_SUBSYSTEMS   # the edition's highlighted subsystems (system.yaml)
    edition: str = ""
    document_number: str = ""
    catalog: str = ""
    disaster: Tally = Tally()        # the four disaster subsystems together


class StatRow(Frozen):
    id: str
    name: str
    name_en: str
    highlighted: bool = False
    total: int = 0
    by_status: dict[str, int]
    by_level: dict[str, int]
    by_scope: dict[str, int]


class Statistics(Frozen):
    """统计表: standards by node (subsystems for the whole system) × status, × level, × mine scope.
    An entry placed in several subsystems counts once in each row and once in ``total``."""

    rows: tuple[StatRow, ...]
    total: StatRow
    statuses: tuple[str, ...] = STAT_STATUSES
    levels: tuple[str, ...] = LEVELS
    scopes: tuple[str, ...] = STAT_SCOPES


class PlacedEntry(Frozen):
    """One catalog row as analysed: the standard, where it is placed and which priorities it serves."""

    row: int | None = None
    designation: str
    title: str
    status: str
    level: str
    mine_scope: str
    published: str = ""
    effective: str = ""
    replaces: tuple[str, ...] = ()
    nodes: tuple[str, ...] = ()      # valid node ids
    priorities: tuple[str, ...] = ()  # priorities it is linked to (explicit or inferred)
    placement: str = "catalog"       # catalog (its own node ids) or inferred (placed by the classifier)
    extra: tuple[tuple[str, str], ...] = ()   # the catalog's own columns (header, value), as written


class CoverageReport(Frozen):
    summary: Summary
    nodes: tuple[NodeCoverage, ...]           # subsystems and categories in the guide's order (within the scope)
    priorities: tuple[PriorityCoverage, ...]  # in the guide's order
    statistics: Statistics
    findings: tuple[Finding, ...] = ()        # catalog problems met on the way (unknown ids, statuses)
    placements: tuple[InferredPlacement, ...] = ()  # entries placed by the classifier (inferred, not the catalog's)
    progress: Progress | None = None          # set by minestd.gaps.with_progress: changes since a previous report
    _entry_rows: tuple[tuple, ...] = PrivateAttr(default=())
    _entries: tuple[PlacedEntry, ...] | None = PrivateAttr(default=None)

    @property
    def entries(self) -> tuple[PlacedEntry, ...]:
        """The catalog as placed, one :class:`PlacedEntry` per row within the scope — built on first use,
        so that analysing a 100,000-row catalog does not pay for 100,000 objects nobody reads."""
        if self._entries is None:
            self._entries = tuple(PlacedEntry(row=r[0], designation=r[1], title=r[2], status=r[3], level=r[4],
                                              mine_scope=r[5], published=r[6], nodes=r[7], priorities=r[8],
                                              placement=r[9], effective=r[10], replaces=r[11], extra=r[12])
                                  for r in self._entry_rows)
        return self._entries

    def by_status(self, *statuses: str) -> tuple[PriorityCoverage, ...]:
        return tuple(p for p in self.priorities if p.status in statuses)

    def with_statuses(self, statuses: Iterable[str] | None) -> "CoverageReport":
        """The same report listing only priorities with these statuses (roll-ups unchanged)."""
        if not statuses:
            return self
        wanted = set(statuses)
        return self.model_copy(update={"priorities": tuple(p for p in self.priorities if p.status in wanted)})

    def node(self, ident: str) -> NodeCoverage | None:
        return next((n for n in self.nodes if n.id == ident), None)

    def table_nodes(self) -> tuple[NodeCoverage, ...]:
        """The rows of a coverage table: the subsystems for the whole system, else the scope's categories
        (or the scope node itself when it has none)."""
        scope = self.summary.scope
        if scope == ROOT_ID:
            return tuple(n for n in self.nodes if n.kind == "subsystem")
        return tuple(n for n in self.nodes if n.parent == scope) or tuple(n for n in self.nodes if n.id == scope)

    def priority(self, ident: str) -> PriorityCoverage | None:
        return next((p for p in self.priorities if p.id == ident), None)

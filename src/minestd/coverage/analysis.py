"""Stage "analyse": one pass over the catalog — placements, explicit links, title links, named standards,
reviewed decisions — then the status of every item, near misses, roll-ups and statistics."""
from __future__ import annotations

import datetime as dt
import heapq
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING


from ..entry import (ACTIVE_STATUSES, IN_PROGRESS_STATUSES, MINE_SCOPES, STATUSES, Catalog, Entry, entry_list,
                     normalise_scope, normalise_status)
from ..findings import COVERAGE_RULES
from ..linking import (canonical_title)
from ..model import ROOT_ID, Finding, Priority
from ..placement import InferredPlacement
from ..resources import supplied
from ..review import Decisions, standard_key

if TYPE_CHECKING:
    from ..taxonomy import Taxonomy

from .decide import _decide, _key_of, _roll_up, _with_editions, tally_tree
from .matching import (WIDE_THRESHOLD, _category_of, _Facts, _Matcher, _matcher, _norm, _PART_RE, _RUN_RE,
                       _title_key, _title_links, type_and_scope)
from .models import CoverageReport, PriorityCoverage, StandardLink, Summary, Tally
from .standards import _parse_designation, _Parsed, _Raw, _Std
from .statistics import _placed_entries, _statistics
from .vocabulary import (_STATUS_RANK, DEFAULT_THRESHOLD, NEAR_FLOOR, NEAR_MISSES, edition_date, highlighted_of)

def analyse(tx: "Taxonomy", entries: Catalog | Iterable[Entry], *, threshold: float = DEFAULT_THRESHOLD,
            today: dt.date | None = None, guide_date: dt.date | None = None, node: str | None = None,
            catalog_name: str | None = None, placements: Sequence[InferredPlacement] = (),
            cross_category: bool = True, decisions: "Decisions | None" = None,
            progress: Callable[[int], None] | None = None) -> CoverageReport:
    """Coverage of the priorities of ``tx`` (or of the subtree ``node``) by ``entries``.

    ``threshold``: minimum title-match score (0–1, above 0) for an inferred link. ``today``: the report
    date (default: the supplied clock's, :mod:`minestd.resources` ``today``, i.e. the system date); ``guide_date``:
    editions published after it count as revisions of the guide's 修订 items (default: the edition's date);
    ``node``: analyse one subsystem or category only; ``catalog_name``:
    shown in reports (default: the catalog's source); ``placements``: inferred places of entries that have no node
    ids (:func:`minestd.placement.place`; their title is then matched as if the catalog had placed them there, and
    every link they make says ``placement="inferred"``); ``cross_category``: also link titles to items of other
    categories when the evidence reaches WIDE_THRESHOLD (0.75); ``decisions``: reviewed links
    (:mod:`minestd.review`) — accepted ones become explicit links (basis ``reviewed``), rejected ones are never
    made, nor listed as near misses; ``progress``: called with the number of entries read so far, every 5,000
    entries (for a progress bar). Never raises for bad catalog data: problems come back as ``report.findings``;
    raises ValueError for a bad threshold and UnknownIdError for a bad ``node``.
    """
    if isinstance(threshold, bool) or not isinstance(threshold, (int, float)):
        raise TypeError(f"threshold must be a number, not {type(threshold).__name__}")
    if not 0.0 < threshold <= 1.0:
        raise ValueError(f"threshold must be above 0 and at most 1, got {threshold}")
    if today is not None and not isinstance(today, dt.date):
        raise TypeError(f"today must be a datetime.date, not {type(today).__name__}")
    if isinstance(entries, (str, bytes)) or not isinstance(entries, Iterable):
        raise TypeError(f"entries must be a Catalog or an iterable of Entry, not {type(entries).__name__}")
    if node is not None and not isinstance(node, str):
        raise TypeError(f"node must be a node id (str) such as '05', not {type(node).__name__}")
    scope = node or ROOT_ID
    tx.node(scope)  # UnknownIdError for a bad id
    if isinstance(entries, Catalog):
        catalog_name = catalog_name if catalog_name is not None else entries.source
    entries = entry_list(entries)       # TypeError naming 'entries' for anything but Entry objects
    run = _Pass(tx, threshold, today or supplied("today"), placements, cross_category)
    for i, entry in enumerate(entries):
        if progress is not None and i and not i % 5000:
            progress(i)
        run.read(i, entry)
    if decisions:
        _apply_decisions(decisions, run.stds, run.links, run.prio_index)
    run.link_named()
    guide_date = guide_date or edition_date(tx)
    results = [run.decide(j, p, guide_date) for j, p in enumerate(run.matcher.priorities) if tx.is_within(p.node, scope)]
    results = _with_near_misses(results, run.matcher, run.prio_index, run.stds, run.cat_entries, threshold, decisions)
    return run.report(results, scope, guide_date, catalog_name)


class _Pass:
    """One pass over a catalog: every entry read once into facts, indexes and links (the stages below)."""

    def __init__(self, tx: "Taxonomy", threshold: float, today: dt.date, placements: Sequence[InferredPlacement],
                 cross_category: bool):
        self.tx, self.threshold, self.today, self.placements = tx, threshold, today, tuple(placements)
        self.matcher = matcher = _matcher(tx)
        self.prio_index = {p.id: i for i, p in enumerate(matcher.priorities)}
        self.prefix = matcher.prefix_index(threshold)
        self.wide_threshold = min(1.0, max(threshold, WIDE_THRESHOLD))
        self.wide = matcher.prefix_index(self.wide_threshold, by_category=False).get("*") if cross_category else None
        self.cat_entries: dict[str, list[int]] = defaultdict(list)   # category -> entries matched by title there
        self.findings: list[Finding] = []
        self.stds: list[_Std] = []
        self.links: list[dict[int, _Raw]] = [{} for _ in matcher.priorities]   # priority -> entry -> how linked
        self.placed_active: dict[str, int] = defaultdict(int)   # node id -> valid standards within it
        self.title_index: dict[str, list[int]] = defaultdict(list)
        self.by_key: dict[str, list[int]] = defaultdict(list)
        self.replacing: dict[str, list[int]] = defaultdict(list)  # key of a replaced designation -> its successors
        self.parse_cache: dict[str, _Parsed] = {}
        self.status_cache: dict[str, str] = {}
        self.scope_cache: dict[str, str] = {}
        self.cells: dict[tuple[str, ...], tuple] = {}   # nodes cell -> (valid, within, categories, unknown)
        self.inferred_at = {p.index: p for p in placements}
        self.unplaced = 0

    # -- stage 1: read an entry (status, designation, scope, title keys, placement), then link it
    def read(self, i: int, entry: Entry) -> None:
        s = _Std(i, entry)
        self.stds.append(s)
        s.status = self._status(entry)
        s.designation, s.key, s.year, s.level = _parse_designation(entry.designation, self.today, self.parse_cache)
        s.scope = self._scope(entry)
        if s.key:
            self.by_key[s.key].append(i)
        for raw in entry.replaces:
            rkey = _parse_designation(raw, self.today, self.parse_cache)[1]
            if rkey:
                self.replacing[rkey].append(i)
        title_key = self._index_title(i, entry.title)
        within = self._place(s)
        active = s.status in ACTIVE_STATUSES
        if active:
            for nid in within:
                self.placed_active[nid] += 1
        explicit = self._explicit(entry)
        if explicit:
            for j in dict.fromkeys(explicit):
                self.links[j][i] = ("explicit", "listed", 1.0, ())
        elif active and title_key and (s.cats or self.wide is not None):
            for cat in s.cats:      # appended in place: a copy per entry made 1,000,000 rows quadratic
                if cat in self.prefix:
                    self.cat_entries[cat].append(i)
            for j, score, terms in _title_links(self.matcher, self.prefix, self.wide, s.cats,
                                                _Facts.of(s, self.matcher), self.threshold, self.wide_threshold):
                self.links[j][i] = ("inferred", "title", score, terms)

    def _status(self, entry: Entry) -> str:
        status = self.status_cache.get(entry.status)
        if status is None:
            status = normalise_status(entry.status)
            status = self.status_cache[entry.status] = status if status in STATUSES else "unknown"
        if status == "unknown":
            self.findings.append(_finding(
                "COV003", entry.row, "status", entry.status,
                f"状态无法识别 / unknown status '{entry.status}': the standard is not counted",
                f"use one of {', '.join(STATUSES)} (or 现行, 即将实施, 征求意见稿, 已立项, 计划, 被代替, 废止)"))
        return status

    def _scope(self, entry: Entry) -> str:
        mine = self.scope_cache.get(entry.mine_scope)
        if mine is None:
            mine = normalise_scope(entry.mine_scope) if entry.mine_scope.strip() else "unspecified"
            mine = self.scope_cache[entry.mine_scope] = mine if mine in MINE_SCOPES else "unspecified"
        return mine

    def _index_title(self, i: int, title: str) -> str:
        norm = _norm(title)
        title_key = "".join(_RUN_RE.findall(norm))
        if title_key:
            self.title_index[title_key].append(i)
            if "部分" in norm or ":" in norm or " " in norm.strip():
                # a part of a multi-part standard also carries the whole standard's name:
                # "冲击地压测定、监测与防治方法 第2部分：…", "金属非金属地下矿山通风技术规范 通风系统"
                for head in (_PART_RE.sub("", norm), norm.strip().split(" ")[0]):
                    part = _title_key(head)
                    if part and part != title_key and i not in self.title_index.get(part, ()):
                        self.title_index[part].append(i)
        return title_key

    def _place(self, s: _Std) -> tuple[str, ...]:
        """The entry's nodes (its own, or an inferred placement's) and the ids they lie within."""
        entry = s.entry
        inferred = self.inferred_at.get(s.i) if not entry.nodes else None
        cell = (inferred.node, *inferred.alternatives) if inferred is not None else entry.nodes
        placement = self.cells.get(cell)
        if placement is None:
            placement = self.cells[cell] = _placement(self.tx, cell, self.prio_index, inferred=inferred is not None)
        s.nodes, within, s.cats, bad = placement
        s.inferred = inferred is not None and not inferred.reviewed
        s.reviewed = inferred is not None and inferred.reviewed
        for nid in bad:
            self.findings.append(_bad_node(entry.row, nid, nid in self.prio_index))
        if not s.nodes:
            self.unplaced += 1
            if s.status in ACTIVE_STATUSES and entry.title.strip() and not entry.priorities:
                self.findings.append(_finding(
                    "COV005", entry.row, "nodes", "",
                    "未放入体系，只按全体系较高阈值匹配 / not placed in the system: its title is matched only across the "
                    f"whole tree, at the higher threshold {max(self.threshold, WIDE_THRESHOLD):g}",
                    "add its node id (体系编号), or let minestd place it (run without --no-place)"))
        return within

    def _explicit(self, entry: Entry) -> list[int]:
        """The priorities the entry lists (a retired id with one successor: that successor)."""
        explicit = []
        for pid in entry.priorities:
            j = self.prio_index.get(pid)
            successors = self.tx.successors(pid) if j is None and self.tx.retired(pid) is not None else ()
            if len(successors) == 1:
                self.findings.append(_finding(
                    "COV004", entry.row, "priorities", pid,
                    f"建设重点编号已退役 / retired priority id '{pid}': linked to its successor {successors[0]}",
                    f"write {successors[0]} ('minestd validate --fix' does it)"))
                j = self.prio_index.get(successors[0])
            elif successors:
                self.findings.append(_finding(
                    "COV004", entry.row, "priorities", pid,
                    f"建设重点编号已退役 / retired priority id '{pid}': link ignored (replaced by "
                    f"{', '.join(successors)})", "write the successor(s) this standard answers "
                    "(see 'minestd priorities --retired')"))
                continue
            if j is None:
                self.findings.append(_finding("COV002", entry.row, "priorities", pid,
                                              f"未知建设重点编号 / unknown priority id '{pid}': link ignored",
                                              "use an id from 'minestd priorities' (e.g. 05.02-p01)"))
                continue
            explicit.append(j)
        return explicit

    # -- stage 2: the guide's named standards (修订 items): exact title or designation, anywhere in the catalog
    def link_named(self) -> None:
        for j, p in enumerate(self.matcher.priorities):
            if p.action != "修订":
                continue
            for name in (p.references or (p.text,)):
                for i in self.title_index.get(_title_key(name), ()):
                    if i not in self.links[j] and not self.stds[i].entry.priorities:
                        self.links[j][i] = ("inferred", "named", 1.0, (f"《{name}》",))
            for designation in p.designations:   # named by designation (other editions follow)
                for i in self.by_key.get(_key_of(designation) or "", ()):
                    if i not in self.links[j] and not self.stds[i].entry.priorities:
                        self.links[j][i] = ("inferred", "named", 1.0, (designation,))

    # -- stage 3: decide one priority from its links
    def decide(self, j: int, p: "Priority", guide_date: dt.date) -> PriorityCoverage:
        found = self.links[j]
        has_explicit = any(raw[0] == "explicit" for raw in found.values())
        if p.action == "修订":
            found = _with_editions(found, self.stds, self.by_key, self.replacing, has_explicit)
        # explicit beats inferred: with explicit links, only they (and their other editions) decide
        decides = {i: not has_explicit or raw[0] == "explicit" or raw[1] == "edition" for i, raw in found.items()}
        status, reason = _decide(p, [self.stds[i] for i, yes in decides.items() if yes], guide_date)
        placed = self.placed_active.get(p.node, 0)
        if status == "gap":
            reason = "no_standards" if placed == 0 else "no_match"
        made = [self._standard_link(j, i, raw, decides[i], guide_date if p.action == "修订" else None)
                for i, raw in found.items()]
        ordered = sorted(made, key=lambda lk: (lk.link != "explicit", not lk.decisive, _STATUS_RANK.get(lk.status, 3),
                                               -lk.score, lk.designation, lk.row or 0))
        return PriorityCoverage(
            id=p.id, node=p.node, category=_category_of(p.node), subsystem=p.node.split(".")[0], text=p.text,
            action=p.action, references=p.references, status=status, reason=reason, placed=placed,
            standards=tuple(ordered))

    def _standard_link(self, j: int, i: int, raw: _Raw, decisive: bool, guide_date: dt.date | None) -> StandardLink:
        link, basis, score, matched = raw
        st = self.stds[i]
        return StandardLink(
            row=st.entry.row, designation=st.designation, title=st.entry.title, status=st.status, link=link,
            basis=basis, score=round(score, 3),
            matched=self.matcher.matched_terms(j, matched) if isinstance(matched, frozenset) else matched,
            decisive=decisive,
            newer=(st.newer(guide_date) or st.status in IN_PROGRESS_STATUSES) if guide_date is not None else None,
            placement=st.placement, **_word_facts(st, basis))

    # -- stage 4: roll-ups, statistics and the report
    def report(self, results: list[PriorityCoverage], scope: str, guide_date: dt.date,
               catalog_name: str | None) -> CoverageReport:
        tx, stds, placements = self.tx, self.stds, self.placements
        highlighted = highlighted_of(tx)
        tallies = tally_tree(tx, results)
        entries_out, in_scope = _placed_entries(scope, stds, self.links, self.matcher)
        overall = tallies.get(ROOT_ID, Tally())
        active = [s for s in stds if s.status in ACTIVE_STATUSES]
        summary = Summary(
            **overall.model_dump(), scope=scope, entries=len(stds), active=len(active), placed=in_scope,
            placed_active=sum(1 for s in active if s.nodes and (
                scope == ROOT_ID or any(n == scope or n.startswith(scope + ".") for n in s.nodes))),
            unplaced=self.unplaced, inferred_placements=sum(1 for p in placements if not p.reviewed),
            placements_to_review=sum(1 for p in placements if p.review and not p.reviewed),
            reviewed_placements=sum(1 for p in placements if p.reviewed),
            explicit_links=sum(1 for r in results for lk in r.standards if lk.link == "explicit"),
            inferred_links=sum(1 for r in results for lk in r.standards if lk.link == "inferred"),
            threshold=self.threshold, guide_date=guide_date, today=self.today, edition=tx.edition.edition,
            highlighted=highlighted, document_number=tx.edition.document_number, catalog=catalog_name or "",
            disaster=tally_tree(tx, [r for r in results if r.subsystem in highlighted]).get(ROOT_ID, Tally()))
        report = CoverageReport(summary=summary, nodes=_roll_up(tx, scope, tallies, self.placed_active),
                                priorities=tuple(results), statistics=_statistics(tx, scope, stds),
                                findings=tuple(self.findings), placements=placements)
        report._entry_rows = entries_out
        return report


def _bad_node(row: int | None, nid: str, is_priority: bool) -> Finding:
    if is_priority:
        return _finding("COV001", row, "nodes", nid,
                        f"'{nid}' 是建设重点编号而非节点 / '{nid}' is a priority id, not a node: placement ignored",
                        f"put it in the priorities column and its node {nid.split('-')[0]} here")
    return _finding("COV001", row, "nodes", nid, f"未知节点编号 / unknown node id '{nid}': placement ignored",
                    "use an id from 'minestd tree' (e.g. 05.02) or 'minestd classify' a title")


def _with_near_misses(results: list[PriorityCoverage], matcher: _Matcher, prio_index: dict[str, int],
                      stds: list[_Std], cat_entries: dict[str, list[int]],
                      threshold: float, decisions: "Decisions | None" = None) -> list[PriorityCoverage]:
    """For gaps, the best candidates that are not links (to review, never counted): title matches below the
    threshold (gaps with standards placed but none matching; scored through a second prefix index over those
    priorities only, so still no full pairwise pass), and standards whose title carries one of the item's curated
    terms (any gap, anywhere in the tree; basis ``term``)."""
    gaps = {prio_index[r.id]: r for r in results if r.status == "gap"}
    rejected = decisions.rejected_links if decisions else frozenset()
    linked = {j: {lk.row for lk in r.standards} for j, r in gaps.items()}

    def offered(j: int, i: int) -> bool:
        return stds[i].entry.row not in linked[j] and (_key_of_std(stds[i]), gaps[j].id) not in rejected

    best: dict[int, list[tuple[float, int, str, float, tuple[str, ...]]]] = defaultdict(list)   # bounded heaps
    terms_of: set[tuple[int, int]] = set()
    for j, i, score, terms in _curated_near(matcher, frozenset(gaps), stds):
        if offered(j, i):
            _keep(best[j], (score + CURATED_RANK, -i, "term", score, terms))
            terms_of.add((j, i))
    floor = min(NEAR_FLOOR, threshold)
    lexical = frozenset(j for j, r in gaps.items() if r.reason == "no_match")
    if lexical and floor > 0:
        for j, i, score, terms in _lexical_near(matcher, lexical, stds, cat_entries, floor, threshold):
            if (j, i) not in terms_of and offered(j, i):
                _keep(best[j], (score, -i, "title", score, terms))
    out = []
    for r in results:
        ranked = sorted(best.get(prio_index[r.id], ()), reverse=True)
        if ranked:
            r = r.model_copy(update={"near": tuple(_link(stds[-k], "inferred", basis, round(score, 3), terms)
                                                   for _, k, basis, score, terms in ranked)})
        out.append(r)
    return out


def _keep(heap: list, item: tuple) -> None:
    """Keep the NEAR_MISSES best items in ``heap`` (a min-heap)."""
    if len(heap) < NEAR_MISSES:
        heapq.heappush(heap, item)
    elif item > heap[0]:
        heapq.heapreplace(heap, item)


def _lexical_near(matcher: _Matcher, wanted: frozenset[int], stds: list[_Std], cat_entries: dict[str, list[int]],
                  floor: float, threshold: float) -> Iterator[tuple[int, int, float, tuple[str, ...]]]:
    """(priority, entry, score, shared words) of the entries placed in a wanted priority's category whose title
    scores at least ``floor`` but below ``threshold``."""
    for cat, (keys, postings) in matcher.prefix_index(floor, wanted).items():
        for i in cat_entries.get(cat, ()):
            facts = _Facts.of(stds[i], matcher)
            candidates: set[int] = set()
            for g in keys.intersection(facts.grams):
                candidates.update(postings[g])
            for j in candidates:
                if matcher.compatible(j, facts):
                    score, terms = matcher.evidence(j, facts.title, facts.grams)
                    if floor <= score < threshold:
                        yield j, i, score, terms


def _curated_near(matcher: _Matcher, wanted: frozenset[int], stds: list[_Std]
                  ) -> Iterator[tuple[int, int, float, tuple[str, ...]]]:
    """(priority, entry, title score, curated terms found) of the current or in-progress entries without listed
    priorities whose title carries a curated term of a wanted priority of a compatible type and mine scope, and
    something else for it: the entry is placed in the priority's category, or the title shares a word with the item
    (on the tuning half of the gold set this kept every right candidate and dropped 29 % of the rows)."""
    for s in stds:
        if s.status not in ACTIVE_STATUSES or s.entry.priorities or not s.entry.title.strip():
            continue
        title = canonical_title(s.entry.title)
        hits = matcher.curated_hits(title)
        if not hits.keys() & wanted:
            continue
        facts = _Facts.of(s, matcher, title)
        for j, terms in hits.items():
            if j in wanted and matcher.compatible(j, facts):
                shared = not matcher.keys[j].isdisjoint(facts.grams)    # no common pair: score 0, no evidence needed
                score = matcher.evidence(j, facts.title, facts.grams)[0] if shared else 0.0
                if score > 0 or _category_of(matcher.priorities[j].node) in facts.cats:
                    yield j, s.i, score, terms


#: A curated-term candidate ranks this much above a title match of the same score (both below the threshold).
CURATED_RANK = 0.5


def _placement(tx: "Taxonomy", nodes: tuple[str, ...], prio_index: dict[str, int], *, inferred: bool = False
               ) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """(valid node ids, them and their ancestors, their categories, unknown ids) of one nodes cell. An inferred
    cell is (best place, next-best places…): only the best place counts — the next-best ones are shown to the
    user, and their items are reached like any other category's, through the whole tree's index at
    WIDE_THRESHOLD (on the tuning half of the gold set, matching them at the plain threshold added 3 right links
    and 4 wrong ones)."""
    if inferred:
        return _placement(tx, nodes[:1], prio_index)
    valid: list[str] = []
    within: dict[str, None] = {}
    cats: dict[str, None] = {}
    bad: list[str] = []
    for nid in nodes:
        if nid in prio_index or nid == ROOT_ID or tx.get(nid) is None:
            bad.append(nid)
            continue
        valid.append(nid)
        parts = nid.split(".")
        within.update(dict.fromkeys(".".join(parts[:k]) for k in range(1, len(parts) + 1)))
        if len(parts) > 1:
            cats[".".join(parts[:2])] = None
    return tuple(dict.fromkeys(valid)), tuple(within), tuple(cats), tuple(bad)


def _key_of_std(s: "_Std") -> str:
    return standard_key(s.entry.designation, s.entry.title)


def _apply_decisions(decisions: "Decisions", stds: list["_Std"], links: list[dict[int, "_Raw"]],
                     prio_index: dict[str, int]) -> None:
    """Reviewed links: accepted ones become explicit (basis reviewed), rejected inferred ones are dropped."""
    by_key: dict[str, list[int]] = defaultdict(list)
    for s in stds:
        by_key[_key_of_std(s)].append(s.i)
    for key, pid in decisions.rejected_links:
        j = prio_index.get(pid)
        for i in by_key.get(key, ()) if j is not None else ():
            if i in links[j] and links[j][i][0] == "inferred":
                del links[j][i]
    for key, pid in decisions.accepted_links:
        j = prio_index.get(pid)
        for i in by_key.get(key, ()) if j is not None else ():
            if i not in links[j] or links[j][i][0] != "explicit":
                links[j][i] = ("explicit", "reviewed", 1.0, ())


def _finding(rule: str, row: int | None, field: str, value: str, message: str, fix: str) -> Finding:
    """A catalog problem met on the way; its severity is the catalogue's (:data:`minestd.findings.COVERAGE_RULES`)."""
    return Finding(rule=rule, severity=COVERAGE_RULES[rule][0], message=message, fix=fix, row=row,  # type: ignore[arg-type]
                   field=field, value=value)


def _link(s: _Std, link: str, basis: str, score: float, matched: tuple[str, ...] = ()) -> StandardLink:
    return StandardLink(row=s.entry.row, designation=s.designation, title=s.entry.title, status=s.status,
                        link=link, basis=basis, score=score, matched=matched, placement=s.placement,
                        **_word_facts(s, basis))


#: Links and candidates whose evidence is the title's words: they carry the document type and mine scope checked.
_WORD_BASES = ("title", "term")


def _word_facts(s: _Std, basis: str) -> dict[str, str]:
    """doc_type and mine_scope of a link made on the title's words (title, term), else nothing."""
    if basis not in _WORD_BASES:
        return {}
    kind, scope = type_and_scope(s)
    return {"doc_type": kind, "mine_scope": scope}

"""Coverage of the guide's next-step priorities (下一步建设重点) by a catalog of standards — pure core.

:func:`analyse` answers the question every committee asks — *what is still missing?* — for each
priority item of the taxonomy:

``covered``
    a current standard addresses it;
``in_progress``
    a draft, approved or planned standard addresses it;
``revision_pending``
    a 修订 (revise) item whose named standard exists in the catalog but has no edition newer than the
    guide (矿安〔2024〕144号, 2024-12-26) — neither a current nor an in-progress one;
``gap``
    nothing addresses it. The reason says why: ``no_standards`` (no valid standard is placed under the
    priority's node at all) or ``no_match`` (standards are placed there but none matches).

How each standard is linked to a priority is recorded:

``explicit``
    the entry lists the priority id in its ``priorities`` column. Explicit beats inferred: an entry that
    lists priorities is not matched by title, and a priority with explicit links takes its status from
    them only (inferred links are still shown, marked ``decisive=False``).
``inferred``
    found by the software, never by the user — the ``basis`` says how: ``title`` (the entry's title
    matches the priority text; the entry is placed within the priority's category; ``score`` ≥ the
    threshold, ``matched`` lists the shared terms), ``named`` (the title is the standard a 修订 item
    names, anywhere in the catalog) or ``edition`` (another edition of a linked standard: same
    designation without year, or linked through replaces / replaced_by).

Matching is indexed, not pairwise: priority texts are split into character bigrams weighted by their
rarity among the guide's priorities (title boilerplate such as 安全/技术/规范 weighs less, see
``GENERIC_WORDS``) and put in one inverted index per category — with a prefix filter, only the
bigrams a title must share to reach the threshold; each entry looks up candidate priorities through
the index of its own categories only, and only those are scored. Score = weight of the priority's
bigrams found in the title / weight of all its bigrams (0–1). Only current and in-progress entries
placed in a category or sub-category are matched by title (an entry placed on a subsystem only is
not: place it lower, or list its priorities).

No printing, no file IO, no CLI imports.
"""
from __future__ import annotations

import datetime as dt
import heapq
import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Literal

from pydantic import PrivateAttr

from .designation import EARLIEST_YEAR, KNOWN_CODES, LATEST_YEAR, LOCAL_REGIONS
from .entry import (ACTIVE_STATUSES, IN_PROGRESS_STATUSES, MINE_SCOPES, STATUSES, Catalog, Entry,
                    normalise_scope, normalise_status, split_list)
from .model import ROOT_ID, Finding, Frozen, Priority
from .linking import GENERIC_WORDS, Lexicon, canonical_title, compatible_scopes, compatible_types, conflicting, \
    doc_type, lexicon, mine_scope_of, only_boilerplate
from .placement import InferredPlacement
from .review import Decisions, standard_key

if TYPE_CHECKING:
    from .taxonomy import Taxonomy

__all__ = [
    "CoverageStatus", "LinkKind", "StandardLink", "PriorityCoverage", "NodeCoverage", "Tally", "Summary",
    "StatRow", "Statistics", "PlacedEntry", "CoverageReport", "analyse", "GUIDE_DATE", "DEFAULT_THRESHOLD",
    "COVERAGE_STATUSES", "GAP_REASONS", "DISASTER_SUBSYSTEMS", "LEVELS", "STAT_STATUSES", "STAT_SCOPES",
    "STATUS_LABELS", "REASON_LABELS", "LINK_LABELS", "BASIS_LABELS", "LEVEL_LABELS", "ENTRY_STATUS_LABELS",
    "SCOPE_LABELS", "GENERIC_WORDS", "label", "parse_statuses",
]

CoverageStatus = Literal["covered", "in_progress", "revision_pending", "gap"]
LinkKind = Literal["explicit", "inferred"]
Basis = Literal["listed", "title", "named", "edition", "reviewed"]

GUIDE_DATE = dt.date(2024, 12, 26)
DEFAULT_THRESHOLD = 0.5
#: Display order: the most urgent first.
COVERAGE_STATUSES: tuple[str, ...] = ("gap", "revision_pending", "in_progress", "covered")
GAP_REASONS: tuple[str, ...] = ("no_standards", "no_match")
#: The four disaster subsystems the guide stresses (瓦斯, 火灾, 水害, 地压) are highlighted in reports.
DISASTER_SUBSYSTEMS: tuple[str, ...] = ("05", "06", "07", "08")
LEVELS: tuple[str, ...] = ("national", "industry", "local", "group", "enterprise", "unknown")
STAT_STATUSES: tuple[str, ...] = (*STATUSES, "unknown")
STAT_SCOPES: tuple[str, ...] = (*MINE_SCOPES, "unspecified")
_STATUS_RANK = {"current": 0, "draft": 1, "approved": 1, "planned": 1, "superseded": 2, "withdrawn": 2}
NEAR_MISSES = 3          # best below-threshold candidates kept for a gap
NEAR_FLOOR = 0.3         # … if they score at least this

# ---------------------------------------------------------------- labels (zh, en) for every renderer
STATUS_LABELS: dict[str, tuple[str, str]] = {
    "covered": ("已覆盖", "covered"), "in_progress": ("制修订中", "in progress"),
    "revision_pending": ("待修订", "revision pending"), "gap": ("缺失", "gap"),
}
REASON_LABELS: dict[str, tuple[str, str]] = {
    "no_standards": ("该节点下尚无标准", "no standard placed under the node"),
    "no_match": ("节点下有标准但均不对应", "standards placed under the node, none matches"),
    "not_revised": ("指南发布后尚无新版本", "no edition newer than the guide"),
}
ACTION_LABELS: dict[str, tuple[str, str]] = {
    "制定": ("制定", "new"), "修订": ("修订", "revise"), "制修订": ("制修订", "new or revise"), "提升": ("提升", "upgrade"),
    "未明确": ("未明确", "not stated"),
}
LINK_LABELS: dict[str, tuple[str, str]] = {"explicit": ("明确关联", "explicit"), "inferred": ("推断", "inferred")}
BASIS_LABELS: dict[str, tuple[str, str]] = {
    "listed": ("目录列明", "listed in the catalog"), "title": ("标题匹配", "title match"),
    "named": ("指南点名", "named by the guide"), "edition": ("同一标准其他版本", "other edition"),
    "reviewed": ("审核采纳", "accepted in review"),
}
LEVEL_LABELS: dict[str, tuple[str, str]] = {
    "national": ("国家标准", "national"), "industry": ("行业标准", "industry"), "local": ("地方标准", "local"),
    "group": ("团体标准", "group"), "enterprise": ("企业标准", "enterprise"), "unknown": ("未定", "unknown"),
}
ENTRY_STATUS_LABELS: dict[str, tuple[str, str]] = {
    "current": ("现行", "current"), "draft": ("征求意见稿/报批稿", "draft"), "approved": ("已立项", "approved"),
    "planned": ("计划", "planned"), "superseded": ("被代替", "superseded"), "withdrawn": ("废止", "withdrawn"),
    "unknown": ("状态不明", "unknown"),
}
SCOPE_LABELS: dict[str, tuple[str, str]] = {
    "coal": ("煤矿", "coal"), "metal-nonmetal": ("金属非金属矿山", "metal/non-metal"), "all": ("通用", "all mines"),
    "unspecified": ("未注明", "unspecified"),
}


def label(table: dict[str, tuple[str, str]], key: str | None, lang: str = "zh") -> str:
    """``label(STATUS_LABELS, "gap", "en") -> "gap"``; unknown keys come back unchanged."""
    if key is None:
        return ""
    pair = table.get(key)
    return key if pair is None else pair[1 if lang == "en" else 0]


# ---------------------------------------------------------------------------------------- models


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
    nodes: tuple[str, ...] = ()      # valid node ids
    priorities: tuple[str, ...] = ()  # priorities it is linked to (explicit or inferred)
    placement: str = "catalog"       # catalog (its own node ids) or inferred (placed by the classifier)


class CoverageReport(Frozen):
    summary: Summary
    nodes: tuple[NodeCoverage, ...]           # subsystems and categories in the guide's order (within the scope)
    priorities: tuple[PriorityCoverage, ...]  # in the guide's order
    statistics: Statistics
    findings: tuple[Finding, ...] = ()        # catalog problems met on the way (unknown ids, statuses)
    placements: tuple[InferredPlacement, ...] = ()  # entries placed by the classifier (inferred, not the catalog's)
    _entry_rows: tuple[tuple, ...] = PrivateAttr(default=())
    _entries: tuple[PlacedEntry, ...] | None = PrivateAttr(default=None)

    @property
    def entries(self) -> tuple[PlacedEntry, ...]:
        """The catalog as placed, one :class:`PlacedEntry` per row within the scope — built on first use,
        so that analysing a 100,000-row catalog does not pay for 100,000 objects nobody reads."""
        if self._entries is None:
            self._entries = tuple(PlacedEntry(row=r[0], designation=r[1], title=r[2], status=r[3], level=r[4],
                                              mine_scope=r[5], published=r[6], nodes=r[7], priorities=r[8],
                                              placement=r[9])
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


# -------------------------------------------------------------------------------- text matching

_RUN_RE = re.compile(r"[0-9a-z\u3400-\u4dbf\u4e00-\u9fff]+")
_PART_RE = re.compile(r"(第[0-9一二三四五六七八九十百]+部分.*|[:：].*)$")


def _norm(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


def _runs(text: str) -> list[str]:
    return _RUN_RE.findall(_norm(text))


def _pairs(text: str) -> set[str]:
    """Every pair of neighbouring characters of a (normalised) text. Pairs across a space or punctuation
    never match a priority's pairs, which come from runs of letters, digits and CJK only."""
    return {text[k:k + 2] for k in range(len(text) - 1)}


def _features(text: str) -> set[str]:
    """A priority text's features: the pairs inside each run of letters/digits/CJK (a one-character run,
    e.g. 降 in 疏放（降）: that character)."""
    out: set[str] = set()
    for run in _runs(text):
        out.update(_pairs(run) if len(run) > 1 else (run,))
    return out


def _title_key(text: str) -> str:
    """A title reduced for exact comparison: NFKC, lower case, letters/digits/CJK only, no 《》."""
    return "".join(_runs(text))


class _Matcher:
    """Inverted index of priority bigrams, one per category (built once per taxonomy).

    A bigram's weight is its rarity among all the guide's priority texts (``log(1 + N/df)``), so
    words every item shares (煤矿, 标准) count little and the distinctive ones (抽采半径) count most.
    Plain bigrams, no word segmenter: no dictionary to load (jieba takes seconds to start), and the
    shared terms shown to users are the longest common runs, which read better than single words.

    Candidates come from a *prefix filter* (as in set-similarity joins): for a threshold θ only a
    priority's heaviest bigrams are indexed — just enough that a title sharing none of them cannot
    reach θ — so most (entry, priority) pairs are never looked at; candidates are then scored exactly.
    """

    def __init__(self, priorities: Sequence[Priority], words: "Lexicon | None" = None):
        self.priorities = list(priorities)
        self.runs = [_runs(p.text) for p in self.priorities]
        self.lexicon = words
        self.types = [doc_type(p.text) for p in self.priorities]
        self.scopes = [mine_scope_of(p.text) for p in self.priorities]
        self.named = [p.action in ("修订", "提升", "制修订") and bool(p.references or p.designations)
                      for p in self.priorities]
        features = [_features(p.text) for p in self.priorities]
        self.singles = frozenset(g for feats in features for g in feats if len(g) == 1)
        df: dict[str, int] = defaultdict(int)
        for feats in features:
            for g in feats:
                df[g] += 1
        n = max(len(features), 1)
        self.df, self.n = dict(df), n
        self.weights: list[dict[str, float]] = []
        self.keys: list[frozenset[str]] = []
        self.total: list[float] = []
        for feats in features:
            weights = {g: math.log(1 + n / df[g]) * (GENERIC_WEIGHT if g in _GENERIC_GRAMS else 1.0)
                       for g in sorted(feats)}
            self.weights.append(weights)
            self.keys.append(frozenset(weights))
            self.total.append(sum(weights.values()) or 1.0)
        self._terms: dict[tuple[int, frozenset[str]], tuple[str, ...]] = {}
        self._prefix: dict[tuple, dict[str, tuple[frozenset[str], dict[str, tuple[int, ...]]]]] = {}

    def grams(self, title: str) -> set[str]:
        """A title's features: the pairs of its normalised text, and the single characters some priority uses."""
        norm = _norm(title)
        grams = _pairs(norm)
        if self.singles:
            grams.update(self.singles.intersection(norm))
        return grams

    def prefix_index(self, threshold: float, only: frozenset[int] | None = None, *, by_category: bool = True
                     ) -> dict[str, tuple[frozenset[str], dict[str, tuple[int, ...]]]]:
        """category -> (indexed keys, key -> priorities), indexing for each priority only its heaviest
        keys needed to reach ``threshold`` (a title with none of them scores below it). ``by_category=False``:
        one index over the whole tree, under the key ``*``."""
        cache_key = (threshold, only, by_category)
        if cache_key not in self._prefix:
            index: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
            for j, p in enumerate(self.priorities):
                if only is not None and j not in only:
                    continue
                postings = index[_category_of(p.node) if by_category else "*"]
                rest = self.total[j]
                for g, w in sorted(self.weights[j].items(), key=lambda gw: (-gw[1], gw[0])):
                    postings[g].append(j)
                    rest -= w
                    if rest < (threshold - 1e-9) * self.total[j]:
                        break
            self._prefix[cache_key] = {c: (frozenset(v), {g: tuple(js) for g, js in v.items()})
                                       for c, v in index.items()}
        return self._prefix[cache_key]

    def score(self, j: int, grams: set[str]) -> tuple[float, frozenset[str]]:
        """(score, the priority's bigrams found in the title)."""
        common = self.keys[j].intersection(grams)
        return (min(1.0, sum(map(self.weights[j].__getitem__, common)) / self.total[j]) if common else 0.0), common

    def compatible(self, j: int, facts: "_Facts") -> bool:
        """Can this title answer item ``j`` at all? Not a 修订/提升 item that names its standard (only that
        standard answers it: named links), and the document type, mine scope and qualifiers agree."""
        if self.named[j]:
            return False
        return (compatible_types(self.types[j], facts.type) and compatible_scopes(self.scopes[j], facts.scope)
                and not conflicting(self.priorities[j].text, facts.title))

    def evidence(self, j: int, title: str, grams: set[str]) -> tuple[float, tuple[str, ...]]:
        """(score, the shared words) of priority ``j`` and a (canonical, normalised) title: only pieces that start
        and end on word boundaries of both texts count, and at least one must be more than boilerplate."""
        common = self.keys[j].intersection(grams)
        if not common:
            return 0.0, ()
        pieces = self._aligned_pieces(j, common, title)
        if not any(not _generic(piece) for piece in pieces):
            return 0.0, ()
        found: set[str] = set()
        for piece in pieces:
            found |= _features(piece)
        weights = self.weights[j]
        score = sum(weights[g] for g in found if g in weights) / self.total[j]
        if score >= ITEM_FLOOR:   # a short title wholly explained by the item: its subject, in a longer item text
            score = max(score, TITLE_SHARE * self._title_share(title, found))
        return min(1.0, score), tuple(dict.fromkeys(pieces))

    def _title_share(self, title: str, found: set[str]) -> float:
        """How much of the title's own subject (the part title of a multi-part standard) the shared words cover,
        weighted like the items' words (a word no item uses weighs most)."""
        subject = _PART_TITLE.split(title)[-1]
        grams = _features(subject)
        if not grams:
            return 0.0
        weight = {g: math.log(1 + self.n / self.df.get(g, 1)) * (GENERIC_WEIGHT if g in _GENERIC_GRAMS else 1.0)
                  for g in grams}
        return sum(w for g, w in weight.items() if g in found) / sum(weight.values())

    def _aligned_pieces(self, j: int, common: frozenset[str], title: str) -> list[str]:
        tcuts = self.lexicon.inner(title) if self.lexicon is not None else frozenset()
        out: list[str] = []
        for run in self.runs[j]:
            if len(run) == 1:
                if run in common and run in title:
                    out.append(run)
                continue
            pcuts = self.lexicon.inner(run) if self.lexicon is not None else frozenset()
            k = 0
            while k < len(run) - 1:
                if run[k:k + 2] not in common:
                    k += 1
                    continue
                e = k + 1
                while e < len(run) - 1 and run[e:e + 2] in common:
                    e += 1
                for a, b, ta in _contiguous(run[k:e + 1], title):
                    pa, pb, tb = k + a, k + b, ta + (b - a)
                    while pa < pb and pa in pcuts and ta in tcuts:   # inside a word of both texts
                        pa, ta = pa + 1, ta + 1
                    while pb > pa and pb in pcuts and tb in tcuts:
                        pb, tb = pb - 1, tb - 1
                    if pb - pa >= 2:
                        out.append(run[pa:pb])
                k = e + 1
        return out

    def matched_terms(self, i: int, common: frozenset[str]) -> tuple[str, ...]:
        """The longest runs of the priority text whose bigrams all occur in the title (瓦斯压力, 测定);
        ``common``: the priority's bigrams found in the title (from :meth:`score`)."""
        memo_key = (i, common)
        hit = self._terms.get(memo_key)
        if hit is None:
            if len(self._terms) > 500_000:
                self._terms.clear()
            hit = self._terms[memo_key] = self._terms_of(i, common)
        return hit

    def _terms_of(self, i: int, common: frozenset[str]) -> tuple[str, ...]:
        terms: list[str] = []
        for run in self.runs[i]:
            if len(run) == 1:
                if run in common:
                    terms.append(run)
                continue
            start = None
            for k in range(len(run)):
                inside = k < len(run) - 1 and run[k:k + 2] in common
                if inside and start is None:
                    start = k
                elif not inside and start is not None:
                    terms.append(run[start:k + 1])
                    start = None
        return tuple(dict.fromkeys(terms))


@lru_cache(maxsize=4)
def _matcher(tx: "Taxonomy") -> _Matcher:
    return _Matcher(tx.priorities(), lexicon(tx))


#: The title's side of the evidence: when the shared words reach ITEM_FLOOR of the item's weight, the score is at
#: least TITLE_SHARE × the share of the title's subject they cover (chosen on the tuning half of the gold set).
ITEM_FLOOR = 0.2
TITLE_SHARE = 0.8
_PART_TITLE = re.compile(r"第[0-9一二三四五六七八九十百]+部分[:：]?")

#: A title matches items outside its own categories only with this much evidence (the gap analysis's
#: ``cross_category``): a 隔爆设施 product placed under equipment can answer a 粉尘防治 item.
WIDE_THRESHOLD = 0.75


class _Facts:
    """What the evidence of one entry needs: its title in the guide's spelling, pairs, type, scope, categories."""

    __slots__ = ("title", "grams", "type", "scope", "cats")
    title: str
    grams: set[str]
    type: str
    scope: str
    cats: tuple[str, ...]

    @classmethod
    def of(cls, s: "_Std", matcher: "_Matcher") -> "_Facts":
        facts = cls()
        facts.title = canonical_title(s.entry.title)
        facts.grams = matcher.grams(facts.title)
        facts.type = doc_type(s.entry.title)
        facts.scope = mine_scope_of(s.entry.title, s.entry.designation, s.scope if s.scope != "unspecified" else "")
        facts.cats = s.cats
        return facts


def _title_links(matcher: "_Matcher", prefix: dict, wide: tuple | None, cats: tuple[str, ...], facts: _Facts,
                 threshold: float, wide_threshold: float) -> list[tuple[int, float, tuple[str, ...]]]:
    """Priorities the title answers: candidates from its own categories' index (score ≥ threshold) and from the
    whole tree's (≥ wide_threshold), of a compatible document type and mine scope, scored on aligned words."""
    candidates: dict[int, float] = {}
    for cat in cats:
        indexed = prefix.get(cat)
        if indexed is not None:
            for g in indexed[0].intersection(facts.grams):
                candidates.update(dict.fromkeys(indexed[1][g], threshold))
    if wide is not None:
        for g in wide[0].intersection(facts.grams):
            for j in wide[1][g]:
                candidates.setdefault(j, wide_threshold)
    out = []
    for j, needed in candidates.items():
        if not matcher.compatible(j, facts):
            continue
        score, terms = matcher.evidence(j, facts.title, facts.grams)
        if score >= needed:
            out.append((j, score, terms))
    return out


def _contiguous(span: str, title: str) -> list[tuple[int, int, int]]:
    """Pieces (start, end, position in title) of ``span`` that occur in ``title`` as they are, longest first
    from the left (two characters at least)."""
    out: list[tuple[int, int, int]] = []
    i = 0
    while i < len(span) - 1:
        j = len(span)
        while j > i + 1 and span[i:j] not in title:
            j -= 1
        if j > i + 1:
            out.append((i, j, title.find(span[i:j])))
            i = j - 1 if j - 1 > i else i + 1
        else:
            i += 1
    return out


def _generic(piece: str) -> bool:
    """A piece made of boilerplate only (安全技术规范, 系统安全检测检验规范): no subject."""
    return len(piece) < 2 or piece in _GENERIC_SET or only_boilerplate(piece)


#: Words of standard-title boilerplate: the bigrams inside them weigh GENERIC_WEIGHT of their rarity, so
#: "…安全检测检验规范" alone does not tie a title to every priority ending the same way.
GENERIC_WEIGHT = 0.3
_GENERIC_GRAMS = frozenset(g for w in GENERIC_WORDS for g in _pairs(w))
_GENERIC_SET = frozenset(GENERIC_WORDS)


def edition_date(tx: "Taxonomy") -> dt.date:
    """The guide's date from the edition's system.yaml (``date``), else GUIDE_DATE."""
    try:
        return dt.date.fromisoformat(tx.edition.date)
    except (TypeError, ValueError):
        return GUIDE_DATE


def highlighted_of(tx: "Taxonomy") -> tuple[str, ...]:
    """The subsystems the edition highlights (system.yaml ``highlighted``), else the four disaster subsystems."""
    return tx.edition.highlighted or DISASTER_SUBSYSTEMS


def _category_of(node_id: str) -> str:
    return ".".join(node_id.split(".")[:2])


# -------------------------------------------------------------------------------- analysis


class _Std:
    """Per-entry facts computed once (a plain slots object: analyse must handle 100,000 rows)."""

    __slots__ = ("i", "entry", "status", "designation", "key", "year", "level", "scope", "nodes", "inferred", "cats",
                 "reviewed")

    def __init__(self, i: int, entry: Entry):
        self.i = i
        self.entry = entry
        self.inferred = False
        self.reviewed = False

    @property
    def placement(self) -> str:
        return "inferred" if self.inferred else "reviewed" if self.reviewed else "catalog"

    def newer(self, guide_date: dt.date) -> bool:
        """An edition after the guide: published after ``guide_date`` (or, undated, a later year)."""
        published = self.entry.published_date
        if published is not None:
            return published > guide_date
        return self.year is not None and self.year > guide_date.year


_Parsed = tuple[str, "str | None", "int | None", str]   # canonical (or raw), key, year, level
_Raw = tuple[str, str, float, "tuple[str, ...] | frozenset[str]"]   # link, basis, score, terms or shared bigrams
_FAST_DESIGNATION = re.compile(
    r"(?:DB(?P<region>\d{2})|(?P<grp>[TQ])/(?P<org>[A-Z][A-Z0-9]{1,11})|(?P<prefix>[A-Z]{1,4}))"
    r"(?:/(?P<suffix>[TZ]))? (?P<number>[1-9]\d{0,5}|0\d{1,5})(?:\.\d{1,3})?-(?P<year>\d{4})")


def _fast_designation(raw: str) -> _Parsed | None:
    """The canonical form the designation parser itself writes (``AQ/T 1029-2019``), read from its
    own tables without the general parser (which handles dirty input, at ~20× the cost). None: use
    :func:`minestd.designation.parse`. tests/test_coverage.py checks both agree."""
    m = _FAST_DESIGNATION.fullmatch(raw)
    if m is None:
        return None
    year = int(m["year"])
    if not EARLIEST_YEAR <= year <= LATEST_YEAR or not m["number"].strip("0"):
        return None
    suffix = m["suffix"] or ""
    if m["region"] is not None:
        if m["region"] not in LOCAL_REGIONS:
            return None
        level = "local"
    elif m["grp"] is not None:
        if suffix:
            return None
        level = KNOWN_CODES[m["grp"]].level
    else:
        info = KNOWN_CODES.get(m["prefix"])
        if info is None or m["prefix"] in ("DB", "T", "Q") or (suffix and suffix not in info.suffixes):
            return None
        level = info.level
    return raw, raw[:raw.rindex("-")], year, level


def _parse_designation(raw: str, today: dt.date, cache: dict[str, _Parsed]) -> _Parsed:
    hit = cache.get(raw)
    if hit is None:
        hit = _fast_designation(raw)
        if hit is None:
            from .designation import parse

            d = parse(raw, today=today).designation if raw.strip() else None
            hit = (d.canonical, d.key(), d.year, d.level) if d is not None else (raw.strip(), None, None, "unknown")
        cache[raw] = hit
    return hit


def analyse(tx: "Taxonomy", entries: Catalog | Iterable[Entry], *, threshold: float = DEFAULT_THRESHOLD,
            today: dt.date | None = None, guide_date: dt.date | None = None, node: str | None = None,
            catalog_name: str | None = None, placements: Sequence[InferredPlacement] = (),
            cross_category: bool = True, decisions: "Decisions | None" = None,
            progress: Callable[[int], None] | None = None) -> CoverageReport:
    """Coverage of the priorities of ``tx`` (or of the subtree ``node``) by ``entries``.

    ``threshold``: minimum title-match score (0–1, above 0) for an inferred link. ``today``: the report
    date (default: today); ``guide_date``: editions published after it count as revisions of the guide's
    修订 items; ``node``: analyse one subsystem or category only; ``catalog_name``: shown in reports
    (default: the catalog's source); ``placements``: inferred places of entries that have no node ids
    (:func:`minestd.placement.place`; their title is then matched as if the catalog had placed them there, and
    every link they make says ``placement="inferred"``); ``cross_category``: also link titles to items of other
    categories when the evidence reaches WIDE_THRESHOLD (0.75); ``decisions``: reviewed links
    (:mod:`minestd.review`) — accepted ones become explicit links (basis ``reviewed``), rejected ones are never
    made, nor listed as near misses; ``progress``: called with
    the number of entries read so far, every
    5,000 entries (for a progress bar). Never raises for bad catalog data: problems come back as
    ``report.findings``; raises ValueError for a bad threshold and UnknownIdError for a bad ``node``.
    """
    if not 0.0 < threshold <= 1.0:
        raise ValueError(f"threshold must be above 0 and at most 1, got {threshold}")
    today = today or dt.date.today()
    guide_date = guide_date or edition_date(tx)
    highlighted = highlighted_of(tx)
    scope = node or ROOT_ID
    tx.node(scope)  # UnknownIdError for a bad id
    if isinstance(entries, Catalog):
        catalog_name = catalog_name if catalog_name is not None else entries.source
        entries = entries.entries
    matcher = _matcher(tx)
    prio_index = {p.id: i for i, p in enumerate(matcher.priorities)}
    n_prio = len(matcher.priorities)
    prefix = matcher.prefix_index(threshold)
    wide_threshold = min(1.0, max(threshold, WIDE_THRESHOLD))
    wide = matcher.prefix_index(wide_threshold, by_category=False).get("*") if cross_category else None
    cat_entries: dict[str, list[int]] = defaultdict(list)   # category -> entries matched by title there
    findings: list[Finding] = []

    stds: list[_Std] = []
    links: list[dict[int, _Raw]] = [{} for _ in range(n_prio)]   # priority -> entry -> how linked
    placed_active: dict[str, int] = defaultdict(int)   # node id -> valid standards within it
    title_index: dict[str, list[int]] = defaultdict(list)
    by_key: dict[str, list[int]] = defaultdict(list)
    replacing: dict[str, list[int]] = defaultdict(list)  # key of a replaced designation -> entries replacing it
    parse_cache: dict[str, _Parsed] = {}
    status_cache: dict[str, str] = {}
    scope_cache: dict[str, str] = {}
    cells: dict[tuple[str, ...], tuple] = {}            # nodes cell -> (valid, within, categories, unknown)
    inferred_at = {p.index: p for p in placements}
    unplaced = 0

    for i, entry in enumerate(entries):
        if progress is not None and i and not i % 5000:
            progress(i)
        s = _Std(i, entry)
        stds.append(s)
        row = entry.row
        status = status_cache.get(entry.status)
        if status is None:
            status = normalise_status(entry.status)
            status = status_cache[entry.status] = status if status in STATUSES else "unknown"
        if status == "unknown":
            findings.append(_finding("COV003", "warning", row, "status", entry.status,
                                     f"状态无法识别 / unknown status '{entry.status}': the standard is not counted",
                                     f"use one of {', '.join(STATUSES)} (or 现行, 征求意见稿, 已立项, 计划, 被代替, 废止)"))
        s.status = status
        s.designation, s.key, s.year, s.level = _parse_designation(entry.designation, today, parse_cache)
        mine = scope_cache.get(entry.mine_scope)
        if mine is None:
            mine = normalise_scope(entry.mine_scope) if entry.mine_scope.strip() else "unspecified"
            mine = scope_cache[entry.mine_scope] = mine if mine in MINE_SCOPES else "unspecified"
        s.scope = mine
        if s.key:
            by_key[s.key].append(i)
        for raw in entry.replaces:
            rkey = _parse_designation(raw, today, parse_cache)[1]
            if rkey:
                replacing[rkey].append(i)

        norm = _norm(entry.title)
        runs = _RUN_RE.findall(norm)
        title_key = "".join(runs)
        if title_key:
            title_index[title_key].append(i)
            if "部分" in norm or ":" in norm or " " in norm.strip():
                # a part of a multi-part standard also carries the whole standard's name:
                # "冲击地压测定、监测与防治方法 第2部分：…", "金属非金属地下矿山通风技术规范 通风系统"
                for head in (_PART_RE.sub("", norm), norm.strip().split(" ")[0]):
                    part = _title_key(head)
                    if part and part != title_key and i not in title_index.get(part, ()):
                        title_index[part].append(i)

        inferred = inferred_at.get(i) if not entry.nodes else None
        cell = (inferred.node, *inferred.alternatives) if inferred is not None else entry.nodes
        placement = cells.get(cell)
        if placement is None:
            placement = cells[cell] = _placement(tx, cell, prio_index, inferred=inferred is not None)
        s.nodes, within, cats, bad = placement
        s.inferred = inferred is not None and not inferred.reviewed
        s.reviewed = inferred is not None and inferred.reviewed
        s.cats = cats
        for nid in bad:
            if nid in prio_index:
                findings.append(_finding(
                    "COV001", "warning", row, "nodes", nid,
                    f"'{nid}' 是建设重点编号而非节点 / '{nid}' is a priority id, not a node: placement ignored",
                    f"put it in the priorities column and its node {nid.split('-')[0]} here"))
            else:
                findings.append(_finding(
                    "COV001", "warning", row, "nodes", nid,
                    f"未知节点编号 / unknown node id '{nid}': placement ignored",
                    "use an id from 'minestd tree' (e.g. 05.02) or 'minestd classify' a title"))
        active = status in ACTIVE_STATUSES
        if not s.nodes:
            unplaced += 1
            if active and entry.title.strip() and not entry.priorities:
                findings.append(_finding(
                    "COV005", "warning", row, "nodes", "",
                    "未放入体系，只按全体系较高阈值匹配 / not placed in the system: its title is matched only across the "
                    f"whole tree, at the higher threshold {max(threshold, WIDE_THRESHOLD):g}",
                    "add its node id (体系编号), or let minestd place it (run without --no-place)"))
        if active:
            for nid in within:
                placed_active[nid] += 1

        explicit = []
        for pid in entry.priorities:
            j = prio_index.get(pid)
            successors = tx.successors(pid) if j is None and tx.retired(pid) is not None else ()
            if len(successors) == 1:
                findings.append(_finding("COV004", "warning", row, "priorities", pid,
                                         f"建设重点编号已退役 / retired priority id '{pid}': linked to its successor "
                                         f"{successors[0]}", f"write {successors[0]} ('minestd validate --fix' does it)"))
                j = prio_index.get(successors[0])
            elif successors:
                findings.append(_finding("COV004", "warning", row, "priorities", pid,
                                         f"建设重点编号已退役 / retired priority id '{pid}': link ignored (replaced by "
                                         f"{', '.join(successors)})", "write the successor(s) this standard answers "
                                         "(see 'minestd priorities --retired')"))
                continue
            if j is None:
                findings.append(_finding("COV002", "warning", row, "priorities", pid,
                                         f"未知建设重点编号 / unknown priority id '{pid}': link ignored",
                                         "use an id from 'minestd priorities' (e.g. 05.02-p01)"))
                continue
            explicit.append(j)
        if explicit:
            for j in dict.fromkeys(explicit):
                links[j][i] = ("explicit", "listed", 1.0, ())
        elif active and title_key and (cats or wide is not None):
            cat_entries.update({cat: cat_entries[cat] + [i] for cat in cats if cat in prefix})
            for j, score, terms in _title_links(matcher, prefix, wide, cats, _Facts.of(s, matcher), threshold,
                                             wide_threshold):
                links[j][i] = ("inferred", "title", score, terms)

    if decisions:
        _apply_decisions(decisions, stds, links, prio_index)

    # -- the guide's named standards (修订 items): exact title, anywhere in the catalog
    for j, p in enumerate(matcher.priorities):
        if p.action != "修订":
            continue
        for name in (p.references or (p.text,)):
            for i in title_index.get(_title_key(name), ()):
                if i not in links[j] and not stds[i].entry.priorities:
                    links[j][i] = ("inferred", "named", 1.0, (f"《{name}》",))
        for designation in p.designations:   # the standards the item names by designation (other editions follow)
            for i in by_key.get(_key_of(designation) or "", ()):
                if i not in links[j] and not stds[i].entry.priorities:
                    links[j][i] = ("inferred", "named", 1.0, (designation,))

    # -- decide every priority in scope
    results: list[PriorityCoverage] = []
    for j, p in enumerate(matcher.priorities):
        if not tx.is_within(p.node, scope):
            continue
        found = links[j]
        has_explicit = any(raw[0] == "explicit" for raw in found.values())
        if p.action == "修订":
            found = _with_editions(found, stds, by_key, replacing, has_explicit)
        # explicit beats inferred: with explicit links, only they (and their other editions) decide
        decides = {i: not has_explicit or raw[0] == "explicit" or raw[1] == "edition" for i, raw in found.items()}
        decisive = [stds[i] for i, yes in decides.items() if yes]
        status, reason = _decide(p, decisive, guide_date)
        placed = placed_active.get(p.node, 0)
        if status == "gap":
            reason = "no_standards" if placed == 0 else "no_match"
        revision = p.action == "修订"
        made = []
        for i, (link, basis, score, matched) in found.items():
            st = stds[i]
            made.append(StandardLink(
                row=st.entry.row, designation=st.designation, title=st.entry.title, status=st.status, link=link,
                basis=basis, score=round(score, 3),
                matched=matcher.matched_terms(j, matched) if isinstance(matched, frozenset) else matched,
                decisive=decides[i],
                newer=(st.newer(guide_date) or st.status in IN_PROGRESS_STATUSES) if revision else None,
                placement=st.placement))
        ordered = sorted(made, key=lambda lk: (lk.link != "explicit", not lk.decisive, _STATUS_RANK.get(lk.status, 3),
                                               -lk.score, lk.designation, lk.row or 0))
        results.append(PriorityCoverage(
            id=p.id, node=p.node, category=_category_of(p.node), subsystem=p.node.split(".")[0], text=p.text,
            action=p.action, references=p.references, status=status, reason=reason, placed=placed,
            standards=tuple(ordered)))
    results = _with_near_misses(results, matcher, prio_index, stds, cat_entries, threshold, decisions)

    tallies = tally_tree(tx, results)
    nodes = _roll_up(tx, scope, tallies, placed_active)
    entries_out, in_scope = _placed_entries(scope, stds, links, matcher)
    overall = tallies.get(ROOT_ID, Tally())
    disaster = tally_tree(tx, [r for r in results if r.subsystem in highlighted]).get(ROOT_ID, Tally())
    summary = Summary(
        **overall.model_dump(), scope=scope, entries=len(stds),
        active=sum(1 for s in stds if s.status in ACTIVE_STATUSES), placed=in_scope,
        placed_active=sum(1 for s in stds if s.status in ACTIVE_STATUSES and s.nodes and (
            scope == ROOT_ID or any(n == scope or n.startswith(scope + ".") for n in s.nodes))),
        unplaced=unplaced, inferred_placements=sum(1 for p in placements if not p.reviewed),
        placements_to_review=sum(1 for p in placements if p.review and not p.reviewed),
        reviewed_placements=sum(1 for p in placements if p.reviewed),
        explicit_links=sum(1 for r in results for lk in r.standards if lk.link == "explicit"),
        inferred_links=sum(1 for r in results for lk in r.standards if lk.link == "inferred"),
        threshold=threshold, guide_date=guide_date, today=today, edition=tx.edition.edition, highlighted=highlighted,
        document_number=tx.edition.document_number, catalog=catalog_name or "", disaster=disaster)
    report = CoverageReport(summary=summary, nodes=nodes, priorities=tuple(results),
                            statistics=_statistics(tx, scope, stds), findings=tuple(findings),
                            placements=tuple(placements))
    report._entry_rows = entries_out
    return report


def _with_near_misses(results: list[PriorityCoverage], matcher: _Matcher, prio_index: dict[str, int],
                      stds: list[_Std], cat_entries: dict[str, list[int]],
                      threshold: float, decisions: "Decisions | None" = None) -> list[PriorityCoverage]:
    """For gaps with standards placed but none matching: the best candidates below the threshold
    (scored through a second prefix index over those priorities only, so still no full pairwise pass)."""
    wanted = frozenset(prio_index[r.id] for r in results if r.reason == "no_match")
    floor = min(NEAR_FLOOR, threshold)
    if not wanted or floor <= 0:
        return results
    prefix = matcher.prefix_index(floor, wanted)
    best: dict[int, list[tuple[float, int]]] = defaultdict(list)
    for cat, (keys, postings) in prefix.items():
        for i in cat_entries.get(cat, ()):
            facts = _Facts.of(stds[i], matcher)
            candidates: set[int] = set()
            for g in keys.intersection(facts.grams):
                candidates.update(postings[g])
            for j in candidates:
                if not matcher.compatible(j, facts):
                    continue
                score = matcher.evidence(j, facts.title, facts.grams)[0]
                if floor <= score < threshold and not (decisions and (
                        _key_of_std(stds[i]), matcher.priorities[j].id) in decisions.rejected_links):
                    heap = best[j]
                    item = (score, -i)
                    if len(heap) < NEAR_MISSES:
                        heapq.heappush(heap, item)
                    elif item > heap[0]:
                        heapq.heapreplace(heap, item)
    out = []
    for r in results:
        j = prio_index[r.id]
        if j in best:
            near = tuple(_link(stds[-k], "inferred", "title", round(sc, 3),
                               matcher.evidence(j, canonical_title(stds[-k].entry.title),
                                                matcher.grams(canonical_title(stds[-k].entry.title)))[1])
                         for sc, k in sorted(best[j], key=lambda t: (-t[0], -t[1])))
            r = r.model_copy(update={"near": near})
        out.append(r)
    return out


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


def _finding(rule: str, severity: str, row: int | None, field: str, value: str, message: str, fix: str) -> Finding:
    return Finding(rule=rule, severity=severity, message=message, fix=fix, row=row, field=field,  # type: ignore[arg-type]
                   value=value)


def _link(s: _Std, link: str, basis: str, score: float, matched: tuple[str, ...] = ()) -> StandardLink:
    return StandardLink(row=s.entry.row, designation=s.designation, title=s.entry.title, status=s.status,
                        link=link, basis=basis, score=score, matched=matched, placement=s.placement)


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
    from .designation import parse

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
                    tuple(linked.get(s.i, ())), s.placement))
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


def parse_statuses(text: str | Sequence[str] | None) -> tuple[str, ...]:
    """``"gap,in_progress"`` -> ("gap", "in_progress"); accepts the Chinese labels and '-' for '_'.
    Raises ValueError naming the unknown word."""
    if not text:
        return ()
    words = split_list(text) if isinstance(text, str) else tuple(w for t in text for w in split_list(t))
    aliases = {k: k for k in COVERAGE_STATUSES}
    aliases.update({zh: k for k, (zh, _en) in STATUS_LABELS.items()})
    aliases.update({en.replace(" ", "_"): k for k, (_zh, en) in STATUS_LABELS.items()})
    aliases.update({"missing": "gap", "remaining": "gap", "pending": "revision_pending", "revision": "revision_pending",
                    "在研": "in_progress", "缺口": "gap", "未覆盖": "gap"})
    out = []
    for w in words:
        key = aliases.get(w.strip().lower().replace("-", "_").replace(" ", "_"))
        if key is None:
            raise ValueError(w)
        out.append(key)
    return tuple(dict.fromkeys(out))

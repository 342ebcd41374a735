"""Stage "candidates and evidence": which priority items a title may answer, found through indexes of the items'
character pairs and scored on word-aligned, type- and scope-compatible evidence (see :mod:`minestd.linking`)."""
from __future__ import annotations

import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

import ahocorasick_rs

from ..linking import (GENERIC_WORDS, Lexicon, canonical_title, compatible_scopes, compatible_types, conflicting,
                       doc_type, lexicon, mine_scope_of, only_boilerplate)
from ..model import Priority

if TYPE_CHECKING:
    from ..taxonomy import Taxonomy


if TYPE_CHECKING:
    from .standards import _Std

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
        self._curated: "tuple[ahocorasick_rs.AhoCorasick | None, list[str], list[tuple[int, ...]]] | None" = None

    def curated_hits(self, title: str) -> dict[int, tuple[str, ...]]:
        """Priorities whose curated terms (:attr:`minestd.model.Priority.terms`, the project's own) occur in the
        (canonical, normalised) title -> the terms found (in the guide's spelling, as the title), longest first. A
        term that is itself a boilerplate word (鉴定, 检测检验: :data:`minestd.linking.GENERIC_WORDS`) says nothing of
        the subject and is ignored."""
        if self._curated is None:
            owners: dict[str, list[int]] = defaultdict(list)
            for j, p in enumerate(self.priorities):
                for term in dict.fromkeys(canonical_title(t) for t in p.terms):
                    if term not in _GENERIC_SET and len(term) >= 2:
                        owners[term].append(j)
            words = sorted(owners)
            self._curated = (ahocorasick_rs.AhoCorasick(words) if words else None, words,
                             [tuple(owners[w]) for w in words])
        automaton, words, owned = self._curated
        if automaton is None:
            return {}
        hits: dict[int, list[str]] = defaultdict(list)
        for k, _, _ in automaton.find_matches_as_indexes(title, overlapping=True):
            for j in owned[k]:
                hits[j].append(words[k])
        return {j: tuple(sorted(dict.fromkeys(found), key=len, reverse=True)) for j, found in hits.items()}

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
    def of(cls, s: "_Std", matcher: "_Matcher", title: str | None = None) -> "_Facts":
        """``title``: the entry's title in the guide's spelling when the caller has it already."""
        facts = cls()
        facts.title = canonical_title(s.entry.title) if title is None else title
        facts.grams = matcher.grams(facts.title)
        facts.type, facts.scope = type_and_scope(s)
        facts.cats = s.cats
        return facts


def type_and_scope(s: "_Std") -> tuple[str, str]:
    """A standard's document type (from its title) and mine scope (the catalog's column, else title, else code)."""
    return (doc_type(s.entry.title),
            mine_scope_of(s.entry.title, s.entry.designation, s.scope if s.scope != "unspecified" else ""))


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


def _category_of(node_id: str) -> str:
    return ".".join(node_id.split(".")[:2])

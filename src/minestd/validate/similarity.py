"""The near-duplicate title join (MS505): an exact AllPairs prefix filter on character bigrams, in arrays."""
from __future__ import annotations

import operator
from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING



if TYPE_CHECKING:
    pass

def _bigrams(text: str) -> frozenset[str]:
    return frozenset(map(operator.add, text, text[1:])) if len(text) > 1 else frozenset((text,))


def _similar_pairs(ids: Sequence[int], titles: dict[int, str], threshold: float,
                   per_entry: int = 3, posting_cap: int = 0) -> list[tuple[int, int, float]]:
    """Pairs (later, earlier, jaccard) with bigram Jaccard >= threshold, exactly, without comparing all pairs;
    for each later entry its ``per_entry`` most similar earlier ones.

    ``posting_cap`` (default :data:`POSTING_CAP`): a title meets at most this many titles (the catalog's first)
    through one prefix bigram — only dense clusters of near-copies are affected (see POSTING_CAP).

    AllPairs prefix filtering (Bayardo et al. 2007) with PPJoin's positional filter (Xiao et al. 2008), in
    numpy: each title's distinct bigrams (``_bigrams``) are ranked by rising document frequency (bigrams of
    one title only are never shared: they count in the size and are dropped); titles are visited by size. A
    pair with Jaccard >= t shares a bigram within the first |x| - ceil(t|x|) + 1 of the larger title x (probe
    prefix) and within the first |y| - ceil(2t/(1+t)|y|) + 1 of the smaller y (index prefix); the first
    shared bigrams bound the overlap, which must reach t/(1+t)(|x| + |y|) — counting every shared bigram found
    in the prefixes and the rest after the last one (a shared bigram ranked before it lies in both prefixes).
    Survivors get the exact Jaccard. Any global bigram order gives the same pairs (rarest first only makes it
    fast).
    """
    keep = [i for i in ids if len(titles[i]) >= 4]
    if len(keep) < 2:
        return []
    import numpy as np

    tokens = _Tokens.of(np, list(_distinct_bigrams(np, [titles[i] for i in keep])), len(keep))
    size = tokens.size
    x, y = _candidates(np, tokens, size, threshold, posting_cap or POSTING_CAP)
    inter = _overlaps(np, tokens, x, y)
    similarity = inter / (size[x] + size[y] - inter)
    good = similarity >= threshold - 1e-9
    return _best(keep, x[good].tolist(), y[good].tolist(), similarity[good].tolist(), per_entry)


def _distinct_bigrams(np, texts: list[str]) -> tuple:
    """(record, bigram code) of every distinct bigram of every text, sorted by record then code."""
    from ..arrays import ranges, run_starts

    n = len(texts)
    length = np.fromiter(map(len, texts), dtype=np.int64, count=n)
    code = np.frombuffer("".join(texts).encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    count = length - 1
    rec = np.repeat(np.arange(n, dtype=np.int64), count)
    first_char = ranges(np.cumsum(length) - length, count)
    gram = (code[first_char] << 21) | code[first_char + 1]    # two code points of 21 bits each
    del code, first_char
    if n.bit_length() + 42 <= _PACKED_BITS:    # one int64 per (record, bigram), record on top: np.sort beats lexsort
        both = np.sort((rec << 42) | gram)
        both = both[run_starts(both)]
        return both >> 42, both & ((1 << 42) - 1)
    order = np.lexsort((gram, rec))
    rec, gram = rec[order], gram[order]
    distinct = run_starts(rec) | run_starts(gram)
    return rec[distinct], gram[distinct]


class _Tokens:
    """The bigrams shared by two titles at least, as tokens ranked by rising document frequency: ``rec_tok``
    (record << bits | rank, sorted), ``rec``/``tok`` (its two halves), ``pos`` (place of each in its record),
    ``common`` (shared bigrams per record), ``size`` (distinct bigrams per record)."""

    __slots__ = ("rec_tok", "rec", "tok", "pos", "common", "bits", "size")

    @classmethod
    def of(cls, np, bigrams: list, n: int) -> "_Tokens":
        """``bigrams``: [record, bigram code] from :func:`_distinct_bigrams`, emptied (the arrays are freed here)."""
        from ..arrays import ranges, run_starts, sorted_places

        rec, gram = bigrams
        bigrams.clear()

        place, sorted_gram = sorted_places(gram)
        new = run_starts(sorted_gram)
        token = np.empty(len(gram), dtype=np.int64)
        token[place] = np.cumsum(new) - 1
        df = np.diff(np.append(np.flatnonzero(new), len(gram)))
        del place, sorted_gram, new
        shared = df[token] > 1
        rank = np.empty(len(df), dtype=np.int64)
        rank[np.argsort(df, kind="stable")] = np.arange(len(df))
        t = cls()
        t.size = np.bincount(rec, minlength=n)
        t.bits = max(1, len(df).bit_length())
        t.rec_tok = np.sort((rec[shared] << t.bits) | rank[token[shared]])     # by record, then rank
        del rec, gram, token, shared, rank
        t.rec, t.tok = t.rec_tok >> t.bits, t.rec_tok & ((1 << t.bits) - 1)
        t.common = np.bincount(t.rec, minlength=n)
        t.pos = ranges(np.zeros(n, dtype=np.int64), t.common)
        return t


def _candidates(np, tk: _Tokens, size, threshold: float, posting_cap: int) -> tuple:
    """Pairs (x, y) of records sharing a bigram in their prefixes (x visited after y) that pass the positional
    filter: the overlap they may still reach is at least t/(1+t)(|x| + |y|). Drops ``tk.rec`` and ``tk.pos`` once
    used (memory for the expansion)."""
    from ..arrays import ranges, sorted_places

    n = len(size)
    unique = size - tk.common
    probe = size - np.ceil(threshold * size - 1e-9).astype(np.int64) + 1 - unique
    indexed = size - np.ceil(2 * threshold / (1 + threshold) * size - 1e-9).astype(np.int64) + 1 - unique
    visit = np.empty(n, dtype=np.int64)                     # visiting order: by size, then catalog order
    visit[np.argsort(size, kind="stable")] = np.arange(n)
    p_mask = tk.pos < probe[tk.rec]
    i_mask = tk.pos < indexed[tk.rec]
    order, p_tok = sorted_places(tk.tok[p_mask])         # both sides by bigram: the searches run in order
    p_rec, p_pos = tk.rec[p_mask][order], tk.pos[p_mask][order]
    order, i_tok = sorted_places(tk.tok[i_mask])
    i_rec, i_pos = tk.rec[i_mask][order], tk.pos[i_mask][order]
    lo = np.searchsorted(i_tok, p_tok, "left")
    hits = np.minimum(np.searchsorted(i_tok, p_tok, "right") - lo, posting_cap)   # dense clusters: capped
    del p_mask, i_mask, order, p_tok, i_tok      # not needed below: memory for the expansion
    tk.rec = tk.pos = None                      # (nor by _overlaps)
    parts: list[tuple] = []
    # expand the (probe entry, index entry) pairs in chunks, each chunk folded to one row per pair at once
    # (bounded memory on catalogs of near-copies)
    cum = np.cumsum(hits)
    start = 0
    while start < len(p_rec):
        stop = int(np.searchsorted(cum, (cum[start - 1] if start else 0) + _JOIN_CHUNK, "right"))
        stop = max(stop, start + 1)
        h = hits[start:stop]
        if h.any():
            base = ranges(lo[start:stop], h)
            x = np.repeat(p_rec[start:stop], h)
            y = i_rec[base]
            ok = (visit[y] < visit[x]) & (size[y] >= threshold * size[x] - 1e-9)
            parts.append(_fold(np, x[ok] * n + y[ok], np.ones(int(ok.sum()), dtype=np.int32),
                               np.repeat(p_pos[start:stop], h)[ok].astype(np.int32),
                               i_pos[base][ok].astype(np.int32)))   # 20 bytes a pair, not 32
        start = stop
    if not parts:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    key, matched, i, j = _fold_columns(np, _joined(np, parts))     # shared prefix bigrams per pair
    x, y = key // n, key % n
    # every shared bigram ranked up to the last one found is within both prefixes, so it was found: the
    # overlap is at most those plus what follows in the shorter rest
    alive = matched + np.minimum(tk.common[x] - i - 1, tk.common[y] - j - 1) >= \
        threshold / (1 + threshold) * (size[x] + size[y]) - 1e-6
    return x[alive], y[alive]


def _overlaps(np, tk: _Tokens, x, y):
    """Exact number of shared bigrams of each pair (x, y): each shared bigram of x looked up among y's (rec_tok is
    sorted), a block of pairs at a time (bounded memory)."""
    from ..arrays import ranges, sorted_places

    ptr = np.concatenate(([0], np.cumsum(tk.common)))
    inter = np.zeros(len(x), dtype=np.int64)
    for lo in range(0, len(x), _VERIFY_CHUNK):
        bx, by = x[lo:lo + _VERIFY_CHUNK], y[lo:lo + _VERIFY_CHUNK]
        spread = tk.common[bx]
        pair = np.repeat(np.arange(len(bx)), spread)
        at = ranges(ptr[bx], spread)
        place, wanted = sorted_places((np.repeat(by, spread) << tk.bits) | tk.tok[at])   # sorted: faster search
        pair = pair[place]
        where = np.minimum(np.searchsorted(tk.rec_tok, wanted), len(tk.rec_tok) - 1)
        inter[lo:lo + len(bx)] = np.bincount(pair[tk.rec_tok[where] == wanted], minlength=len(bx))
        del spread, pair, at, place, wanted, where
    return inter


def _best(keep: list[int], xs: list[int], ys: list[int], values: list[float],
          per_entry: int) -> list[tuple[int, int, float]]:
    """(later, earlier, similarity) in the ids of ``keep``: for each later entry its ``per_entry`` best."""
    found: dict[int, list[tuple[float, int]]] = defaultdict(list)
    for a, b, value in zip(xs, ys, values):
        ka, kb = keep[a], keep[b]
        later, earlier = (ka, kb) if ka > kb else (kb, ka)
        found[later].append((value, earlier))
    pairs: list[tuple[int, int, float]] = []
    for later in sorted(found):
        best = sorted(found[later], key=lambda p: (-p[0], p[1]))[:per_entry]
        pairs.extend((later, earlier, similarity) for similarity, earlier in best)
    return pairs


def _fold(np, key, count, i, j):
    """One row per pair key: the number of shared prefix bigrams found (summed) and the positions of the last one
    in each title (the largest: a bigram's position follows its global rank in both titles)."""
    return _fold_columns(np, [key, count, i, j])


def _joined(np, parts: list) -> list:
    """The chunks' (key, count, i, j) joined into four columns, one column at a time, each chunk's piece dropped as it
    is copied (``parts`` is emptied): the pairs are never held twice over."""
    columns = []
    for k in range(4):
        columns.append(np.concatenate([part[k] for part in parts]))
        parts[:] = [tuple(None if c == k else a for c, a in enumerate(part)) for part in parts]
    parts.clear()
    return columns


def _fold_columns(np, columns: list) -> tuple:
    """:func:`_fold` of ``columns`` = [key, count, i, j], emptied as it goes (each array freed once reordered)."""
    order = np.argsort(columns[0], kind="stable")
    for k in range(4):
        columns[k] = columns[k][order]          # the unordered array is dropped here, one at a time
    del order
    key, count, i, j = columns
    columns.clear()
    if not len(key):
        return key, count, i, j
    starts = np.flatnonzero(np.concatenate(([True], key[1:] != key[:-1])))
    return (key[starts], np.add.reduceat(count, starts), np.maximum.reduceat(i, starts),
            np.maximum.reduceat(j, starts))


#: Bits of an int64 that :func:`_similar_pairs` packs sort keys into (wider keys: a slower lexsort).
_PACKED_BITS = 63
#: (probe, index) bigram pairs expanded at a time, and candidate pairs verified at a time, by
#: :func:`_similar_pairs` (memory: ~50 MB per million).
_JOIN_CHUNK = 500_000
#: Titles one title meets through one bigram of its prefix at most (:func:`_similar_pairs`). Only a dense cluster of
#: near-copies (a bigram in the prefixes of more titles than this) is affected: its titles are compared with the
#: cluster's first ones, not all — 100,000 near-copies take seconds and < 1 GB instead of every pair; each still
#: gets up to ``per_entry`` near duplicates (exact Jaccard), which may not be its very closest.
POSTING_CAP = 8
_VERIFY_CHUNK = 40_000

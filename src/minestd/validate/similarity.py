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
    posting_cap = posting_cap or POSTING_CAP
    keep = [i for i in ids if len(titles[i]) >= 4]
    if len(keep) < 2:
        return []
    import numpy as np

    from ..arrays import ranges, run_starts, sorted_places

    n = len(keep)
    texts = [titles[i] for i in keep]
    length = np.fromiter(map(len, texts), dtype=np.int64, count=n)
    code = np.frombuffer("".join(texts).encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    # every bigram (record, code) then the distinct ones per record
    count = length - 1
    rec = np.repeat(np.arange(n, dtype=np.int64), count)
    first_char = ranges(np.cumsum(length) - length, count)
    gram = (code[first_char] << 21) | code[first_char + 1]    # two code points of 21 bits each
    del code, first_char
    if n.bit_length() + 42 <= _PACKED_BITS:    # one int64 per (record, bigram), record on top: np.sort beats lexsort
        both = np.sort((rec << 42) | gram)
        both = both[run_starts(both)]
        rec, gram = both >> 42, both & ((1 << 42) - 1)
        del both
    else:
        order = np.lexsort((gram, rec))
        rec, gram = rec[order], gram[order]
        distinct = run_starts(rec) | run_starts(gram)
        rec, gram = rec[distinct], gram[distinct]
    size = np.bincount(rec, minlength=n)
    # document frequency of each bigram
    place, sorted_gram = sorted_places(gram)
    new = run_starts(sorted_gram)
    token = np.empty(len(gram), dtype=np.int64)
    token[place] = np.cumsum(new) - 1
    df = np.diff(np.append(np.flatnonzero(new), len(gram)))
    del place, sorted_gram, new
    shared = df[token] > 1
    rank = np.empty(len(df), dtype=np.int64)
    rank[np.argsort(df, kind="stable")] = np.arange(len(df))
    bits = max(1, len(df).bit_length())
    rec_tok = np.sort((rec[shared] << bits) | rank[token[shared]])     # by record, then rank
    rec, tok = rec_tok >> bits, rec_tok & ((1 << bits) - 1)
    common = np.bincount(rec, minlength=n)                 # shared bigrams per record
    pos = ranges(np.zeros(n, dtype=np.int64), common)     # place of each shared bigram in its record
    unique = size - common
    probe = size - np.ceil(threshold * size - 1e-9).astype(np.int64) + 1 - unique
    index_ratio = 2 * threshold / (1 + threshold)
    indexed = size - np.ceil(index_ratio * size - 1e-9).astype(np.int64) + 1 - unique
    visit = np.empty(n, dtype=np.int64)                     # visiting order: by size, then catalog order
    visit[np.argsort(size, kind="stable")] = np.arange(n)
    p_mask = pos < probe[rec]
    i_mask = pos < indexed[rec]
    order, p_tok = sorted_places(tok[p_mask])         # both sides by bigram: the searches run in order
    p_rec, p_pos = rec[p_mask][order], pos[p_mask][order]
    order, i_tok = sorted_places(tok[i_mask])
    i_rec, i_pos = rec[i_mask][order], pos[i_mask][order]
    lo = np.searchsorted(i_tok, p_tok, "left")
    hits = np.minimum(np.searchsorted(i_tok, p_tok, "right") - lo, posting_cap)   # dense clusters: capped
    del rec, pos, p_mask, i_mask, order, p_tok, i_tok      # not needed below: memory for the expansion
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
        return []
    key, matched, i, j = _fold_columns(np, _joined(np, parts))     # shared prefix bigrams per pair
    x, y = key // n, key % n
    # every shared bigram ranked up to the last one found is within both prefixes, so it was found: the
    # overlap is at most those plus what follows in the shorter rest
    alive = matched + np.minimum(common[x] - i - 1, common[y] - j - 1) >= \
        threshold / (1 + threshold) * (size[x] + size[y]) - 1e-6
    del key, matched, i, j
    x, y = x[alive], y[alive]
    # exact overlaps of the survivors: each shared bigram of x looked up among y's (rec_tok is sorted), a
    # block of pairs at a time (bounded memory)
    ptr = np.concatenate(([0], np.cumsum(common)))
    inter = np.zeros(len(x), dtype=np.int64)
    for lo in range(0, len(x), _VERIFY_CHUNK):
        bx, by = x[lo:lo + _VERIFY_CHUNK], y[lo:lo + _VERIFY_CHUNK]
        spread = common[bx]
        pair = np.repeat(np.arange(len(bx)), spread)
        at = ranges(ptr[bx], spread)
        place, wanted = sorted_places((np.repeat(by, spread) << bits) | tok[at])   # sorted: faster search
        pair = pair[place]
        where = np.minimum(np.searchsorted(rec_tok, wanted), len(rec_tok) - 1)
        inter[lo:lo + len(bx)] = np.bincount(pair[rec_tok[where] == wanted], minlength=len(bx))
        del spread, pair, at, place, wanted, where
    similarity = inter / (size[x] + size[y] - inter)
    good = similarity >= threshold - 1e-9
    found: dict[int, list[tuple[float, int]]] = defaultdict(list)
    for a, b, value in zip(x[good].tolist(), y[good].tolist(), similarity[good].tolist()):
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

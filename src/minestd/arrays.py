"""numpy helpers shared by the batch code (MS301's evidence matrix, MS505's near-duplicate search); pure.

Imported lazily by those modules, so that numpy stays out of every command's start-up.
"""
from __future__ import annotations

import numpy as np


def ranges(starts: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """``starts[k], starts[k] + 1, …`` (``counts[k]`` values) for every k, concatenated: the positions of
    ragged groups laid out one after another (``ranges(0, counts)`` numbers each group's members from 0)."""
    counts = np.asarray(counts)
    total = int(counts.sum())
    before = np.cumsum(counts) - counts
    return np.repeat(np.asarray(starts) - before, counts) + np.arange(total, dtype=np.int64)


def sorted_places(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(argsort, sorted values) of non-negative int64 ``values``; packs value and place in one int64 and uses
    ``np.sort`` when they fit (several times faster than ``np.argsort``), else a stable argsort."""
    if not len(values):
        return values.copy(), values.copy()
    bits = max(1, len(values).bit_length())
    if int(values.max()).bit_length() + bits > 63:
        order = np.argsort(values, kind="stable")
        return order, values[order]
    packed = np.sort((values << bits) | np.arange(len(values)))
    return packed & ((1 << bits) - 1), packed >> bits


def run_starts(ordered: np.ndarray) -> np.ndarray:
    """True where a sorted array's value differs from the one before (the first of each run of equal values)."""
    return np.concatenate(([True], ordered[1:] != ordered[:-1]))

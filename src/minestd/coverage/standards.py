"""Stage "read": per-entry facts computed once (status, designation key, year, level, scope, placement)."""
from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING


from ..designation import EARLIEST_YEAR, KNOWN_CODES, LATEST_YEAR, LOCAL_REGIONS
from ..entry import (Entry)

if TYPE_CHECKING:
    pass

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
            from ..designation import parse

            d = parse(raw, today=today).designation if raw.strip() else None
            hit = (d.canonical, d.key(), d.year, d.level) if d is not None else (raw.strip(), None, None, "unknown")
        cache[raw] = hit
    return hit

"""Looking things up in a user's catalog beside the guide (``minestd search TEXT --catalog``, ``minestd show ID
--catalog``) — pure core."""
from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from .entry import Entry, entry_list, fold

if TYPE_CHECKING:
    from .coverage import CoverageReport, PlacedEntry

__all__ = ["search_catalog", "standards_at"]


def search_catalog(entries: Iterable[Entry], text: str, *, limit: int = 50) -> list[Entry]:
    """Catalog entries whose designation or title contains ``text`` (NFKC, case and spaces ignored: ``aq1029``
    finds AQ 1029-2019), in catalog order, at most ``limit``."""
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
        raise ValueError(f"limit must be a whole number of at least 1, got {limit!r}")
    needle = fold(text)
    if not needle:
        return []
    out = []
    for e in entry_list(entries):
        if needle in fold(e.designation) or needle in fold(e.title):
            out.append(e)
            if len(out) >= limit:
                break
    return out


def standards_at(report: "CoverageReport", ident: str) -> tuple["PlacedEntry", ...]:
    """The catalog's standards placed at node ``ident`` or below it (the catalog's node ids, or the places the gap
    analysis inferred), in catalog order."""
    if not isinstance(ident, str):
        raise TypeError(f"ident must be a node id (str) such as '05.02', not {type(ident).__name__}")
    prefix = ident + "."
    return tuple(e for e in report.entries if any(n == ident or n.startswith(prefix) for n in e.nodes))

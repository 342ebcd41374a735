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

The package is the analysis in stages, each a module of pure functions: :mod:`.standards` (read each entry
once), :mod:`.matching` (candidates and word-level evidence), :mod:`.analysis` (one pass: placements, explicit,
title, named and reviewed links; near misses), :mod:`.decide` (other editions, each item's status, roll-ups),
:mod:`.statistics`, :mod:`.models` (the report as frozen values) and :mod:`.vocabulary` (statuses, reasons and
their zh / en labels, read by every renderer).

No printing, no file IO, no CLI imports.
"""
from __future__ import annotations

from ..linking import GENERIC_WORDS
from .analysis import analyse
from .decide import COUNTED_STATUSES, tally_tree
from .matching import ITEM_FLOOR, TITLE_SHARE, WIDE_THRESHOLD, _Matcher
from .models import (CoverageReport, NodeCoverage, PlacedEntry, PriorityCoverage, StandardLink, Statistics, StatRow,
                     Summary, Tally)
from .standards import _fast_designation
from .vocabulary import (ACTION_LABELS, BASIS_LABELS, CHANGE_LABELS, COVERAGE_STATUSES, DEFAULT_THRESHOLD, DISASTER_SUBSYSTEMS,
                         ENTRY_STATUS_LABELS, GAP_REASONS, GUIDE_DATE, LEVEL_LABELS, LEVELS, LINK_LABELS,
                         NEAR_FLOOR, NEAR_MISSES, REASON_LABELS, SCOPE_LABELS, DOC_TYPE_LABELS, STAT_SCOPES,
                         STAT_STATUSES,
                         STATUS_LABELS, CoverageStatus, LinkKind, edition_date, highlighted_of, label, parse_statuses)

__all__ = [
    "CoverageStatus", "LinkKind", "StandardLink", "PriorityCoverage", "NodeCoverage", "Tally", "Summary",
    "StatRow", "Statistics", "PlacedEntry", "CoverageReport", "analyse", "GUIDE_DATE", "DEFAULT_THRESHOLD",
    "COVERAGE_STATUSES", "GAP_REASONS", "DISASTER_SUBSYSTEMS", "LEVELS", "STAT_STATUSES", "STAT_SCOPES",
    "STATUS_LABELS", "REASON_LABELS", "LINK_LABELS", "BASIS_LABELS", "LEVEL_LABELS", "ENTRY_STATUS_LABELS",
    "SCOPE_LABELS", "DOC_TYPE_LABELS", "ACTION_LABELS", "CHANGE_LABELS", "GENERIC_WORDS", "label", "parse_statuses",
    "tally_tree",
    "COUNTED_STATUSES",
    "edition_date", "highlighted_of", "WIDE_THRESHOLD", "ITEM_FLOOR", "TITLE_SHARE", "NEAR_MISSES", "NEAR_FLOOR",
    "_Matcher", "_fast_designation",
]

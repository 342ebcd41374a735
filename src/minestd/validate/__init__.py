"""Validate a catalog of standards against the guide's taxonomy: rules -> findings (pure core).

``validate(entries, tx)`` never raises for bad data: every problem becomes a :class:`~minestd.model.Finding`
with a stable rule id, a severity, a one-line Chinese / English message and a fix hint. The rules live in
one table (:data:`RULES`) that ``minestd validate --rules`` prints:

* ``MS1xx`` designation (syntax, normalisation, missing fields, mandatory local/group standards)
* ``MS2xx`` placement (node ids, levels, priorities, mine scope)
* ``MS3xx`` reserved for the classifier (a node that disagrees with the top suggestion): add checks with
  :func:`register_check` or pass ``extra_rules=[...]`` to :func:`validate`
* ``MS4xx`` status, dates, supersession, review (复审)
* ``MS5xx`` duplicates and overlap (same designation, same title, coal/non-coal twins, near-duplicate titles)

The package: :mod:`.rules` (the catalogue), one module per rule family with its rules beside its checks
(:mod:`.designations`, :mod:`.placement`, :mod:`.status`, :mod:`.duplicates`), :mod:`.engine` (context, report,
registry, :func:`validate`), :mod:`.pool` (the second process for big catalogs), :mod:`.similarity` (the
near-duplicate join), :mod:`.titles` and :mod:`.fix` (``--fix``).
"""
from __future__ import annotations

from .engine import CHECKS, Check, ValidationContext, ValidationReport, register_builtin_extensions, register_check, \
    validate
from ..entry import INACTIVE_STATUSES
from .rules import (LOCAL_MANDATORY_CUTOFF, NEAR_DUPLICATE_THRESHOLD, RULES,
                    REVIEW_YEARS, Rule)
# each family adds its rules to RULES when imported: keep the id order MS1, MS2, MS4, MS5
from . import designations, placement, status, duplicates  # noqa: E402,F401,I001
from .designations import PROBLEM_RULES
from .duplicates import _without_mine_words, near_duplicate_pairs
from .fix import CellFix, cell_fixes, fix_entries, fix_entry
from .pool import PARALLEL_MIN, _Worker
from .similarity import _bigrams, _similar_pairs
from .titles import MINE_WORDS, _MINE_WORDS_RE, title_key, title_keys

__all__ = ["Rule", "RULES", "CHECKS", "Check", "ValidationContext", "ValidationReport", "validate", "register_check",
           "register_builtin_extensions", "title_key", "title_keys", "fix_entry", "fix_entries",
           "cell_fixes", "CellFix",
           "near_duplicate_pairs", "REVIEW_YEARS", "NEAR_DUPLICATE_THRESHOLD", "INACTIVE_STATUSES",
           "LOCAL_MANDATORY_CUTOFF", "PROBLEM_RULES", "MINE_WORDS",
           "PARALLEL_MIN", "_Worker", "_bigrams", "_similar_pairs", "_MINE_WORDS_RE", "_without_mine_words"]

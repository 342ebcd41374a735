"""--fix: a normalised copy of a catalog (what can be normalised without guessing)."""
from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any


from ..designation import parse
from ..entry import MINE_SCOPES, STATUSES, Entry, normalise_scope, normalise_status, parse_date

if TYPE_CHECKING:
    from ..taxonomy import Taxonomy

from .titles import normalise_title
from .placement import _NUMERIC_ID, _pad_id

# --------------------------------------------------------------------------- --fix: a normalised copy

def fix_entry(entry: Entry, tx: "Taxonomy | None" = None) -> Entry:
    """The entry with what can be normalised without guessing: canonical designation (only when it parses
    without errors; a title glued to it moves to an empty title cell), canonical status and mine-scope codes,
    ISO dates, canonical supersession references and, with ``tx``, zero-padded node ids (5.02 -> 05.02) and a
    retired priority id replaced by its successor when it has exactly one (MS207)."""
    update: dict[str, Any] = {}
    if entry.designation:
        result = parse(entry.designation)
        if result.ok and result.designation is not None and not any(
                p.code == "multiple_designations" for p in result.problems):
            rest = result.title_rest
            if rest is None or normalise_title(rest) == normalise_title(entry.title):
                update["designation"] = result.designation.canonical
            elif not entry.title:
                update["designation"] = result.designation.canonical
                update["title"] = rest
    if entry.status and normalise_status(entry.status) in STATUSES:
        update["status"] = normalise_status(entry.status)
    if entry.mine_scope:
        parts = [normalise_scope(p) for p in re.split(r"[;；,，、/]+", entry.mine_scope) if p.strip()]
        if parts and all(p in MINE_SCOPES for p in parts):
            update["mine_scope"] = ";".join(dict.fromkeys(parts))
    for name in ("published", "effective"):
        date = parse_date(getattr(entry, name))
        if date is not None:
            update[name] = date.isoformat()
    for name in ("replaces", "replaced_by"):
        refs = getattr(entry, name)
        if refs:
            update[name] = tuple(_canonical_ref(r) for r in refs)
    if tx is not None and entry.nodes:
        update["nodes"] = tuple(_pad_id(n) if n not in tx and _NUMERIC_ID.fullmatch(n) and _pad_id(n) in tx else n
                                for n in entry.nodes)
    if tx is not None and entry.priorities:
        update["priorities"] = tuple(dict.fromkeys(_successor_or_self(tx, p) for p in entry.priorities))
    changed = {k: v for k, v in update.items() if getattr(entry, k) != v}
    return entry.model_copy(update=changed) if changed else entry


def _successor_or_self(tx: "Taxonomy", ident: str) -> str:
    successors = tx.successors(ident) if tx.retired(ident) is not None else ()
    return successors[0] if len(successors) == 1 else ident


def _canonical_ref(ref: str) -> str:
    result = parse(ref)
    return result.designation.canonical if result.ok and result.designation is not None \
        and result.title_rest is None else ref


def fix_entries(entries: Iterable[Entry], tx: "Taxonomy | None" = None) -> list[Entry]:
    """:func:`fix_entry` over a catalog (same order, same rows, unknown columns untouched)."""
    return [fix_entry(e, tx) for e in entries]

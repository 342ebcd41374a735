"""--fix: a normalised copy of a catalog (what can be normalised without guessing), cell by cell.

:func:`fix_entry` gives the normalised entry; :func:`cell_fixes` lists every cell it changes — the row, the field,
the text before and after and, for list cells, each value replaced — so that a writer can change those cells
only, in a copy of the user's own file (:func:`minestd.io.copies.write_fixed_copy`). Words keep their language:
现行有效 becomes 现行, ``Current`` becomes ``current``, 即将实施 stays.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from ..designation import parse
from ..entry import LIST_FIELDS, Entry, entry_list, parse_date, spell_scope, spell_status
from ..model import Frozen

if TYPE_CHECKING:
    from ..taxonomy import Taxonomy

from .titles import title_key
from .placement import _NUMERIC_ID, _pad_id

__all__ = ["CellFix", "fix_entry", "fix_entries", "cell_fixes"]


class CellFix(Frozen):
    """One cell that ``--fix`` changes."""

    row: int | None                 # spreadsheet row of the entry
    field: str                      # the Entry field (designation, status, nodes, …)
    before: str                     # the value as read (list cells: values joined with ';')
    after: str                      # the normalised value (list cells: joined with ';')
    values: tuple[tuple[str, str], ...] = ()   # list cells: (value as read, its replacement) for each one changed


def fix_entry(entry: Entry, tx: "Taxonomy | None" = None) -> Entry:
    """The entry with what can be normalised without guessing: canonical designation (only when it parses
    without errors; a title glued to it moves to an empty title cell), status and mine-scope words in their
    language's canonical spelling (现行有效 -> 现行, Coal -> coal), ISO dates, canonical supersession references
    and, with ``tx``, zero-padded node ids (5.02 -> 05.02) and a retired priority id replaced by its successor
    when it has exactly one (MS207)."""
    update: dict[str, Any] = _designation_fix(entry)
    status = spell_status(entry.status) if entry.status else None
    if status is not None:
        update["status"] = status
    if entry.mine_scope:
        parts = [spell_scope(p) for p in re.split(r"[;；,，、/]+", entry.mine_scope) if p.strip()]
        if parts and all(p is not None for p in parts):
            update["mine_scope"] = ";".join(dict.fromkeys(p for p in parts if p is not None))
    for name in ("published", "effective"):
        date = parse_date(getattr(entry, name))
        if date is not None:
            update[name] = date.isoformat()
    for name in sorted(LIST_FIELDS):
        spelling = value_spelling(name, tx)
        if spelling is not None and getattr(entry, name):
            update[name] = tuple(dict.fromkeys(spelling(v) for v in getattr(entry, name)))
    changed = {k: v for k, v in update.items() if getattr(entry, k) != v}
    return entry.model_copy(update=changed) if changed else entry


def _designation_fix(entry: Entry) -> dict[str, Any]:
    if not entry.designation:
        return {}
    result = parse(entry.designation)
    if not result.ok or result.designation is None or any(p.code == "multiple_designations" for p in result.problems):
        return {}
    rest = result.title_rest
    if rest is None or title_key(rest) == title_key(entry.title):
        return {"designation": result.designation.canonical}
    if not entry.title:
        return {"designation": result.designation.canonical, "title": rest}
    return {}


def value_spelling(field: str, tx: "Taxonomy | None" = None) -> Callable[[str], str] | None:
    """How ``--fix`` rewrites one value of the list field ``field`` (None: it leaves the field alone): node ids
    zero-padded, a retired priority id's single successor, canonical supersession references."""
    if field in ("replaces", "replaced_by"):
        return _canonical_ref
    if tx is None:
        return None
    if field == "nodes":
        return lambda n: _pad_id(n) if n not in tx and _NUMERIC_ID.fullmatch(n) and _pad_id(n) in tx else n
    if field == "priorities":
        return lambda p: _successor_or_self(tx, p)
    return None


def _successor_or_self(tx: "Taxonomy", ident: str) -> str:
    successors = tx.successors(ident) if tx.retired(ident) is not None else ()
    return successors[0] if len(successors) == 1 else ident


def _canonical_ref(ref: str) -> str:
    result = parse(ref)
    return result.designation.canonical if result.ok and result.designation is not None \
        and result.title_rest is None else ref


def fix_entries(entries: Iterable[Entry], tx: "Taxonomy | None" = None) -> list[Entry]:
    """:func:`fix_entry` over a catalog (same order, same rows, unknown columns untouched)."""
    return [fix_entry(e, tx) for e in entry_list(entries)]


def cell_fixes(entries: Iterable[Entry], tx: "Taxonomy | None" = None) -> tuple[CellFix, ...]:
    """Every cell :func:`fix_entry` changes, in catalog order (row, then field in column order)."""
    out: list[CellFix] = []
    for entry in entry_list(entries):
        fixed = fix_entry(entry, tx)
        if fixed is entry:
            continue
        for name in type(entry).model_fields:
            if name in ("row", "extra") or getattr(entry, name) == getattr(fixed, name):
                continue
            spelling = value_spelling(name, tx) if name in LIST_FIELDS else None
            respelled = ((v, spelling(v)) for v in getattr(entry, name)) if spelling is not None else ()
            values = tuple((v, new) for v, new in respelled if new != v)
            out.append(CellFix(row=entry.row, field=name, before=entry.value(name), after=fixed.value(name),
                               values=values))
    return tuple(out)

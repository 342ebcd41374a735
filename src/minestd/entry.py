"""Standard entries (one row of a user's catalog) and catalogs — pure models, no IO.

Values are kept as the user wrote them (after trimming); interpretation (designation parsing,
date parsing, status vocabulary) happens in validation so that no row is ever lost.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Iterable
from typing import Literal

from pydantic import BaseModel, ConfigDict

Status = Literal["current", "draft", "approved", "planned", "superseded", "withdrawn"]
MineScope = Literal["coal", "metal-nonmetal", "all"]

STATUSES: tuple[str, ...] = ("current", "draft", "approved", "planned", "superseded", "withdrawn")
STATUS_ZH: dict[str, str] = {"current": "现行", "draft": "征求意见稿", "approved": "已立项", "planned": "计划",
                             "superseded": "被代替", "withdrawn": "废止"}
IN_PROGRESS_STATUSES = frozenset({"draft", "approved", "planned"})
ACTIVE_STATUSES = frozenset({"current"}) | IN_PROGRESS_STATUSES
#: Superseded or withdrawn: listed, never counted as covering anything.
INACTIVE_STATUSES = frozenset({"superseded", "withdrawn"})
MINE_SCOPES: tuple[str, ...] = ("coal", "metal-nonmetal", "all")
MINE_SCOPE_ZH: dict[str, str] = {"coal": "煤矿", "metal-nonmetal": "金属非金属矿山", "all": "通用"}

# Words users write for statuses and scopes -> canonical code (lower-cased keys).
STATUS_ALIASES: dict[str, str] = {
    **{s: s for s in STATUSES},
    "现行": "current", "现行有效": "current", "有效": "current", "active": "current", "valid": "current",
    "即将实施": "current",   # the national platform's word: published, not yet in force (MS406 notes the date, as info)
    "征求意见稿": "draft", "征求意见": "draft", "报批稿": "draft", "送审稿": "draft", "草案": "draft",
    "已立项": "approved", "立项": "approved", "在研": "approved", "制修订中": "approved",
    "计划": "planned", "拟制定": "planned", "拟修订": "planned", "规划": "planned",
    "被代替": "superseded", "已被代替": "superseded", "作废": "superseded", "replaced": "superseded",
    "废止": "withdrawn", "已废止": "withdrawn", "abolished": "withdrawn",
}
SCOPE_ALIASES: dict[str, str] = {
    **{s: s for s in MINE_SCOPES},
    "煤矿": "coal", "煤炭": "coal", "井工煤矿": "coal", "露天煤矿": "coal",
    "金属非金属": "metal-nonmetal", "金属非金属矿山": "metal-nonmetal", "非煤": "metal-nonmetal",
    "非煤矿山": "metal-nonmetal", "metal/nonmetal": "metal-nonmetal", "non-coal": "metal-nonmetal",
    "通用": "all", "全部": "all", "所有矿山": "all", "矿山": "all", "both": "all",
}

#: Entry fields that a catalog column can map to, in the canonical column order.
FIELDS: tuple[str, ...] = ("designation", "title", "status", "nodes", "priorities", "mine_scope", "published",
                           "effective", "replaces", "replaced_by", "ics", "ccs", "notes", "source")
#: Fields holding several values (one cell, ';'-separated).
LIST_FIELDS = frozenset({"nodes", "priorities", "replaces", "replaced_by"})

_DATE_RE = re.compile(r"^\s*(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?\s*$")


def normalise_status(value: str) -> str:
    """Canonical status code for a known word (现行 -> current); otherwise the value unchanged."""
    return STATUS_ALIASES.get(value.strip().lower(), value.strip())


def normalise_scope(value: str) -> str:
    return SCOPE_ALIASES.get(value.strip().lower(), value.strip())


#: Status words already in a canonical spelling: the codes, and the national platform's Chinese words.
STATUS_SPELLINGS = frozenset(STATUSES) | frozenset(STATUS_ZH.values()) | {"即将实施"}
_CJK = re.compile(r"[\u3400-\u9fff]")


def spell_status(value: str) -> str | None:
    """A known status word in the canonical spelling of the language it was written in — 现行有效 -> 现行,
    Current -> current, 即将实施 stays — so that a Chinese catalog stays Chinese; None for an unknown word."""
    word = value.strip()
    code = normalise_status(word)
    if code not in STATUSES:
        return None
    if word in STATUS_SPELLINGS:
        return word
    return STATUS_ZH[code] if _CJK.search(word) else code


def spell_scope(value: str) -> str | None:
    """A known mine-scope word in its language's canonical spelling (非煤 -> 金属非金属矿山, Coal -> coal); None for
    an unknown word."""
    word = value.strip()
    code = normalise_scope(word)
    if code not in MINE_SCOPES:
        return None
    return MINE_SCOPE_ZH[code] if _CJK.search(word) else code


def fold(text: str) -> str:
    """Text as catalogs are compared: NFKC (full-width ＡＱ is AQ), lower case, no spaces."""
    return "".join(unicodedata.normalize("NFKC", text).lower().split())


def parse_date(value: str | None) -> dt.date | None:
    """2024-12-26, 2024/12/26, 2024.12.26 or 2024年12月26日 -> date; anything else -> None."""
    if not value:
        return None
    match = _DATE_RE.match(value)
    if not match:
        return None
    try:
        return dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


_LIST_SEPARATORS = re.compile(r"[;；,，、\n]+")


def split_list(value: str | None) -> tuple[str, ...]:
    """Cells holding several values use ';' (also accepted: '；', ',', '，', '、', newline)."""
    if not value:
        return ()
    parts = _LIST_SEPARATORS.split(value)
    if len(parts) == 1:                      # one value (most cells)
        part = value.strip()
        return (part,) if part else ()
    return tuple(part for part in (p.strip() for p in parts) if part)


def respell_list(cell: str, spelling: Callable[[str], str]) -> str:
    """A list cell with each value replaced by ``spelling(value)``, its separators and spacing kept as written
    (``5.02；12.01`` -> ``05.02；12.01``); a value that becomes a repeat of an earlier one is dropped with the
    separator before it."""
    pieces = re.split(f"({_LIST_SEPARATORS.pattern})", cell)
    out: list[str] = []
    seen: set[str] = set()
    for k in range(0, len(pieces), 2):
        raw = pieces[k]
        value = raw.strip()
        if not value:
            out += [raw] + pieces[k + 1:k + 2]
            continue
        new = spelling(value)
        if new in seen:
            if out and k:
                out.pop()     # the separator before the repeat
            continue
        seen.add(new)
        lead, trail = raw[:len(raw) - len(raw.lstrip())], raw[len(raw.rstrip()):]
        out += [lead + new + trail] + pieces[k + 1:k + 2]
    return "".join(out)


class Entry(BaseModel):
    """One standard in a catalog. ``row`` is the spreadsheet row (header = 1, first entry = 2)."""

    model_config = ConfigDict(frozen=True)

    row: int | None = None
    designation: str = ""
    title: str = ""
    status: str = ""
    nodes: tuple[str, ...] = ()
    priorities: tuple[str, ...] = ()
    mine_scope: str = ""
    published: str = ""
    effective: str = ""
    replaces: tuple[str, ...] = ()
    replaced_by: tuple[str, ...] = ()
    ics: str = ""
    ccs: str = ""
    notes: str = ""
    source: str = ""
    extra: tuple[tuple[str, str], ...] = ()

    @property
    def published_date(self) -> dt.date | None:
        return parse_date(self.published)

    @property
    def effective_date(self) -> dt.date | None:
        return parse_date(self.effective)

    @property
    def status_code(self) -> str:
        return normalise_status(self.status)

    def value(self, field: str) -> str:
        """A field as one string (list fields joined with ';'); ``extra`` columns by header name."""
        if field in LIST_FIELDS:
            return ";".join(getattr(self, field))
        if field in FIELDS:
            return getattr(self, field)
        return next((v for k, v in self.extra if k == field), "")

    def is_blank(self) -> bool:
        """True when every field and every unknown column is empty."""
        return not any(getattr(self, f) for f in FIELDS) and not any(v for _, v in self.extra)


class Catalog(BaseModel):
    """Entries in file order plus what is needed to write the file back unchanged in shape."""

    model_config = ConfigDict(frozen=True)

    entries: tuple[Entry, ...]
    source: str = ""
    columns: tuple[str, ...] = ()          # the file's header, in order, as written
    mapping: tuple[tuple[str, str], ...] = ()  # header as written -> Entry field ("" = unknown column)
    format: str = ""           # csv / xlsx / json / yaml ("" = built in memory)
    encoding: str = ""         # CSV: utf-8 / utf-8-sig / gb18030 / utf-16 as detected
    sheet: str = ""            # XLSX: the sheet read
    header_row: int = 1        # spreadsheet row of the header (entries follow it)
    notes: tuple[str, ...] = ()  # what the reader decided for the user, e.g. which sheet held the header

    def __len__(self) -> int:
        return len(self.entries)


def entry_list(entries: object, name: str = "entries") -> list[Entry]:
    """``entries`` (a Catalog or an iterable of Entry) as a list; TypeError naming ``name`` for anything else — a
    path or a list of dicts is a caller's mistake, never silently read as characters or skipped."""
    if isinstance(entries, Catalog):
        return list(entries.entries)
    if isinstance(entries, (str, bytes)) or not isinstance(entries, Iterable):
        raise TypeError(f"{name} must be a Catalog or an iterable of Entry, not {type(entries).__name__}")
    items = list(entries)
    bad = next((e for e in items if not isinstance(e, Entry)), None)
    if bad is not None:
        raise TypeError(f"{name} must hold Entry objects (minestd.entry.Entry), found {type(bad).__name__}")
    return items


def fraction(value: object, name: str) -> float:
    """``value`` checked as a number from 0 to 1; TypeError / ValueError naming ``name`` otherwise."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"{name} must be a number, not {type(value).__name__}")
    if not 0.0 <= value <= 1.0:
        raise ValueError(f"{name} must be between 0 and 1, got {value}")
    return float(value)

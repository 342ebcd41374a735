"""MS5xx: duplicates and overlap — same designation, same title, coal / non-coal twins, near-duplicate titles."""
from __future__ import annotations

import functools
from collections import Counter, defaultdict
from collections.abc import Iterator
from typing import TYPE_CHECKING


from ..joined import map_joined
from ..model import Finding

if TYPE_CHECKING:
    pass

from .engine import ValidationContext, register_check
from ..entry import INACTIVE_STATUSES
from .rules import NEAR_DUPLICATE_THRESHOLD, Rule, _rule, add_rules
from .similarity import _similar_pairs
from .titles import _MINE_WORDS_RE, title_key, title_keys
from .status import _index, _resolve_ref

#: the rules this module checks, beside their checks
DUPLICATE_RULES: tuple[Rule, ...] = (
    _rule("MS501", "error", "标准号重复 / duplicate designation",
          "标准号 '{value}' 与第 {other_row} 行重复 / designation '{value}' already on row {other_row}",
          "每个标准只保留一行：合并这些行或更正标准号 / "
          "keep one row per standard: merge the rows or correct the designation"),
    _rule("MS502", "warning", "同一标准多个版本均为现行 / several current editions",
          "'{value}' 与第 {other_row} 行的 '{other}' 是同一标准的不同版本, 均为现行 / '{value}' and '{other}' "
          "(row {other_row}) are editions of one standard and both current",
          "把旧版标为被代替，并用“代替标准”“被代替标准”列关联两版 / "
          "mark the older edition superseded (被代替) and link them with replaces/replaced_by"),
    _rule("MS503", "warning", "同名不同号 / same title, different designations",
          "标准名称与第 {other_row} 行 '{other}' 相同 / same title as '{other}' on row {other_row}",
          "若一个代替另一个，填写代替关系并把旧版标为被代替；否则检查是否重复交叉 / "
          "if one replaces the other, fill replaces/replaced_by and mark the old one superseded; otherwise check "
          "for a duplicate (重复交叉) standard"),
    _rule("MS504", "info", "煤矿/非煤同题标准 / coal and non-coal twins",
          "与第 {other_row} 行 '{other}'《{other_title}》仅矿山类型不同, 可能重复交叉 / differs from '{other}' "
          "《{other_title}》 (row {other_row}) only in the mine type: possible overlap",
          "指南要求整合煤矿和非煤矿山现有标准：考虑制定一项两类矿山通用的标准 / "
          "the guide asks to integrate coal and metal/non-metal standards (指南: 整合煤矿和非煤矿山现有标准): consider "
          "one standard for both"),
    _rule("MS505", "warning", "标准名称近似 / near-duplicate titles",
          "标准名称与第 {other_row} 行 '{other}'《{other_title}》高度相似 ({similarity:.0%}), 可能重复交叉 / title "
          "{similarity:.0%} similar to '{other}' 《{other_title}》 (row {other_row}): possible overlap",
          "核对适用范围是否重复交叉：合并，或在标题中写明区别 / "
          "check the scopes for overlap (重复交叉); merge or make the titles say what differs",
          f"Character-bigram Jaccard similarity >= {NEAR_DUPLICATE_THRESHOLD} among standards that are not "
          "superseded or withdrawn; parts of one standard and linked editions are not compared."),
)
add_rules(*DUPLICATE_RULES)


# --------------------------------------------------------------------------- MS5xx duplicates and overlap

@register_check(["MS501", "MS502", "MS503", "MS504", "MS505"])
def check_duplicates(ctx: ValidationContext) -> Iterator[Finding]:
    entries = ctx.entries
    first_by_designation: dict[str, int] = {}
    current_by_key: dict[str, int] = {}
    keys = ctx.keys()
    for i, (entry, result, canonical) in enumerate(zip(entries, ctx.parsed, ctx.canonicals())):
        if result is None:
            continue
        name = canonical if canonical is not None else title_key(entry.designation)
        if name in first_by_designation:
            other = entries[first_by_designation[name]]
            yield ctx.finding("MS501", entry, "designation", entry.designation, other_row=other.row or "?")
            continue
        first_by_designation[name] = i
        if canonical is not None and ctx.statuses[i] == "current":
            key = keys[i]
            if key in current_by_key:
                j = current_by_key[key]
                yield ctx.finding("MS502", entry, "designation", entry.designation, other=ctx.label(j),
                                  other_row=entries[j].row or "?")
            else:
                current_by_key[key] = i
    linked = _linked_pairs(ctx)
    active, titles = _comparable_titles(ctx)
    reported: set[tuple[int, int]] = set()
    # MS503 same title, different designations (only titles that occur twice or more form groups)
    named = [i for i in active if ctx.parsed[i] is not None and titles[i]]
    for group in _groups(named, [titles[i] for i in named]):
        for pos, i in enumerate(group[1:], start=1):
            for j in group[:pos]:
                if _comparable(ctx, i, j, linked) and _base(ctx, i) != _base(ctx, j):
                    reported.add((j, i))
                    yield ctx.finding("MS503", entries[i], "title", entries[i].title, other=ctx.label(j),
                                      other_row=entries[j].row or "?")
                    break
    # MS504 coal / non-coal twins: equal once mine-type words are removed
    originals = [titles[i] for i in active]
    residuals = _without_mine_words(originals)
    twins = [(i, r) for i, t, r in zip(active, originals, residuals) if r != t and len(r) >= 4]
    for group in _groups([i for i, _ in twins], [r for _, r in twins]):
        for pos, i in enumerate(group[1:], start=1):
            for j in group[:pos]:
                if titles[i] != titles[j] and _comparable(ctx, i, j, linked):
                    reported.add((j, i))
                    yield ctx.finding("MS504", entries[i], "title", entries[i].title, other=ctx.label(j),
                                      other_title=entries[j].title, other_row=entries[j].row or "?")
                    break
    # MS505 near-duplicate titles
    near = near_duplicate_pairs(ctx)
    for i, j, similarity in near:
        if (j, i) in reported or titles[i] == titles[j] or not _comparable(ctx, i, j, linked):
            continue
        yield ctx.finding("MS505", entries[i], "title", entries[i].title, other=ctx.label(j),
                          other_title=entries[j].title, other_row=entries[j].row or "?", similarity=similarity)


def _groups(ids: list[int], keys: list[str]) -> list[list[int]]:
    """The ids of each key that occurs more than once, in order (keys seen once are skipped without a group)."""
    counts = Counter(keys)
    grouped: dict[str, list[int]] = defaultdict(list)
    for i, key in zip(ids, keys):
        if counts[key] > 1:
            grouped[key].append(i)
    return list(grouped.values())


def _without_mine_words(titles: list[str]) -> list[str]:
    """Each title with the mine-type words removed, in one pass over the joined titles."""
    drop = functools.partial(_MINE_WORDS_RE.sub, "")
    return map_joined(titles, drop, drop)


def _comparable_titles(ctx: ValidationContext) -> tuple[list[int], dict[int, str]]:
    """Entries the MS503–MS505 overlap rules compare (not superseded or withdrawn, with a title) and their
    normalised titles (computed once per context)."""
    if ctx.comparable is None:
        entries = ctx.entries
        active = [i for i, s in enumerate(ctx.statuses) if s not in INACTIVE_STATUSES and entries[i].title]
        ctx.comparable = active, dict(zip(active, title_keys([entries[i].title for i in active])))
    return ctx.comparable


def near_duplicate_pairs(ctx: ValidationContext) -> list[tuple[int, int, float]]:
    """(later, earlier, similarity) entry indexes with near-duplicate titles (MS505's candidates)."""
    return _similar_pairs(*_comparable_titles(ctx), NEAR_DUPLICATE_THRESHOLD)


def _base(ctx: ValidationContext, i: int) -> str | None:
    """Code + base number (``MT/T 154``): parts and editions of one standard share it."""
    result = ctx.parsed[i]
    if result is None or result.designation is None:
        return None
    return f"{result.designation.code} {result.designation.base_number}"


def _comparable(ctx: ValidationContext, i: int, j: int, linked: set[tuple[int, int]]) -> bool:
    """Two entries worth comparing for overlap: not parts/editions of one standard, not linked by supersession."""
    if (min(i, j), max(i, j)) in linked:
        return False
    base_i, base_j = _base(ctx, i), _base(ctx, j)
    return base_i is None or base_i != base_j


def _linked_pairs(ctx: ValidationContext) -> set[tuple[int, int]]:
    refs = [(i, ref) for i, e in enumerate(ctx.entries) for ref in (*e.replaces, *e.replaced_by)]
    if not refs:
        return set()
    index = _index(ctx)
    pairs: set[tuple[int, int]] = set()
    for i, ref in refs:
        for j in _resolve_ref(ctx, index, ref)[1]:
            pairs.add((min(i, j), max(i, j)))
    return pairs

"""The gap analysis's vocabulary, in one place: statuses, reasons, links, levels, scopes and their zh / en
labels (every renderer reads them from here), the guide's date and the highlighted subsystems."""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal


from ..entry import (MINE_SCOPES, STATUSES, split_list)

if TYPE_CHECKING:
    from ..taxonomy import Taxonomy

CoverageStatus = Literal["covered", "in_progress", "revision_pending", "gap"]
LinkKind = Literal["explicit", "inferred"]
#: term: a curated-term candidate (near misses only)
Basis = Literal["listed", "title", "named", "edition", "reviewed", "term"]

GUIDE_DATE = dt.date(2024, 12, 26)
DEFAULT_THRESHOLD = 0.5
#: Display order: the most urgent first.
COVERAGE_STATUSES: tuple[str, ...] = ("gap", "revision_pending", "in_progress", "covered")
GAP_REASONS: tuple[str, ...] = ("no_standards", "no_match")
#: The four disaster subsystems the guide stresses (瓦斯, 火灾, 水害, 地压) are highlighted in reports.
DISASTER_SUBSYSTEMS: tuple[str, ...] = ("05", "06", "07", "08")
LEVELS: tuple[str, ...] = ("national", "industry", "local", "group", "enterprise", "unknown")
STAT_STATUSES: tuple[str, ...] = (*STATUSES, "unknown")
STAT_SCOPES: tuple[str, ...] = (*MINE_SCOPES, "unspecified")
_STATUS_RANK = {"current": 0, "draft": 1, "approved": 1, "planned": 1, "superseded": 2, "withdrawn": 2}
NEAR_MISSES = 3          # best below-threshold candidates kept for a gap
NEAR_FLOOR = 0.3         # … if they score at least this

# ---------------------------------------------------------------- labels (zh, en) for every renderer
STATUS_LABELS: dict[str, tuple[str, str]] = {
    "covered": ("已覆盖", "covered"), "in_progress": ("制修订中", "in progress"),
    "revision_pending": ("待修订", "revision pending"), "gap": ("缺失", "gap"),
}
REASON_LABELS: dict[str, tuple[str, str]] = {
    "no_standards": ("该节点下尚无标准", "no standard placed under the node"),
    "no_match": ("节点下有标准但均不对应", "standards placed under the node, none matches"),
    "not_revised": ("指南发布后尚无新版本", "no edition newer than the guide"),
}
ACTION_LABELS: dict[str, tuple[str, str]] = {
    "制定": ("制定", "new"), "修订": ("修订", "revise"), "制修订": ("制修订", "new or revise"), "提升": ("提升", "upgrade"),
    "未明确": ("未明确", "not stated"),
}
LINK_LABELS: dict[str, tuple[str, str]] = {"explicit": ("明确关联", "explicit"), "inferred": ("推断", "inferred")}
BASIS_LABELS: dict[str, tuple[str, str]] = {
    "listed": ("目录列明", "listed in the catalog"), "title": ("标题匹配", "title match"),
    "named": ("指南点名", "named by the guide"), "edition": ("同一标准其他版本", "other edition"),
    "reviewed": ("审核采纳", "accepted in review"), "term": ("词表候选", "curated-term candidate"),
}
LEVEL_LABELS: dict[str, tuple[str, str]] = {
    "national": ("国家标准", "national"), "industry": ("行业标准", "industry"), "local": ("地方标准", "local"),
    "group": ("团体标准", "group"), "enterprise": ("企业标准", "enterprise"), "unknown": ("未定", "unknown"),
}
CHANGE_LABELS: dict[str, tuple[str, str]] = {
    "newly_covered": ("新覆盖", "newly covered"), "newly_in_progress": ("新进入制修订", "newly in progress"),
    "newly_revision_pending": ("新列为待修订", "newly revision pending"), "regressed": ("倒退", "fell back"),
    "still_gap": ("仍缺失", "still a gap"), "unchanged": ("无变化", "unchanged"),
    "new_item": ("新增建设重点", "item new in this report"), "dropped_item": ("上期有、本期无", "item no longer listed"),
    "added": ("新增关联", "link added"), "removed": ("取消关联", "link removed"),
}
ENTRY_STATUS_LABELS: dict[str, tuple[str, str]] = {
    "current": ("现行", "current"), "draft": ("征求意见稿/报批稿", "draft"), "approved": ("已立项", "approved"),
    "planned": ("计划", "planned"), "superseded": ("被代替", "superseded"), "withdrawn": ("废止", "withdrawn"),
    "unknown": ("状态不明", "unknown"),
}
#: A standard's document type as the gap analysis reads it from the title (minestd.linking.doc_type).
DOC_TYPE_LABELS: dict[str, tuple[str, str]] = {
    "terms": ("术语符号类", "terminology"), "management": ("管理类", "management"), "method": ("方法类", "method"),
    "design": ("设计类", "design"), "spec": ("技术规范类", "technical specification"), "product": ("产品类", "product"),
}
SCOPE_LABELS: dict[str, tuple[str, str]] = {
    "coal": ("煤矿", "coal"), "metal-nonmetal": ("金属非金属矿山", "metal/non-metal"), "all": ("通用", "all mines"),
    "unspecified": ("未注明", "unspecified"),
}


def label(table: dict[str, tuple[str, str]], key: str | None, lang: str = "zh") -> str:
    """``label(STATUS_LABELS, "gap", "en") -> "gap"``; unknown keys come back unchanged."""
    if key is None:
        return ""
    pair = table.get(key)
    return key if pair is None else pair[1 if lang == "en" else 0]


# ---------------------------------------------------------------------------------------- models


def parse_statuses(text: str | Sequence[str] | None) -> tuple[str, ...]:
    """``"gap,in_progress"`` -> ("gap", "in_progress"); accepts the Chinese labels and '-' for '_'.
    Raises ValueError naming the unknown word."""
    if not text:
        return ()
    words = split_list(text) if isinstance(text, str) else tuple(w for t in text for w in split_list(t))
    aliases = {k: k for k in COVERAGE_STATUSES}
    aliases.update({zh: k for k, (zh, _en) in STATUS_LABELS.items()})
    aliases.update({en.replace(" ", "_"): k for k, (_zh, en) in STATUS_LABELS.items()})
    aliases.update({"missing": "gap", "remaining": "gap", "pending": "revision_pending", "revision": "revision_pending",
                    "在研": "in_progress", "缺口": "gap", "未覆盖": "gap"})
    out = []
    for w in words:
        key = aliases.get(w.strip().lower().replace("-", "_").replace(" ", "_"))
        if key is None:
            raise ValueError(w)
        out.append(key)
    return tuple(dict.fromkeys(out))


def edition_date(tx: "Taxonomy") -> dt.date:
    """The guide's date from the edition's system.yaml (``date``), else GUIDE_DATE."""
    try:
        return dt.date.fromisoformat(tx.edition.date)
    except (TypeError, ValueError):
        return GUIDE_DATE


def highlighted_of(tx: "Taxonomy") -> tuple[str, ...]:
    """The subsystems the edition highlights (system.yaml ``highlighted``), else the four disaster subsystems."""
    return tx.edition.highlighted or DISASTER_SUBSYSTEMS

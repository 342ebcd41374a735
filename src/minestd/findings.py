"""Every finding minestd can report, in one catalogue (pure core): the catalog checks of ``validate`` (MS…), the
taxonomy checks of ``check-taxonomy`` (TX…) and the catalog problems the gap analysis meets on its way (COV…).

Each entry says what the rule checks, how severe a finding usually is and which command reports it, in Chinese and
English ("中文 / English"). A finding's own message and fix (with the row, the value, the ids involved) come with the
finding; this is the list a reader looks a rule id up in (``minestd rules COV005``).
"""
from __future__ import annotations

from collections.abc import Iterable

from .model import Frozen

__all__ = ["RuleEntry", "TAXONOMY_RULES", "COVERAGE_RULES", "rule_catalogue", "FAMILIES"]


class RuleEntry(Frozen):
    """One rule of the catalogue. ``title``: what it checks, "中文 / English"; ``command``: where it is reported."""

    id: str
    family: str          # MS, TX or COV
    severity: str        # the usual severity (a few rules grade it; see doc)
    title: str
    command: str
    fix: str = ""
    doc: str = ""


#: Family prefix -> the command that reports its findings.
FAMILIES = {"MS": "validate", "TX": "check-taxonomy", "COV": "gaps / report"}

#: The taxonomy checks (``minestd check-taxonomy``, also run whenever an edition is loaded): id -> (severity, title).
TAXONOMY_RULES: dict[str, tuple[str, str]] = {
    "TX001": ("error", "节点编号唯一 / unique node ids"),
    "TX002": ("error", "编号格式正确且以上级编号开头 / id well-formed and extends its parent's id"),
    "TX003": ("error", "最多三级（子体系、类别、子类别） / depth at most 3 (subsystem, category, sub-category)"),
    "TX004": ("error", "有中文名称 / non-empty Chinese name"),
    "TX005": ("error", "有英文名称 / non-empty English name"),
    "TX006": ("error", "同级名称不重复 / no duplicate names among siblings"),
    "TX007": ("error", "建设重点挂在已有节点上（编号前缀即节点编号） / every priority attached to an existing node (id "
                       "prefix = node id)"),
    "TX008": ("error", "建设重点编号唯一 / unique priority ids"),
    "TX009": ("error", "每个节点都能从根节点到达 / every node reachable from the root"),
    "TX010": ("error", "字段名与类型正确 / known keys and types"),
    "TX011": ("error", "YAML 语法 / YAML syntax"),
    "TX012": ("error", "文件存在且可读 / files readable and present"),
    "TX013": ("error", "建设行动为 制定 / 修订 / 制修订 / 提升 / 未明确 / priority action is 制定, 修订, 制修订, 提升 "
                       "or 未明确"),
    "TX014": ("error", "建设重点有条目文字和原文 / priority has text and source"),
    "TX015": ("warning", "子体系图号齐全且不重复 / subsystem figure numbers present and unique"),
    "TX016": ("warning", "节点按顺序编号 / node ids numbered in order"),
    "TX017": ("warning", "建设重点编号无空缺（现行或已退役，永不复用） / priority numbers without holes (live or "
                         "retired; never reused)"),
    "TX018": ("error", "退役编号格式正确、节点存在、不再启用 / retired priority ids well-formed, on existing nodes, "
                       "never live again"),
    "TX019": ("error", "退役编号的接替条目是建设重点编号 / a retired id's successors (replaced_by) are priority ids"),
}

#: The catalog problems the gap analysis reports (``gaps``, ``report``; JSON ``findings``): id -> (severity, title,
#: fix). None drops a row: the standard stays in the report.
COVERAGE_RULES: dict[str, tuple[str, str, str]] = {
    "COV001": ("warning", "体系编号未知或是建设重点编号 / unknown node id (or a priority id) in the nodes column",
               "用 'minestd tree' 中的节点编号 / use node ids from 'minestd tree'"),
    "COV002": ("warning", "建设重点编号未知 / unknown priority id in the priorities column",
               "用 'minestd priorities' 中的编号 / use ids from 'minestd priorities'"),
    "COV003": ("warning", "状态无法识别，该标准不计入 / unreadable status: the standard is not counted",
               "填写 现行、即将实施、征求意见稿、已立项、计划、被代替、废止 / use one of the statuses"),
    "COV004": ("warning", "建设重点编号已退役 / retired priority id in the priorities column",
               "改用接替编号（见 'minestd priorities --retired'） / use its successor"),
    "COV005": ("warning", "未放入体系，只按全体系较高阈值匹配 / not placed in the system: matched across the whole tree "
                          "at the higher threshold only",
               "填写体系编号，或让 minestd 推断位置（不加 --no-place） / add its node id, or run without --no-place"),
}


def rule_catalogue(select: Iterable[str] | str | None = None) -> tuple[RuleEntry, ...]:
    """Every rule — MS (validate), TX (check-taxonomy), COV (gaps) — in id order; ``select``: only ids starting with
    one of these prefixes (``"COV"``, ``["MS5", "TX013"]``; case-insensitive)."""
    from .validate import register_builtin_extensions

    if isinstance(select, str):
        select = select.split(",")
    if select is not None and not isinstance(select, Iterable):
        raise TypeError(f"select must be rule ids or prefixes, not {type(select).__name__}")
    items = list(select or ())                 # once: a generator is read a single time
    if not all(isinstance(s, str) for s in items):
        raise TypeError("select: each rule id or prefix must be a string")
    wanted = tuple(s.strip().upper() for s in items if s.strip())
    entries = [RuleEntry(id=r.id, family="MS", severity=r.severity, title=r.title, command=FAMILIES["MS"], fix=r.fix,
                         doc=r.doc) for r in register_builtin_extensions().values()]
    entries += [RuleEntry(id=rid, family="TX", severity=sev, title=title, command=FAMILIES["TX"])
                for rid, (sev, title) in TAXONOMY_RULES.items()]
    entries += [RuleEntry(id=rid, family="COV", severity=sev, title=title, command=FAMILIES["COV"], fix=fix)
                for rid, (sev, title, fix) in COVERAGE_RULES.items()]
    entries.sort(key=lambda e: (list(FAMILIES).index(e.family), e.id))
    return tuple(e for e in entries if not wanted or e.id.startswith(wanted))

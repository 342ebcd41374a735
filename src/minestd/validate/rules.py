"""The rule catalogue: :class:`Rule` (id, severity, zh / en title, message and fix templates) and :data:`RULES`,
filled by each rule module with the rules it checks (MS1xx … MS5xx; MS301 from minestd.classify)."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict

from ..model import Severity

if TYPE_CHECKING:
    pass

#: 复审周期一般不超过五年 (行业标准管理办法; 国家标准管理办法) — see shared/reference/designations.md §4.
REVIEW_YEARS = 5
#: Character-bigram Jaccard similarity at or above which two titles are reported as near duplicates.
NEAR_DUPLICATE_THRESHOLD = 0.75
#: Statuses whose entries are expected to carry a designation.
PUBLISHED_STATUSES = frozenset({"current", "superseded", "withdrawn"})
INACTIVE_STATUSES = frozenset({"superseded", "withdrawn"})
LOCAL_MANDATORY_CUTOFF = 2018   # 2017 标准化法 (in force 2018-01-01): local standards are recommended


class Rule(BaseModel):
    """One validation rule. ``message`` and ``fix`` are templates filled with ``str.format``."""

    model_config = ConfigDict(frozen=True)

    id: str
    severity: Severity          # the usual severity (a few rules grade it, see ``doc``)
    title: str                  # 中文 / English, a few words
    message: str                # 中文 / English, one line, {placeholders}
    fix: str
    doc: str = ""

    def as_dict(self) -> dict[str, str]:
        """For ``--rules``: templates shown with their placeholders as '…'."""
        return {"id": self.id, "severity": self.severity, "title": self.title, "message": _describe(self.message),
                "fix": _describe(self.fix), "doc": self.doc}


def _describe(template: str) -> str:
    if template in ("{message}", "{fix}"):
        return "(given with each finding / 随每条问题给出)" if template == "{fix}" \
            else "(the designation parser's message / 标准号解析器的说明)"
    return re.sub(r"\{hint\}", "", re.sub(r"\{(?!hint)[a-z_]+(?::[^}]*)?\}", "…", template))


def _rule(id: str, severity: Severity, title: str, message: str, fix: str, doc: str = "") -> Rule:
    """A rule; its fix in Chinese and English ("中文 / English") when :data:`FIX_ZH` has the Chinese."""
    zh = FIX_ZH.get(id)
    return Rule(id=id, severity=severity, title=title, message=message, fix=f"{zh} / {fix}" if zh else fix, doc=doc)


#: The fixes in Chinese, for the rules whose fix is a fixed text (the designation parser's and the placement
#: rules' fixes are given with each finding). Placeholders as in the English text.
FIX_ZH: dict[str, str] = {
    "MS101": "按发布文本填写标准号，如 'GB/T 15259-2008'",
    "MS102": "按发布文本填写标准名称",
    "MS107": "此单元格只保留标准号，标准名称写入“标准名称”列",
    "MS108": "2018 年起地方标准为推荐性（标准化法 第二条），应写作 'DB{region}/T {number}-{year}'",
    "MS109": "只有国家标准（GB）和行业标准可为强制性，团体（T/）、企业（Q/）和地方（DBnn/T）标准为推荐性：请更正“{column}”列",
    "MS202": "选择其下的类别，如 {children}（见 'minestd tree {value}'）",
    "MS203": "填写 煤矿 / 金属非金属矿山 / 通用",
    "MS204": "填写体系编号（见 'minestd tree'），或用 'minestd classify \"{title}\"' 获取建议",
    "MS206": "在体系编号列加入 {node}，或更正建设重点编号（见 'minestd priorities {node}'）",
    "MS401": "填写以下之一：现行、即将实施、征求意见稿、已立项、计划、被代替、废止",
    "MS402": "改为以下之一：现行、即将实施、征求意见稿、已立项、计划、被代替、废止",
    "MS403": "按 YYYY-MM-DD 写完整日期，如 2024-12-26",
    "MS404": "对照已发布的标准核对这两个日期",
    "MS405": "对照已发布的标准核对标准号中的年份和发布日期",
    "MS406": "核对日期，或在发布前把状态设为已立项或征求意见稿",
    "MS407": "核对其复审结论（继续有效 / 修订 / 废止）并记录，或安排修订",
    "MS408": "把状态改为被代替，或更正“代替标准”“被代替标准”列",
    "MS409": "在“被代替标准”列填写代替它的标准号",
    "MS410": "若该标准属于矿山安全标准体系，把它加入目录；否则无需处理",
    "MS411": "标准号写作 'GB/T 15259-2008' 的形式，多个之间用 ';' 分隔",
    "MS412": "标准不能（间接）代替自身：更正“代替标准”“被代替标准”列",
    "MS413": "核对代替关系的方向和年份",
    "MS501": "每个标准只保留一行：合并这些行或更正标准号",
    "MS502": "把旧版标为被代替，并用“代替标准”“被代替标准”列关联两版",
    "MS503": "若一个代替另一个，填写代替关系并把旧版标为被代替；否则检查是否重复交叉",
    "MS504": "指南要求整合煤矿和非煤矿山现有标准：考虑制定一项两类矿山通用的标准",
    "MS505": "核对适用范围是否重复交叉：合并，或在标题中写明区别",
}

RULES: dict[str, Rule] = {}


def add_rules(*rules: Rule) -> None:
    """Add rules to the catalogue (each rule module adds its own, in id order)."""
    RULES.update((r.id, r) for r in rules)

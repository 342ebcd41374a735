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
    """A rule, its texts beside its check: title, message and fix each "中文 / English" (placeholders as the
    finding fills them; the designation parser's and the placement rules' fixes come with each finding)."""
    return Rule(id=id, severity=severity, title=title, message=message, fix=fix, doc=doc)


RULES: dict[str, Rule] = {}


def add_rules(*rules: Rule) -> None:
    """Add rules to the catalogue (each rule module adds its own, in id order)."""
    RULES.update((r.id, r) for r in rules)

"""Frozen data models shared by the whole package (pure: no IO, no printing)."""
from __future__ import annotations

from typing import Literal, TypeVar

from pydantic import BaseModel, ConfigDict

NodeKind = Literal["root", "subsystem", "category", "subcategory"]
Severity = Literal["error", "warning", "info"]
#: How the guide's clause words the request. 未明确 (not stated): the clause says neither 制定 nor 修订 —
#: the heading 下一步建设重点 covers new and revised standards alike.
Action = Literal["制定", "修订", "制修订", "提升", "未明确"]
#: Where a node's ``keywords`` come from: curated by this project, not the guide's words
KEYWORDS_PROVENANCE = "minestd-curated"

ROOT_ID = "root"
KIND_BY_DEPTH: dict[int, NodeKind] = {0: "root", 1: "subsystem", 2: "category", 3: "subcategory"}
SEVERITY_RANK: dict[str, int] = {"info": 0, "warning": 1, "error": 2}


_Model = TypeVar("_Model", bound=BaseModel)
_new = object.__new__
# BaseModel's own slot descriptors, called directly (a third faster than object.__setattr__ by name)
_set_dict = BaseModel.__dict__["__dict__"].__set__
_set_fields_set = BaseModel.__dict__["__pydantic_fields_set__"].__set__
_set_extra = BaseModel.__dict__["__pydantic_extra__"].__set__
_set_private = BaseModel.__dict__["__pydantic_private__"].__set__


_FIELDS_SETS: dict[tuple[str, ...], set[str]] = {}   # never changed: the models are frozen (model_copy copies)


def construct_trusted(cls: type[_Model], values: dict[str, object]) -> _Model:
    """A frozen model from values that already have the declared types (no validation), for hot paths.

    Does what ``cls.model_construct(**values)`` does for models without aliases, defaults to fill,
    private attributes or post-init hooks, at a fraction of its cost (in pydantic 2.14 model_construct
    is slower than validating). ``values`` must name every field, in declaration order (repr order).
    """
    model = _new(cls)
    _set_dict(model, values)
    names = tuple(values)
    shared = _FIELDS_SETS.get(names)
    if shared is None:      # one "fields set" for every model built from the same names: 0.7 KB less each
        shared = _FIELDS_SETS.setdefault(names, set(names))
    _set_fields_set(model, shared)
    _set_extra(model, None)
    _set_private(model, None)
    return model


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Issuer(Frozen):
    name: str
    name_en: str


class Edition(Frozen):
    """Metadata of one edition of the guide (system.yaml)."""

    edition: str
    title: str
    title_en: str
    document_number: str
    date: str
    issuers: tuple[Issuer, ...]
    #: subsystems the reports highlight (the guide stresses the four disaster subsystems 05–08)
    highlighted: tuple[str, ...] = ()


class Node(Frozen):
    """One node of the three-level system. Children and priorities are ids (the graph holds the links)."""

    id: str
    kind: NodeKind
    name: str
    name_en: str
    parent: str | None = None
    description: str | None = None
    structure: str | None = None
    figure: int | None = None
    slug: str | None = None
    open_list: bool = False
    alt_names: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    priority_heading: str | None = None
    #: the guide's spelling in the node's figure caption when it differs from ``name`` (图5)
    caption_name: str | None = None
    children: tuple[str, ...] = ()
    priorities: tuple[str, ...] = ()

    @property
    def depth(self) -> int:
        return 0 if self.kind == "root" else len(self.id.split("."))

    def label(self, lang: str = "zh") -> str:
        return self.name_en if lang == "en" else self.name


class Priority(Frozen):
    """One atomic next-step priority (下一步建设重点) item: one standard (or revision) the guide asks for."""

    id: str
    node: str
    text: str
    action: Action
    source: str
    references: tuple[str, ...] = ()
    #: designations of the referenced standards where the sample catalog knows them (e.g. GB/T 15259-2008)
    designations: tuple[str, ...] = ()
    #: the editors' note on a reading that is not evident from the clause (ours, not the guide's)
    note: str | None = None
    #: words the title of a standard answering the item would carry (甲烷传感器 for 矿山大气环境监测系统标准): the
    #: project's own curated terms (YAML ``curated_terms``), never the guide's; they propose review candidates
    terms: tuple[str, ...] = ()


class RetiredPriority(Frozen):
    """A released priority id that no longer names a live item (merged, split or not a standard).
    Its number is never reused; ``replaced_by`` names the live items that now carry its meaning."""

    id: str
    node: str
    text: str
    replaced_by: tuple[str, ...] = ()
    reason: str
    retired: str | None = None


class Finding(Frozen):
    """One problem found by a check. `rule` ids are stable; messages are zh / en in one line."""

    rule: str
    severity: Severity
    message: str
    fix: str
    row: int | None = None
    field: str | None = None
    value: str | None = None
    file: str | None = None
    line: int | None = None

    def where(self) -> str:
        parts = [p for p in (self.file, f"line {self.line}" if self.line else None,
                             f"row {self.row}" if self.row else None,
                             f"field {self.field}" if self.field else None) if p]
        return ", ".join(parts)


def count_severities(findings: "list[Finding] | tuple[Finding, ...]") -> dict[str, int]:
    counts = {"error": 0, "warning": 0, "info": 0}
    for f in findings:
        counts[f.severity] += 1
    return counts

"""MS2xx: placement — node ids, levels, priority ids (retired ones too), mine scope."""
from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING


from ..entry import MINE_SCOPES, normalise_scope
from ..model import Finding, Node, Priority

if TYPE_CHECKING:
    from ..taxonomy import Taxonomy

from .engine import ValidationContext, register_check
from ..entry import INACTIVE_STATUSES
from .rules import Rule, _rule, add_rules

#: the rules this module checks, beside their checks
PLACEMENT_RULES: tuple[Rule, ...] = (
    _rule("MS201", "error", "未知体系编号 / unknown node id",
          "体系编号 '{value}' 不存在 / node id '{value}' is not in the system", "{fix}",
          "The fix names the zero-padded id (Excel turns 05.02 into 5.02), the closest ids, or says to move a "
          "priority id to the priorities column."),
    _rule("MS202", "warning", "只放到子体系 / placed at subsystem level",
          "'{value}' 是子体系 ({name}), 应放到类别或子类 / '{value}' is a subsystem ({name}); place the standard "
          "in a category or sub-category",
          "选择其下的类别，如 {children}（见 'minestd tree {value}'） / "
          "choose one of its categories, e.g. {children} (see 'minestd tree {value}')"),
    _rule("MS203", "warning", "适用矿山无法识别 / unknown mine scope",
          "适用矿山 '{value}' 无法识别 / unknown mine scope '{value}'",
          "填写 煤矿 / 金属非金属矿山 / 通用 / "
          "use coal / metal-nonmetal / all (煤矿 / 金属非金属矿山 / 通用)"),
    _rule("MS204", "info", "未放入体系 / not placed",
          "未填写体系编号 / the standard is not placed in the system (no node id)",
          "填写体系编号（见 'minestd tree'），或用 'minestd classify \"{title}\"' 获取建议 / "
          "add a node id (see 'minestd tree') or get suggestions with 'minestd classify \"{title}\"'"),
    _rule("MS205", "error", "未知建设重点编号 / unknown priority id",
          "建设重点编号 '{value}' 不存在 / priority id '{value}' is not in the guide", "{fix}",
          "Priority ids look like 05.02-p01 (see 'minestd priorities'); a node id here is reported too."),
    _rule("MS206", "warning", "建设重点不在所属节点下 / priority outside the entry's nodes",
          "建设重点 '{value}' 属于 {node}, 不在本条的体系编号 {nodes} 之下 / priority '{value}' belongs to {node}, "
          "outside this entry's nodes {nodes}",
          "在体系编号列加入 {node}，或更正建设重点编号（见 'minestd priorities {node}'） / "
          "add node {node} to the nodes column or correct the priority id (see 'minestd priorities {node}')"),
    _rule("MS207", "warning", "建设重点编号已退役 / retired priority id",
          "建设重点编号 '{value}' 已退役，由 {successors} 接替 / priority id '{value}' is retired, replaced by "
          "{successors}", "{fix}",
          "Released ids never change meaning: a merged, split or withdrawn item is retired (see 'minestd priorities "
          "--retired'). 'minestd validate --fix' writes the successor when there is exactly one."),
)
add_rules(*PLACEMENT_RULES)


# --------------------------------------------------------------------------- MS2xx placement

_NUMERIC_ID = re.compile(r"\d{1,2}(?:\.\d{1,2}){0,2}")


def _pad_id(value: str) -> str:
    return ".".join(part.zfill(2) for part in value.split("."))


def _unknown_id_fix(tx: "Taxonomy", value: str, what: str) -> str:
    if _NUMERIC_ID.fullmatch(value) and _pad_id(value) in tx and _pad_id(value) != value:
        return (f"写作 '{_pad_id(value)}'（编号补零；把该列设为文本格式，Excel 就不会去掉前导零） / write "
                f"'{_pad_id(value)}' (ids are zero-padded; format the column as text so Excel keeps the leading zero)")
    if what == "priority":
        node = tx.get(value.partition("-p")[0])
        if isinstance(node, Node):
            items = [p.id for p in tx.priorities(node.id)]
            if items:
                return (f"{node.id} 的建设重点为 {items[0]} … {items[-1]}（见 'minestd priorities {node.id}'） / "
                        f"{node.id} has priorities {items[0]} … {items[-1]} (see 'minestd priorities {node.id}')")
            return (f"{node.id} 没有建设重点，编号见 'minestd priorities' / {node.id} has no priority items; see "
                    "'minestd priorities' for the ids")
    parent = tx.get(value.rpartition(".")[0]) if what == "node" and "." in value else None
    if isinstance(parent, Node) and parent.children:
        return (f"{parent.id} {parent.name} 的下级为 {parent.children[0]} … {parent.children[-1]}（见 'minestd tree "
                f"{parent.id}'） / {parent.id} {parent.name} has {parent.children[0]} … {parent.children[-1]} "
                f"(see 'minestd tree {parent.id}')")
    close = [c for c in tx.suggest_ids(value, limit=6) if ("-p" in c) == (what == "priority")][:3]
    if close:
        names = " or ".join(repr(c) for c in close)
        return f"是否指 {names}？ / did you mean {names}? (see 'minestd tree' / 'minestd priorities')"
    example = "05.02-p01" if what == "priority" else "05.02 or 05.02.01"
    command = "minestd priorities" if what == "priority" else "minestd tree"
    kind = "建设重点编号" if what == "priority" else "体系编号"
    return f"使用 '{command}' 列出的{kind}，如 {example.replace(' or ', ' 或 ')} / use a {what} id from '{command}', " \
           f"e.g. {example}"


def _retired_fix(tx: "Taxonomy", ident: str) -> str:
    successors = tx.successors(ident)
    if len(successors) == 1:
        return f"改为 {successors[0]}（'minestd validate --fix' 可自动改） / write {successors[0]} instead " \
               "('minestd validate --fix' does it)"
    if successors:
        return (f"在 {', '.join(successors)} 中选择该标准对应的条目 / choose the one(s) that this standard answers "
                f"among {', '.join(successors)} (see 'minestd show {successors[0]}')")
    return "删除该编号：条目已撤销 / remove the id: its item was withdrawn (see 'minestd priorities --retired')"


@register_check(["MS201", "MS202", "MS203", "MS204", "MS205", "MS206", "MS207"])
def check_placement(ctx: ValidationContext) -> Iterator[Finding]:
    tx = ctx.tx
    scopes: dict[str, bool] = {}     # mine-scope cell -> known (catalogs repeat a few values)
    for entry, status in zip(ctx.entries, ctx.statuses):
        placed: list[str] = []
        for ident in entry.nodes:
            node = tx.get(ident)
            if not isinstance(node, Node):
                fix = (f"'{ident}' 是建设重点编号：移到“建设重点”列 / '{ident}' is a priority id: move it to the "
                       "priorities column (建设重点)" if node is not None
                       else _unknown_id_fix(tx, ident, "node"))
                yield ctx.finding("MS201", entry, "nodes", ident, fix=fix)
                continue
            if node.kind in ("root", "subsystem"):
                children = ", ".join(c.id for c in tx.children(ident)[:3]) or "-"
                yield ctx.finding("MS202", entry, "nodes", ident, name=node.name, children=children)
            placed.append(ident)
        if not entry.nodes and status not in INACTIVE_STATUSES and (entry.title or entry.designation):
            yield ctx.finding("MS204", entry, "nodes", "", title=entry.title or entry.designation)
        for ident in entry.priorities:
            item = tx.get(ident)
            gone = tx.retired(ident) if item is None else None
            if gone is not None:
                yield ctx.finding("MS207", entry, "priorities", ident, successors=", ".join(gone.replaced_by) or "-",
                                  fix=_retired_fix(tx, ident))
                continue
            if not isinstance(item, Priority):
                fix = (f"'{ident}' 是体系编号：移到“体系编号”列 / '{ident}' is a node id: put it in the nodes column "
                       "(体系编号)" if item is not None
                       else _unknown_id_fix(tx, ident, "priority"))
                yield ctx.finding("MS205", entry, "priorities", ident, fix=fix)
                continue
            node_id = item.node
            if placed and not any(tx.is_within(node_id, p) or tx.is_within(p, node_id) for p in placed):
                yield ctx.finding("MS206", entry, "priorities", ident, node=node_id, nodes=";".join(placed))
        if entry.mine_scope:
            known = scopes.get(entry.mine_scope)
            if known is None:
                known = scopes[entry.mine_scope] = _scope_known(entry.mine_scope)
            if not known:
                yield ctx.finding("MS203", entry, "mine_scope", entry.mine_scope)


#: reads nodes, priorities, mine scope and status words only: validate(workers=2) runs it in its worker process
check_placement.parse_free = True  # type: ignore[attr-defined]


def _scope_known(mine_scope: str) -> bool:
    """Every part of a mine-scope cell is a known scope (coal, metal-nonmetal, all, or an alias)."""
    return all(normalise_scope(part) in MINE_SCOPES for part in re.split(r"[;；,，、/]+", mine_scope) if part.strip())

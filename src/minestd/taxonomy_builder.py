"""Building the typed graph from raw taxonomy data: every check of ``minestd check-taxonomy`` (TX001–TX019),
all findings collected at once with file, YAML line and fix (pure: no IO). Use :func:`minestd.taxonomy.build_taxonomy`."""
from __future__ import annotations

from typing import Any

from .findings import TAXONOMY_RULES
from .model import KIND_BY_DEPTH, ROOT_ID, Edition, Finding, Node, Priority, RetiredPriority
from .taxonomy import (ACTIONS, CATEGORY_KEYS, FILE_KEY, LINE_KEY, NODE_ID_RE, PRIORITY_ID_RE, PRIORITY_KEYS,
                       RETIRED_KEYS, SUBSYSTEM_KEYS, SYSTEM_KEYS, RawTaxonomy, Taxonomy)


# --------------------------------------------------------------------------- building


class _Builder:
    """Walks raw dicts once, creating models and collecting findings (never stops at the first)."""

    def __init__(self, raw: RawTaxonomy):
        self.raw = raw
        self.findings: list[Finding] = list(raw.problems)
        self.nodes: dict[str, Node] = {}
        self.priorities: dict[str, Priority] = {}
        self.retired: dict[str, RetiredPriority] = {}
        self.order: list[str] = []
        self.where: dict[str, dict[str, Any]] = {}

    def problem(self, rule: str, where: dict[str, Any] | None, message: str, fix: str, *,
                value: Any = None, field_name: str | None = None) -> None:
        """A finding of ``rule``, with the catalogue's severity (:data:`minestd.findings.TAXONOMY_RULES`)."""
        where = where or {}
        self.findings.append(Finding(rule=rule, severity=TAXONOMY_RULES[rule][0], message=message, fix=fix,
                                     file=where.get(FILE_KEY), line=where.get(LINE_KEY),
                                     value=None if value is None else str(value), field=field_name))

    def check_keys(self, data: dict[str, Any], allowed: set[str], what: str) -> None:
        for key in data:
            if key not in allowed and key not in (LINE_KEY, FILE_KEY):
                self.problem("TX010", data, f"{what} 中有未知字段 / unknown key '{key}' in {what}",
                             f"remove '{key}' or rename it to one of: {', '.join(sorted(allowed))}",
                             value=key, field_name=key)

    def text(self, data: dict[str, Any], key: str) -> str:
        value = data.get(key)
        return value.strip() if isinstance(value, str) else ""

    def strings(self, data: dict[str, Any], key: str) -> tuple[str, ...]:
        value = data.get(key) or []
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.problem("TX010", data, f"'{key}' 必须是字符串列表 / '{key}' must be a list of strings",
                         f"write {key}: [a, b]", field_name=key)
            return ()
        return tuple(v.strip() for v in value if v.strip())

    def add_node(self, data: Any, parent: str, depth: int, file: str | None) -> str | None:
        if not isinstance(data, dict):
            self.problem("TX010", {FILE_KEY: file}, f"节点必须是映射 / a node must be a mapping, got {data!r}",
                         "write the node as 'id:', 'name:', 'name_en:' keys")
            return None
        data.setdefault(FILE_KEY, file)
        kind = KIND_BY_DEPTH.get(depth) if depth > 0 else None
        self.check_keys(data, SUBSYSTEM_KEYS if depth == 1 else CATEGORY_KEYS, kind or "node")
        ident = str(data.get("id", "")).strip()
        if not NODE_ID_RE.match(ident):
            self.problem("TX002", data, f"节点编号格式错误 / malformed node id '{ident}'",
                         "use two digits per level, e.g. 05, 05.02, 05.02.03", value=ident, field_name="id")
            return None
        if kind is None:
            self.problem("TX003", data, f"层级超过三级 / node '{ident}' is deeper than 3 levels",
                         "the system has three levels: subsystem, category, sub-category; move it up",
                         value=ident, field_name="id")
            return None
        expected_parent = "" if depth == 1 else parent
        actual_parent = ident.rsplit(".", 1)[0] if "." in ident else ""
        if actual_parent != expected_parent or len(ident.split(".")) != depth:
            self.problem("TX002", data, f"编号前缀与上级不符 / id '{ident}' does not extend its parent "
                         f"'{parent}'", f"give it an id of the form {expected_parent + '.' if expected_parent else ''}NN",
                         value=ident, field_name="id")
        if ident in self.nodes:
            self.problem("TX001", data, f"节点编号重复 / duplicate node id '{ident}'",
                         "give every node a unique id", value=ident, field_name="id")
            return None
        name, name_en = self.text(data, "name"), self.text(data, "name_en")
        if not name:
            self.problem("TX004", data, f"节点 '{ident}' 缺少中文名称 / node has no Chinese name",
                         "add name: with the guide's words, verbatim", value=ident, field_name="name")
        if not name_en:
            self.problem("TX005", data, f"节点 '{ident}' 缺少英文名称 / node has no English name",
                         "add name_en: with an English rendering", value=ident, field_name="name_en")
        child_list = data.get("categories" if depth == 1 else "children") or []
        if depth == 3 and data.get("children"):
            self.problem("TX003", data, f"层级超过三级 / sub-category '{ident}' has children",
                         "the system has three levels; remove 'children' from sub-categories",
                         value=ident, field_name="children")
            child_list = []
        if not isinstance(child_list, list):
            self.problem("TX010", data, f"'{ident}' 的下级必须是列表 / children must be a list",
                         "write the children as a YAML list ('- id: ...')", value=ident)
            child_list = []
        self.order.append(ident)
        self.where[ident] = {FILE_KEY: data.get(FILE_KEY), LINE_KEY: data.get(LINE_KEY)}
        child_ids = [c for c in (self.add_node(c, ident, depth + 1, data.get(FILE_KEY)) for c in child_list) if c]
        priority_ids = self.add_priorities(data, ident)
        figure = data.get("figure")
        self.nodes[ident] = Node(
            id=ident, kind=kind, name=name, name_en=name_en, parent=parent,
            description=self.text(data, "description") or None, structure=self.text(data, "structure") or None,
            figure=figure if isinstance(figure, int) else None, slug=self.text(data, "slug") or None,
            open_list=bool(data.get("open_list", False)), alt_names=self.strings(data, "alt_names"),
            keywords=self.strings(data, "curated_keywords") + self.strings(data, "keywords"), priority_heading=self.text(data, "priority_heading") or None,
            caption_name=self.text(data, "caption_name") or None,
            children=tuple(child_ids), priorities=tuple(priority_ids))
        self.check_sibling_names(child_list, ident)
        return ident

    def check_sibling_names(self, child_list: list[Any], parent: str) -> None:
        seen: dict[str, str] = {}
        for child in child_list:
            if not isinstance(child, dict):
                continue
            name = self.text(child, "name")
            if name and name in seen:
                self.problem("TX006", child, f"同级节点名称重复 / duplicate name '{name}' under '{parent}' "
                             f"({seen[name]} and {child.get('id')})",
                             "sibling names must differ; merge the nodes or rename one", value=name, field_name="name")
            seen.setdefault(name, str(child.get("id")))

    def add_priorities(self, data: dict[str, Any], node_id: str) -> list[str]:
        items = data.get("priorities") or []
        if not isinstance(items, list):
            self.problem("TX010", data, f"'{node_id}' 的 priorities 必须是列表 / priorities must be a list",
                         "write priorities as a YAML list ('- id: ...')", value=node_id, field_name="priorities")
            return []
        ids: list[str] = []
        for number, item in enumerate(items, start=1):
            pid = self.add_priority(item, node_id, number, data)
            if pid:
                ids.append(pid)
        return ids

    def add_priority(self, item: Any, node_id: str, number: int, node_data: dict[str, Any]) -> str | None:
        if not isinstance(item, dict):
            self.problem("TX010", node_data, f"建设重点条目必须是映射 / a priority must be a mapping: {item!r}",
                         "write each priority with id, text, action, source")
            return None
        item.setdefault(FILE_KEY, node_data.get(FILE_KEY))
        self.check_keys(item, PRIORITY_KEYS, "priority")
        pid = str(item.get("id", "")).strip()
        match = PRIORITY_ID_RE.match(pid)
        if not match or match["node"] != node_id:
            self.problem("TX007", item, f"建设重点编号与所属节点不符 / priority id '{pid}' does not belong to node "
                         f"'{node_id}'", f"use {node_id}-pNN (e.g. {node_id}-p{number:02d})", value=pid, field_name="id")
            return None
        if pid in self.priorities:
            self.problem("TX008", item, f"建设重点编号重复 / duplicate priority id '{pid}'",
                         "number the node's priorities 01, 02, … without repeats", value=pid, field_name="id")
            return None
        action = self.text(item, "action")
        if action not in ACTIONS:
            self.problem("TX013", item, f"未知的建设行动 / unknown action '{action}' in '{pid}'",
                         f"use one of {', '.join(ACTIONS)}", value=action, field_name="action")
            action = "制定"
        text, source = self.text(item, "text"), self.text(item, "source")
        for key, value in (("text", text), ("source", source)):
            if not value:
                self.problem("TX014", item, f"建设重点 '{pid}' 缺少 {key} / priority has no {key}",
                             f"add {key}: (see taxonomy/README.md)", value=pid, field_name=key)
        note = self.text(item, "note") or None
        self.priorities[pid] = Priority(id=pid, node=node_id, text=text or pid, action=action,  # type: ignore[arg-type]
                                        source=source or text or pid, references=self.strings(item, "references"),
                                        designations=self.strings(item, "designations"), note=note,
                                        terms=self.strings(item, "curated_terms"))
        self.where[pid] = {FILE_KEY: item.get(FILE_KEY), LINE_KEY: item.get(LINE_KEY)}
        return pid

    def add_retired(self, items: tuple[dict[str, Any], ...]) -> None:
        """The retired-id ledger: each id well-formed, on an existing node, not live, its successors live."""
        for item in items:
            self.check_keys(item, RETIRED_KEYS, "retired priority")
            pid = str(item.get("id", "")).strip()
            match = PRIORITY_ID_RE.match(pid)
            if not match or match["node"] not in self.nodes:
                self.problem("TX018", item, f"退役编号格式错误或节点不存在 / retired id '{pid}' is malformed or its "
                             "node does not exist", "write the id as released, e.g. 11.01-p10", value=pid, field_name="id")
                continue
            if pid in self.priorities or pid in self.retired:
                self.problem("TX018", item, f"编号 '{pid}' 既在用又已退役，或重复退役 / '{pid}' is both live and "
                             "retired, or retired twice", "a released id is either live or retired, once: never "
                             "reuse a retired number for a new item", value=pid, field_name="id")
                continue
            successors = self.strings(item, "replaced_by")
            reason = self.text(item, "reason")
            if not reason or not self.text(item, "text"):
                self.problem("TX014", item, f"退役编号 '{pid}' 缺少 text 或 reason / retired id has no text or reason",
                             "keep the released text and say why it was retired", value=pid, field_name="reason")
            retired = item.get("retired")
            self.retired[pid] = RetiredPriority(id=pid, node=match["node"], text=self.text(item, "text") or pid,
                                                replaced_by=successors, reason=reason or "?",
                                                retired=str(retired) if retired else None)

    def check_successors(self, items: tuple[dict[str, Any], ...]) -> None:
        """Every ``replaced_by`` id is a live priority or another retired one (a chain)."""
        for item in items:
            pid = str(item.get("id", "")).strip()
            record = self.retired.get(pid)
            for successor in record.replaced_by if record else ():
                if successor not in self.priorities and successor not in self.retired or successor == pid:
                    self.problem("TX019", item, f"'{pid}' 的继任条目 '{successor}' 不存在 / successor '{successor}' of "
                                 f"'{pid}' is not a priority id", "name live (or retired) priority ids in replaced_by",
                                 value=successor, field_name="replaced_by")

    def check_numbering(self) -> None:
        """Per node, the numbers of live and retired items are 1..N: no holes, a retired number never reused."""
        taken: dict[str, list[int]] = {}
        for pid in (*self.priorities, *self.retired):
            node_id, _, number = pid.rpartition("-p")
            taken.setdefault(node_id, []).append(int(number))
        for node_id, numbers in taken.items():
            missing = sorted(set(range(1, max(numbers) + 1)) - set(numbers))
            if missing:
                first = f"{node_id}-p{missing[0]:02d}"
                live = [pid for pid in self.priorities if pid.rpartition("-p")[0] == node_id]
                self.problem("TX017", self.where.get(live[0] if live else node_id), f"建设重点编号有空缺 / '{node_id}' has no live or "
                             f"retired item numbered {', '.join(f'{n:02d}' for n in missing)}",
                             f"number new items after the last released one; list a withdrawn id such as {first} "
                             "in the retired ledger (never renumber)", value=first,
                             field_name="id")


def _edition(system: dict[str, Any], builder: _Builder) -> Edition:
    builder.check_keys(system, SYSTEM_KEYS, "system.yaml")
    try:
        return Edition(edition=str(system.get("edition", "")), title=str(system.get("title", "")),
                       title_en=str(system.get("title_en", "")),
                       document_number=str(system.get("document_number", "")), date=str(system.get("date", "")),
                       issuers=tuple({k: v for k, v in i.items() if k in ("name", "name_en")}
                                     for i in system.get("issuers") or []),
                       highlighted=tuple(str(h) for h in system.get("highlighted") or ()))
    except Exception as exc:  # pydantic validation of a hand-edited file
        builder.problem("TX010", system, f"system.yaml 元数据不完整 / incomplete edition metadata: "
                        f"{str(exc).splitlines()[0]}", "fill edition, title, document_number, date, issuers")
        return Edition(edition="?", title="?", title_en="?", document_number="?", date="?", issuers=())


def _sequence_warnings(builder: _Builder) -> None:
    for node in builder.nodes.values():
        for position, child in enumerate(node.children, start=1):
            if child.rsplit(".", 1)[-1] != f"{position:02d}":
                builder.problem("TX016", builder.where.get(child),
                                f"编号不连续 / '{child}' is child {position} of '{node.id}'",
                                "ids follow the guide's order: 01, 02, … (never reuse a released id)",
                                value=child, field_name="id")


def build_taxonomy(raw: RawTaxonomy) -> tuple["Taxonomy | None", list[Finding]]:
    """Check raw data and build the typed graph. Returns (taxonomy or None if errors, all findings)."""
    builder = _Builder(raw)
    if raw.system is None:
        return None, builder.findings
    edition = _edition(raw.system, builder)
    root_data = raw.system.get("root") or {}
    subsystem_ids = [s for s in (builder.add_node(d, ROOT_ID, 1, d.get(FILE_KEY)) for d in raw.subsystems) if s]
    builder.check_sibling_names(list(raw.subsystems), ROOT_ID)
    builder.nodes[ROOT_ID] = Node(id=ROOT_ID, kind="root", name=str(root_data.get("name", "矿山安全标准体系")),
                                  name_en=str(root_data.get("name_en", "Mine Safety Standard System")),
                                  description=root_data.get("description"), figure=root_data.get("figure", 1),
                                  slug="system", children=tuple(subsystem_ids))
    figures: set[int] = set()
    for ident in subsystem_ids:
        node = builder.nodes[ident]
        repeated = node.figure in figures
        figures.add(node.figure or 0)
        if node.figure is None or repeated:
            builder.problem("TX015", builder.where.get(ident),
                            f"子体系 '{ident}' 的图号缺失或重复 / figure number missing or repeated",
                            "give each subsystem the guide's figure number (图2–图16)",
                            value=ident, field_name="figure")
    for name in raw.extra_files:
        builder.findings.append(Finding(rule="TX009", severity="error", file=name,
                                        message=f"文件未列入 system.yaml，其节点无法从根节点到达 / {name} is not listed "
                                        "in system.yaml, so its nodes are unreachable from the root",
                                        fix="add the file to 'subsystems:' in system.yaml, or delete it"))
    builder.add_retired(raw.retired)
    builder.check_successors(raw.retired)
    builder.check_numbering()
    _sequence_warnings(builder)
    taxonomy = Taxonomy(edition, builder.nodes, builder.priorities, builder.order, builder.retired)
    for ident in set(builder.nodes) - {ROOT_ID} - taxonomy.reachable():
        builder.findings.append(Finding(rule="TX009", severity="error", value=ident,
                                        message=f"节点 '{ident}' 无法从根节点到达 / node unreachable from the root",
                                        fix="attach it under a subsystem or category"))
    has_errors = any(f.severity == "error" for f in builder.findings)
    return (None if has_errors else taxonomy), builder.findings

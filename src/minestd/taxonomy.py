"""The three-level system as a typed graph, built from raw taxonomy data (pure: no IO).

Edges point from the general to the specific: parent -> child (``contains``) and
node -> priority (``prioritizes``). Catalog edges (standard -> node ``classified_as``,
standard -> priority ``covers``, standard -> standard ``supersedes``) are added by
:func:`minestd.graph.catalog_graph` (also ``minestd export --format graphml --catalog FILE``).
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from .model import ROOT_ID, Edition, Finding, Node, Priority, RetiredPriority

if TYPE_CHECKING:
    import networkx as nx

LINE_KEY = "__line__"
FILE_KEY = "__file__"

NODE_ID_RE = re.compile(r"^\d{2}(\.\d{2}){0,2}$")
PRIORITY_ID_RE = re.compile(r"^(?P<node>\d{2}(?:\.\d{2}){0,2})-p(?P<n>\d{2})$")
ACTIONS = ("制定", "修订", "制修订", "提升", "未明确")

#: ``curated_keywords`` (the project's own terms, not the guide's) — ``keywords`` is read as the same
SUBSYSTEM_KEYS = {"id", "name", "name_en", "slug", "figure", "description", "structure", "alt_names",
                  "keywords", "curated_keywords", "categories", "open_list", "priority_heading", "priorities",
                  "caption_name"}
CATEGORY_KEYS = {"id", "name", "name_en", "description", "structure", "open_list", "alt_names", "keywords",
                 "curated_keywords", "priority_heading", "priorities", "children"}
#: ``curated_terms``: words of the titles that answer the item (the project's own, not the guide's; see taxonomy/README)
PRIORITY_KEYS = {"id", "text", "action", "source", "references", "designations", "note", "curated_terms"}
RETIRED_KEYS = {"id", "text", "replaced_by", "reason", "retired"}
SYSTEM_KEYS = {"edition", "title", "title_en", "document_number", "date", "issuers", "root", "subsystems",
               "retired", "highlighted"}


@dataclass(frozen=True)
class RawTaxonomy:
    """What was read from a taxonomy folder (plain dicts with LINE_KEY/FILE_KEY), before any checking."""

    folder: str
    system: dict[str, Any] | None
    subsystems: tuple[dict[str, Any], ...]
    extra_files: tuple[str, ...] = ()
    problems: tuple[Finding, ...] = field(default=())
    #: the retired-priority ledger (system.yaml ``retired:`` names its file), one dict per retired id
    retired: tuple[dict[str, Any], ...] = ()


class TaxonomyError(Exception):
    """Raised by :func:`build_taxonomy` when the data has errors; carries every finding at once."""

    def __init__(self, findings: list[Finding]):
        self.findings = findings
        errors = [f for f in findings if f.severity == "error"]
        first = errors[0] if errors else findings[0]
        super().__init__(f"{len(errors)} error(s) in taxonomy; first: {first.where()}: {first.message}")


class UnknownIdError(KeyError):
    """An id that is not in the taxonomy; the message suggests close ids."""

    def __init__(self, ident: str, suggestions: list[str]):
        self.ident = ident
        self.suggestions = suggestions
        hint = f"; did you mean {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"unknown id '{ident}'{hint}")

    def __str__(self) -> str:
        return str(self.args[0])


# --------------------------------------------------------------------------- the typed graph


class Taxonomy:
    """The guide's system as a typed ``networkx.DiGraph`` plus a small query API.

    Graph nodes are ids; attribute ``kind`` is root/subsystem/category/subcategory/priority and
    ``obj`` the frozen model. Edge attribute ``type`` is ``contains`` or ``prioritizes``.
    """

    def __init__(self, edition: Edition, nodes: dict[str, Node], priorities: dict[str, Priority],
                 order: list[str] | None = None, retired: dict[str, RetiredPriority] | None = None):
        self.edition = edition
        self._nodes = nodes
        self._priorities = priorities
        self._retired = retired or {}

    @cached_property
    def graph(self) -> "nx.DiGraph":
        """The typed graph, built on first use (networkx is imported lazily to keep start-up fast)."""
        import networkx as nx

        graph = nx.DiGraph(edition=self.edition.edition)
        for node in self.walk():
            graph.add_node(node.id, kind=node.kind, obj=node)
            if node.parent is not None:
                graph.add_edge(node.parent, node.id, type="contains")
            for pid in node.priorities:
                graph.add_node(pid, kind="priority", obj=self._priorities[pid])
                graph.add_edge(node.id, pid, type="prioritizes")
        return graph

    # -- lookups
    def __contains__(self, ident: object) -> bool:
        return ident in self._nodes or ident in self._priorities

    def __len__(self) -> int:
        return len(self._nodes)

    @property
    def root(self) -> Node:
        return self._nodes[ROOT_ID]

    def get(self, ident: str) -> Node | Priority | None:
        return self._nodes.get(ident) or self._priorities.get(ident)

    def node(self, ident: str) -> Node:
        try:
            return self._nodes[ident]
        except KeyError:
            raise UnknownIdError(ident, self.suggest_ids(ident)) from None

    def priority(self, ident: str) -> Priority:
        try:
            return self._priorities[ident]
        except KeyError:
            raise UnknownIdError(ident, self.suggest_ids(ident)) from None

    def retired(self, ident: str) -> RetiredPriority | None:
        """The retired item behind a released id that is no longer live (None for live or unknown ids)."""
        return self._retired.get(ident)

    def retired_priorities(self, ident: str = ROOT_ID) -> list[RetiredPriority]:
        """Retired priority ids of ``ident``'s subtree, in id order."""
        return sorted((r for r in self._retired.values() if self.is_within(r.node, ident)),
                      key=lambda r: (r.node, r.id))

    def successors(self, ident: str) -> tuple[str, ...]:
        """The live ids that carry a released id's meaning now: itself when live, its successors when
        retired (followed through retired successors), () when unknown."""
        if ident in self._priorities:
            return (ident,)
        seen: set[str] = set()
        out: list[str] = []
        frontier = [ident]
        while frontier:
            item = self._retired.get(frontier.pop(0))
            if item is None or item.id in seen:
                continue
            seen.add(item.id)
            for successor in item.replaced_by:
                if successor in self._priorities:
                    out.append(successor)
                else:
                    frontier.append(successor)
        return tuple(dict.fromkeys(out))

    def suggest_ids(self, ident: str, limit: int = 3) -> list[str]:
        """Ids the user probably meant: the zero-padded form (5.2 -> 05.02), else the deepest existing
        prefix (05.9 -> 05), else close spellings."""
        base, _, tail = ident.strip().partition("-")
        parts = base.split(".")
        if all(p.isdigit() for p in parts):
            padded = ".".join(p.zfill(2) for p in parts) + (f"-{tail}" if tail else "")
            if padded != ident and padded in self:
                return [padded]
            for cut in range(len(parts) - 1, 0, -1):
                prefix = ".".join(p.zfill(2) for p in parts[:cut])
                if prefix in self._nodes:
                    return [prefix]
        import difflib

        pool = list(self._nodes) + list(self._priorities)
        return difflib.get_close_matches(ident, pool, n=limit, cutoff=0.6)

    # -- structure
    def children(self, ident: str = ROOT_ID) -> list[Node]:
        return [self._nodes[c] for c in self.node(ident).children]

    def parent(self, ident: str) -> Node | None:
        parent = self.node(ident).parent
        return self._nodes[parent] if parent is not None else None

    def path(self, ident: str) -> list[Node]:
        """Nodes from the subsystem down to ``ident`` (the root excluded). For a priority, its node's path."""
        if ident in self._priorities:
            ident = self._priorities[ident].node
        chain: list[Node] = []
        node: Node | None = self.node(ident)
        while node is not None and node.kind != "root":
            chain.append(node)
            node = self._nodes.get(node.parent) if node.parent else None
        return chain[::-1]

    def ancestors(self, ident: str) -> list[Node]:
        """Proper ancestors of ``ident`` from the root down (root included)."""
        return [self.root] + self.path(ident)[:-1] if ident != ROOT_ID else []

    def path_label(self, ident: str, lang: str = "zh", sep: str = " › ") -> str:
        return sep.join(n.label(lang) for n in self.path(ident))

    def subsystem_of(self, ident: str) -> Node:
        return self.path(ident)[0]

    def is_within(self, ident: str, ancestor: str) -> bool:
        """True if node/priority ``ident`` is ``ancestor`` or lies in its subtree."""
        if ancestor == ROOT_ID:
            return True
        node_id = self._priorities[ident].node if ident in self._priorities else ident
        return node_id == ancestor or node_id.startswith(ancestor + ".")

    def walk(self, ident: str = ROOT_ID) -> Iterator[Node]:
        """Pre-order walk of the subtree of ``ident`` in the guide's order (``ident`` first)."""
        stack = [self.node(ident)]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(self._nodes[c] for c in reversed(node.children))

    def nodes(self, kind: str | None = None) -> list[Node]:
        return [n for n in self.walk() if kind is None or n.kind == kind]

    def subsystems(self) -> list[Node]:
        return self.children(ROOT_ID)

    def priorities(self, ident: str = ROOT_ID) -> list[Priority]:
        """Priority items of ``ident`` and its subtree, in the guide's order."""
        return [self._priorities[p] for n in self.walk(ident) for p in n.priorities]

    def reachable(self) -> set[str]:
        """Ids of the nodes reachable from the root along ``contains`` edges (root excluded)."""
        seen: set[str] = set()
        frontier = [ROOT_ID]
        while frontier:
            for child in self._nodes[frontier.pop()].children:
                if child not in seen and child in self._nodes:
                    seen.add(child)
                    frontier.append(child)
        return seen

    # -- search
    def search(self, text: str, *, limit: int | None = None) -> list[Node | Priority]:
        """Nodes and priorities matching ``text``: an id prefix (``05.02``), a Chinese substring of names,
        alternative names, keywords, descriptions or priority texts, or English words (all must occur)."""
        query = text.strip()
        if not query:
            return []
        hits: list[Node | Priority] = []
        if re.fullmatch(r"\d{2}(\.\d{2}){0,2}(-p\d{0,2})?|\d{1,2}(\.\d{1,2})*\.?", query):
            hits = [n for n in self.walk() if n.id.startswith(query) and n.kind != "root"]
            hits += [p for p in self.priorities() if p.id.startswith(query)]
        elif re.search(r"[\u4e00-\u9fff]", query):
            hits = [n for n in self.walk() if n.kind != "root" and any(
                query in s for s in (n.name, *n.alt_names, *n.keywords, n.description or ""))]
            hits += [p for p in self.priorities() if query in p.text or query in p.source]
        else:
            words = query.lower().split()
            hits = [n for n in self.walk() if n.kind != "root" and all(w in n.name_en.lower() for w in words)]
        return hits[:limit] if limit else hits


# the builder lives in its own module; imported last, when everything it uses from here exists
from .taxonomy_builder import build_taxonomy  # noqa: E402,F401  (re-exported)
